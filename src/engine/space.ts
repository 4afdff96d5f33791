/**
 * Exhaustive exploration of a recovery state space, the way a model checker stores it:
 * states packed into canonical string keys (one character per component leaf index, then the
 * notes), a `Map` from key to state index, parent pointers and the producing action in
 * `Int32Array`s instead of stored paths, an index-pointer FIFO queue over the state array, and
 * the transition relation kept as three flat arrays for the cost pass (Dijkstra).
 *
 * The model: from a start state, every move the synthesis move generator proposes
 * (`candidateActions`, the documented procedures) is tried on the compiled tables
 * (`fastStep`); a move is a transition when the models report no violation and it changes
 * the state, exactly the edges plan synthesis searches.
 */
import {
  type FastState,
  fastStateKey,
  fastStep,
  fromFastState,
  type ModelSystem,
  verdict,
} from '../models/system.js';
import {
  type CandidateAction,
  candidateActions,
  type SynthesisContext,
  synthesisContext,
} from '../simulator/synthesis-candidates.js';

/** The weight of one database recreated without its history: more than any sum of seconds. */
export const HISTORY_LOST_WEIGHT = 1e9;

/** A growable typed array of 32-bit integers. */
class IntList {
  data: Int32Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Int32Array(capacity);
  }
  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }
  trimmed(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

/** An explored state space. A state is its index; index 0 is the start. */
export interface StateSpace {
  readonly system: ModelSystem;
  readonly context: SynthesisContext;
  readonly states: readonly FastState[];
  readonly keys: ReadonlyMap<string, number>;
  /** Parent of each state in the breadth-first tree (-1 for the start). */
  readonly parent: Int32Array;
  /** The action (index into `actions`) that first produced each state (-1 for the start). */
  readonly via: Int32Array;
  /** Every distinct action that labels a transition. */
  readonly actions: readonly CandidateAction[];
  /** The transition relation: `from[i] --actionOf[i]--> to[i]`. */
  readonly from: Int32Array;
  readonly to: Int32Array;
  readonly actionOf: Int32Array;
  /** States with no transition out. */
  readonly terminal: Int32Array;
  /** False when `maxStates` stopped the exploration. */
  readonly complete: boolean;
  /** `fastStep` calls made (moves tried). */
  readonly stepsTried: number;
}

/** Options of an exploration. */
export interface ExploreSpaceOptions {
  /** Stop after this many distinct states (default: no bound). */
  readonly maxStates?: number;
  /** A prepared move-generator context of `system` (built when absent). */
  readonly context?: SynthesisContext;
}

/**
 * Explores every state reachable from `start` breadth first (see the module comment). This is
 * a pure function: the same system and start give the same numbering.
 */
export function exploreSpace(
  system: ModelSystem,
  start: FastState,
  options: ExploreSpaceOptions = {},
): StateSpace {
  const context = options.context ?? synthesisContext(system);
  const maxStates = options.maxStates ?? Number.POSITIVE_INFINITY;
  const states: FastState[] = [start];
  const keys = new Map<string, number>([[fastStateKey(start), 0]]);
  const parent = new IntList();
  const via = new IntList();
  parent.push(-1);
  via.push(-1);
  const actions: CandidateAction[] = [];
  const actionIds = new Map<string, number>();
  const from = new IntList();
  const to = new IntList();
  const actionOf = new IntList();
  const terminal = new IntList();
  let stepsTried = 0;
  let complete = true;
  // The queue is the state array itself: states are numbered in discovery order.
  for (let head = 0; head < states.length; head++) {
    const state = states[head]!;
    const moves = candidateActions(context, state);
    let out = 0;
    for (const action of moves) {
      stepsTried++;
      const next = fastStep(system, state, action);
      if (next.violations.length > 0) continue;
      const key = fastStateKey(next.state);
      let target = keys.get(key);
      if (target === head) continue;
      const text = actionTextOf(action);
      let actionId = actionIds.get(text);
      if (actionId === undefined) {
        actionId = actions.length;
        actions.push(action);
        actionIds.set(text, actionId);
      }
      if (target === undefined) {
        if (states.length >= maxStates) {
          complete = false;
          continue;
        }
        target = states.length;
        states.push(next.state);
        keys.set(key, target);
        parent.push(head);
        via.push(actionId);
      }
      out++;
      from.push(head);
      to.push(target);
      actionOf.push(actionId);
    }
    if (out === 0) terminal.push(head);
  }
  return {
    system,
    context,
    states,
    keys,
    parent: parent.trimmed(),
    via: via.trimmed(),
    actions,
    from: from.trimmed(),
    to: to.trimmed(),
    actionOf: actionOf.trimmed(),
    terminal: terminal.trimmed(),
    complete,
    stepsTried,
  };
}

function actionTextOf(action: CandidateAction): string {
  let text = action.action;
  for (const name in action.params) text += ` ${name}=${action.params[name]}`;
  return text;
}

/** What an exhaustive exploration answers. */
export interface SpaceSummary {
  readonly states: number;
  readonly transitions: number;
  /** States with no move left. */
  readonly terminal: number;
  /** Terminal states the verdict judges recovered (no error-level reason). */
  readonly recovered: number;
  /** Terminal states with no reason at all (recovered, follow-ups done): synthesis's goal. */
  readonly goals: number;
  /** The cheapest way to a goal, when one is reachable. */
  readonly optimal?: { readonly seconds: number; readonly historyLost: number; readonly steps: number };
}

/** A binary min-heap of (priority, value) pairs in typed arrays. */
class MinHeap {
  private keys = new Float64Array(1024);
  private values = new Int32Array(1024);
  size = 0;
  push(key: number, value: number): void {
    if (this.size === this.keys.length) {
      const keys = new Float64Array(this.size * 2);
      keys.set(this.keys);
      this.keys = keys;
      const values = new Int32Array(this.size * 2);
      values.set(this.values);
      this.values = values;
    }
    let i = this.size++;
    while (i > 0) {
      const up = (i - 1) >> 1;
      if (this.keys[up]! <= key) break;
      this.keys[i] = this.keys[up]!;
      this.values[i] = this.values[up]!;
      i = up;
    }
    this.keys[i] = key;
    this.values[i] = value;
  }
  /** Removes the minimum and returns its value; `topKey` holds its priority. */
  topKey = 0;
  pop(): number {
    const value = this.values[0]!;
    this.topKey = this.keys[0]!;
    const lastKey = this.keys[--this.size]!;
    const lastValue = this.values[this.size]!;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= this.size) break;
      if (child + 1 < this.size && this.keys[child + 1]! < this.keys[child]!) child++;
      if (this.keys[child]! >= lastKey) break;
      this.keys[i] = this.keys[child]!;
      this.values[i] = this.values[child]!;
      i = child;
    }
    this.keys[i] = lastKey;
    this.values[i] = lastValue;
    return value;
  }
}

