/**
 * Exhaustive mode of `scsm-dr simulate`: every fault scenario up to a bound, the way a model
 * checker (TLC) explores every state. For every loss of the loss universe, every combination
 * of at most `maxFaults` faults from `faultCandidates` is judged; combinations are distinct by
 * canonical form by construction.
 *
 * The plan executions share work, because most fault combinations share a prefix:
 * - a depth-first walk over the plan's steps branches at each step on the mid-plan losses, so
 *   each prefix runs once (no actor and no JSON state per step: the models' fast path);
 * - the faults that change no component state (`step-fails`, `backup-unusable`) only change
 *   the cost of a finished execution (time, data), so every combination of them is judged
 *   against one execution, arithmetically.
 *
 * `generatedStates` counts the states this work produced, `distinctStates` the distinct ones
 * (by the fast path's canonical key).
 */

import type { FailOn } from '../common/exit-code.js';
import { describeLossWithMembers } from '../loss/index.js';
import { type FastState, initialFastState, type Loss, type ModelSystem } from '../models/index.js';
import type { Fault, FaultScenario } from './faults.js';
import type { UncoveredLoss } from './property.js';
import {
  type Evaluation,
  evaluateFaultScenario,
  faultCandidates,
  ruleCounts,
  type SimulationContext,
  scenarioFor,
  searchLevel,
  synthesize,
} from './simulate.js';
import {
  dataLossSeconds,
  endReasons,
  faultedSystem,
  loseMidPlan,
  restoredBy,
  runStep,
  StateCounter,
  stepSeconds,
} from './simulate-exec.js';

const lower = (name: string): string => name.toLowerCase();

/** Options of an exhaustive run. */
export interface ExploreOptions {
  readonly maxFaults: number;
  /** Stop when this many distinct states have been seen (the result is then incomplete). */
  readonly maxStates: number;
  /** Called as executions finish; `total` is the number of executions planned. */
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * The `--fail-on` level: which failures count (`searchLevel`). Default `warning`: every
   * broken invariant, whatever its severity.
   */
  readonly failOn?: FailOn;
}

/** Coverage of the single-computer losses (TLC's coverage, in recovery terms). */
export interface Coverage {
  readonly singleComputerLosses: number;
  /** Single-computer losses for which plan synthesis finds a valid recovery. */
  readonly recoverable: number;
  /** With a plan: handled by a scenario that recovers them with no fault. */
  readonly handledAndRecovered?: number;
}

/** The outcome of an exhaustive run. */
export interface ExhaustiveResult {
  readonly mode: 'exhaustive';
  readonly maxFaults: number;
  readonly maxStates: number;
  /** False when `maxStates` stopped the exploration early. */
  readonly complete: boolean;
  /** Distinct losses in the universe, and how many a plan scenario handles. */
  readonly losses: { readonly total: number; readonly handled: number };
  readonly uncovered: readonly UncoveredLoss[];
  /** Fault scenarios judged (losses a scenario handles × fault combinations). */
  readonly faultScenarios: number;
  /** Of those, how many break an invariant. */
  readonly failing: number;
  /** Failing fault scenarios by the rule of their first failure. */
  readonly failuresByRule: Readonly<Record<string, number>>;
  readonly distinctStates: number;
  readonly generatedStates: number;
  /** Synthesis mode: distinct states the plan synthesis expanded, summed over its questions. */
  readonly synthesisStates: number;
  readonly coverage: Coverage;
  /** The shortest failing fault scenario (shortest trace, then fewest faults). */
  readonly counterexample?: Evaluation;
}

/** Raised inside the walk when the state bound is reached. */
class StateBoundReached extends Error {}

/** Best-so-far counterexample: compared by trace length, fault count, then discovery order. */
interface Candidate {
  readonly traceLength: number;
  readonly faults: number;
  readonly scenario: FaultScenario;
}

