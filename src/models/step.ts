/**
 * The step API: the state after a loss, one plan action on either execution path (XState or
 * the compiled tables), the traced fast step of the transition cache, the conversions between
 * the two state forms, and the check that both paths agree.
 */
import { memoized } from '../common/memo.js';
import { compiledMachine } from './compile.js';
import { componentId, isDataWarehouseServerId, isManagementServerId, key, kindOf } from './ids.js';
import { EMPTY_NOTES, freezeNotes, type NoteOp, thawNotes } from './notes.js';
import { countWorkflowServers, Router } from './router.js';
import { route } from './routes/index.js';
import { CodeStore, RecordStore, type Store, TracingCodeStore } from './stores.js';
import type {
  Effect,
  FastState,
  Loss,
  ModelAction,
  ModelSystem,
  StepResult,
  SystemNotes,
  SystemState,
  Violation,
} from './system-types.js';
import { XStateEngine } from './xstate-engine.js';

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

/**
 * The state after a loss: every computer of `loss.computers` and of `loss.sites` is lost with
 * everything on it (servers, instances, their databases, and backups stored on it); a
 * database of `loss.databases` alone is lost with its host intact. A management server lost
 * with the computer that also held its own database is `unrecoverable` (D-STRAT, invariant 7).
 * The loss events go through the XState machines. This is a pure function.
 */
export function initialState(system: ModelSystem, loss: Loss): SystemState {
  const states: Record<string, string> = {};
  system.components.forEach((component, index) => {
    states[component.id] = system.start[index]!;
  });
  sendLossEvents(system, new RecordStore(states, xstateEngine), loss);
  return { components: sortedRecord(states), notes: EMPTY_NOTES };
}

/**
 * `initialState` on the compiled tables (execution path b), as a fast-path state: the same
 * loss events through the same routing, each looked up in the tables that are proven equal to
 * the machines, so that the searches that start from thousands of losses build no state paths
 * and ask XState nothing. `test/models/initial-state.test.ts` checks that it equals
 * `toFastState(system, initialState(system, loss))`. This is a pure function.
 */
export function initialFastState(system: ModelSystem, loss: Loss): FastState {
  const store = new CodeStore(system, startCodes(system).slice(), {});
  sendLossEvents(system, store, loss);
  return { codes: store.codes, extras: store.extras, notes: EMPTY_NOTES };
}

const startCodesOf = new WeakMap<ModelSystem, Int32Array>();

/** The leaf codes of every declared component before any loss (`system.start`), computed once per system. */
function startCodes(system: ModelSystem): Int32Array {
  return memoized(startCodesOf, system, () => {
    const codes = new Int32Array(system.components.length);
    system.components.forEach((component, index) => {
      codes[index] = compiledMachine(component.kind).leafIndex.get(system.start[index]!)!;
    });
    return codes;
  });
}

/** Sends every loss event of `loss` through the routing onto `store` (see `initialState`). */
function sendLossEvents(system: ModelSystem, store: Store, loss: Loss): void {
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
    router.send(componentId.computer(computer.name), 'lose');
    for (const id of system.hosted.get(key(computer.name)) ?? []) {
      let colocated = false;
      if (isManagementServerId(id)) {
        const group = router.smGroupOf(id);
        colocated = key(databaseHost(group?.database) ?? '') === key(computer.name);
      } else if (isDataWarehouseServerId(id)) {
        const group = router.dwGroupOf(computer.name);
        colocated = key(databaseHost(group?.databases.staging) ?? '') === key(computer.name);
      }
      router.send(id, 'lose', { databaseColocated: colocated });
    }
  }
  for (const database of system.env.databases) {
    if (lostDatabases.has(key(database.name))) router.send(componentId.database(database.name), 'lose');
    const storedOn = database.backup?.storedOn;
    if (storedOn !== undefined && lostComputers.has(key(storedOn)))
      router.send(componentId.databaseBackup(database.name), 'lose');
  }
  for (const server of system.env.managementServers) {
    const storedOn = server.keyBackup?.storedOn;
    if (storedOn !== undefined && lostComputers.has(key(storedOn)))
      router.send(componentId.keyBackup(server.computer), 'lose');
  }
  countWorkflowServers(router);
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
