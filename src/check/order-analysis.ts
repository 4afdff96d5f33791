/**
 * Missing dependencies of a parallel scenario (docs/plan.md, *Parallel recovery*): orders the
 * `after:` fields allow, other than the written one, in which the models report a rule the
 * written order does not break.
 *
 * The models execute the written order (an order the dependencies allow, since `after:`
 * names earlier steps only). For every pair of steps a, b written in that order with b not
 * waiting for a (directly or not), the dependencies also allow b, with the steps between a
 * and b that b waits for, to run just before a. That order is executed from the state before
 * a; a violation (or, when the state after b differs from the written order's, a final-state
 * reason) that the written order does not produce means b needs `after: a`. Steps that
 * commute leave the same state after b, and the check stops there; so only steps that touch
 * the same components cost more than the pair's own span.
 *
 * A pair is not reported when one of the steps b waits for was already reported missing the
 * same a: adding that `after:` also orders b.
 */
import {
  type FastState,
  fastStateKey,
  fromFastState,
  initialFastState,
  type ModelAction,
  type ModelSystem,
  type Violation,
  verdict,
  verdictMessage,
} from '../models/system.js';
import { transitionCache } from '../models/transition-cache.js';
import { isParallel, stepAncestors, stepPredecessors } from '../plan/dependencies.js';
import type { Scenario } from '../plan/types.js';

/** A missing dependency: step `stepIndex` can run before `beforeIndex`, which breaks `ruleId`. */
export interface MissingDependency {
  /** The later step in the written order, which should wait: the finding is located here. */
  readonly stepIndex: number;
  /** The earlier step it should wait for. */
  readonly beforeIndex: number;
  readonly ruleId: string;
  /** The models' message of the violation the other order produces. */
  readonly message: string;
}

/** Finds the missing dependencies of a resolved scenario on the models. */
export type OrderAnalyser = (scenario: Scenario) => readonly MissingDependency[];

const violationKey = (violation: { ruleId: string; component: string }) =>
  `${violation.ruleId}\u0000${violation.component}`;

/** How the analysis steps the models: `fastStep`'s answer, the violations included. */
export interface OrderStepper {
  fullStep(state: FastState, action: ModelAction): StepAnswer;
}

/** What one step of the analysis reads: the next state and the violations. */
interface StepAnswer {
  readonly state: FastState;
  readonly violations: readonly Violation[];
}

/**
 * The missing dependencies of `scenario` (see the module comment); none for a scenario without
 * `after:`, which runs in the written order only. The steps go through `stepper`, by default
 * the system's transition cache: the analysis runs the same steps from many states that differ
 * only in components a step does not read, and the cache answers those without routing them
 * again (the bundled HA plan's analysis makes 7,165 steps, of which the cache routes 184). This is
 * a pure function (the cache only memoises).
 */
export function missingDependencies(
  system: ModelSystem,
  scenario: Scenario,
  stepper: OrderStepper = transitionCache(system),
): MissingDependency[] {
  if (!isParallel(scenario)) return [];
  const steps = scenario.steps;
  const n = steps.length;
  const ancestors = stepAncestors(stepPredecessors(scenario));
  const initial = initialFastState(system, {
    computers: scenario.lost.computers.map((entry) => entry.name),
    databases: scenario.lost.databases.map((entry) => entry.name),
    sites: scenario.lost.sites.map((entry) => entry.name),
  });

  // The written order: the state before each step.
  const before: FastState[] = [initial];
  for (let index = 0; index < n; index++) before.push(stepper.fullStep(before[index]!, steps[index]!).state);

  /** Executes `order` from `state`: each step's violations, with its index, and the end state. */
  const run = (state: FastState, order: readonly number[]) => {
    const violations: (Violation & { index: number })[] = [];
    const brokeAt: Set<string>[] = [];
    for (const index of order) {
      const result = stepper.fullStep(state, steps[index]!);
      state = result.state;
      brokeAt[index] = new Set(result.violations.map(violationKey));
      for (const violation of result.violations) violations.push({ ...violation, index });
    }
    return { state, violations, broke: brokeAt };
  };

  const found: MissingDependency[] = [];
  const missing = steps.map(() => new Set<number>());
  // `orders(x, a)`: x is a or waits for it, so ordering a step after x orders it after a.
  const orders = (x: number, a: number) => x === a || ancestors[x]![a]!;
  for (let b = 1; b < n; b++) {
    // Nearest first, so that a dependency on a later step is found before the earlier steps
    // it implies.
    for (let a = b - 1; a >= 0; a--) {
      if (ancestors[b]![a]) continue;
      const implied = [
        b,
        ...steps.slice(a + 1, b).flatMap((step) => (ancestors[b]![step.index] ? [step.index] : [])),
      ];
      if (implied.some((c) => [...missing[c]!].some((x) => orders(x, a)))) continue;
      // Everything between a and b that does not wait for a may run before a; b goes just
      // before a, and a's own followers after it.
      const early: number[] = [];
      const late: number[] = [];
      for (let c = a + 1; c < b; c++) (ancestors[c]![a] ? late : early).push(c);
      let start = before[a]!;
      for (const index of early) start = stepper.fullStep(start, steps[index]!).state;
      // The same steps with b in its written place are the baseline: whatever moving the early
      // steps before a changes is the business of those steps' own pairs, not of b's.
      const baseline = run(start, [a, ...late, b]);
      const swapped = run(start, [b, a, ...late]);
      let problem: { ruleId: string; message: string } | undefined = swapped.violations.find(
        (entry) => !baseline.broke[entry.index]!.has(violationKey(entry)),
      );
      if (problem === undefined && fastStateKey(swapped.state) !== fastStateKey(baseline.state)) {
        // The orders have not met again: run the rest of the scenario on both and compare.
        let mine = swapped.state;
        let theirs = baseline.state;
        let position = b + 1;
        for (; position < n && problem === undefined; position++) {
          const step = steps[position]!;
          const ours = stepper.fullStep(mine, step);
          const other = stepper.fullStep(theirs, step);
          mine = ours.state;
          theirs = other.state;
          const known = new Set(other.violations.map(violationKey));
          problem = ours.violations.find((violation) => !known.has(violationKey(violation)));
          if (problem === undefined && fastStateKey(mine) === fastStateKey(theirs)) break;
        }
        if (problem === undefined && position >= n) {
          const known = new Set(verdict(system, fromFastState(system, theirs)).reasons.map(violationKey));
          const left = verdict(system, fromFastState(system, mine)).reasons.find(
            (reason) => !known.has(violationKey(reason)),
          );
          if (left !== undefined) problem = { ruleId: left.ruleId, message: verdictMessage(left) };
        }
      }
      if (problem !== undefined) {
        missing[b]!.add(a);
        found.push({ stepIndex: b, beforeIndex: a, ruleId: problem.ruleId, message: problem.message });
      }
    }
  }
  return found;
}
