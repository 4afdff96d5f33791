/**
 * The system: the component machines composed for one loaded `Environment`.
 *
 * `createSystem(env)` compiles the per-environment lookup tables once. A `SystemState` is
 * plain JSON: the state path of every component, keyed by component id, plus a few notes the
 * final-state rules need (which servers were installed and still await a key backup, …).
 *
 * `step` routes one plan action to the machines it concerns, computing every cross-component
 * fact (is the database online? whose key backup is restored? is this the computer's original
 * name?) and passing it in the event, so each machine stays a pure function of (state, event).
 * Violations come from the machines: the transition taken carries `{ ruleId, citation }`, or
 * no transition accepts the event (`step-precondition`).
 *
 * Two execution paths run the same routing over the same machines: `step` uses XState itself
 * (`XStateEngine`), `fastStep` the compiled integer tables (`compile.ts`).
 * `checkPathsAgree` compares them.
 */
import type {
  Computer,
  Database,
  DataWarehouseGroup,
  Environment,
  ManagementServer,
  ServiceManagerGroup,
  SqlInstance,
} from '../environment/types.js';
import { ACTIONS, type ActionName } from '../plan/actions.js';
import { getRule } from '../rules/catalog.js';
import { type CompiledMachine, compiledMachine, fastTransition } from './compile.js';
import { START_STATES } from './machines.js';
import type { Flag, MachineKind, ModelEvent, ModelEventType, ViolationMeta } from './types.js';
import { type Engine, type TransitionOutcome, XStateEngine } from './xstate-engine.js';

// ---------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------

/** A plan step as the models need it: the action and its parameters (declared spelling). */
export interface ModelAction {
  readonly action: ActionName | string;
  readonly params: Readonly<Record<string, string>>;
}

/** What a scenario loses before its steps run, by name. */
export interface Loss {
  readonly computers: readonly string[];
  readonly databases: readonly string[];
  readonly sites: readonly string[];
}

/** Bookkeeping the final-state rules need; every list is kept sorted. */
export interface SystemNotes {
  /** Service Manager groups in which a server was promoted (restore-redundancy). */
  readonly promotedGroups: readonly string[];
  /** `ms:<computer>` replaced by Setup, or `group:<name>` whose database was restored, awaiting `import-management-packs`. */
  readonly awaitingImport: readonly string[];
  /** Computers on which Setup installed a server that has had no `backup-encryption-key` since. */
  readonly awaitingKeyBackup: readonly string[];
  /** Databases recreated empty (D-DBREC, F13). */
  readonly historyLost: readonly string[];
  /** Management servers installed on computers the environment does not declare, with their group. */
  readonly extraServers: Readonly<Record<string, string>>;
}

/** The state of the whole system: plain, JSON-able data. */
export interface SystemState {
  /** Component id (`ms:SM01`, `database:ServiceManager`, …) → state path (`operational.workflow`). */
  readonly components: Readonly<Record<string, string>>;
  readonly notes: SystemNotes;
}

/** A rule broken by a step. */
export interface Violation {
  readonly ruleId: string;
  /** The component id, e.g. `ms:SM01`. */
  readonly component: string;
  /** Names the concrete computers, databases and instances. */
  readonly message: string;
  readonly citation: string;
}

/** A state change a step caused. */
export interface Effect {
  readonly component: string;
  readonly event: ModelEventType;
  readonly from: string;
  readonly to: string;
}

export interface StepResult {
  readonly state: SystemState;
  readonly effects: readonly Effect[];
  readonly violations: readonly Violation[];
}

/** A reason the final state is not (fully) recovered. */
export interface VerdictReason {
  readonly ruleId: string;
  readonly component: string;
  readonly message: string;
}

export interface Verdict {
  /** No error-level reason: every component is operational and each group has one workflow server. */
  readonly recovered: boolean;
  readonly reasons: readonly VerdictReason[];
  /** Databases recreated without their history. */
  readonly historyLost: readonly string[];
  /** The operational workflow servers of each Service Manager group. */
  readonly workflowServers: Readonly<Record<string, readonly string[]>>;
}

/** One declared component. */
export interface ComponentInfo {
  readonly id: string;
  readonly kind: MachineKind;
  /** How messages name it: `management server SM01`. */
  readonly label: string;
}

/** The models compiled for one environment. */
export interface ModelSystem {
  readonly env: Environment;
  /** Declared components, in a fixed order (the fast path indexes them). */
  readonly components: readonly ComponentInfo[];
  readonly componentIndex: ReadonlyMap<string, number>;
  /** The start path of each declared component, before any loss. */
  readonly start: readonly string[];
  readonly computers: ReadonlyMap<string, Computer>;
  readonly servers: ReadonlyMap<string, ManagementServer>;
  readonly instances: ReadonlyMap<string, SqlInstance>;
  readonly databases: ReadonlyMap<string, Database>;
  readonly smGroups: ReadonlyMap<string, ServiceManagerGroup>;
  readonly dwGroups: ReadonlyMap<string, DataWarehouseGroup>;
  /** Lower-cased computer name → ids of the servers and instances it hosts. */
  readonly hosted: ReadonlyMap<string, readonly string[]>;
  /** Instance key → databases declared on it. */
  readonly databasesOn: ReadonlyMap<string, readonly Database[]>;
}

// ---------------------------------------------------------------------------------------
// Names and ids
// ---------------------------------------------------------------------------------------

const key = (name: string): string => name.toLowerCase();

/** The canonical key of an instance id: case-insensitive; `COMPUTER\MSSQLSERVER` is `COMPUTER`. */
export function instanceKey(id: string): string {
  const slash = id.indexOf('\\');
  if (slash < 0) return id.toLowerCase();
  const name = id.slice(slash + 1);
  return name.toUpperCase() === 'MSSQLSERVER' ? id.slice(0, slash).toLowerCase() : id.toLowerCase();
}

function instanceHost(id: string): string {
  const slash = id.indexOf('\\');
  return slash < 0 ? id : id.slice(0, slash);
}

const PREFIX_KIND: Readonly<Record<string, MachineKind>> = {
  computer: 'computer',
  ms: 'managementServer',
  dw: 'dataWarehouseServer',
  instance: 'sqlInstance',
  database: 'database',
  key: 'backup',
  backup: 'backup',
  group: 'serviceManagerGroup',
  dwgroup: 'dataWarehouseGroup',
};

/** The machine kind of a component id (`ms:SM01` → `managementServer`). */
export function kindOf(id: string): MachineKind {
  const kind = PREFIX_KIND[id.slice(0, id.indexOf(':'))];
  if (kind === undefined) throw new Error(`not a component id: ${id}`);
  return kind;
}

const LABELS: Readonly<Record<string, string>> = {
  computer: 'computer',
  ms: 'management server',
  dw: 'data warehouse management server',
  instance: 'SQL instance',
  database: 'database',
  key: 'encryption-key backup of',
  backup: 'backup of database',
  group: 'management group',
  dwgroup: 'data warehouse group',
};

/** How messages name a component id. */
export function labelOf(id: string): string {
  const colon = id.indexOf(':');
  return `${LABELS[id.slice(0, colon)] ?? id.slice(0, colon)} ${id.slice(colon + 1)}`;
}

