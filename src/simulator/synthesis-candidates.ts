/**
 * The move generator of plan synthesis: which actions are worth trying in a state, and a
 * lower bound on what is still owed. Both read the fast-path state (`FastState`) directly,
 * so the search never converts states back to paths in its inner loop.
 *
 * The generator proposes only actions on components that are not operational, and the
 * follow-ups the final-state rules still expect (`import-management-packs`,
 * `backup-encryption-key`, `register-data-warehouse`). Whether an action is actually legal is
 * left to the models: the search applies a candidate only if the step reports no violation
 * and changes the state. The generator never guesses names: every computer, instance,
 * database, group and URL it writes is the environment's declared one.
 */
import type { Environment } from '../environment/types.js';
import { compiledMachine } from '../models/compile.js';
import { type FastState, kindOf, type ModelAction, type ModelSystem } from '../models/system.js';
import type { ActionName } from '../plan/actions.js';
import { estimateStepSeconds } from '../plan/durations.js';

/** A candidate step: an action of the table with its parameters in declared spelling. */
export interface CandidateAction extends ModelAction {
  readonly action: ActionName;
}

/** Database roles that `recreate-database` accepts (D-DBREC, F13). */
const DATA_WAREHOUSE_ROLES = new Set([
  'dw-staging',
  'dw-repository',
  'dw-datamart',
  'om-datamart',
  'cm-datamart',
]);
const AVAILABLE_INSTANCE = new Set(['running', 'installed', 'ready']);
/** A Service Manager server that is, or is becoming, the group's workflow server. */
const WORKFLOW_PATHS = new Set([
  'operational.workflow',
  'servicesStopped.workflow',
  'healthStateCleared.workflow',
  'promoted',
]);

interface SmServerInfo {
  readonly computer: string;
  readonly declaredRole: 'workflow' | 'additional';
  readonly id: string;
  readonly keyId: string;
}

interface SmGroupInfo {
  readonly name: string;
  readonly database: string;
  readonly servers: readonly SmServerInfo[];
}

interface DwGroupInfo {
  readonly name: string;
  readonly staging: string;
  readonly server: string;
  readonly reportingUrl?: string;
  readonly registeredWith?: string;
}

interface DatabaseInfo {
  readonly name: string;
  readonly instance: string;
  readonly dataWarehouse: boolean;
  readonly serviceManagerGroup?: string;
}

/**
 * Everything the generator needs about one environment, computed once per synthesis: the
 * declared components in a fixed order (that order is the search's tie-breaker, so the same
 * input always gives the same plan) and the estimated duration of each possible step.
 */
export interface SynthesisContext {
  readonly system: ModelSystem;
  readonly env: Environment;
  /** Declared computers that host a server or an instance (only those need provisioning). */
  readonly hostComputers: readonly string[];
  readonly instances: readonly { readonly id: string; readonly computer: string }[];
  readonly databases: readonly DatabaseInfo[];
  readonly smGroups: readonly SmGroupInfo[];
  readonly dwGroups: readonly DwGroupInfo[];
  /** Component id → leaf paths of its machine, by declared index. */
  readonly leaves: readonly (readonly string[])[];
  /** Estimated seconds of an action, cached by its canonical text. */
  seconds(action: ModelAction): number;
}

/** The canonical text of an action: its name and parameters in written order. */
export function actionText(action: ModelAction): string {
  const params = Object.entries(action.params).map(([name, value]) => `${name}=${value}`);
  return params.length === 0 ? action.action : `${action.action} ${params.join(' ')}`;
}

