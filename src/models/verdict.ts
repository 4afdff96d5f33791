/**
 * The verdict on a final state: which components are not operational, and which follow-ups
 * the final-state rules still expect. Reasons are codes with arguments; `verdict-messages.ts`
 * words them for the findings built from them.
 */
import { getRule } from '../rules/catalog.js';
import { componentId, HEALTHY_DB, isAdditionalServer, isWorkflowServer, key, kindOf, nameOf } from './ids.js';
import type { ModelSystem, SystemState, Verdict, VerdictReason } from './system-types.js';
import type { MachineKind } from './types.js';

/** Paths of the operational workflow servers of each SM group. */
function workflowServers(system: ModelSystem, state: SystemState): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const group of system.smGroups.values()) {
    const ids = group.managementServers.map((computer) => componentId.managementServer(computer));
    for (const [id, name] of Object.entries(state.notes.extraServers))
      if (key(name) === key(group.name)) ids.push(id);
    out[group.name] = ids.filter((id) => isWorkflowServer(state.components[id])).map((id) => nameOf(id));
  }
  return out;
}

// Computers are judged through what they host: a lost computer is reported as its lost
// servers, instances and databases, once each.
const OPERATIONAL: Readonly<Partial<Record<MachineKind, (path: string) => boolean>>> = {
  managementServer: (path) => path.startsWith('operational'),
  dataWarehouseServer: (path) => path === 'operational',
  sqlInstance: (path) => path === 'running' || path === 'ready',
  database: (path) => HEALTHY_DB.has(path),
};

/**
 * Judges a final state: `scenario-recovered` (a component not operational),
 * `single-workflow-server`, `permissions-after-restore`, `clr-after-sql-rebuild`, and the
 * follow-ups `restore-redundancy`, `import-management-packs`, `backup-new-server-key`.
 * `recovered` is true when no error-level reason remains. This is a pure function.
 */
export function verdict(system: ModelSystem, state: SystemState): Verdict {
  const reasons: VerdictReason[] = [];
  for (const [id, path] of Object.entries(state.components)) {
    const kind = kindOf(id);
    const operational = OPERATIONAL[kind];
    if (operational === undefined || operational(path)) continue;
    const declared = system.componentIndex.has(id);
    // A server slot on a new computer that never got Setup is no component of the environment.
    if (!declared && !path.startsWith('broken')) continue;
    if (kind === 'database' && path === 'restored') {
      reasons.push({
        ruleId: 'permissions-after-restore',
        component: id,
        code: 'permissions-script-missing',
        args: {},
      });
    } else if (kind === 'database' && path === 'awaitingClr') {
      const instance = system.databases.get(key(nameOf(id)))?.instance ?? '?';
      reasons.push({
        ruleId: 'clr-after-sql-rebuild',
        component: id,
        code: 'clr-awaited',
        args: { instance },
      });
    } else if (kind === 'sqlInstance' && path === 'installed') {
      reasons.push({ ruleId: 'clr-after-sql-rebuild', component: id, code: 'clr-never-enabled', args: {} });
    } else {
      reasons.push({
        ruleId: 'scenario-recovered',
        component: id,
        code: 'not-operational',
        args: { state: path },
      });
    }
  }
  for (const group of system.dwGroups.values()) {
    const id = componentId.dataWarehouseGroup(group.name);
    if (group.registeredWith !== undefined && state.components[id] !== 'registered') {
      reasons.push({
        ruleId: 'scenario-recovered',
        component: id,
        code: 'registration-lost',
        args: { group: group.name, registeredWith: group.registeredWith },
      });
    }
  }
  const servers = workflowServers(system, state);
  for (const group of system.smGroups.values()) {
    const active = servers[group.name] ?? [];
    if (active.length !== 1) {
      reasons.push({
        ruleId: 'single-workflow-server',
        component: componentId.serviceManagerGroup(group.name),
        code: 'workflow-server-count',
        args: { group: group.name, active },
      });
    }
    if (state.notes.promotedGroups.includes(group.name)) {
      const ids = group.managementServers.map((computer) => componentId.managementServer(computer));
      for (const [id, name] of Object.entries(state.notes.extraServers))
        if (key(name) === key(group.name)) ids.push(id);
      if (!ids.some((id) => isAdditionalServer(state.components[id]))) {
        reasons.push({
          ruleId: 'restore-redundancy',
          component: componentId.serviceManagerGroup(group.name),
          code: 'redundancy-not-restored',
          args: { group: group.name },
        });
      }
    }
  }
  for (const entry of state.notes.awaitingImport) {
    reasons.push({
      ruleId: 'import-management-packs',
      component: entry,
      code: 'management-packs-not-imported',
      args: {},
    });
  }
  for (const computer of state.notes.awaitingKeyBackup) {
    const id =
      state.components[componentId.dataWarehouseServer(computer)] !== undefined
        ? componentId.dataWarehouseServer(computer)
        : componentId.managementServer(computer);
    reasons.push({
      ruleId: 'backup-new-server-key',
      component: id,
      code: 'key-not-backed-up',
      args: { computer },
    });
  }
  const recovered = reasons.every((reason) => (getRule(reason.ruleId)?.severity ?? 'error') !== 'error');
  return { recovered, reasons, historyLost: [...state.notes.historyLost], workflowServers: servers };
}