function better(a: Candidate, b: Candidate | undefined): boolean {
  return (
    b === undefined ||
    a.traceLength < b.traceLength ||
    (a.traceLength === b.traceLength && a.faults < b.faults)
  );
}

/** Every subset of `items` with at most `max` elements, smallest first, in index order. */
function* subsets<T>(items: readonly T[], max: number): Generator<T[]> {
  function* from(start: number, size: number, chosen: T[]): Generator<T[]> {
    if (chosen.length === size) {
      yield chosen.slice();
      return;
    }
    for (let i = start; i < items.length; i++) {
      chosen.push(items[i]!);
      yield* from(i + 1, size, chosen);
      chosen.pop();
    }
  }
  for (let size = 0; size <= Math.min(max, items.length); size++) yield* from(0, size, []);
}

function binomial(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let out = 1;
  for (let i = 1; i <= k; i++) out = (out * (n - k + i)) / i;
  return Math.round(out);
}

/** How many subsets of at most `max` elements a set of `n` has. */
function subsetCount(n: number, max: number): number {
  let total = 0;
  for (let k = 0; k <= Math.min(n, max); k++) total += binomial(n, k);
  return total;
}

/**
 * Explores every fault scenario up to the bound and judges each (see the module comment).
 * Deterministic: the same context and options give the same result.
 */
export function explore(context: SimulationContext, options: ExploreOptions): ExhaustiveResult {
  const counter = new StateCounter();
  const { environment } = context;
  const maxFaults = Math.max(0, options.maxFaults);
  const failuresByRule: Record<string, number> = {};
  let faultScenarios = 0;
  let failing = 0;
  let synthesisStates = 0;
  let best: Candidate | undefined;
  let handled = 0;
  const uncovered: UncoveredLoss[] = [];
  const level = searchLevel(options.failOn ?? 'warning');
  const counts = (ruleId: string): boolean => ruleCounts(ruleId, level);
  const fail = (ruleId: string, count: number): void => {
    failing += count;
    failuresByRule[ruleId] = (failuresByRule[ruleId] ?? 0) + count;
  };
  const visit = (state: FastState): void => {
    counter.visit(state);
    if (counter.distinct > options.maxStates) throw new StateBoundReached();
  };

  // Progress is counted in executions: one per (loss, state-changing fault set).
  const work = context.losses.map((candidate) => executionsFor(context, candidate.loss, maxFaults));
  const total = work.reduce((sum, count) => sum + count, 0);
  let done = 0;
  const progress = (): void => {
    done++;
    options.onProgress?.(done, total);
  };

  const walk: Walk = { context, maxFaults, visit, progress, counts };
  let complete = true;
  try {
    for (const candidate of context.losses) {
      const { loss } = candidate;
      if (context.plan !== undefined && scenarioFor(context, loss) === undefined) {
        uncovered.push({
          kind: candidate.kind,
          canonical: candidate.canonical,
          description: describeLossWithMembers(environment, loss),
        });
        continue;
      }
      handled++;
      const outcome = context.plan === undefined ? exploreSynthesis(walk, loss) : explorePlan(walk, loss);
      faultScenarios += outcome.judged;
      synthesisStates += outcome.synthesisStates;
      for (const [ruleId, count] of Object.entries(outcome.failures)) fail(ruleId, count);
      if (outcome.best !== undefined && better(outcome.best, best)) best = outcome.best;
    }
  } catch (error) {
    if (!(error instanceof StateBoundReached)) throw error;
    complete = false;
  }

  const sortedRules: Record<string, number> = {};
  for (const ruleId of Object.keys(failuresByRule).sort()) sortedRules[ruleId] = failuresByRule[ruleId]!;
  return {
    mode: 'exhaustive',
    maxFaults,
    maxStates: options.maxStates,
    complete,
    losses: { total: context.losses.length, handled },
    uncovered,
    faultScenarios,
    failing,
    failuresByRule: sortedRules,
    distinctStates: counter.distinct,
    generatedStates: counter.generated,
    synthesisStates,
    coverage: coverage(context),
    ...(best === undefined ? {} : { counterexample: evaluateFaultScenario(context, best.scenario) }),
  };
}