/**
 * Summarises an explored space: counts, which terminal states are recovered (the models'
 * `verdict`, asked only of terminal states: a goal has no move left), and the cheapest path
 * to a goal by Dijkstra over the recorded transitions, cost = recreated databases × weight +
 * seconds, the cost plan synthesis minimises. `secondsOf` prices an action (an isomorphic
 * cluster reuses another's space with its own durations). This is a pure function.
 */
export function summarizeSpace(
  space: StateSpace,
  secondsOf: (action: CandidateAction) => number = (action) => space.context.seconds(action),
): SpaceSummary {
  const { system, states } = space;
  const goal = new Uint8Array(states.length);
  let recovered = 0;
  let goals = 0;
  for (const index of space.terminal) {
    const judged = verdict(system, fromFastState(system, states[index]!));
    if (judged.recovered) recovered++;
    if (judged.reasons.length === 0) {
      goals++;
      goal[index] = 1;
    }
  }
  let optimal: SpaceSummary['optimal'];
  if (goals > 0) {
    // Adjacency in compressed form: edges sorted by source are already grouped, because
    // states are expanded in index order.
    const first = new Int32Array(states.length + 1).fill(-1);
    for (let e = space.from.length - 1; e >= 0; e--) first[space.from[e]!] = e;
    const seconds = space.actions.map(secondsOf);
    const dist = new Float64Array(states.length).fill(Number.POSITIVE_INFINITY);
    const depth = new Int32Array(states.length);
    dist[0] = 0;
    const heap = new MinHeap();
    heap.push(0, 0);
    while (heap.size > 0) {
      const at = heap.pop();
      if (heap.topKey > dist[at]!) continue;
      if (goal[at] === 1) {
        const history = states[at]!.notes.historyLost.length;
        optimal = {
          seconds: dist[at]! - history * HISTORY_LOST_WEIGHT,
          historyLost: history,
          steps: depth[at]!,
        };
        break;
      }
      const lost = states[at]!.notes.historyLost.length;
      for (let e = first[at]!; e >= 0 && e < space.from.length && space.from[e] === at; e++) {
        const next = space.to[e]!;
        const cost =
          dist[at]! +
          seconds[space.actionOf[e]!]! +
          (states[next]!.notes.historyLost.length - lost) * HISTORY_LOST_WEIGHT;
        if (cost < dist[next]!) {
          dist[next] = cost;
          depth[next] = depth[at]! + 1;
          heap.push(cost, next);
        }
      }
    }
  }
  return {
    states: states.length,
    transitions: space.from.length,
    terminal: space.terminal.length,
    recovered,
    goals,
    ...(optimal === undefined ? {} : { optimal }),
  };
}
