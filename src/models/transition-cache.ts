/**
 * The routing of `system.ts` compiled per environment, lazily, from its own traces.
 *
 * `fastStep` steps the compiled machine tables but routes every action through the string
 * lookups of the routing (component ids, groups, notes thawed into sets and frozen again,
 * violation messages built): that routing, not the tables, costs nearly all of a step. A
 * search steps the same action from thousands of states that differ only in components the
 * action never looks at. So the first time an action is stepped, `tracedFastStep` records which
 * declared components the routing read (in order, before changing them), which it changed and
 * to what, and how it changed the notes; the record becomes a path in a decision tree per
 * action: an inner node reads one component's leaf code and branches on it, a leaf holds the
 * outcome (violation or not, the writes, the note changes). Every later step of that action
 * walks the tree with a handful of array reads and patches a copy of the codes.
 *
 * Why it is exact: the routing is a deterministic function of the system, the action, and the
 * values it reads; its writes go to components it read first. A state that agrees with a
 * traced one on the traced reads makes the same reads in the same order, takes the same
 * branches, and makes the same writes and note changes, whatever its other components are.
 * The tree branches on exactly those reads, so a walk that reaches a leaf has agreed with the
 * trace that built it. Two things the trace does not capture bypass the tree: states with
 * components created by steps (`extras`) or servers recorded in `extraServers`, and steps that
 * create them (`opaque` traces); those go through `fastStep` every time. If the routing ever
 * read differently from a state the tree says is equivalent, insertion finds a mismatch and
 * throws, rather than answering wrongly. `test/models/transition-cache.test.ts` checks, on
 * random action sequences over generated environments, that every cached step equals
 * `fastStep`.
 */
import {
  applyNoteOps,
  type Effect,
  type FastState,
  fastStep,
  type ModelAction,
  type ModelSystem,
  type NoteOp,
  notesKey,
  type SystemNotes,
  tracedFastStep,
  type Violation,
} from './system.js';

/** The outcome a leaf of the tree stores. */
export class Leaf {
  /** Notes id before → notes id after these note changes, filled as they are met. */
  readonly notesAfter = new Map<number, number>();
  readonly violated: boolean;
  constructor(
    /** The step's violations and effects, as `fastStep` reports them (frozen, shared). */
    readonly violations: readonly Violation[],
    readonly effects: readonly Effect[],
    /** Flat (component index, new leaf code) pairs. */
    readonly writes: Int32Array,
    readonly noteOps: readonly NoteOp[],
    /** The step depends on or creates what the trace does not capture: use `fastStep`. */
    readonly opaque: boolean,
  ) {
    this.violated = violations.length > 0;
  }
}

/** The tree of one action (one per distinct action text). */
class Root {
  node: Branch | Leaf | undefined;
  constructor(readonly text: string) {}
}

/** An inner node: reads the leaf code of one component and branches on it. */
class Branch {
  readonly children: (Branch | Leaf | undefined)[] = [];
  constructor(readonly index: number) {}
}

/** The `extras` of every plain state the cache produces. */
export const NO_EXTRAS: Readonly<Record<string, number>> = Object.freeze({});

/** Counters of a cache, for benchmarks and tests. */
export interface TransitionCacheStats {
  /** Steps answered by walking the tree. */
  readonly hits: number;
  /** Steps traced through the routing (first sight of that path). */
  readonly misses: number;
  /** Steps that went through `fastStep` because the state or the step is opaque. */
  readonly bypassed: number;
  /** Inner nodes of every action's tree. */
  readonly branches: number;
}

/**
 * A memoising `fastStep` for one system (see the module comment). Not thread-safe, not pure:
 * it grows as it learns; its answers are those of `fastStep`.
 */
export class TransitionCache {
  private readonly roots = new Map<string, Root>();
  /** Action object → its root: candidate actions are shared objects, so most lookups hit here. */
  private readonly rootsByAction = new WeakMap<ModelAction, Root>();
  /** Canonical notes by id, and ids by `notesKey`: equal notes share one object and one id. */
  private readonly notesById: SystemNotes[] = [];
  private readonly notesIds = new Map<string, number>();
  private readonly idsOfNotes = new WeakMap<SystemNotes, number>();
  private hits = 0;
  private misses = 0;
  private bypassed = 0;
  private branches = 0;

  constructor(readonly system: ModelSystem) {}

  /**
   * Steps `action` from `state`: the next state when the models report no violation,
   * `undefined` when they report one. The next state is the one `fastStep` returns; its notes
   * object may be shared with other states (notes are values, never mutated).
   */
  step(state: FastState, action: ModelAction): FastState | undefined {
    if (!isPlainState(state)) return this.viaFastStep(state, action);
    const leaf = this.leaf(state, action);
    if (leaf.violated) return undefined;
    if (leaf.opaque) return this.viaFastStep(state, action);
    return this.patched(state, leaf);
  }

  /**
   * Steps `action` from `state` with everything `fastStep` reports: the next state (also after
   * a violation), the violations and the effects, equal to `fastStep`'s. The arrays are frozen
   * and shared between calls.
   */
  fullStep(
    state: FastState,
    action: ModelAction,
  ): { state: FastState; violations: readonly Violation[]; effects: readonly Effect[] } {
    if (!isPlainState(state)) return this.bypass(state, action);
    const leaf = this.leaf(state, action);
    if (leaf.opaque) return this.bypass(state, action);
    return { state: this.patched(state, leaf), violations: leaf.violations, effects: leaf.effects };
  }

