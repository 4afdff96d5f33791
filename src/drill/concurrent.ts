/**
 * Several steps in progress at once, in a drill of a plan with `team:`/`after:`: which steps
 * may start, which step a typed reference names, and why a step may not start yet. Pure
 * functions over the journal's step snapshots, shared by the state machine (`core.ts`), the
 * terminal text (`render.ts`) and nothing else, so that the rule "a step starts once every
 * step it waits for is done" is written once.
 */
import type { StepSnapshot } from './events.js';

/** A step in progress: started, not yet answered done or skipped. */
export interface RunningStep {
  readonly step: number;
  /** How often it has been presented (retries after a failure count). */
  readonly attempts: number;
  /** False between a failure (or a `begin`) and its next presentation. */
  readonly presented: boolean;
}

/**
 * The steps a step waits for that are not done (or skipped) yet, in index order. A hand-edited
 * journal may name a later or a missing step in `after`: only earlier steps count, as in the
 * schedule (`schedulableSnapshots`).
 */
export function unmetDependencies(
  steps: readonly StepSnapshot[],
  finished: readonly number[],
  index: number,
): number[] {
  const snapshot = steps[index];
  if (snapshot === undefined) return [];
  return (snapshot.after ?? []).filter(
    (parent) => parent >= 0 && parent < index && !finished.includes(parent),
  );
}

/** The steps that may start now: not started, not finished, every step they wait for done. */
export function startableSteps(
  steps: readonly StepSnapshot[],
  running: readonly RunningStep[],
  finished: readonly number[],
): number[] {
  return steps
    .map((snapshot) => snapshot.index)
    .filter(
      (index) =>
        !finished.includes(index) &&
        !running.some((entry) => entry.step === index) &&
        unmetDependencies(steps, finished, index).length === 0,
    );
}

/**
 * The step a word the team typed names: its number (`7`, `#7`) or its plan `id:` (exact, or
 * case-insensitively when that is unambiguous). Undefined when it names no step.
 */
export function resolveStepReference(steps: readonly StepSnapshot[], word: string): number | undefined {
  const numbered = /^#?(\d{1,6})$/.exec(word);
  if (numbered !== null) {
    const index = Number(numbered[1]) - 1;
    return index >= 0 && index < steps.length ? index : undefined;
  }
  const exact = steps.find((snapshot) => snapshot.id === word);
  if (exact !== undefined) return exact.index;
  const folded = steps.filter((snapshot) => snapshot.id?.toLowerCase() === word.toLowerCase());
  return folded.length === 1 ? folded[0]!.index : undefined;
}

/** `7 sm02-stop`: the step's number, and its `id:` when the plan gives one. */
export function stepLabel(steps: readonly StepSnapshot[], index: number): string {
  const id = steps[index]?.id;
  return id === undefined ? String(index + 1) : `${index + 1} ${id}`;
}