const HEALTHY_DB = new Set(['online', 'recreated']);
const AVAILABLE_INSTANCE = new Set(['running', 'installed', 'ready']);
const CLR_ON = new Set(['running', 'ready']);
const DW_DATABASE_ROLES = new Set([
  'dw-staging',
  'dw-repository',
  'dw-datamart',
  'om-datamart',
  'cm-datamart',
]);

// ---------------------------------------------------------------------------------------
// createSystem
// ---------------------------------------------------------------------------------------

/**
 * Compiles the lookup tables of an environment once. This is a pure function.
 */
export function createSystem(env: Environment): ModelSystem {
  const components: ComponentInfo[] = [];
  const start: string[] = [];
  const add = (id: string, path: string): void => {
    components.push({ id, kind: kindOf(id), label: labelOf(id) });
    start.push(path);
  };
  const hosted = new Map<string, string[]>();
  const host = (computer: string, id: string): void => {
    const list = hosted.get(key(computer)) ?? [];
    list.push(id);
    hosted.set(key(computer), list);
  };
  const passwordState = { escrowed: 'usable', unknown: 'passwordUnknown', lost: 'passwordLost' } as const;

  for (const computer of env.computers) add(`computer:${computer.name}`, 'up');
  for (const server of env.managementServers) {
    if (server.role === 'data-warehouse') add(`dw:${server.computer}`, 'operational');
    else add(`ms:${server.computer}`, `operational.${server.role}`);
    host(
      server.computer,
      server.role === 'data-warehouse' ? `dw:${server.computer}` : `ms:${server.computer}`,
    );
    add(
      `key:${server.computer}`,
      server.keyBackup === undefined ? 'missing' : passwordState[server.keyBackup.password],
    );
  }
  for (const instance of env.sqlInstances) {
    add(`instance:${instance.id}`, 'running');
    host(instance.computer, `instance:${instance.id}`);
  }
  const databasesOn = new Map<string, Database[]>();
  for (const database of env.databases) {
    add(`database:${database.name}`, 'online');
    add(`backup:${database.name}`, database.backup === undefined ? 'missing' : 'usable');
    const list = databasesOn.get(instanceKey(database.instance)) ?? [];
    list.push(database);
    databasesOn.set(instanceKey(database.instance), list);
  }
  const smGroups = new Map<string, ServiceManagerGroup>();
  const dwGroups = new Map<string, DataWarehouseGroup>();
  for (const group of env.managementGroups) {
    if (group.type === 'service-manager') {
      smGroups.set(key(group.name), group);
      add(`group:${group.name}`, 'active');
    } else {
      dwGroups.set(key(group.name), group);
      add(`dwgroup:${group.name}`, group.registeredWith === undefined ? 'unregistered' : 'registered');
    }
  }
  for (let i = 0; i < components.length; i++) {
    const component = components[i]!;
    if (!START_STATES[component.kind].includes(start[i]!)) {
      throw new Error(`${component.id} cannot start in ${start[i]}`);
    }
  }
  return {
    env,
    components,
    componentIndex: new Map(components.map((component, index) => [component.id, index])),
    start,
    computers: new Map(env.computers.map((computer) => [key(computer.name), computer])),
    servers: new Map(env.managementServers.map((server) => [key(server.computer), server])),
    instances: new Map(env.sqlInstances.map((instance) => [instanceKey(instance.id), instance])),
    databases: new Map(env.databases.map((database) => [key(database.name), database])),
    smGroups,
    dwGroups,
    hosted,
    databasesOn,
  };
}

// ---------------------------------------------------------------------------------------
// Stores: the two execution paths behind one interface
// ---------------------------------------------------------------------------------------

/** Where the routing reads and writes component states. */
interface Store {
  get(id: string): string | undefined;
  /** Adds a component created by a step (a computer, server or instance the environment lacks). */
  add(id: string, path: string): void;
  fire(id: string, event: ModelEvent): TransitionOutcome;
}

/** Path (a): component states as paths in a record, transitions by XState. */
class RecordStore implements Store {
  constructor(
    readonly states: Record<string, string>,
    private readonly engine: Engine,
  ) {}
  get(id: string): string | undefined {
    return this.states[id];
  }
  add(id: string, path: string): void {
    this.states[id] = path;
  }
  fire(id: string, event: ModelEvent): TransitionOutcome {
    const state = this.states[id];
    if (state === undefined) throw new Error(`no component ${id}`);
    const outcome = this.engine.transition(kindOf(id), state, event);
    this.states[id] = outcome.next;
    return outcome;
  }
}

/** The state of the fast path: leaf indices of the compiled tables. */
export interface FastState {
  /** Leaf index per declared component, in `system.components` order. */
  readonly codes: Int32Array;
  /** Components created by steps: id → leaf index. */
  readonly extras: Readonly<Record<string, number>>;
  readonly notes: SystemNotes;
}

/**
 * The canonical key of a fast-path state: its leaf codes, the components steps created, and
 * the notes. Two states with equal keys are the same system state, because the models keep
 * the notes' lists sorted and the object keys are sorted here. The one key every searcher
 * (synthesis, simulation, the engine) deduplicates by. This is a pure function.
 */
export function fastStateKey(state: FastState): string {
  let codes = '';
  for (let i = 0; i < state.codes.length; i++) codes += String.fromCharCode(state.codes[i]! + 48);
  const extraIds = Object.keys(state.extras);
  const extras =
    extraIds.length === 0
      ? ''
      : extraIds
          .sort()
          .map((id) => `${id}=${state.extras[id]}`)
          .join(',');
  return `${codes}|${extras}|${notesKey(state.notes)}`;
}

/** Keys of notes already seen: notes are immutable values, and searchers share them between states. */
const notesKeys = new WeakMap<SystemNotes, string>();

/**
 * The canonical text of a state's notes, the last part of `fastStateKey`. Equal notes give
 * equal keys because every list is kept sorted. This is a pure function (memoised per object).
 */
export function notesKey(n: SystemNotes): string {
  let text = notesKeys.get(n);
  if (text === undefined) {
    const extraServers = Object.keys(n.extraServers)
      .sort()
      .map((id) => `${id}=${n.extraServers[id]}`)
      .join(',');
    text = `${n.promotedGroups.join(',')}|${n.awaitingImport.join(',')}|${n.awaitingKeyBackup.join(
      ',',
    )}|${n.historyLost.join(',')}|${extraServers}`;
    notesKeys.set(n, text);
  }
  return text;
}

/** Path (b): leaf indices in an `Int32Array`, transitions by table lookup. */
class CodeStore implements Store {
  constructor(
    protected readonly system: ModelSystem,
    readonly codes: Int32Array,
    readonly extras: Record<string, number>,
  ) {}
  private machine(id: string): CompiledMachine {
    return compiledMachine(kindOf(id));
  }
  get(id: string): string | undefined {
    const index = this.system.componentIndex.get(id);
    const code = index === undefined ? this.extras[id] : this.codes[index];
    return code === undefined ? undefined : this.machine(id).leaves[code];
  }
  add(id: string, path: string): void {
    const code = this.machine(id).leafIndex.get(path);
    if (code === undefined) throw new Error(`${id} has no state ${path}`);
    this.extras[id] = code;
  }
  fire(id: string, event: ModelEvent): TransitionOutcome {
    const machine = this.machine(id);
    const index = this.system.componentIndex.get(id);
    const code = index === undefined ? this.extras[id] : this.codes[index];
    if (code === undefined) throw new Error(`no component ${id}`);
    const out = fastTransition(machine, code, event);
    if (index === undefined) this.extras[id] = out.next;
    else this.codes[index] = out.next;
    const next = machine.leaves[out.next]!;
    return out.violation === undefined
      ? { next, accepted: out.accepted }
      : { next, accepted: out.accepted, violation: out.violation };
  }
}

