/**
 * Execution path (a): the XState machines themselves, through the pure
 * `machine.transition(snapshot, event, actorScope)` with one reused, inert actor scope per
 * machine (never an actor per step).
 */

import { type AnyActorScope, type AnyMachineSnapshot, type AnyStateMachine, createActor } from 'xstate';
import { memoized } from '../common/memo.js';
import { MACHINES, pathToValue, valueToPath } from './machines.js';
import type { MachineKind, ModelEvent, StateMeta, TransitionMeta, ViolationMeta } from './types.js';

/** The result of sending one event to one component. */
export interface TransitionOutcome {
  /** The state after the event (unchanged when rejected or targetless). */
  readonly next: string;
  /** False when no transition of the machine accepts the event in this state. */
  readonly accepted: boolean;
  /** The violation carried by the transition taken, if any. */
  readonly violation?: ViolationMeta;
}

/** The interface both execution paths implement; states are dotted paths. */
export interface Engine {
  transition(kind: MachineKind, state: string, event: ModelEvent): TransitionOutcome;
}

function inertScope(machine: AnyStateMachine): AnyActorScope {
  // Created once per machine and never started: it only satisfies the `actorScope`
  // parameter. The machines have no actions, so nothing is ever executed through it.
  const self = createActor(machine);
  return {
    self,
    id: '',
    sessionId: '',
    logger: () => {},
    defer: () => {},
    emit: () => {},
    system: self.system,
    stopChild: () => {},
    actionExecutor: () => {},
  };
}

/** Path (a): XState's own `transition`, with a reused scope and cached snapshots. */
export class XStateEngine implements Engine {
  private readonly scopes = new Map<MachineKind, AnyActorScope>();
  private readonly snapshots = new Map<string, AnyMachineSnapshot>();
  /**
   * Outcomes by kind, state and event: a transition is a pure function of the three (the
   * guards read only the event's flags), and the engine sends the same few events (a loss, a
   * Setup) to thousands of components in the same states, e.g. a start state per cluster and
   * loss in the engine's recoveries. Each distinct one still goes through XState once.
   */
  private readonly outcomes = new Map<string, TransitionOutcome>();

  /** The (cached) snapshot of `kind` in `state`. */
  snapshot(kind: MachineKind, state: string): AnyMachineSnapshot {
    return memoized(
      this.snapshots,
      `${kind}|${state}`,
      () => MACHINES[kind].resolveState({ value: pathToValue(state), context: {} }) as AnyMachineSnapshot,
    );
  }

  /**
   * Sends `event` to a component of `kind` in `state`. This is a pure function of its
   * arguments: it does not execute actions and keeps no state besides caches.
   */
  transition(kind: MachineKind, state: string, event: ModelEvent): TransitionOutcome {
    return memoized(this.outcomes, `${kind}|${state}|${event.type}|${flagsKey(event)}`, () =>
      Object.freeze(this.transitionOnce(kind, state, event)),
    );
  }

  /** `transition` without the memo: XState's own answer. */
  private transitionOnce(kind: MachineKind, state: string, event: ModelEvent): TransitionOutcome {
    const machine = MACHINES[kind];
    const before = this.snapshot(kind, state);
    const taken = machine.getTransitionData(before, event);
    const first = taken[0];
    if (first === undefined) return { next: state, accepted: false };
    let scope = this.scopes.get(kind);
    if (scope === undefined) {
      scope = inertScope(machine);
      this.scopes.set(kind, scope);
    }
    const after = machine.transition(before, event, scope) as AnyMachineSnapshot;
    const next = valueToPath(after.value);
    const meta = first.meta as TransitionMeta | undefined;
    return meta?.violation === undefined
      ? { next, accepted: true }
      : { next, accepted: true, violation: meta.violation };
  }
}

/** The flags of an event as a key: the set ones, sorted (an absent flag reads as false, as the guards read it). */
function flagsKey(event: ModelEvent): string {
  const flags = event.flags;
  if (flags === undefined) return '';
  const set: string[] = [];
  for (const [flag, value] of Object.entries(flags)) if (value === true) set.push(flag);
  return set.sort().join(',');
}

/** The meta of the state node at `path` of `kind`. */
export function stateMeta(kind: MachineKind, path: string): StateMeta {
  const node = MACHINES[kind].getStateNodeById(`${MACHINES[kind].id}.${path}`);
  return (node.meta as StateMeta | undefined) ?? { description: path };
}
