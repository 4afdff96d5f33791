/**
 * Exhaustive exploration of a recovery state space, the way a model checker stores it: every
 * state packed into a row of one `Int32Array` (one leaf code per declared component, then the
 * id of its interned notes), an open-addressing hash table of row indices over those rows (no
 * key strings), parent pointers and the producing action in `Int32Array`s instead of stored
 * paths, an index-pointer FIFO queue over the state array, and the transition relation kept as
 * three flat arrays for the cost pass (Dijkstra).
 *
 * The model: from a start state, every move the synthesis move generator proposes
 * (`candidateActions`, the documented procedures) is tried on the compiled tables through the
 * system's transition cache (`models/transition-cache.ts`: the routing of `fastStep` compiled
 * into a decision tree per action); a move is a transition when the models report no
 * violation and it changes the state, exactly the edges plan synthesis searches.
 */
import { type FastState, fastStateKey, fromFastState, type ModelSystem, verdict } from '../models/system.js';
import {
  isPlainState,
  NO_EXTRAS,
  type TransitionCache,
  transitionCache,
} from '../models/transition-cache.js';
import {
  type CandidateAction,
  candidateActions,
  HISTORY_LOST_WEIGHT,
  type SynthesisContext,
  synthesisContext,
} from '../simulator/synthesis-candidates.js';
import { Canonicalizer, symmetryClasses } from './symmetry.js';

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
  /** Moves tried (steps looked up or run). */
  readonly stepsTried: number;
  /** True when the packed store was used; false when states needed the general store. */
  readonly packed: boolean;
  /**
   * With symmetry reduction, how many states each stored state stands for (its orbit under
   * swaps of interchangeable servers); absent without reduction (every state stands for one).
   */
  readonly orbit?: Float64Array;
}

/** Options of an exploration. */
export interface ExploreSpaceOptions {
  /** Stop after this many distinct states (default: no bound). */
  readonly maxStates?: number;
  /** A prepared move-generator context of `system` (built when absent). */
  readonly context?: SynthesisContext;
  /**
   * `general` forces the string-keyed store (for tests and benchmarks); by default the packed
   * store is used whenever the states can be packed. Both give the same numbering.
   */
  readonly store?: 'auto' | 'general';
  /**
   * Store one state per orbit of interchangeable additional servers (`symmetry.ts`); the
   * summary still counts every state. Packed store only. Default false.
   */
  readonly symmetry?: boolean;
}

/** What both stores record while exploring. */
class Recorder {
  readonly parent = new IntList();
  readonly via = new IntList();
  readonly from = new IntList();
  readonly to = new IntList();
  readonly actionOf = new IntList();
  readonly terminal = new IntList();
  readonly actions: CandidateAction[] = [];
  private readonly byObject = new Map<CandidateAction, number>();
  private readonly byText = new Map<string, number>();
  stepsTried = 0;
  complete = true;

  constructor() {
    // State 0, the start, has no parent and no producing action.
    this.parent.push(-1);
    this.via.push(-1);
  }

  /** The index of an action; candidate actions are shared objects, so identity mostly decides. */
  actionId(action: CandidateAction): number {
    let id = this.byObject.get(action);
    if (id !== undefined) return id;
    const text = actionTextOf(action);
    id = this.byText.get(text);
    if (id === undefined) {
      id = this.actions.length;
      this.actions.push(action);
      this.byText.set(text, id);
    }
    this.byObject.set(action, id);
    return id;
  }

  /** Records the transition `head --action--> target`; `discovered` when it found `target`. */
  edge(head: number, target: number, action: CandidateAction, discovered: boolean): void {
    const actionId = this.actionId(action);
    if (discovered) {
      this.parent.push(head);
      this.via.push(actionId);
    }
    this.from.push(head);
    this.to.push(target);
    this.actionOf.push(actionId);
  }

  space(
    system: ModelSystem,
    context: SynthesisContext,
    states: FastState[],
    packed: boolean,
    orbit?: readonly number[],
  ): StateSpace {
    return {
      ...(orbit === undefined ? {} : { orbit: Float64Array.from(orbit) }),
      system,
      context,
      states,
      parent: this.parent.trimmed(),
      via: this.via.trimmed(),
      actions: this.actions,
      from: this.from.trimmed(),
      to: this.to.trimmed(),
      actionOf: this.actionOf.trimmed(),
      terminal: this.terminal.trimmed(),
      complete: this.complete,
      stepsTried: this.stepsTried,
      packed,
    };
  }
}