/** The number of executions the explorer runs for one loss (for the progress bar). */
function executionsFor(context: SimulationContext, loss: Loss, maxFaults: number): number {
  const candidates = faultCandidates(context, loss);
  const keys = candidates.keyPasswordUnknown.length;
  if (context.plan === undefined) return subsetCount(keys + candidates.lostMidPlan.length, maxFaults);
  const scenario = scenarioFor(context, loss);
  if (scenario === undefined) return 0;
  const positions = Math.max(0, scenario.steps.length - 1);
  const computers = new Set(candidates.lostMidPlan.map((fault) => fault.computer)).size;
  let total = 0;
  for (let k = 0; k <= Math.min(keys, maxFaults); k++) {
    // Mid-plan loss sets: t distinct computers, each at one of the positions.
    let mids = 0;
    for (let t = 0; t <= Math.min(computers, maxFaults - k); t++)
      mids += binomial(computers, t) * positions ** t;
    total += binomial(keys, k) * mids;
  }
  return total;
}

/** What the exploration of every loss shares: the context, the bound and the callbacks. */
interface Walk {
  readonly context: SimulationContext;
  readonly maxFaults: number;
  /** Counts a state (and stops the run at the state bound). */
  readonly visit: (state: FastState) => void;
  /** Called once an execution is finished. */
  readonly progress: () => void;
  /** Whether a failure of the rule counts at the run's `--fail-on` level. */
  readonly counts: (ruleId: string) => boolean;
}

interface LossOutcome {
  readonly judged: number;
  readonly failures: Readonly<Record<string, number>>;
  readonly best?: Candidate;
  readonly synthesisStates: number;
}