/** Builds the generator's lookup tables for a system. This is a pure function. */
export function synthesisContext(system: ModelSystem): SynthesisContext {
  const env = system.env;
  const lower = (name: string) => name.toLowerCase();
  const hostComputers = env.computers
    .filter((computer) => (system.hosted.get(lower(computer.name)) ?? []).length > 0)
    .map((computer) => computer.name);
  const smGroups: SmGroupInfo[] = [...system.smGroups.values()].map((group) => ({
    name: group.name,
    database: group.database,
    servers: group.managementServers.map((computer) => ({
      computer,
      declaredRole: system.servers.get(lower(computer))?.role === 'workflow' ? 'workflow' : 'additional',
      id: `ms:${computer}`,
      keyId: `key:${computer}`,
    })),
  }));
  const smGroupOfDatabase = new Map(smGroups.map((group) => [lower(group.database), group.name]));
  const databases: DatabaseInfo[] = env.databases.map((database) => {
    const group = smGroupOfDatabase.get(lower(database.name));
    return {
      name: database.name,
      instance: database.instance,
      dataWarehouse: DATA_WAREHOUSE_ROLES.has(database.role),
      ...(group === undefined ? {} : { serviceManagerGroup: group }),
    };
  });
  const dwGroups: DwGroupInfo[] = [...system.dwGroups.values()].map((group) => ({
    name: group.name,
    staging: group.databases.staging,
    server: group.managementServer,
    ...(group.reportingServer === undefined ? {} : { reportingUrl: group.reportingServer.url }),
    ...(group.registeredWith === undefined ? {} : { registeredWith: group.registeredWith }),
  }));
  const cache = new Map<string, number>();
  return {
    system,
    env,
    hostComputers,
    instances: env.sqlInstances.map((instance) => ({ id: instance.id, computer: instance.computer })),
    databases,
    smGroups,
    dwGroups,
    leaves: system.components.map((component) => compiledMachine(component.kind).leaves),
    seconds(action: ModelAction): number {
      const text = actionText(action);
      let seconds = cache.get(text);
      if (seconds === undefined) {
        seconds = estimateStepSeconds(env, {
          action: action.action as ActionName,
          params: action.params,
        }).seconds;
        cache.set(text, seconds);
      }
      return seconds;
    },
  };
}

/** The state path of a component in a fast-path state (`undefined` when it does not exist). */
export function pathIn(context: SynthesisContext, state: FastState, id: string): string | undefined {
  const index = context.system.componentIndex.get(id);
  if (index !== undefined) return context.leaves[index]![state.codes[index]!];
  const code = state.extras[id];
  return code === undefined ? undefined : compiledMachine(kindOf(id)).leaves[code];
}

const step = (action: ActionName, params: Record<string, string>): CandidateAction => ({ action, params });

/**
 * The actions worth trying in `state`, in a fixed order that follows the documented
 * procedures (rebuild hosts, SQL, databases, then servers, then follow-ups), so that equally
 * fast plans come out in the order a person would write them. This is a pure function.
 *
 * Two restrictions keep the generator to documented procedures where the models are more
 * permissive (see docs/synthesis.md):
 * - a server declared as the workflow server is reinstalled without its key (R-ADD, as an
 *   additional server) only once another server of its group is, or is becoming, the
 *   workflow server; the models would also accept installing it as "additional" and then
 *   promoting it, which no document describes as a way around a lost key (F4, F5);
 * - promotion is proposed only while the group has no workflow server.
 */