/**
 * Path (b) with a record of what the step looked at: the first read of every declared
 * component, in order, taken before the step changes it. Reads after the step's own change are
 * not recorded: their value follows from the earlier reads.
 */
class TracingCodeStore extends CodeStore {
  /** (component index, leaf code) pairs, flat. */
  readonly reads: number[] = [];
  private readonly touched: Uint8Array;
  /** True when the step created a component the environment does not declare. */
  added = false;

  constructor(system: ModelSystem, codes: Int32Array, extras: Record<string, number>) {
    super(system, codes, extras);
    this.touched = new Uint8Array(codes.length);
  }
  private touch(id: string): void {
    const index = this.system.componentIndex.get(id);
    if (index === undefined || this.touched[index] === 1) return;
    this.touched[index] = 1;
    this.reads.push(index, this.codes[index]!);
  }
  override get(id: string): string | undefined {
    this.touch(id);
    return super.get(id);
  }
  override add(id: string, path: string): void {
    this.added = true;
    super.add(id, path);
  }
  override fire(id: string, event: ModelEvent): TransitionOutcome {
    this.touch(id);
    return super.fire(id, event);
  }
}

// ---------------------------------------------------------------------------------------
// The routing shared by both paths
// ---------------------------------------------------------------------------------------

interface MutableNotes {
  promotedGroups: Set<string>;
  awaitingImport: Set<string>;
  awaitingKeyBackup: Set<string>;
  historyLost: Set<string>;
  extraServers: Record<string, string>;
}

/** A change a step made to one of the notes' lists, in the order the step made it. */
export interface NoteOp {
  readonly list: 'promotedGroups' | 'awaitingImport' | 'awaitingKeyBackup' | 'historyLost';
  readonly add: boolean;
  readonly value: string;
}

/** A set that logs every `add` and `delete` made after construction. */
class RecordingSet extends Set<string> {
  log: NoteOp[] | undefined;
  list: NoteOp['list'] = 'historyLost';
  override add(value: string): this {
    this.log?.push({ list: this.list, add: true, value });
    return super.add(value);
  }
  override delete(value: string): boolean {
    this.log?.push({ list: this.list, add: false, value });
    return super.delete(value);
  }
}

function recordingSet(values: readonly string[], list: NoteOp['list'], log: NoteOp[]): RecordingSet {
  const set = new RecordingSet(values);
  set.list = list;
  set.log = log;
  return set;
}

/** Mutable copies of the notes; with `log`, every change to the lists is recorded there. */
function thawNotes(notes: SystemNotes, log?: NoteOp[]): MutableNotes {
  if (log !== undefined) {
    return {
      promotedGroups: recordingSet(notes.promotedGroups, 'promotedGroups', log),
      awaitingImport: recordingSet(notes.awaitingImport, 'awaitingImport', log),
      awaitingKeyBackup: recordingSet(notes.awaitingKeyBackup, 'awaitingKeyBackup', log),
      historyLost: recordingSet(notes.historyLost, 'historyLost', log),
      extraServers: { ...notes.extraServers },
    };
  }
  return {
    promotedGroups: new Set(notes.promotedGroups),
    awaitingImport: new Set(notes.awaitingImport),
    awaitingKeyBackup: new Set(notes.awaitingKeyBackup),
    historyLost: new Set(notes.historyLost),
    extraServers: { ...notes.extraServers },
  };
}

/** The notes after replaying recorded changes in order. This is a pure function. */
export function applyNoteOps(notes: SystemNotes, ops: readonly NoteOp[]): SystemNotes {
  const mutable = thawNotes(notes);
  for (const op of ops) {
    if (op.add) mutable[op.list].add(op.value);
    else mutable[op.list].delete(op.value);
  }
  return freezeNotes(mutable);
}

function freezeNotes(notes: MutableNotes): SystemNotes {
  const sorted = (set: Set<string>) => [...set].sort();
  const extraServers: Record<string, string> = {};
  for (const id of Object.keys(notes.extraServers).sort()) extraServers[id] = notes.extraServers[id]!;
  return {
    promotedGroups: sorted(notes.promotedGroups),
    awaitingImport: sorted(notes.awaitingImport),
    awaitingKeyBackup: sorted(notes.awaitingKeyBackup),
    historyLost: sorted(notes.historyLost),
    extraServers,
  };
}

const EMPTY_NOTES: SystemNotes = {
  promotedGroups: [],
  awaitingImport: [],
  awaitingKeyBackup: [],
  historyLost: [],
  extraServers: {},
};

type Flags = Partial<Record<Flag, boolean>>;

/** The outcome of one event as the routing sees it. */
interface Sent {
  readonly accepted: boolean;
  readonly from: string;
  readonly to: string;
  readonly violation?: ViolationMeta;
}

/** One step's work: fires events, collects effects and violations. */
class Router {
  readonly effects: Effect[] = [];
  readonly violations: Violation[] = [];
  /** The component the step itself targets, when it targets a server; see `violate`. */
  subject: string | undefined;

  constructor(
    readonly system: ModelSystem,
    readonly store: Store,
    readonly notes: MutableNotes,
    readonly action: string,
  ) {}

  path(id: string): string | undefined {
    return this.store.get(id);
  }

  /**
   * Sends an event to a component. A violation on the transition is reported; so is an
   * action (not an internal event) that no transition accepts (`step-precondition`).
   */
  send(id: string, type: ModelEventType, flags?: Flags, names?: Readonly<Record<string, string>>): Sent {
    const from = this.store.get(id);
    if (from === undefined) throw new Error(`no component ${id}`);
    const event: ModelEvent = flags === undefined ? { type } : { type, flags };
    const outcome = this.store.fire(id, event);
    if (outcome.next !== from) this.effects.push({ component: id, event: type, from, to: outcome.next });
    if (outcome.violation !== undefined) {
      this.violate(id, outcome.violation, names, from);
    } else if (!outcome.accepted && type === this.action) {
      const meta = compiledMachine(kindOf(id)).leafMeta[
        compiledMachine(kindOf(id)).leafIndex.get(from) ?? -1
      ];
      // The description, never the state path: `servicesStopped.workflow` is the models' word.
      this.violate(
        id,
        {
          ruleId: 'step-precondition',
          citation: ACTIONS[type as ActionName]?.citations[0] ?? 'D-OV',
          reason: `${meta?.description ?? 'it is in a state where this step does not apply'}, so ${type} is not possible`,
        },
        undefined,
        from,
      );
    }
    return {
      accepted: outcome.accepted,
      from,
      to: outcome.next,
      ...(outcome.violation === undefined ? {} : { violation: outcome.violation }),
    };
  }