/**
 * Explores every state reachable from `start` breadth first (see the module comment). This is
 * a pure function: the same system and start give the same numbering, whichever store is used.
 */
export function exploreSpace(
  system: ModelSystem,
  start: FastState,
  options: ExploreSpaceOptions = {},
): StateSpace {
  const context = options.context ?? synthesisContext(system);
  const maxStates = options.maxStates ?? Number.POSITIVE_INFINITY;
  const cache = transitionCache(system);
  if (options.store !== 'general' && isPlainState(start)) {
    const symmetry =
      options.symmetry === true
        ? new Canonicalizer(symmetryClasses(system, context), cache, system.components.length)
        : undefined;
    const packed = explorePacked(
      system,
      context,
      cache,
      start,
      maxStates,
      symmetry?.active === true ? symmetry : undefined,
    );
    if (packed !== undefined) return packed;
  }
  return exploreGeneral(system, context, cache, start, maxStates);
}

/**
 * The packed store: rows of `stride` integers (codes, then notes id) in one array, found
 * through an open-addressing table of row numbers + 1 (0 = empty) hashed by FNV-1a over the
 * row. A step copies the head row into a scratch row, patches it with the cached leaf's
 * writes and notes, and probes: no allocation unless the state is new. Gives up (returns
 * `undefined`) at the first step the cache cannot express as a patch (an opaque step: one
 * that creates a component the environment does not declare).
 */
function explorePacked(
  system: ModelSystem,
  context: SynthesisContext,
  cache: TransitionCache,
  start: FastState,
  maxStates: number,
  symmetry: Canonicalizer | undefined,
): StateSpace | undefined {
  const width = system.components.length;
  const orbit: number[] = [];
  const stride = width + 1;
  let rows = new Int32Array(stride * 1024);
  let table = new Int32Array(4096);
  let mask = table.length - 1;
  let count = 0;
  const scratch = new Int32Array(stride);
  const hashRow = (data: Int32Array, offset: number): number => {
    let hash = 0x811c9dc5;
    for (let i = 0; i < stride; i++) hash = Math.imul(hash ^ data[offset + i]!, 16777619);
    return (hash ^ (hash >>> 15)) >>> 0;
  };
  const sameRow = (row: number): boolean => {
    const offset = row * stride;
    for (let i = 0; i < stride; i++) if (rows[offset + i] !== scratch[i]) return false;
    return true;
  };
  /** The row equal to `scratch`, or the negated free slot (minus one) to insert it at. */
  const probe = (): number => {
    let slot = hashRow(scratch, 0) & mask;
    for (;;) {
      const entry = table[slot]!;
      if (entry === 0) return -slot - 1;
      if (sameRow(entry - 1)) return entry - 1;
      slot = (slot + 1) & mask;
    }
  };
  const append = (slot: number): number => {
    if ((count + 1) * stride > rows.length) {
      const grown = new Int32Array(rows.length * 2);
      grown.set(rows);
      rows = grown;
    }
    rows.set(scratch, count * stride);
    table[slot] = count + 1;
    count++;
    if (count * 2 > table.length) {
      // Keep the load under one half: rehash every row into a table twice the size.
      table = new Int32Array(table.length * 2);
      mask = table.length - 1;
      for (let row = 0; row < count; row++) {
        let at = hashRow(rows, row * stride) & mask;
        while (table[at] !== 0) at = (at + 1) & mask;
        table[at] = row + 1;
      }
    }
    return count - 1;
  };

  const record = new Recorder();
  const states: FastState[] = [start];
  scratch.set(start.codes);
  scratch[width] = cache.notesId(start.notes);
  // Only the swaps that fix the start (see Canonicalizer.stabilizing).
  const stabilizer = symmetry?.stabilizing(scratch);
  const reduce = stabilizer?.active === true ? stabilizer : undefined;
  orbit.push(reduce === undefined ? 1 : reduce.canonicalize(scratch));
  append(-probe() - 1);
  // The queue is the state array itself: states are numbered in discovery order.
  for (let head = 0; head < states.length; head++) {
    const state = states[head]!;
    const headOffset = head * stride;
    const notesId = rows[headOffset + width]!;
    let out = 0;
    for (const action of candidateActions(context, state)) {
      record.stepsTried++;
      const leaf = cache.leaf(state, action);
      if (leaf.violated) continue;
      if (leaf.opaque) return undefined;
      const writes = leaf.writes;
      const nextNotes = leaf.noteOps.length === 0 ? notesId : cache.notesAfter(notesId, leaf);
      // Writes are changes (the trace keeps only components whose code changed), so a move
      // with no write and the same notes leaves the state as it is.
      if (writes.length === 0 && nextNotes === notesId) continue;
      for (let i = 0; i < stride; i++) scratch[i] = rows[headOffset + i]!;
      for (let i = 0; i < writes.length; i += 2) scratch[writes[i]!] = writes[i + 1]!;
      scratch[width] = nextNotes;
      const size = reduce === undefined ? 1 : reduce.canonicalize(scratch);
      const found = probe();
      let target = found;
      if (found < 0) {
        if (states.length >= maxStates) {
          record.complete = false;
          continue;
        }
        target = append(-found - 1);
        // A view into the row, not a copy: rows are never changed once appended, and a view
        // avoids a backing store per state (an 80-byte typed array is allocated off the heap).
        // When the row array grows, earlier views keep the old buffer, which holds the same rows.
        const offset = target * stride;
        states.push({
          codes: rows.subarray(offset, offset + width),
          extras: NO_EXTRAS,
          notes: cache.notesOf(nextNotes),
        });
        orbit.push(size);
      }
      // With symmetry the target can be the head's own orbit (the move swapped two servers'
      // roles): still a move that changes the state, so still an edge.
      out++;
      record.edge(head, target, action, found < 0);
    }
    if (out === 0) record.terminal.push(head);
  }
  return record.space(system, context, states, true, reduce === undefined ? undefined : orbit);
}

