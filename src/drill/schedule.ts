/**
 * The drill's estimated timeline: for a plan with `team:`/`after:` the critical-path schedule
 * of `plan/schedule.ts` over the step snapshots of the journal, otherwise one step after
 * another, exactly as before teams existed.
 */
import { type SchedulableStep, type Schedule, scheduleSteps } from '../plan/schedule.js';
import type { StartBody, StepSnapshot } from './events.js';

/** Whether the journal's steps carry `after:` (a plan with `team:`/`after:`). */
export function isParallelDrill(scenario: StartBody['scenario']): boolean {
  return scenario.steps.some((snapshot) => snapshot.after !== undefined);
}

/**
 * The snapshots as schedulable steps, each as long as `seconds` says. A hand-edited journal
 * may name a later or a missing step in `after`: only earlier steps count.
 */
export function schedulableSnapshots(
  steps: readonly StepSnapshot[],
  seconds: (snapshot: StepSnapshot) => number,
): SchedulableStep[] {
  return steps.map((snapshot) => ({
    seconds: seconds(snapshot),
    after: (snapshot.after ?? []).filter((parent) => parent < snapshot.index && parent >= 0),
    ...(snapshot.team === undefined ? {} : { team: snapshot.team }),
  }));
}

/** The estimated schedule of a parallel drill, or undefined for a sequential one. */
export function estimatedSchedule(scenario: StartBody['scenario']): Schedule | undefined {
  if (!isParallelDrill(scenario)) return undefined;
  return scheduleSteps(
    schedulableSnapshots(scenario.steps, (snapshot) => snapshot.estimatedSeconds),
    scenario.teams ?? {},
  );
}

/** The estimated start of each step and the estimated total, in seconds. */
export function estimatedTimeline(scenario: StartBody['scenario']): {
  readonly starts: readonly number[];
  readonly totalSeconds: number;
} {
  const schedule = estimatedSchedule(scenario);
  if (schedule !== undefined)
    return {
      starts: schedule.steps.map((step) => step.startSeconds),
      totalSeconds: schedule.makespanSeconds,
    };
  const starts: number[] = [];
  let total = 0;
  for (const snapshot of scenario.steps) {
    starts.push(total);
    total += snapshot.estimatedSeconds;
  }
  return { starts, totalSeconds: total };
}