  violate(id: string, meta: ViolationMeta, names?: Readonly<Record<string, string>>, from?: string): void {
    const detail =
      names === undefined
        ? ''
        : ` (${Object.entries(names)
            .map(([k, v]) => `${k}: ${v}`)
            .join(', ')})`;
    // A violation on a component the step does not name (the SQL instance under a service
    // start) is said on the step's own target first, so the message names what the step does.
    const onSubject = this.subject !== undefined && this.subject !== id;
    const prefix = onSubject
      ? `${this.action} on ${labelOf(this.subject!)}: ${labelOf(id)}: `
      : `${this.action} on ${labelOf(id)}: `;
    const fix = fixFor(meta.ruleId, this.action, id, from);
    this.violations.push({
      ruleId: meta.ruleId,
      component: id,
      message: `${prefix}${meta.reason}${detail}${fix === undefined ? '' : `; ${fix}`}`,
      citation: meta.citation,
    });
  }

  /** A violation found by the routing itself: the step names nothing the models can act on. */
  reject(id: string, ruleId: string, citation: string, reason: string): undefined {
    this.violate(id, { ruleId, citation, reason });
    return undefined;
  }

  // --- lookups -------------------------------------------------------------------------

  computer(name: string): Computer | undefined {
    return this.system.computers.get(key(name));
  }

  /** The declared spelling of a computer, or the name as written for one the environment lacks. */
  computerName(name: string): string {
    return this.computer(name)?.name ?? name;
  }

  /** True when the computer exists now: declared and not lost, or provisioned by a step. */
  computerExists(name: string): boolean {
    const path = this.path(`computer:${this.computerName(name)}`);
    return path === 'up' || path === 'provisioned';
  }

  server(computer: string): ManagementServer | undefined {
    return this.system.servers.get(key(computer));
  }

  /** The id of the server machine for a computer: the declared one, or an existing slot. */
  serverId(computer: string): string | undefined {
    const server = this.server(computer);
    if (server !== undefined)
      return server.role === 'data-warehouse' ? `dw:${server.computer}` : `ms:${server.computer}`;
    const name = this.computerName(computer);
    if (this.path(`ms:${name}`) !== undefined) return `ms:${name}`;
    if (this.path(`dw:${name}`) !== undefined) return `dw:${name}`;
    return undefined;
  }

  /**
   * A server machine for a computer the environment gives no server of that kind: a new
   * computer (R-ADD) or a declared computer hosting something else. It starts `provisioned`
   * when the computer exists, `lost` otherwise.
   */
  slot(prefix: 'ms' | 'dw', computer: string): string {
    const id = `${prefix}:${this.computerName(computer)}`;
    if (this.path(id) === undefined)
      this.store.add(id, this.computerExists(computer) ? 'provisioned' : 'lost');
    return id;
  }

  /** True when the computer is neither declared nor provisioned by an earlier step. */
  unknownComputer(name: string): boolean {
    if (this.computer(name) !== undefined) return false;
    const path = this.path(`computer:${name}`);
    return path === undefined || path === 'absent';
  }

  database(name: string): Database | undefined {
    return this.system.databases.get(key(name));
  }

  databaseOnline(name: string | undefined): boolean {
    return (
      name !== undefined && HEALTHY_DB.has(this.path(`database:${this.database(name)?.name ?? name}`) ?? '')
    );
  }

  instanceId(id: string): string {
    return `instance:${this.system.instances.get(instanceKey(id))?.id ?? id}`;
  }

  /** The Service Manager group a server belongs to: declared, or recorded at its Setup. */
  smGroupOf(serverId: string): ServiceManagerGroup | undefined {
    const name = serverId.slice(serverId.indexOf(':') + 1);
    const server = this.server(name);
    const group = server?.managementGroup ?? this.notes.extraServers[serverId];
    return group === undefined ? undefined : this.system.smGroups.get(key(group));
  }

  dwGroupOf(computer: string): DataWarehouseGroup | undefined {
    for (const group of this.system.dwGroups.values())
      if (key(group.managementServer) === key(computer)) return group;
    return undefined;
  }

  /** Every SM server machine of a group: declared servers and servers installed on new computers. */
  groupServers(group: ServiceManagerGroup): string[] {
    const ids = group.managementServers.map((computer) => `ms:${computer}`);
    for (const [id, name] of Object.entries(this.notes.extraServers))
      if (key(name) === key(group.name)) ids.push(id);
    return ids;
  }

  /** Tells a database, and its instance, that a server now depends on it. */
  use(databaseName: string | undefined): void {
    if (databaseName === undefined) return;
    const database = this.database(databaseName);
    if (database === undefined) return;
    const id = `database:${database.name}`;
    this.send(id, 'use', undefined, { database: database.name, instance: database.instance });
    // A lost database is the consumer's problem (database-before-setup); CLR matters only
    // for a database that is back on the rebuilt instance.
    if (this.path(id) !== 'lost') {
      this.send(`instance:${database.instance}`, 'use', undefined, { instance: database.instance });
    }
  }
}

/**
 * The step a user adds, moves or changes to satisfy a rule broken by `action` on component
 * `id` (in state `from` before the step), as a clause appended to the violation's message, or
 * `undefined` when the reason already says it. Every plan rule the models report has one.
 */
function fixFor(ruleId: string, action: string, id: string, from: string | undefined): string | undefined {
  const name = id.slice(id.indexOf(':') + 1);
  const kind = id.slice(0, id.indexOf(':'));
  switch (ruleId) {
    case 'key-restored-before-setup':
      return action === 'restore-encryption-key'
        ? `move this \`restore-encryption-key\` above the Setup step of ${name}`
        : `add \`restore-encryption-key computer=${name}\` after \`provision-computer ${name}\` and before this step`;
    case 'same-computer-name':
      return `change \`computer\` to the name of the failed server the key belongs to, and provision that name`;
    case 'same-sql-instance':
      return action === 'restore-database' ? 'change `instance` to the original one named here' : undefined;
    case 'matching-encryption-key':
      return `change \`from\` to ${name} (or omit it) so that the step restores ${name}'s own key backup`;
    case 'database-before-setup':
      return 'move `restore-database` and `run-permissions-script` of its database (and the rebuild of their instance) before this step';
    case 'promotion-requires-additional-server':
      return 'change `computer` to a surviving additional management server of the group, or replace the server instead (`provision-computer`, `restore-encryption-key`, `install-management-server`)';
    case 'promotion-order':
      if (action === 'clear-health-service-state' || from?.startsWith('operational') === true)
        return `add \`stop-services ${name}\`${action === 'promote-workflow-server' ? ` and \`clear-health-service-state ${name}\`` : ''} before this step`;
      return `add \`clear-health-service-state ${name}\` before this step`;
    case 'data-warehouse-replace-only':
      return `remove this step; recover ${name} with \`provision-computer\`, \`restore-encryption-key\` and \`install-data-warehouse-server\` under its own name`;
    case 'permissions-after-restore':
      return `add \`run-permissions-script database=${name}\` before this step`;
    case 'clr-after-sql-rebuild':
      return `add \`enable-clr instance=${kind === 'instance' ? name : '…'}\` before this step`;
    case 'original-reporting-url':
      return 'change `reportingUrl` to the original URL named here';
    case 'single-workflow-server':
      return 'keep exactly one workflow server: remove this step, or promote with `promote-workflow-server` instead of installing a second workflow server';
    case 'step-precondition':
      return preconditionFix(action, kind, name, from);
    default:
      return undefined;
  }
}