/** The general store: any state (created components included), deduplicated by `fastStateKey`. */
function exploreGeneral(
  system: ModelSystem,
  context: SynthesisContext,
  cache: TransitionCache,
  start: FastState,
  maxStates: number,
): StateSpace {
  const record = new Recorder();
  const states: FastState[] = [start];
  const keys = new Map<string, number>([[fastStateKey(start), 0]]);
  for (let head = 0; head < states.length; head++) {
    const state = states[head]!;
    let out = 0;
    for (const action of candidateActions(context, state)) {
      record.stepsTried++;
      const next = cache.step(state, action);
      if (next === undefined) continue;
      const key = fastStateKey(next);
      let target = keys.get(key);
      if (target === head) continue;
      const discovered = target === undefined;
      if (target === undefined) {
        if (states.length >= maxStates) {
          record.complete = false;
          continue;
        }
        target = states.length;
        states.push(next);
        keys.set(key, target);
      }
      out++;
      record.edge(head, target, action, discovered);
    }
    if (out === 0) record.terminal.push(head);
  }
  return record.space(system, context, states, false);
}

function actionTextOf(action: CandidateAction): string {
  let text = action.action;
  for (const name in action.params) text += ` ${name}=${action.params[name]}`;
  return text;
}

/** What an exhaustive exploration answers. */
export interface SpaceSummary {
  /** Distinct states (with symmetry reduction, every state of every stored orbit). */
  readonly states: number;
  /** States actually stored (fewer than `states` with symmetry reduction). */
  readonly stored: number;
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
  // Each stored state counts for its orbit: the verdict and the moves are the same on every
  // state of an orbit (symmetry.ts), so counts multiply and costs do not change.
  const weight = (index: number): number => space.orbit?.[index] ?? 1;
  const goal = new Uint8Array(states.length);
  let recovered = 0;
  let goals = 0;
  let terminal = 0;
  for (const index of space.terminal) {
    terminal += weight(index);
    const judged = verdict(system, fromFastState(system, states[index]!));
    if (judged.recovered) recovered += weight(index);
    if (judged.reasons.length === 0) {
      goals += weight(index);
      goal[index] = 1;
    }
  }
  let represented = states.length;
  let transitions = space.from.length;
  if (space.orbit !== undefined) {
    represented = 0;
    for (const size of space.orbit) represented += size;
    transitions = 0;
    for (const from of space.from) transitions += space.orbit[from]!;
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
    states: represented,
    stored: states.length,
    transitions,
    terminal,
    recovered,
    goals,
    ...(optimal === undefined ? {} : { optimal }),
  };
}
