/**
 * Stores: the two execution paths behind one interface. The routing reads and writes
 * component states through a `Store`; `RecordStore` keeps state paths and asks XState,
 * `CodeStore` keeps leaf indices and looks transitions up in the compiled tables, and
 * `TracingCodeStore` also records what a step read, for the transition cache.
 */
import { type CompiledMachine, compiledMachine, fastTransition } from './compile.js';
import { kindOf } from './ids.js';
import { notesKey } from './notes.js';
import type { FastState, ModelSystem } from './system-types.js';
import type { ModelEvent } from './types.js';
import type { Engine, TransitionOutcome } from './xstate-engine.js';

/** Where the routing reads and writes component states. */
export interface Store {
  get(id: string): string | undefined;
  /** Adds a component created by a step (a computer, server or instance the environment lacks). */
  add(id: string, path: string): void;
  fire(id: string, event: ModelEvent): TransitionOutcome;
}

/** Path (a): component states as paths in a record, transitions by XState. */
export class RecordStore implements Store {
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

/** Path (b): leaf indices in an `Int32Array`, transitions by table lookup. */
export class CodeStore implements Store {
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
export class TracingCodeStore extends CodeStore {
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