/** The step that would have made `action` possible on a component in state `from`. */
function preconditionFix(action: string, kind: string, name: string, from: string | undefined): string {
  if (action === 'restore-database')
    return 'add `install-sql-server` and `enable-clr` for the target instance before this step if it is not running; without a usable backup, change the step to `recreate-database` (data warehouse databases only) or keep a backup off the host';
  if (from === 'lost' || from === 'absent') {
    if (kind === 'database')
      return `add \`restore-database database=${name}\` (or \`recreate-database\`) before this step`;
    if (kind === 'instance') return `add \`provision-computer ${instanceHost(name)}\` before this step`;
    if (kind === 'computer' || kind === 'ms' || kind === 'dw')
      return `add \`provision-computer ${name}\` before this step`;
  }
  if (from === 'provisioned' && kind === 'instance')
    return `add \`install-sql-server instance=${name}\` before this step`;
  if (from === 'up' && action === 'provision-computer')
    return 'remove this step: the computer has not failed';
  if (action === 'start-services') return `add \`stop-services ${name}\` before this step, or remove it`;
  return 'change or remove this step, or add the step that makes it possible before it';
}

/** True when the transition actually happened (not rejected as impossible). */
function happened(sent: Sent): boolean {
  return sent.accepted && sent.violation?.ruleId !== 'step-precondition';
}

function param(action: ModelAction, name: string): string | undefined {
  const value = action.params[name];
  return value === undefined || value === '' ? undefined : value;
}

function sameUrl(a: string, b: string): boolean {
  const norm = (url: string) => url.trim().replace(/\/+$/, '').toLowerCase();
  return norm(a) === norm(b);
}

/**
 * Routes one action to the machines it concerns. Returns nothing; `undefined` as the return
 * type lets each branch end with `return r.reject(…)`.
 */