/** Plan mode, one loss: the depth-first walk over steps and mid-plan losses. */
function explorePlan(walk: Walk, loss: Loss): LossOutcome {
  const { context, maxFaults, visit, progress, counts } = walk;
  const { environment } = context;
  const scenario = scenarioFor(context, loss)!;
  const candidates = faultCandidates(context, loss);
  const steps = scenario.steps;
  const n = steps.length;
  const seconds = stepSeconds(environment, scenario);
  const baseSeconds = seconds.reduce((sum, value) => sum + value, 0);
  const rto = environment.objectives.rtoSeconds;
  const rpo = environment.objectives.rpoSeconds;
  const spared = [...new Set(candidates.lostMidPlan.map((fault) => fault.computer))];
  // The state-neutral faults, judged arithmetically against each finished execution.
  const neutral: Fault[] = [...candidates.stepFails, ...candidates.backupUnusable];
  const failures: Record<string, number> = {};
  let judged = 0;
  let best: Candidate | undefined;
  const count = (ruleId: string, amount: number): void => {
    failures[ruleId] = (failures[ruleId] ?? 0) + amount;
  };

  for (const keys of subsets(candidates.keyPasswordUnknown, maxFaults)) {
    const system = faultedSystem(
      context.system,
      keys.map((fault) => fault.server),
    );
    const start = initialFastState(system, loss);
    visit(start);

    interface Mid {
      readonly computer: string;
      readonly afterStep: number;
    }

    /** Judges every combination of state-neutral faults against one finished execution. */
    const leaf = (
      state: FastState,
      mids: readonly Mid[],
      restored: readonly string[],
      violation: { readonly step: number; readonly ruleId: string } | undefined,
    ): void => {
      progress();
      const stateFaults: Fault[] = [
        ...keys,
        ...mids.map(
          (mid): Fault => ({ kind: 'lost-mid-plan', computer: mid.computer, afterStep: mid.afterStep }),
        ),
      ];
      const budget = maxFaults - stateFaults.length;
      // Trace length: the loss, the timeless faults, the steps run (and the mid-plan losses
      // among them), and the end state when no step broke an invariant.
      const midsBefore = (last: number) => mids.filter((mid) => mid.afterStep < last).length;
      const consider = (extra: readonly Fault[], traceLength: number): void => {
        const candidate: Candidate = {
          traceLength,
          faults: stateFaults.length + extra.length,
          scenario: { loss, faults: [...stateFaults, ...extra] },
        };
        if (better(candidate, best)) best = candidate;
      };
      if (violation !== undefined) {
        // Every combination fails the same way, at the same step.
        const combinations = subsetCount(neutral.length, budget);
        judged += combinations;
        // The execution stops at the violating step, as `evaluateFaultScenario` does, so a
        // violation below the level leaves nothing else to judge.
        if (!counts(violation.ruleId)) return;
        count(violation.ruleId, combinations);
        consider([], 1 + keys.length + violation.step + 1 + midsBefore(violation.step));
        return;
      }
      const reasons = endReasons(system, state).filter((reason) => counts(reason.ruleId));
      const restoredSet = [...new Set(restored.map(lower))];
      for (const extra of subsets(neutral, budget)) {
        judged++;
        let ruleId: string | undefined = reasons[0]?.ruleId;
        if (ruleId === undefined) {
          let total = baseSeconds;
          const unusable = new Set<string>();
          for (const fault of extra) {
            if (fault.kind === 'step-fails') total += seconds[fault.step]!;
            else if (fault.kind === 'backup-unusable') unusable.add(lower(fault.database));
          }
          if (total > rto && counts('rto-exceeded')) ruleId = 'rto-exceeded';
          else if (
            counts('backup-interval-exceeds-rpo') &&
            restoredSet.some(
              (database) => (dataLossSeconds(environment, database, unusable.has(database)) ?? 0) > rpo,
            )
          )
            ruleId = 'backup-interval-exceeds-rpo';
        }
        if (ruleId === undefined) continue;
        count(ruleId, 1);
        const timeless = extra.filter((fault) => fault.kind === 'backup-unusable').length;
        consider(extra, 1 + keys.length + timeless + n + mids.length + 1);
      }
    };

    /** Runs step `index` and everything after it, branching on mid-plan losses. */
    const walk = (
      state: FastState,
      index: number,
      mids: readonly Mid[],
      restored: readonly string[],
      violation: { readonly step: number; readonly ruleId: string } | undefined,
    ): void => {
      if (index === n) {
        leaf(state, mids, restored, violation);
        return;
      }
      const result = runStep(system, state, steps[index]!);
      visit(result.state);
      const nextRestored = [...restored, ...restoredBy(result.effects)];
      const nextViolation =
        violation ??
        (result.violations.length > 0 ? { step: index, ruleId: result.violations[0]!.ruleId } : undefined);
      inject(result.state, index, 0, mids, nextRestored, nextViolation);
    };

    /** After step `index`: go on, or lose one more spared computer (in declaration order). */
    const inject = (
      state: FastState,
      index: number,
      from: number,
      mids: readonly Mid[],
      restored: readonly string[],
      violation: { readonly step: number; readonly ruleId: string } | undefined,
    ): void => {
      walk(state, index + 1, mids, restored, violation);
      if (index >= n - 1 || keys.length + mids.length >= maxFaults) return;
      for (let c = from; c < spared.length; c++) {
        const computer = spared[c]!;
        if (mids.some((mid) => mid.computer === computer)) continue;
        const lost = loseMidPlan(system, state, computer);
        visit(lost.state);
        inject(lost.state, index, c + 1, [...mids, { computer, afterStep: index }], restored, violation);
      }
    };

    if (n === 0) leaf(start, [], [], undefined);
    else walk(start, 0, [], [], undefined);
  }
  return { judged, failures, ...(best === undefined ? {} : { best }), synthesisStates: 0 };
}