export function candidateActions(context: SynthesisContext, state: FastState): CandidateAction[] {
  const path = (id: string) => pathIn(context, state, id);
  const out: CandidateAction[] = [];

  // R-DB step 1 and the preconditions of every replacement: the same computer name (D-OV).
  for (const computer of context.hostComputers) {
    if (path(`computer:${computer}`) === 'lost') out.push(step('provision-computer', { computer }));
  }
  for (const instance of context.instances) {
    const at = path(`instance:${instance.id}`);
    if (at === 'provisioned') out.push(step('install-sql-server', { instance: instance.id }));
  }
  for (const instance of context.instances) {
    if (path(`instance:${instance.id}`) === 'installed')
      out.push(step('enable-clr', { instance: instance.id }));
  }
  for (const database of context.databases) {
    const at = path(`database:${database.name}`);
    const instanceUp = AVAILABLE_INSTANCE.has(path(`instance:${database.instance}`) ?? '');
    if (at === 'lost' && instanceUp) {
      if (path(`backup:${database.name}`) === 'usable') {
        out.push(step('restore-database', { database: database.name, instance: database.instance }));
      } else if (database.dataWarehouse) {
        // The last resort (D-DBREC, F13), proposed only when no restore is possible; the cost
        // tuple makes it lose against any plan that restores instead.
        out.push(step('recreate-database', { database: database.name }));
      }
    } else if (at === 'restored') {
      out.push(step('run-permissions-script', { database: database.name }));
    }
  }

  for (const group of context.smGroups) {
    const hasWorkflow = group.servers.some((server) => WORKFLOW_PATHS.has(path(server.id) ?? ''));
    for (const server of group.servers) {
      const at = path(server.id);
      const computer = server.computer;
      switch (at) {
        case 'operational.additional':
          if (!hasWorkflow) out.push(step('stop-services', { computer }));
          break;
        case 'servicesStopped.additional':
          out.push(step(hasWorkflow ? 'start-services' : 'clear-health-service-state', { computer }));
          break;
        case 'healthStateCleared.additional':
          out.push(step(hasWorkflow ? 'start-services' : 'promote-workflow-server', { computer }));
          break;
        case 'promoted':
        case 'servicesStopped.workflow':
        case 'healthStateCleared.workflow':
          out.push(step('start-services', { computer }));
          break;
        case 'provisioned':
          if (server.declaredRole === 'workflow' && path(server.keyId) === 'usable') {
            out.push(step('restore-encryption-key', { computer }));
          }
          if (server.declaredRole === 'additional' || hasWorkflow) {
            out.push(
              step('install-management-server', { computer, database: group.database, role: 'additional' }),
            );
          }
          break;
        case 'keyRestored':
          out.push(
            step('install-management-server', {
              computer,
              database: group.database,
              role: hasWorkflow ? 'additional' : 'workflow',
            }),
          );
          break;
        default:
          break;
      }
    }
  }

  for (const group of context.dwGroups) {
    const at = path(`dw:${group.server}`);
    if (at === 'provisioned' && path(`key:${group.server}`) === 'usable') {
      out.push(step('restore-encryption-key', { computer: group.server }));
    } else if (at === 'keyRestored') {
      out.push(
        step('install-data-warehouse-server', {
          computer: group.server,
          database: group.staging,
          // Invariant 18 (D-RECDW): the original URL. With none recorded, the models do not
          // judge the URL; the conventional SSRS address of the server is written instead.
          reportingUrl: group.reportingUrl ?? `http://${group.server}/ReportServer`,
        }),
      );
    }
  }

  // R-MP: after a replacement Setup on that server, or a ServiceManager restore on any server.
  const awaitingImport = new Set(state.notes.awaitingImport);
  if (awaitingImport.size > 0) {
    for (const group of context.smGroups) {
      const groupOwed = awaitingImport.has(`group:${group.name}`);
      for (const server of group.servers) {
        if (!(groupOwed || awaitingImport.has(server.id))) continue;
        if ((path(server.id) ?? '').startsWith('operational')) {
          out.push(step('import-management-packs', { computer: server.computer }));
        }
      }
    }
  }
  // Invariant 23 (D-BKKEY): a key backup after every Setup.
  for (const computer of state.notes.awaitingKeyBackup) {
    out.push(step('backup-encryption-key', { computer }));
  }
  // R-DWREG: a recreated DWStagingAndConfig lost the registration (P-REG).
  for (const group of context.dwGroups) {
    if (group.registeredWith !== undefined && path(`dwgroup:${group.name}`) === 'unregistered') {
      out.push(
        step('register-data-warehouse', { managementGroup: group.registeredWith, dataWarehouse: group.name }),
      );
    }
  }
  return out;
}

/**
 * The least a group without a workflow server still needs to get one, beyond what the bound
 * counts anyway (Setup of lost servers): the rest of a promotion (R-PROMOTE) of some server,
 * or a key restore (R-REPLACE-MS) of the declared workflow server plus the import a
 * replacement owes when no import is owed already.
 */
function workflowRouteBound(
  group: SmGroupInfo,
  path: (id: string) => string | undefined,
  cost: (action: ActionName, params: Record<string, string>) => number,
  replacementImport: number,
): number {
  if (group.servers.some((server) => path(server.id) === 'operational.workflow')) return 0;
  let best = Number.POSITIVE_INFINITY;
  for (const server of group.servers) {
    const computer = { computer: server.computer };
    const stop = cost('stop-services', computer);
    const clear = cost('clear-health-service-state', computer);
    const promote = cost('promote-workflow-server', computer);
    const start = cost('start-services', computer);
    let route = Number.POSITIVE_INFINITY;
    switch (path(server.id)) {
      case 'promoted':
      case 'servicesStopped.workflow':
      case 'healthStateCleared.workflow':
        route = start;
        break;
      case 'healthStateCleared.additional':
        route = promote + start;
        break;
      case 'servicesStopped.additional':
        route = clear + promote + start;
        break;
      case 'operational.additional':
        route = stop + clear + promote + start;
        break;
      case 'lost':
      case 'provisioned':
        route =
          server.declaredRole === 'additional'
            ? stop + clear + promote + start
            : path(server.keyId) === 'usable'
              ? cost('restore-encryption-key', computer) + replacementImport
              : Number.POSITIVE_INFINITY;
        break;
      case 'keyRestored':
        route = replacementImport;
        break;
      default:
        break;
    }
    best = Math.min(best, route);
  }
  // No route at all: the goal is unreachable, and any finite bound is admissible.
  return Number.isFinite(best) ? best : 0;
}