function route(r: Router, action: ModelAction): undefined {
  const computerParam = param(action, 'computer');
  const needComputer = (): string | undefined => {
    if (computerParam === undefined) {
      r.reject(`computer:?`, 'step-precondition', 'D-OV', 'the step names no computer');
      return undefined;
    }
    if (r.unknownComputer(computerParam)) {
      r.reject(
        `computer:${computerParam}`,
        'step-precondition',
        'D-OV',
        `${computerParam} is neither declared by the environment nor provisioned by an earlier step`,
      );
      return undefined;
    }
    return r.computerName(computerParam);
  };

  switch (action.action) {
    case 'manual':
      return;

    case 'provision-computer': {
      if (computerParam === undefined) {
        needComputer();
        return;
      }
      const name = r.computerName(computerParam);
      const id = `computer:${name}`;
      if (r.path(id) === undefined) r.store.add(id, 'absent');
      const sent = r.send(id, 'provision-computer');
      if (sent.to !== 'provisioned' || sent.from === 'provisioned') return;
      // The components the computer hosted come back as empty shells under the same name.
      for (const hosted of r.system.hosted.get(key(name)) ?? []) r.send(hosted, 'provision-computer');
      return;
    }

    case 'install-sql-server': {
      const instance = param(action, 'instance');
      if (instance === undefined)
        return r.reject('instance:?', 'step-precondition', 'D-OV', 'no instance named');
      const declared = r.system.instances.get(instanceKey(instance));
      if (declared !== undefined) {
        r.send(`instance:${declared.id}`, 'install-sql-server', { sameInstanceName: true });
        return;
      }
      const host = instanceHost(instance);
      const onHost = r.system.env.sqlInstances.filter((candidate) => key(candidate.computer) === key(host));
      if (onHost.length > 0) {
        // The host had other instance names: rebuilding it under a new one breaks invariant 3
        // (D-DBREC). The original instance stays unrebuilt (so the scenario is not recovered),
        // and the new one exists as installed, so that the later steps are judged on it: a
        // restore onto it is itself `same-sql-instance`.
        const target =
          onHost.find((candidate) => r.path(`instance:${candidate.id}`) === 'provisioned') ?? onHost[0]!;
        const held = (r.system.databasesOn.get(instanceKey(target.id)) ?? []).map((d) => d.name);
        const sent = r.send(
          `instance:${target.id}`,
          'install-sql-server',
          { sameInstanceName: false },
          {
            installed: instance,
            original: target.id,
            'databases it held': held.join(', ') || 'none',
          },
        );
        if (!happened(sent)) return;
        const id = `instance:${instance}`;
        if (r.path(id) === undefined) r.store.add(id, 'provisioned');
        r.send(id, 'install-sql-server', { sameInstanceName: true });
        return;
      }
      if (r.unknownComputer(host)) {
        return r.reject(
          `instance:${instance}`,
          'step-precondition',
          'D-OV',
          `${host} is neither declared nor provisioned by an earlier step`,
        );
      }
      // A new instance on a computer that hosted none: legal in itself; restoring a database
      // onto it is what breaks invariant 3.
      const id = `instance:${instance}`;
      if (r.path(id) === undefined) r.store.add(id, r.computerExists(host) ? 'provisioned' : 'lost');
      r.send(id, 'install-sql-server', { sameInstanceName: true });
      return;
    }

    case 'enable-clr': {
      const instance = param(action, 'instance');
      const id = instance === undefined ? undefined : r.instanceId(instance);
      if (id === undefined || r.path(id) === undefined) {
        return r.reject(
          `instance:${instance ?? '?'}`,
          'step-precondition',
          'D-BKDB',
          'no such instance is installed',
        );
      }
      const sent = r.send(id, 'enable-clr');
      if (!happened(sent)) return;
      for (const database of r.system.databasesOn.get(instanceKey(instance!)) ?? []) {
        r.send(`database:${database.name}`, 'enable-clr');
      }
      return;
    }

    case 'restore-database': {
      const database = r.database(param(action, 'database') ?? '');
      const target = param(action, 'instance');
      if (database === undefined || target === undefined) {
        return r.reject(
          'database:?',
          'step-precondition',
          'D-DBREC',
          'the step needs a declared database and an instance',
        );
      }
      const targetId = r.instanceId(target);
      const partnerRole =
        database.role === 'dw-staging'
          ? 'repository'
          : database.role === 'dw-repository'
            ? 'staging'
            : undefined;
      let partnerSameInstance = true;
      let partnerName: string | undefined;
      if (partnerRole !== undefined) {
        for (const group of r.system.dwGroups.values()) {
          const own = database.role === 'dw-staging' ? group.databases.staging : group.databases.repository;
          if (key(own) !== key(database.name)) continue;
          const partner = r.database(group.databases[partnerRole]);
          if (partner !== undefined) {
            partnerSameInstance = instanceKey(partner.instance) === instanceKey(target);
            partnerName = `${partner.name} on ${partner.instance}`;
          }
        }
      }
      const sent = r.send(
        `database:${database.name}`,
        'restore-database',
        {
          instanceAvailable: AVAILABLE_INSTANCE.has(r.path(targetId) ?? ''),
          originalInstance: instanceKey(target) === instanceKey(database.instance),
          partnerSameInstance,
          backupUsable: r.path(`backup:${database.name}`) === 'usable',
        },
        { database: database.name, instance: target, original: database.instance },
      );
      if (sent.violation?.ruleId === 'same-sql-instance' && !partnerSameInstance) {
        // The machine reports the wrong instance first; a restore that also separates the
        // staging database from its repository breaks F14 as well, and says so on its own id.
        r.violate(
          `database:${database.name}`,
          {
            ruleId: 'staging-repository-same-instance',
            citation: 'P-MVDW',
            reason:
              'DWStagingAndConfig and DWRepository "have to be restored on the same instance" (P-MVDW, F14): restore both onto the instance the environment declares for them',
          },
          { database: database.name, instance: target, [`${partnerRole} database`]: partnerName ?? '?' },
        );
      }
      if (
        sent.to === 'restored' &&
        database.role === 'service-manager' &&
        database.managementGroup !== undefined
      ) {
        // The catalog expects the unsealed management packs imported after a ServiceManager restore.
        r.notes.awaitingImport.add(`group:${database.managementGroup}`);
      }
      return;
    }

    case 'recreate-database': {
      const database = r.database(param(action, 'database') ?? '');
      if (database === undefined)
        return r.reject('database:?', 'step-precondition', 'D-DBREC', 'no such database');
      const sent = r.send(`database:${database.name}`, 'recreate-database', {
        dataWarehouse: DW_DATABASE_ROLES.has(database.role),
        instanceAvailable: AVAILABLE_INSTANCE.has(r.path(`instance:${database.instance}`) ?? ''),
      });
      if (sent.to !== 'recreated' || sent.from === 'recreated') return;
      r.notes.historyLost.add(database.name);
      if (database.role === 'dw-staging') {
        // The registration lives in DWStagingAndConfig (§1.4): an empty one is unregistered.
        for (const group of r.system.dwGroups.values()) {
          if (key(group.databases.staging) === key(database.name))
            r.send(`dwgroup:${group.name}`, 'registration-lost');
        }
      }
      return;
    }

    case 'run-permissions-script': {
      const database = r.database(param(action, 'database') ?? '');
      if (database === undefined)
        return r.reject('database:?', 'step-precondition', 'D-DBREC', 'no such database');
      r.send(`database:${database.name}`, 'run-permissions-script', {
        clrEnabled: CLR_ON.has(r.path(`instance:${database.instance}`) ?? ''),
      });
      return;
    }

    case 'restore-encryption-key': {
      const computer = needComputer();
      if (computer === undefined) return;
      const fromName = param(action, 'from') ?? computer;
      const owner = r.server(fromName);
      if (owner === undefined) {
        return r.reject(
          `key:${fromName}`,
          'step-precondition',
          'D-RKEY',
          `${fromName} is not a declared management server, so no key backup of it exists`,
        );
      }
      const ownerKind = owner.role === 'data-warehouse' ? 'dw' : 'ms';
      const target = r.server(computer);
      const id = target === undefined ? r.slot(ownerKind, computer) : (r.serverId(computer) as string);
      r.send(
        id,
        'restore-encryption-key',
        {
          keyUsable: r.path(`key:${owner.computer}`) === 'usable',
          keyMatches: key(owner.computer) === key(computer),
          originalName: target !== undefined,
        },
        { key: `${owner.computer}’s backup (${r.path(`key:${owner.computer}`)})` },
      );
      return;
    }

    case 'install-management-server': {
      const computer = needComputer();
      if (computer === undefined) return;
      const databaseName = param(action, 'database');
      const declared = r.server(computer);
      const id = declared === undefined ? r.slot('ms', computer) : (r.serverId(computer) as string);
      const group =
        r.smGroupOf(id) ??
        [...r.system.smGroups.values()].find(
          (g) => databaseName !== undefined && key(g.database) === key(databaseName),
        ) ??
        [...r.system.smGroups.values()][0];
      const existingDatabase =
        group !== undefined && databaseName !== undefined && key(group.database) === key(databaseName);
      // R-ADD's precondition (P-ADDMSI): "the initial management server and the ServiceManager
      // database already exist". Without it a lost workflow server could be reinstalled as an
      // additional one without its key and then promoted, a path no document describes.
      if (
        param(action, 'role') !== 'workflow' &&
        group !== undefined &&
        !r.groupServers(group).some((server) => {
          // A workflow server with its services stopped (during a database restore) still exists.
          const at = r.path(server) ?? '';
          return at.endsWith('.workflow') && !at.startsWith('broken');
        })
      ) {
        return r.reject(
          id,
          'step-precondition',
          'P-ADDMSI',
          `an additional management server joins an existing management group, but ${group.name} has no operational workflow server: restore it (R-REPLACE-MS) or promote an additional server (R-PROMOTE) first`,
        );
      }
      r.subject = id;
      const sent = r.send(
        id,
        'install-management-server',
        {
          existingDatabase,
          databaseOnline: existingDatabase && r.databaseOnline(group?.database),
          roleWorkflow: param(action, 'role') === 'workflow',
          originalName: declared !== undefined,
        },
        { database: databaseName ?? '(none)' },
      );
      if (!happened(sent)) return;
      if (existingDatabase) r.use(group?.database);
      if (sent.to.startsWith('operational')) {
        if (declared === undefined && group !== undefined) r.notes.extraServers[id] = group.name;
        r.notes.awaitingKeyBackup.add(computer);
        // A replacement (Setup on a restored key, R-REPLACE-MS) is followed by R-MP (N-IMPL);
        // a fresh additional server (R-ADD) is not.
        if (sent.from === 'keyRestored') r.notes.awaitingImport.add(id);
      }
      return;
    }

    case 'install-data-warehouse-server': {
      const computer = needComputer();
      if (computer === undefined) return;
      const databaseName = param(action, 'database');
      const declared = r.server(computer);
      const id = declared === undefined ? r.slot('dw', computer) : (r.serverId(computer) as string);
      const group =
        r.dwGroupOf(computer) ??
        [...r.system.dwGroups.values()].find(
          (g) => databaseName !== undefined && key(g.databases.staging) === key(databaseName),
        ) ??
        [...r.system.dwGroups.values()][0];
      const existingDatabase =
        group !== undefined &&
        databaseName !== undefined &&
        key(group.databases.staging) === key(databaseName);
      const url = param(action, 'reportingUrl');
      const original = group?.reportingServer?.url;
      // With no recorded original URL there is nothing to compare: the readiness rules report
      // the missing record (B7); the step is not blamed for it.
      const originalReportingUrl = original === undefined || (url !== undefined && sameUrl(url, original));
      r.subject = id;
      const sent = r.send(
        id,
        'install-data-warehouse-server',
        {
          existingDatabase,
          databaseOnline: existingDatabase && r.databaseOnline(group?.databases.staging),
          originalReportingUrl,
          originalName: declared !== undefined,
        },
        {
          database: databaseName ?? '(none)',
          reportingUrl: url ?? '(none)',
          ...(original === undefined ? {} : { originalUrl: original }),
        },
      );
      if (!happened(sent)) return;
      if (existingDatabase) r.use(group?.databases.staging);
      if (sent.to === 'operational') r.notes.awaitingKeyBackup.add(computer);
      return;
    }

    case 'stop-services':
    case 'start-services':
    case 'clear-health-service-state':
    case 'import-management-packs':
    case 'backup-encryption-key':
    case 'promote-workflow-server': {
      const computer = needComputer();
      if (computer === undefined) return;
      let id = r.serverId(computer);
      if (id === undefined) {
        if (action.action === 'promote-workflow-server') {
          // Nothing to promote on a computer without a Service Manager management server.
          id = r.slot('ms', computer);
        } else {
          return r.reject(
            `computer:${computer}`,
            'step-precondition',
            'D-OV',
            `${computer} hosts no management server`,
          );
        }
      }
      r.subject = id;
      const smGroup = id.startsWith('ms:') ? r.smGroupOf(id) : undefined;
      const dwGroup = id.startsWith('dw:') ? r.dwGroupOf(computer) : undefined;
      const groupDatabase = smGroup?.database ?? dwGroup?.databases.staging;
      const sent = r.send(id, action.action, { databaseOnline: r.databaseOnline(groupDatabase) });
      if (!happened(sent)) return;
      if (action.action === 'start-services' || action.action === 'import-management-packs') {
        r.use(groupDatabase);
        if (dwGroup !== undefined && action.action === 'start-services') {
          r.use(dwGroup.databases.repository);
          r.use(dwGroup.databases.datamart);
        }
      }
      if (action.action === 'promote-workflow-server') {
        r.use(groupDatabase);
        if (sent.to === 'promoted' && sent.from !== 'promoted' && smGroup !== undefined) {
          r.notes.promotedGroups.add(smGroup.name);
          // p_PromoteActiveWorkflowServer moves the role: every other server is now additional.
          for (const other of r.groupServers(smGroup))
            if (other !== id && r.path(other) !== undefined) r.send(other, 'demote');
        }
      }
      if (action.action === 'import-management-packs' && sent.violation === undefined) {
        r.notes.awaitingImport.delete(id);
        if (smGroup !== undefined) r.notes.awaitingImport.delete(`group:${smGroup.name}`);
      }
      if (action.action === 'backup-encryption-key' && sent.violation === undefined) {
        r.notes.awaitingKeyBackup.delete(computer);
        if (r.path(`key:${computer}`) !== undefined) r.send(`key:${computer}`, 'backup-encryption-key');
      }
      return;
    }

    case 'register-data-warehouse': {
      const smGroup = r.system.smGroups.get(key(param(action, 'managementGroup') ?? ''));
      const dwGroup = r.system.dwGroups.get(key(param(action, 'dataWarehouse') ?? ''));
      if (smGroup === undefined || dwGroup === undefined) {
        return r.reject(
          'dwgroup:?',
          'step-precondition',
          'P-REG',
          'the step needs a declared SM group and DW group',
        );
      }
      const smUp = r.groupServers(smGroup).some((id) => r.path(id)?.startsWith('operational') === true);
      const dwUp = r.path(`dw:${dwGroup.managementServer}`) === 'operational';
      r.send(`dwgroup:${dwGroup.name}`, 'register-data-warehouse', { serversOperational: smUp && dwUp });
      return;
    }

    default:
      r.reject('plan:?', 'step-precondition', 'D-OV', `unknown action ${action.action}`);
  }
}

