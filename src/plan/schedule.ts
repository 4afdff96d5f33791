/**
 * The schedule of a scenario under its teams' capacity, and its critical path (docs/plan.md,
 * *Parallel recovery*).
 *
 * List scheduling: time advances from one step's end to the next; whenever a person is free,
 * the ready steps (every step they wait for has ended) start in the written order. A team
 * with k people runs at most k of its steps at once (a team named in steps but not declared
 * in `teams:` has one person); steps without a team are done by "anyone", a pool without a
 * limit, so they wait only for their dependencies. A sequential scenario (no `after:`) is a
 * chain, so its recovery time is the sum of its steps, as it always was.
 *
 * The critical path is the chain of steps that fixes the end: from the step that ends last,
 * back through whatever made each step start when it did (the dependency that ended last, or
 * the team-mate whose step freed the person). Shortening any other step does not end the
 * recovery sooner.
 */
import type { Environment } from '../environment/types.js';
import { stepPredecessors } from './dependencies.js';
import { estimateStepSeconds } from './durations.js';
import type { Scenario } from './types.js';

/** One scheduled step. */
export interface ScheduledStep {
  /** The step's index in its scenario. */
  readonly index: number;
  readonly startSeconds: number;
  readonly endSeconds: number;
  /** The step's team, or undefined for "anyone". */
  readonly team?: string;
  /** On the critical path. */
  readonly critical: boolean;
}

/** The schedule of a scenario. */
export interface Schedule {
  /** When the last step ends: the scenario's estimated recovery time, in seconds. */
  readonly makespanSeconds: number;
  /** Every step, by index. */
  readonly steps: readonly ScheduledStep[];
  /** The indices of the critical-path steps, in time order. */
  readonly criticalPath: readonly number[];
}

/** What the scheduler needs of a step: its duration, its dependencies and its team. */
export interface SchedulableStep {
  readonly seconds: number;
  /** Indices of earlier steps it waits for. */
  readonly after: readonly number[];
  readonly team?: string;
}

/**
 * Schedules steps under team capacity (see the module comment). `capacity` gives the people
 * of a team; a team it does not name has one. Steps must be in an order their dependencies
 * allow (every `after` index smaller than the step's). This is a pure function.
 */
export function scheduleSteps(
  steps: readonly SchedulableStep[],
  capacity: Readonly<Record<string, number>> = {},
): Schedule {
  const n = steps.length;
  const start = new Array<number>(n).fill(-1);
  const end = new Array<number>(n).fill(0);
  // What made a step start when it did, for the critical path.
  const cause = new Array<number>(n).fill(-1);
  const busy = new Map<string, number>();
  const peopleOf = (team: string) => Math.max(1, capacity[team] ?? 1);
  const finished = new Array<boolean>(n).fill(false);
  const running = new Set<number>();
  // The step that last freed a person of each team.
  const lastFreed = new Map<string, number>();
  let done = 0;
  let now = 0;
  const finish = (index: number): void => {
    running.delete(index);
    finished[index] = true;
    done++;
    const team = steps[index]!.team;
    if (team !== undefined) {
      busy.set(team, (busy.get(team) ?? 1) - 1);
      lastFreed.set(team, index);
    }
  };
  while (done < n) {
    // Steps that end now free their people before anything starts; a zero-length step ends
    // as it starts, so the scan repeats until nothing more can start at this instant.
    for (let changed = true; changed; ) {
      changed = false;
      for (const index of [...running]) if (end[index]! <= now) finish(index);
      for (let index = 0; index < n; index++) {
        if (start[index]! >= 0) continue;
        const step = steps[index]!;
        if (!step.after.every((parent) => finished[parent])) continue;
        if (step.team !== undefined && (busy.get(step.team) ?? 0) >= peopleOf(step.team)) continue;
        start[index] = now;
        end[index] = now + Math.max(0, step.seconds);
        let latest = -1;
        for (const parent of step.after) if (latest < 0 || end[parent]! >= end[latest]!) latest = parent;
        const freed = step.team === undefined ? undefined : lastFreed.get(step.team);
        if (latest >= 0 && end[latest] === now) cause[index] = latest;
        else if (freed !== undefined && now > 0 && end[freed] === now) cause[index] = freed;
        else cause[index] = latest;
        if (step.team !== undefined) busy.set(step.team, (busy.get(step.team) ?? 0) + 1);
        running.add(index);
        changed = true;
      }
    }
    if (running.size === 0) break;
    now = Math.min(...[...running].map((index) => end[index]!));
  }

  let makespanSeconds = 0;
  let last = -1;
  for (let index = 0; index < n; index++) {
    if (last < 0 || end[index]! > end[last]!) last = index;
    makespanSeconds = Math.max(makespanSeconds, end[index]!);
  }
  const critical = new Set<number>();
  for (let at = last; at >= 0 && !critical.has(at); at = cause[at]!) critical.add(at);
  return {
    makespanSeconds,
    steps: steps.map((step, index) => ({
      index,
      startSeconds: start[index]!,
      endSeconds: end[index]!,
      ...(step.team === undefined ? {} : { team: step.team }),
      critical: critical.has(index),
    })),
    criticalPath: [...critical].sort((a, b) => start[a]! - start[b]! || a - b),
  };
}

/**
 * The schedule of a scenario: each step as long as `estimateStepSeconds` says, its
 * dependencies from `stepPredecessors`, its team's people from the scenario's `teams:`.
 * This is a pure function.
 */
export function scheduleScenario(environment: Environment, scenario: Scenario): Schedule {
  const predecessors = stepPredecessors(scenario);
  return scheduleSteps(
    scenario.steps.map((step) => ({
      seconds: estimateStepSeconds(environment, step).seconds,
      after: predecessors[step.index] ?? [],
      ...(step.team === undefined ? {} : { team: step.team }),
    })),
    scenario.teams,
  );
}
