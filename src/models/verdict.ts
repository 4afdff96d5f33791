/**
 * The verdict on a final state: which components are not operational, and which follow-ups
 * the final-state rules still expect. Reasons carry the existing `message` of findings.
 */
import { getRule } from '../rules/catalog.js';
import { compiledMachine } from './compile.js';
import {
  componentId,
  HEALTHY_DB,
  isAdditionalServer,
  isServiceManagerGroupId,
  isWorkflowServer,
  key,
  kindOf,
  labelOf,
  nameOf,
} from './ids.js';
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
    const machine = compiledMachine(kind);
    const meta = machine.leafMeta[machine.leafIndex.get(path) ?? -1];
    if (kind === 'database' && path === 'restored') {
      reasons.push({
        ruleId: 'permissions-after-restore',
        component: id,
        message: `${labelOf(id)} was restored but the permissions script was never run on it; add \`run-permissions-script database=${nameOf(id)}\` after its restore`,
      });
    } else if (kind === 'database' && path === 'awaitingClr') {
      const instance = system.databases.get(key(nameOf(id)))?.instance ?? '?';
      reasons.push({
        ruleId: 'clr-after-sql-rebuild',
        component: id,
        message: `${labelOf(id)} waits for CLR to be enabled on the rebuilt instance ${instance}; add \`enable-clr instance=${instance}\` after \`install-sql-server\``,
      });
    } else if (kind === 'sqlInstance' && path === 'installed') {
      reasons.push({
        ruleId: 'clr-after-sql-rebuild',
        component: id,
        message: `${labelOf(id)} was rebuilt but CLR was never enabled on it; add \`enable-clr instance=${nameOf(id)}\` after \`install-sql-server\``,
      });
    } else {
      reasons.push({
        ruleId: 'scenario-recovered',
        component: id,
        message: `${labelOf(id)} is not operational: ${meta?.description ?? 'left in a state no document describes'}${
          meta?.ruleId !== undefined && meta.ruleId !== 'scenario-recovered' ? ` [${meta.ruleId}]` : ''
        }; add the steps that bring it back (\`scsm-dr plan\` proposes them) or change the one that broke it`,
      });
    }
  }
  for (const group of system.dwGroups.values()) {
    const id = componentId.dataWarehouseGroup(group.name);
    if (group.registeredWith !== undefined && state.components[id] !== 'registered') {
      reasons.push({
        ruleId: 'scenario-recovered',
        component: id,
        message: `${group.name} is no longer registered with ${group.registeredWith}; add \`register-data-warehouse managementGroup=${group.registeredWith} dataWarehouse=${group.name}\` (P-REG)`,
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
        message: `${group.name} ends with ${active.length} operational workflow servers${
          active.length > 0 ? ` (${active.join(', ')})` : ''
        }; exactly one is required: ${
          active.length === 0
            ? 'add `promote-workflow-server` for an additional server, or replace the workflow server'
            : 'remove the extra workflow Setup or promotion'
        }`,
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
          message: `after the promotion in ${group.name} no additional management server was re-added (R-ADD); add \`provision-computer\` and \`install-management-server … role=additional\` for the lost server`,
        });
      }
    }
  }
  for (const entry of state.notes.awaitingImport) {
    reasons.push({
      ruleId: 'import-management-packs',
      component: entry,
      message: isServiceManagerGroupId(entry)
        ? `the ServiceManager database of ${nameOf(entry)} was restored but no import-management-packs followed; add \`import-management-packs\` on its workflow server after the restore`
        : `${labelOf(entry)} was replaced by Setup but no import-management-packs ran on it afterwards; add \`import-management-packs ${nameOf(entry)}\` after its Setup`,
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
      message: `Setup installed ${labelOf(id)} but its encryption key was not backed up afterwards; add \`backup-encryption-key ${computer}\` after its Setup`,
    });
  }
  const recovered = reasons.every((reason) => (getRule(reason.ruleId)?.severity ?? 'error') !== 'error');
  return { recovered, reasons, historyLost: [...state.notes.historyLost], workflowServers: servers };
}