/** Re-counts the active workflow servers of every Service Manager group (W-TARGET). */
function countWorkflowServers(r: Router): void {
  for (const group of r.system.smGroups.values()) {
    const active = r.groupServers(group).filter((id) => r.path(id) === 'operational.workflow');
    r.send(
      `group:${group.name}`,
      'workflow-count',
      { noWorkflowServer: active.length === 0, severalWorkflowServers: active.length > 1 },
      { 'workflow servers': active.map((id) => id.slice(3)).join(', ') || 'none' },
    );
  }
}

function runStep(
  system: ModelSystem,
  store: Store,
  notes: SystemNotes,
  action: ModelAction,
  noteLog?: NoteOp[],
) {
  const router = new Router(system, store, thawNotes(notes, noteLog), action.action);
  route(router, action);
  countWorkflowServers(router);
  return { notes: freezeNotes(router.notes), effects: router.effects, violations: router.violations };
}

function sortedRecord(states: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const id of Object.keys(states).sort()) out[id] = states[id]!;
  return out;
}

const xstateEngine = new XStateEngine();

// ---------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------

/**
 * The state after a loss: every computer of `loss.computers` and of `loss.sites` is lost with
 * everything on it (servers, instances, their databases, and backups stored on it); a
 * database of `loss.databases` alone is lost with its host intact. A management server lost
 * with the computer that also held its own database is `unrecoverable` (D-STRAT, invariant 7).
 * This is a pure function.
 */
export function initialState(system: ModelSystem, loss: Loss): SystemState {
  const states: Record<string, string> = {};
  system.components.forEach((component, index) => {
    states[component.id] = system.start[index]!;
  });
  const store = new RecordStore(states, xstateEngine);
  const router = new Router(system, store, thawNotes(EMPTY_NOTES), 'lose');
  const lostComputers = new Set(loss.computers.map(key));
  const sites = new Set(loss.sites.map(key));
  for (const computer of system.env.computers) {
    if (computer.site !== undefined && sites.has(key(computer.site))) lostComputers.add(key(computer.name));
  }
  const lostDatabases = new Set(loss.databases.map(key));
  for (const database of system.env.databases) {
    if (lostComputers.has(key(database.computer))) lostDatabases.add(key(database.name));
  }
  const databaseHost = (name: string | undefined) =>
    name === undefined ? undefined : system.databases.get(key(name))?.computer;
  for (const computer of system.env.computers) {
    if (!lostComputers.has(key(computer.name))) continue;
    router.send(`computer:${computer.name}`, 'lose');
    for (const id of system.hosted.get(key(computer.name)) ?? []) {
      let colocated = false;
      if (id.startsWith('ms:')) {
        const group = router.smGroupOf(id);
        colocated = key(databaseHost(group?.database) ?? '') === key(computer.name);
      } else if (id.startsWith('dw:')) {
        const group = router.dwGroupOf(computer.name);
        colocated = key(databaseHost(group?.databases.staging) ?? '') === key(computer.name);
      }
      router.send(id, 'lose', { databaseColocated: colocated });
    }
  }
  for (const database of system.env.databases) {
    if (lostDatabases.has(key(database.name))) router.send(`database:${database.name}`, 'lose');
    const storedOn = database.backup?.storedOn;
    if (storedOn !== undefined && lostComputers.has(key(storedOn)))
      router.send(`backup:${database.name}`, 'lose');
  }
  for (const server of system.env.managementServers) {
    const storedOn = server.keyBackup?.storedOn;
    if (storedOn !== undefined && lostComputers.has(key(storedOn)))
      router.send(`key:${server.computer}`, 'lose');
  }
  countWorkflowServers(router);
  return { components: sortedRecord(states), notes: EMPTY_NOTES };
}

/**
 * Executes one plan action on the XState machines (execution path a). This is a pure function:
 * the input state is not modified, and the same inputs give the same result.
 */
export function step(system: ModelSystem, state: SystemState, action: ModelAction): StepResult {
  const states = { ...state.components };
  const store = new RecordStore(states, xstateEngine);
  const out = runStep(system, store, state.notes, action);
  return {
    state: { components: sortedRecord(states), notes: out.notes },
    effects: out.effects,
    violations: out.violations,
  };
}

/** Converts a state to the integer form of the fast path. This is a pure function. */
export function toFastState(system: ModelSystem, state: SystemState): FastState {
  const codes = new Int32Array(system.components.length);
  const extras: Record<string, number> = {};
  for (const [id, path] of Object.entries(state.components)) {
    const code = compiledMachine(kindOf(id)).leafIndex.get(path);
    if (code === undefined) throw new Error(`${id} has no state ${path}`);
    const index = system.componentIndex.get(id);
    if (index === undefined) extras[id] = code;
    else codes[index] = code;
  }
  return { codes, extras, notes: state.notes };
}

