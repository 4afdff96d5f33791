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
import { memoized } from '../common/memo.js';
import type { Environment } from '../environment/types.js';
import { compiledMachine } from '../models/compile.js';
import {
  ADDITIONAL_SERVER_PATH,
  componentId,
  isInstanceAvailable,
  isOperational,
  isWorkflowServer,
  WORKFLOW_SERVER_PATH,
} from '../models/ids.js';
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
/** A Service Manager server that is, or is becoming, the group's workflow server. */
const WORKFLOW_PATHS = new Set([
  WORKFLOW_SERVER_PATH,
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
  /**
   * The search's bound of a state, by its `fastStateKey` (see `searchBound`): the engine
   * synthesises many losses of one cluster on the same context, and they meet the same states.
   */
  readonly bounds: Map<string, number>;
}

/**
 * The weight of one database recreated without its history (D-DBREC, F13): larger than any
 * sum of step durations, so that a search prefers any plan that restores instead. The one
 * value both searches (`synthesize.ts`, `engine/space.ts`) weigh with.
 */
export const HISTORY_LOST_WEIGHT = 1e9;

/** The canonical text of an action: its name and parameters in written order. */
export function actionText(action: ModelAction): string {
  const params = Object.entries(action.params).map(([name, value]) => `${name}=${value}`);
  return params.length === 0 ? action.action : `${action.action} ${params.join(' ')}`;
}

/** Contexts by system: a system is not changed once compiled, so its context stays true. */
const contexts = new WeakMap<ModelSystem, SynthesisContext>();

/**
 * The generator's lookup tables for a system, built once per system object: the engine
 * synthesises a cluster's recovery of many losses on the same system, and the tables (and
 * the step durations cached in them) depend on the system alone. This is a pure function.
 */
export function synthesisContext(system: ModelSystem): SynthesisContext {
  return memoized(contexts, system, buildSynthesisContext);
}

function buildSynthesisContext(system: ModelSystem): SynthesisContext {
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
      id: componentId.managementServer(computer),
      keyId: componentId.keyBackup(computer),
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
  // The generator's actions are shared frozen objects (`candidateActions`), so most lookups
  // hit by identity before any text is built.
  const byAction = new WeakMap<ModelAction, number>();
  return {
    system,
    env,
    hostComputers,
    instances: env.sqlInstances.map((instance) => ({ id: instance.id, computer: instance.computer })),
    databases,
    smGroups,
    dwGroups,
    leaves: system.components.map((component) => compiledMachine(component.kind).leaves),
    bounds: new Map(),
    seconds(action: ModelAction): number {
      const known = byAction.get(action);
      if (known !== undefined) return known;
      const text = actionText(action);
      let seconds = cache.get(text);
      if (seconds === undefined) {
        seconds = estimateStepSeconds(env, {
          action: action.action as ActionName,
          params: action.params,
        }).seconds;
        cache.set(text, seconds);
      }
      if (Object.isFrozen(action)) byAction.set(action, seconds);
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

const step = (action: ActionName, params: Record<string, string>): CandidateAction =>
  Object.freeze({ action, params: Object.freeze(params) });

/**
 * The actions worth trying in `state`, in a fixed order that follows the documented
 * procedures (rebuild hosts, SQL, databases, then servers, then follow-ups), so that equally
 * fast plans come out in the order a person would write them. This is a pure function; the
 * actions it returns are frozen objects shared by every call on the same context, so callers
 * can key caches by identity.
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
  const table = moveTable(context);
  const at = (slot: Slot): string | undefined => slotPath(context, state, slot);
  const out: CandidateAction[] = [];

  // R-DB step 1 and the preconditions of every replacement: the same computer name (D-OV).
  for (const host of table.hosts) {
    if (at(host.computer) === 'lost') out.push(host.provision);
  }
  for (const instance of table.instances) {
    if (at(instance.instance) === 'provisioned') out.push(instance.install);
  }
  for (const instance of table.instances) {
    if (at(instance.instance) === 'installed') out.push(instance.enableClr);
  }
  for (const database of table.databases) {
    const where = at(database.database);
    const instanceUp = isInstanceAvailable(at(database.instance));
    if (where === 'lost' && instanceUp) {
      if (at(database.backup) === 'usable') {
        out.push(database.restore);
      } else if (database.dataWarehouse) {
        // The last resort (D-DBREC, F13), proposed only when no restore is possible; the cost
        // tuple makes it lose against any plan that restores instead.
        out.push(database.recreate);
      }
    } else if (where === 'restored') {
      out.push(database.permissions);
    }
  }

  for (const group of table.smGroups) {
    let hasWorkflow = false;
    for (const server of group) if (WORKFLOW_PATHS.has(at(server.server) ?? '')) hasWorkflow = true;
    for (const server of group) {
      switch (at(server.server)) {
        case ADDITIONAL_SERVER_PATH:
          if (!hasWorkflow) out.push(server.stop);
          break;
        case 'servicesStopped.additional':
          out.push(hasWorkflow ? server.start : server.clear);
          break;
        case 'healthStateCleared.additional':
          out.push(hasWorkflow ? server.start : server.promote);
          break;
        case 'promoted':
        case 'servicesStopped.workflow':
        case 'healthStateCleared.workflow':
          out.push(server.start);
          break;
        case 'provisioned':
          if (server.declaredRole === 'workflow' && at(server.key) === 'usable') out.push(server.restoreKey);
          if (server.declaredRole === 'additional' || hasWorkflow) out.push(server.installAdditional);
          break;
        case 'keyRestored':
          out.push(hasWorkflow ? server.installAdditional : server.installWorkflow);
          break;
        default:
          break;
      }
    }
  }

  for (const group of table.dwGroups) {
    const server = at(group.server);
    if (server === 'provisioned' && at(group.key) === 'usable') out.push(group.restoreKey);
    else if (server === 'keyRestored') out.push(group.install);
  }

  // R-MP: after a replacement Setup on that server, or a ServiceManager restore on any server.
  const awaitingImport = state.notes.awaitingImport;
  if (awaitingImport.length > 0) {
    table.smGroups.forEach((group, g) => {
      const groupOwed = awaitingImport.includes(table.smGroupEntries[g]!);
      for (const server of group) {
        if (!(groupOwed || awaitingImport.includes(server.id))) continue;
        if (isOperational(at(server.server))) out.push(server.importPacks);
      }
    });
  }
  // Invariant 23 (D-BKKEY): a key backup after every Setup.
  for (const computer of state.notes.awaitingKeyBackup) {
    let backup = table.keyBackups.get(computer);
    if (backup === undefined) {
      backup = step('backup-encryption-key', { computer });
      table.keyBackups.set(computer, backup);
    }
    out.push(backup);
  }
  // R-DWREG: a recreated DWStagingAndConfig lost the registration (P-REG).
  for (const group of table.dwGroups) {
    if (group.register !== undefined && at(group.dwgroup) === 'unregistered') out.push(group.register);
  }
  return out;
}

/** A component the generator looks at: its id, and its declared index (-1 when undeclared). */
interface Slot {
  readonly id: string;
  readonly index: number;
}

/** The state path of a slot's component in `state` (`pathIn` without building its id). */
function slotPath(context: SynthesisContext, state: FastState, slot: Slot): string | undefined {
  return slot.index >= 0
    ? context.leaves[slot.index]![state.codes[slot.index]!]
    : pathIn(context, state, slot.id);
}

/**
 * The generator's moves prepared once per context: for each declared component, where its
 * state is and the action objects it can propose. Candidate actions are these shared, frozen
 * objects, so a search can key caches by identity; nothing may modify them.
 */
interface MoveTable {
  readonly hosts: readonly { readonly computer: Slot; readonly provision: CandidateAction }[];
  readonly instances: readonly {
    readonly instance: Slot;
    readonly install: CandidateAction;
    readonly enableClr: CandidateAction;
  }[];
  readonly databases: readonly {
    readonly database: Slot;
    readonly instance: Slot;
    readonly backup: Slot;
    readonly dataWarehouse: boolean;
    readonly restore: CandidateAction;
    readonly recreate: CandidateAction;
    readonly permissions: CandidateAction;
  }[];
  readonly smGroups: readonly (readonly SmServerMoves[])[];
  /** `group:<name>` of each SM group, as the notes record an owed import. */
  readonly smGroupEntries: readonly string[];
  readonly dwGroups: readonly {
    readonly server: Slot;
    readonly key: Slot;
    readonly dwgroup: Slot;
    readonly restoreKey: CandidateAction;
    readonly install: CandidateAction;
    readonly register?: CandidateAction;
  }[];
  /** `backup-encryption-key` by computer name, filled as the notes name computers. */
  readonly keyBackups: Map<string, CandidateAction>;
}

interface SmServerMoves {
  readonly id: string;
  readonly server: Slot;
  readonly key: Slot;
  readonly declaredRole: 'workflow' | 'additional';
  readonly stop: CandidateAction;
  readonly start: CandidateAction;
  readonly clear: CandidateAction;
  readonly promote: CandidateAction;
  readonly restoreKey: CandidateAction;
  readonly installAdditional: CandidateAction;
  readonly installWorkflow: CandidateAction;
  readonly importPacks: CandidateAction;
}

const moveTables = new WeakMap<SynthesisContext, MoveTable>();

function moveTable(context: SynthesisContext): MoveTable {
  return memoized(moveTables, context, buildMoveTable);
}

/** A component's slot in a context: its id and its declared index. */
function slotOf(context: SynthesisContext, id: string): Slot {
  return { id, index: context.system.componentIndex.get(id) ?? -1 };
}

function buildMoveTable(context: SynthesisContext): MoveTable {
  const slot = (id: string): Slot => slotOf(context, id);
  return {
    hosts: context.hostComputers.map((computer) => ({
      computer: slot(componentId.computer(computer)),
      provision: step('provision-computer', { computer }),
    })),
    instances: context.instances.map((instance) => ({
      instance: slot(componentId.sqlInstance(instance.id)),
      install: step('install-sql-server', { instance: instance.id }),
      enableClr: step('enable-clr', { instance: instance.id }),
    })),
    databases: context.databases.map((database) => ({
      database: slot(componentId.database(database.name)),
      instance: slot(componentId.sqlInstance(database.instance)),
      backup: slot(componentId.databaseBackup(database.name)),
      dataWarehouse: database.dataWarehouse,
      restore: step('restore-database', { database: database.name, instance: database.instance }),
      recreate: step('recreate-database', { database: database.name }),
      permissions: step('run-permissions-script', { database: database.name }),
    })),
    smGroups: context.smGroups.map((group) =>
      group.servers.map((server) => {
        const computer = server.computer;
        const install = (role: string) =>
          step('install-management-server', { computer, database: group.database, role });
        return {
          id: server.id,
          server: slot(server.id),
          key: slot(server.keyId),
          declaredRole: server.declaredRole,
          stop: step('stop-services', { computer }),
          start: step('start-services', { computer }),
          clear: step('clear-health-service-state', { computer }),
          promote: step('promote-workflow-server', { computer }),
          restoreKey: step('restore-encryption-key', { computer }),
          installAdditional: install('additional'),
          installWorkflow: install('workflow'),
          importPacks: step('import-management-packs', { computer }),
        };
      }),
    ),
    smGroupEntries: context.smGroups.map((group) => componentId.serviceManagerGroup(group.name)),
    dwGroups: context.dwGroups.map((group) => ({
      server: slot(componentId.dataWarehouseServer(group.server)),
      key: slot(componentId.keyBackup(group.server)),
      dwgroup: slot(componentId.dataWarehouseGroup(group.name)),
      restoreKey: step('restore-encryption-key', { computer: group.server }),
      install: step('install-data-warehouse-server', {
        computer: group.server,
        database: group.staging,
        // Invariant 18 (D-RECDW): the original URL. With none recorded, the models do not
        // judge the URL; the conventional SSRS address of the server is written instead.
        reportingUrl: group.reportingUrl ?? `http://${group.server}/ReportServer`,
      }),
      ...(group.registeredWith === undefined
        ? {}
        : {
            register: step('register-data-warehouse', {
              managementGroup: group.registeredWith,
              dataWarehouse: group.name,
            }),
          }),
    })),
    keyBackups: new Map(),
  };
}

/** One Service Manager server as the bound reads it: where it is, and its step durations. */
interface BoundServer {
  readonly id: string;
  readonly server: Slot;
  readonly key: Slot;
  readonly declaredRole: 'workflow' | 'additional';
  /** Setup as an additional server plus the key backup it owes. */
  readonly setupSeconds: number;
  readonly importSeconds: number;
  readonly stopSeconds: number;
  readonly clearSeconds: number;
  readonly promoteSeconds: number;
  readonly startSeconds: number;
  readonly restoreKeySeconds: number;
}

/**
 * What `remainingLowerBound` reads, prepared once per context: the slots of the components
 * it looks at and the estimated durations of the steps it counts, so that a bound costs a
 * look-up per component and builds no id or action text.
 */
interface BoundTable {
  readonly hosts: readonly { readonly computer: Slot; readonly seconds: number }[];
  readonly instances: readonly {
    readonly instance: Slot;
    readonly installSeconds: number;
    readonly clrSeconds: number;
  }[];
  readonly databases: readonly {
    readonly database: Slot;
    readonly backup: Slot;
    readonly dataWarehouse: boolean;
    readonly restoreSeconds: number;
    readonly permissionsSeconds: number;
    readonly recreateSeconds: number;
    /** `group:<name>` of the Service Manager group whose database it is. */
    readonly serviceManagerGroup?: string;
  }[];
  readonly smGroups: readonly {
    /** `group:<name>`, as the notes record an owed import. */
    readonly entry: string;
    readonly servers: readonly BoundServer[];
    /** The cheapest import of the group's management packs, on any of its servers. */
    readonly importSeconds: number;
  }[];
  readonly dwGroups: readonly {
    readonly server: Slot;
    readonly staging: Slot;
    readonly stagingBackup: Slot;
    readonly dwgroup: Slot;
    readonly restoreKeySeconds: number;
    /** Setup of the data warehouse server plus the key backup it owes. */
    readonly setupSeconds: number;
    /** Registration with its Service Manager group, when it is registered. */
    readonly registerSeconds?: number;
  }[];
}

const boundTables = new WeakMap<SynthesisContext, BoundTable>();

function boundTable(context: SynthesisContext): BoundTable {
  return memoized(boundTables, context, buildBoundTable);
}

/** The bound's table, read off the move table: the same slots, and the durations of the same actions. */
function buildBoundTable(context: SynthesisContext): BoundTable {
  const moves = moveTable(context);
  const seconds = (action: CandidateAction): number => context.seconds(action);
  const keyBackup = (computer: string): number =>
    context.seconds({ action: 'backup-encryption-key', params: { computer } });
  return {
    hosts: moves.hosts.map((host) => ({ computer: host.computer, seconds: seconds(host.provision) })),
    instances: moves.instances.map((instance) => ({
      instance: instance.instance,
      installSeconds: seconds(instance.install),
      clrSeconds: seconds(instance.enableClr),
    })),
    databases: moves.databases.map((database, index) => {
      const group = context.databases[index]!.serviceManagerGroup;
      return {
        database: database.database,
        backup: database.backup,
        dataWarehouse: database.dataWarehouse,
        restoreSeconds: seconds(database.restore),
        permissionsSeconds: seconds(database.permissions),
        recreateSeconds: seconds(database.recreate),
        ...(group === undefined ? {} : { serviceManagerGroup: componentId.serviceManagerGroup(group) }),
      };
    }),
    smGroups: moves.smGroups.map((servers, index) => {
      const declared = context.smGroups[index]!.servers;
      const bound = servers.map(
        (server, at): BoundServer => ({
          id: server.id,
          server: server.server,
          key: server.key,
          declaredRole: server.declaredRole,
          setupSeconds: seconds(server.installAdditional) + keyBackup(declared[at]!.computer),
          importSeconds: seconds(server.importPacks),
          stopSeconds: seconds(server.stop),
          clearSeconds: seconds(server.clear),
          promoteSeconds: seconds(server.promote),
          startSeconds: seconds(server.start),
          restoreKeySeconds: seconds(server.restoreKey),
        }),
      );
      return {
        entry: moves.smGroupEntries[index]!,
        servers: bound,
        importSeconds: Math.min(...bound.map((server) => server.importSeconds)),
      };
    }),
    dwGroups: moves.dwGroups.map((group, index) => {
      const staging = context.dwGroups[index]!.staging;
      return {
        server: group.server,
        staging: slotOf(context, componentId.database(staging)),
        stagingBackup: slotOf(context, componentId.databaseBackup(staging)),
        dwgroup: group.dwgroup,
        restoreKeySeconds: seconds(group.restoreKey),
        setupSeconds: seconds(group.install) + keyBackup(context.dwGroups[index]!.server),
        ...(group.register === undefined ? {} : { registerSeconds: seconds(group.register) }),
      };
    }),
  };
}

/**
 * The least a group without a workflow server still needs to get one, beyond what the bound
 * counts anyway (Setup of lost servers): the rest of a promotion (R-PROMOTE) of some server,
 * or a key restore (R-REPLACE-MS) of the declared workflow server plus the import a
 * replacement owes when no import is owed already.
 */
function workflowRouteBound(
  servers: readonly BoundServer[],
  at: (slot: Slot) => string | undefined,
  replacementImport: number,
): number {
  if (servers.some((server) => isWorkflowServer(at(server.server)))) return 0;
  let best = Number.POSITIVE_INFINITY;
  for (const server of servers) {
    const { stopSeconds: stop, clearSeconds: clear, promoteSeconds: promote, startSeconds: start } = server;
    let route = Number.POSITIVE_INFINITY;
    switch (at(server.server)) {
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
      case ADDITIONAL_SERVER_PATH:
        route = stop + clear + promote + start;
        break;
      case 'lost':
      case 'provisioned':
        route =
          server.declaredRole === 'additional'
            ? stop + clear + promote + start
            : at(server.key) === 'usable'
              ? server.restoreKeySeconds + replacementImport
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
  const table = boundTable(context);
  const at = (slot: Slot): string | undefined => slotPath(context, state, slot);
  let total = 0;
  for (const host of table.hosts) if (at(host.computer) === 'lost') total += host.seconds;
  for (const instance of table.instances) {
    const where = at(instance.instance);
    if (where === 'lost' || where === 'provisioned') total += instance.installSeconds;
    if (where === 'lost' || where === 'provisioned' || where === 'installed') total += instance.clrSeconds;
  }
  const importOwed = new Set<string>();
  for (const database of table.databases) {
    const where = at(database.database);
    if (where === 'lost') {
      if (at(database.backup) === 'usable') {
        total += database.restoreSeconds + database.permissionsSeconds;
        // A ServiceManager restore is always followed by an import (R-MP).
        if (database.serviceManagerGroup !== undefined) importOwed.add(database.serviceManagerGroup);
      } else if (database.dataWarehouse) {
        total += database.recreateSeconds;
      }
    } else if (where === 'restored') {
      total += database.permissionsSeconds;
    }
  }
  const awaitingImport = state.notes.awaitingImport;
  for (const group of table.smGroups) {
    let serverImports = 0;
    for (const server of group.servers) {
      const where = at(server.server);
      if (where === 'lost' || where === 'provisioned' || where === 'keyRestored')
        total += server.setupSeconds;
      if (awaitingImport.includes(server.id)) serverImports++;
    }
    const groupImport = awaitingImport.includes(group.entry) || importOwed.has(group.entry);
    // Every import is the same action on some server; one on a server clears that server's
    // entry and the group's, so the group's entry alone counts once.
    total += Math.max(serverImports, groupImport ? 1 : 0) * group.importSeconds;
    total += workflowRouteBound(group.servers, at, groupImport ? 0 : group.importSeconds);
  }
  for (const group of table.dwGroups) {
    const where = at(group.server);
    if (where === 'lost' || where === 'provisioned') total += group.restoreKeySeconds;
    if (where === 'lost' || where === 'provisioned' || where === 'keyRestored') total += group.setupSeconds;
    const stagingRecreated = at(group.staging) === 'lost' && at(group.stagingBackup) !== 'usable';
    if (group.registerSeconds !== undefined && (at(group.dwgroup) === 'unregistered' || stagingRecreated))
      total += group.registerSeconds;
  }
  for (const computer of state.notes.awaitingKeyBackup)
    total += context.seconds({ action: 'backup-encryption-key', params: { computer } });
  return total;
}

/** The most search bounds a context keeps (about 100 bytes each with their keys). */
const BOUND_MEMO_LIMIT = 200_000;

/**
 * The bound A* orders its open states by: `remainingLowerBound`, plus each database that must
 * still be recreated (`forcedRecreations`) at the history-lost weight. `key` is the state's
 * `fastStateKey`, which identifies it, so the bound is memoised by it in the context. This is
 * a pure function.
 */
export function searchBound(context: SynthesisContext, state: FastState, key: string): number {
  // A context lives as long as its system, which may see many searches (property runs, a
  // drill): the memo is emptied when it grows past a bound, which changes no answer.
  if (context.bounds.size >= BOUND_MEMO_LIMIT) context.bounds.clear();
  return memoized(
    context.bounds,
    key,
    () => remainingLowerBound(context, state) + forcedRecreations(context, state) * HISTORY_LOST_WEIGHT,
  );
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
  for (const database of moveTable(context).databases) {
    if (
      database.dataWarehouse &&
      slotPath(context, state, database.database) === 'lost' &&
      slotPath(context, state, database.backup) !== 'usable'
    ) {
      count++;
    }
  }
  return count;
}