/**
 * A lower bound, in seconds, on the duration of any recovery from `state` that the generator
 * can produce: the sum of the steps every such recovery must still contain, each counted for
 * exactly one component (provisioning each lost host, installing and CLR-enabling each lost
 * instance, restoring and re-permissioning or recreating each lost database, Setup and a key
 * backup for each lost server, owed imports and registrations). Optional steps (key restores
 * of SM servers, promotions) count zero. Admissible, so A* with it still finds the fastest
 * plan. This is a pure function.
 */
export function remainingLowerBound(context: SynthesisContext, state: FastState): number {
  const path = (id: string) => pathIn(context, state, id);
  const cost = (action: ActionName, params: Record<string, string>) => context.seconds({ action, params });
  let total = 0;
  for (const computer of context.hostComputers) {
    if (path(`computer:${computer}`) === 'lost') total += cost('provision-computer', { computer });
  }
  for (const instance of context.instances) {
    const at = path(`instance:${instance.id}`);
    if (at === 'lost' || at === 'provisioned') total += cost('install-sql-server', { instance: instance.id });
    if (at === 'lost' || at === 'provisioned' || at === 'installed') {
      total += cost('enable-clr', { instance: instance.id });
    }
  }
  const importOwed = new Set<string>();
  for (const database of context.databases) {
    const at = path(`database:${database.name}`);
    if (at === 'lost') {
      if (path(`backup:${database.name}`) === 'usable') {
        total +=
          cost('restore-database', { database: database.name, instance: database.instance }) +
          cost('run-permissions-script', { database: database.name });
        // A ServiceManager restore is always followed by an import (R-MP).
        if (database.serviceManagerGroup !== undefined)
          importOwed.add(`group:${database.serviceManagerGroup}`);
      } else if (database.dataWarehouse) {
        total += cost('recreate-database', { database: database.name });
      }
    } else if (at === 'restored') {
      total += cost('run-permissions-script', { database: database.name });
    }
  }
  for (const group of context.smGroups) {
    for (const server of group.servers) {
      const at = path(server.id);
      if (at === 'lost' || at === 'provisioned' || at === 'keyRestored') {
        total +=
          cost('install-management-server', {
            computer: server.computer,
            database: group.database,
            role: 'additional',
          }) + cost('backup-encryption-key', { computer: server.computer });
      }
    }
    const importCost = Math.min(
      ...group.servers.map((server) => cost('import-management-packs', { computer: server.computer })),
    );
    let serverImports = 0;
    for (const server of group.servers) if (state.notes.awaitingImport.includes(server.id)) serverImports++;
    const groupImport =
      state.notes.awaitingImport.includes(`group:${group.name}`) || importOwed.has(`group:${group.name}`);
    // Every import is the same action on some server; one on a server clears that server's
    // entry and the group's, so the group's entry alone counts once.
    total += Math.max(serverImports, groupImport ? 1 : 0) * importCost;
    total += workflowRouteBound(group, path, cost, groupImport ? 0 : importCost);
  }
  for (const group of context.dwGroups) {
    const at = path(`dw:${group.server}`);
    if (at === 'lost' || at === 'provisioned')
      total += cost('restore-encryption-key', { computer: group.server });
    if (at === 'lost' || at === 'provisioned' || at === 'keyRestored') {
      total +=
        cost('install-data-warehouse-server', {
          computer: group.server,
          database: group.staging,
          reportingUrl: group.reportingUrl ?? `http://${group.server}/ReportServer`,
        }) + cost('backup-encryption-key', { computer: group.server });
    }
    const stagingRecreated =
      path(`database:${group.staging}`) === 'lost' && path(`backup:${group.staging}`) !== 'usable';
    if (
      group.registeredWith !== undefined &&
      (path(`dwgroup:${group.name}`) === 'unregistered' || stagingRecreated)
    ) {
      total += cost('register-data-warehouse', {
        managementGroup: group.registeredWith,
        dataWarehouse: group.name,
      });
    }
  }
  for (const computer of state.notes.awaitingKeyBackup) total += cost('backup-encryption-key', { computer });
  return total;
}

/**
 * The databases that must still be recreated, losing their history: lost data warehouse
 * databases without a usable backup. Exact, since nothing makes a database backup usable
 * again; the search adds it to its bound with the history-lost weight, so that it does not
 * first exhaust every plan that avoids a recreation that cannot be avoided. This is a pure
 * function.
 */
export function forcedRecreations(context: SynthesisContext, state: FastState): number {
  let count = 0;
  for (const database of context.databases) {
    if (
      database.dataWarehouse &&
      pathIn(context, state, `database:${database.name}`) === 'lost' &&
      pathIn(context, state, `backup:${database.name}`) !== 'usable'
    ) {
      count++;
    }
  }
  return count;
}