  /** The state after a leaf's writes and note changes, from a plain state. */
  private patched(state: FastState, leaf: Leaf): FastState {
    const next = state.codes.slice();
    const writes = leaf.writes;
    for (let i = 0; i < writes.length; i += 2) next[writes[i]!] = writes[i + 1]!;
    const notes =
      leaf.noteOps.length === 0
        ? state.notes
        : this.notesOf(this.notesAfter(this.notesId(state.notes), leaf));
    return { codes: next, extras: NO_EXTRAS, notes };
  }

  /**
   * The outcome of `action` from a plain state (`isPlainState`), learned on first sight of its
   * path. The packed explorer applies it itself.
   */
  leaf(state: FastState, action: ModelAction): Leaf {
    const root = this.root(action);
    const codes = state.codes;
    let node = root.node;
    while (node instanceof Branch) node = node.children[codes[node.index]!];
    if (node === undefined) return this.learn(root, state, action);
    this.hits++;
    return node;
  }

  /** The id of notes equal to `notes` (ids are dense, from 0, per cache). */
  notesId(notes: SystemNotes): number {
    let id = this.idsOfNotes.get(notes);
    if (id !== undefined) return id;
    const key = notesKey(notes);
    id = this.notesIds.get(key);
    if (id === undefined) {
      id = this.notesById.length;
      this.notesById.push(notes);
      this.notesIds.set(key, id);
    }
    this.idsOfNotes.set(notes, id);
    return id;
  }

  /** The canonical notes object of an id. */
  notesOf(id: number): SystemNotes {
    return this.notesById[id]!;
  }

  /** The notes id after a leaf's note changes, memoised on the leaf. */
  notesAfter(id: number, leaf: Leaf): number {
    let after = leaf.notesAfter.get(id);
    if (after === undefined) {
      after = this.notesId(applyNoteOps(this.notesOf(id), leaf.noteOps));
      leaf.notesAfter.set(id, after);
    }
    return after;
  }

  /** How the cache has been used so far. */
  stats(): TransitionCacheStats {
    return { hits: this.hits, misses: this.misses, bypassed: this.bypassed, branches: this.branches };
  }

  private root(action: ModelAction): Root {
    let root = this.rootsByAction.get(action);
    if (root !== undefined) return root;
    const text = actionKey(action);
    root = this.roots.get(text);
    if (root === undefined) {
      root = new Root(text);
      this.roots.set(text, root);
    }
    this.rootsByAction.set(action, root);
    return root;
  }

  private viaFastStep(state: FastState, action: ModelAction): FastState | undefined {
    const next = this.bypass(state, action);
    return next.violations.length > 0 ? undefined : next.state;
  }

  /** A step the trees cannot answer (see `isPlainState` and `Leaf.opaque`): `fastStep` itself. */
  private bypass(state: FastState, action: ModelAction): ReturnType<typeof fastStep> {
    this.bypassed++;
    return fastStep(this.system, state, action);
  }

  /** Traces the step and adds its path to the action's tree. */
  private learn(root: Root, state: FastState, action: ModelAction): Leaf {
    this.misses++;
    const traced = tracedFastStep(this.system, state, action);
    const { reads, writes, noteOps, opaque } = traced.trace;
    const leaf = new Leaf(
      deepFreeze(traced.violations),
      deepFreeze(traced.effects),
      Int32Array.from(writes),
      noteOps,
      opaque,
    );
    this.insert(root, reads, leaf);
    return leaf;
  }

  private insert(root: Root, reads: readonly number[], leaf: Leaf): void {
    if (reads.length === 0) {
      if (root.node !== undefined) throw nondeterministic(root.text);
      root.node = leaf;
      return;
    }
    if (root.node === undefined) root.node = this.branch(reads[0]!);
    let node: Branch | Leaf = root.node;
    for (let i = 0; i < reads.length; i += 2) {
      if (!(node instanceof Branch) || node.index !== reads[i]) throw nondeterministic(root.text);
      const code = reads[i + 1]!;
      const child: Branch | Leaf | undefined = node.children[code];
      if (i + 2 === reads.length) {
        if (child !== undefined) throw nondeterministic(root.text);
        node.children[code] = leaf;
        return;
      }
      if (child === undefined) {
        const created = this.branch(reads[i + 2]!);
        node.children[code] = created;
        node = created;
      } else {
        node = child;
      }
    }
  }

  private branch(index: number): Branch {
    this.branches++;
    return new Branch(index);
  }
}

/** True when the state has nothing the traces do not capture (no created components, no extra servers). */
export function isPlainState(state: FastState): boolean {
  for (const _ in state.extras) return false;
  for (const _ in state.notes.extraServers) return false;
  return true;
}

/**
 * An unambiguous key of an action, whatever its names and values contain. Computed once per
 * action object (`rootsByAction`), so its cost does not matter.
 */
function actionKey(action: ModelAction): string {
  return JSON.stringify([action.action, Object.entries(action.params)]);
}

/** Freezes an array of plain records, so that sharing them between callers is safe. */
function deepFreeze<T extends object>(items: readonly T[]): readonly T[] {
  for (const item of items) Object.freeze(item);
  return Object.freeze(items);
}

function nondeterministic(action: string): Error {
  return new Error(
    `internal error: the routing of ${(JSON.parse(action) as [string])[0]} read differently from equivalent states`,
  );
}

const caches = new WeakMap<ModelSystem, TransitionCache>();

/** The shared transition cache of a system, created on first use. */
export function transitionCache(system: ModelSystem): TransitionCache {
  let cache = caches.get(system);
  if (cache === undefined) {
    cache = new TransitionCache(system);
    caches.set(system, cache);
  }
  return cache;
}