/** Converts a fast-path state back to a `SystemState`. This is a pure function. */
export function fromFastState(system: ModelSystem, fast: FastState): SystemState {
  const states: Record<string, string> = {};
  system.components.forEach((component, index) => {
    states[component.id] = compiledMachine(component.kind).leaves[fast.codes[index]!]!;
  });
  for (const [id, code] of Object.entries(fast.extras))
    states[id] = compiledMachine(kindOf(id)).leaves[code]!;
  return { components: sortedRecord(states), notes: fast.notes };
}

/**
 * Executes one plan action on the compiled tables (execution path b), for hot loops. This is
 * a pure function: the input is not modified.
 */
export function fastStep(
  system: ModelSystem,
  state: FastState,
  action: ModelAction,
): { state: FastState; violations: readonly Violation[]; effects: readonly Effect[] } {
  const store = new CodeStore(system, state.codes.slice(), { ...state.extras });
  const out = runStep(system, store, state.notes, action);
  return {
    state: { codes: store.codes, extras: store.extras, notes: out.notes },
    violations: out.violations,
    effects: out.effects,
  };
}

/** What a traced step looked at and changed (see `tracedFastStep`). */
export interface StepTrace {
  /** First reads of declared components, flat (index, leaf code) pairs, in the order made. */
  readonly reads: readonly number[];
  /** The declared components the step changed, flat (index, new leaf code) pairs. */
  readonly writes: readonly number[];
  /** The changes to the notes' lists, in order. */
  readonly noteOps: readonly NoteOp[];
  /**
   * True when the step depended on or produced something the trace does not capture:
   * components created by steps, or servers recorded in `extraServers`.
   */
  readonly opaque: boolean;
}

/**
 * `fastStep` with a trace of its dependencies, for the transition cache. The routing is a
 * deterministic function of the action, the system and the values it reads; so any state that
 * agrees with this one on the recorded reads (and, when the trace is not opaque, has no
 * created components and no recorded extra servers) takes the same path through the routing,
 * makes the same writes and note changes, and gets the same violations. This is a pure function.
 */
export function tracedFastStep(
  system: ModelSystem,
  state: FastState,
  action: ModelAction,
): { state: FastState; violations: readonly Violation[]; effects: readonly Effect[]; trace: StepTrace } {
  const store = new TracingCodeStore(system, state.codes.slice(), { ...state.extras });
  const noteOps: NoteOp[] = [];
  const out = runStep(system, store, state.notes, action, noteOps);
  const writes: number[] = [];
  for (let i = 0; i < store.reads.length; i += 2) {
    const index = store.reads[i]!;
    if (store.codes[index] !== state.codes[index]) writes.push(index, store.codes[index]!);
  }
  const opaque =
    store.added ||
    Object.keys(state.extras).length > 0 ||
    Object.keys(state.notes.extraServers).length > 0 ||
    Object.keys(out.notes.extraServers).length > 0;
  return {
    state: { codes: store.codes, extras: store.extras, notes: out.notes },
    violations: out.violations,
    effects: out.effects,
    trace: { reads: store.reads, writes, noteOps, opaque },
  };
}

/**
 * Runs one action on both execution paths and says whether they agree on the next state, the
 * violations and the effects. This is a pure function.
 */
export function checkPathsAgree(
  system: ModelSystem,
  state: SystemState,
  action: ModelAction,
): { agree: boolean; xstate: StepResult; fast: StepResult } {
  const viaXState = step(system, state, action);
  const viaTable = fastStep(system, toFastState(system, state), action);
  const fast: StepResult = {
    state: fromFastState(system, viaTable.state),
    effects: viaTable.effects,
    violations: viaTable.violations,
  };
  const agree =
    stateKey(viaXState.state) === stateKey(fast.state) &&
    JSON.stringify(viaXState.violations) === JSON.stringify(fast.violations) &&
    JSON.stringify(viaXState.effects) === JSON.stringify(fast.effects);
  return { agree, xstate: viaXState, fast };
}

/** A canonical string for deduplicating states (keys sorted). This is a pure function. */
export function stateKey(state: SystemState): string {
  return JSON.stringify({ c: sortedRecord({ ...state.components }), n: freezeNotes(thawNotes(state.notes)) });
}

/** Paths of the operational workflow servers of each SM group. */
function workflowServers(system: ModelSystem, state: SystemState): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const group of system.smGroups.values()) {
    const ids = group.managementServers.map((computer) => `ms:${computer}`);
    for (const [id, name] of Object.entries(state.notes.extraServers))
      if (key(name) === key(group.name)) ids.push(id);
    out[group.name] = ids
      .filter((id) => state.components[id] === 'operational.workflow')
      .map((id) => id.slice(3));
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
        message: `${labelOf(id)} was restored but the permissions script was never run on it; add \`run-permissions-script database=${id.slice(9)}\` after its restore`,
      });
    } else if (kind === 'database' && path === 'awaitingClr') {
      const instance = system.databases.get(key(id.slice(9)))?.instance ?? '?';
      reasons.push({
        ruleId: 'clr-after-sql-rebuild',
        component: id,
        message: `${labelOf(id)} waits for CLR to be enabled on the rebuilt instance ${instance}; add \`enable-clr instance=${instance}\` after \`install-sql-server\``,
      });
    } else if (kind === 'sqlInstance' && path === 'installed') {
      reasons.push({
        ruleId: 'clr-after-sql-rebuild',
        component: id,
        message: `${labelOf(id)} was rebuilt but CLR was never enabled on it; add \`enable-clr instance=${id.slice(9)}\` after \`install-sql-server\``,
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
    const id = `dwgroup:${group.name}`;
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
        component: `group:${group.name}`,
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
      const ids = group.managementServers.map((computer) => `ms:${computer}`);
      for (const [id, name] of Object.entries(state.notes.extraServers))
        if (key(name) === key(group.name)) ids.push(id);
      if (!ids.some((id) => state.components[id] === 'operational.additional')) {
        reasons.push({
          ruleId: 'restore-redundancy',
          component: `group:${group.name}`,
          message: `after the promotion in ${group.name} no additional management server was re-added (R-ADD); add \`provision-computer\` and \`install-management-server … role=additional\` for the lost server`,
        });
      }
    }
  }
  for (const entry of state.notes.awaitingImport) {
    reasons.push({
      ruleId: 'import-management-packs',
      component: entry,
      message: entry.startsWith('group:')
        ? `the ServiceManager database of ${entry.slice(6)} was restored but no import-management-packs followed; add \`import-management-packs\` on its workflow server after the restore`
        : `${labelOf(entry)} was replaced by Setup but no import-management-packs ran on it afterwards; add \`import-management-packs ${entry.slice(3)}\` after its Setup`,
    });
  }
  for (const computer of state.notes.awaitingKeyBackup) {
    const id = state.components[`dw:${computer}`] !== undefined ? `dw:${computer}` : `ms:${computer}`;
    reasons.push({
      ruleId: 'backup-new-server-key',
      component: id,
      message: `Setup installed ${labelOf(id)} but its encryption key was not backed up afterwards; add \`backup-encryption-key ${computer}\` after its Setup`,
    });
  }
  const recovered = reasons.every((reason) => (getRule(reason.ruleId)?.severity ?? 'error') !== 'error');
  return { recovered, reasons, historyLost: [...state.notes.historyLost], workflowServers: servers };
}