/** Synthesis mode, one loss: each state-changing fault set is one synthesis question. */
function exploreSynthesis(walk: Walk, loss: Loss): LossOutcome {
  const { context, maxFaults, visit, progress, counts } = walk;
  const { environment } = context;
  const candidates = faultCandidates(context, loss);
  const failures: Record<string, number> = {};
  let judged = 0;
  let best: Candidate | undefined;
  let synthesisStates = 0;
  const stateChanging: Fault[] = [...candidates.keyPasswordUnknown, ...candidates.lostMidPlan];
  for (const faults of subsets(stateChanging, maxFaults)) {
    progress();
    const servers = faults.flatMap((fault) => (fault.kind === 'key-password-unknown' ? [fault.server] : []));
    const mids = faults.flatMap((fault) => (fault.kind === 'lost-mid-plan' ? [fault.computer] : []));
    const system: ModelSystem = faultedSystem(context.system, servers);
    const question: Loss = { ...loss, computers: [...loss.computers, ...mids] };
    visit(initialFastState(system, question));
    const before = context.synthesisCache.size;
    const answer = synthesize(context, system, question);
    // Each distinct question is asked once (a loss plus a mid-recovery loss is often another loss).
    if (context.synthesisCache.size > before) synthesisStates += answer.statesExplored;
    const budget = maxFaults - faults.length;
    if (!answer.ok && counts('unrecoverable-scenario')) {
      const combinations = subsetCount(candidates.backupUnusable.length, budget);
      judged += combinations;
      failures['unrecoverable-scenario'] = (failures['unrecoverable-scenario'] ?? 0) + combinations;
      const candidate: Candidate = {
        traceLength: 2 + faults.length,
        faults: faults.length,
        scenario: { loss, faults },
      };
      if (better(candidate, best)) best = candidate;
      continue;
    }
    // No recovery exists, but unrecoverable-scenario is below the level: nothing else to judge.
    if (!answer.ok) {
      judged += subsetCount(candidates.backupUnusable.length, budget);
      continue;
    }
    const restored = [
      ...new Set(
        answer.steps
          .filter((step) => step.action === 'restore-database' && step.params.database !== undefined)
          .map((step) => lower(step.params.database!)),
      ),
    ];
    // Synthesis returns the fastest valid recovery: over the RTO means no recovery meets it.
    const overRto = answer.totalSeconds > environment.objectives.rtoSeconds && counts('rto-exceeded');
    for (const extra of subsets(candidates.backupUnusable, budget)) {
      judged++;
      const unusable = new Set(extra.map((fault) => lower(fault.database)));
      const overRpo =
        counts('backup-interval-exceeds-rpo') &&
        restored.some(
          (database) =>
            (dataLossSeconds(environment, database, unusable.has(database)) ?? 0) >
            environment.objectives.rpoSeconds,
        );
      if (!overRto && !overRpo) continue;
      const ruleId = overRto ? 'rto-exceeded' : 'backup-interval-exceeds-rpo';
      failures[ruleId] = (failures[ruleId] ?? 0) + 1;
      const all = [...faults, ...extra];
      const candidate: Candidate = {
        traceLength: 2 + all.length,
        faults: all.length,
        scenario: { loss, faults: all },
      };
      if (better(candidate, best)) best = candidate;
    }
  }
  return { judged, failures, ...(best === undefined ? {} : { best }), synthesisStates };
}

/** Which single-computer losses can be recovered at all, and which the plan recovers. */
function coverage(context: SimulationContext): Coverage {
  const singles = context.losses.filter((candidate) => candidate.kind === 'computer');
  let recoverable = 0;
  let handledAndRecovered = 0;
  for (const { loss } of singles) {
    if (synthesize(context, context.system, loss).ok) recoverable++;
    if (context.plan !== undefined && scenarioFor(context, loss) !== undefined) {
      if (evaluateFaultScenario(context, { loss, faults: [] }).failures.length === 0) handledAndRecovered++;
    }
  }
  return {
    singleComputerLosses: singles.length,
    recoverable,
    ...(context.plan === undefined ? {} : { handledAndRecovered }),
  };
}
