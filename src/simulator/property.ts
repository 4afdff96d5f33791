/**
 * Property mode of `scsm-dr simulate`: fast-check draws fault scenarios (a loss plus up to
 * `maxFaults` faults during the recovery), each is judged by `evaluateFaultScenario`, and a
 * failure is shrunk to a minimal counterexample. The seed and the shrink path of the
 * counterexample replay it exactly (fast-check `seed` + `path` + `endOnFailure`).
 */
import fc from 'fast-check';
import {
  canonicalFault,
  canonicalLoss,
  describeLoss,
  FAULT_KINDS,
  type Fault,
  type FaultKind,
  type FaultScenario,
  LOSS_KINDS,
  type LossKind,
  normalizeScenario,
} from './faults.js';
import {
  type Evaluation,
  evaluateFaultScenario,
  faultCandidates,
  type SimulationContext,
} from './simulate.js';

/** Options of a property run. */
export interface PropertyOptions {
  readonly seed: number;
  /** How many fault scenarios to draw (fast-check `numRuns`). */
  readonly runs: number;
  readonly maxFaults: number;
  /** The fast-check path of a counterexample: replays exactly that one (with the same seed). */
  readonly path?: string;
  /** Called after every judged scenario, shrinking included (`done` may exceed `total`). */
  readonly onProgress?: (done: number, total: number) => void;
}

/** What kinds of disaster and fault the runs exercised (the runs before a failure, not the shrinking). */
export interface Statistics {
  readonly runs: number;
  /** Runs per loss kind. */
  readonly losses: Readonly<Record<LossKind, number>>;
  /** Runs in which at least one fault of the kind struck. */
  readonly faults: Readonly<Record<FaultKind, number>>;
  /** Runs by number of faults (after normalisation), `"0"`, `"1"`, … */
  readonly faultsPerRun: Readonly<Record<string, number>>;
  /** Runs whose loss a plan scenario handles (synthesis mode: every run). */
  readonly handled: number;
  /** Runs whose loss no plan scenario handles: coverage gaps, not counterexamples. */
  readonly unhandled: number;
}

/** A loss no plan scenario handles (`plan-coverage`), reported once per loss. */
export interface UncoveredLoss {
  readonly kind: LossKind;
  readonly canonical: string;
  readonly description: string;
}

/** A shrunk counterexample and what replays it. */
export interface Counterexample {
  readonly evaluation: Evaluation;
  /** fast-check's shrink path; with `seed` it replays this very counterexample. */
  readonly path: string;
  readonly shrinks: number;
  /** The run (1-based) that failed first, before shrinking. */
  readonly run: number;
}

/** The outcome of a property run. */
export interface PropertyResult {
  readonly mode: 'property';
  readonly seed: number;
  readonly runs: number;
  readonly maxFaults: number;
  /** True when this run replayed a given path. */
  readonly replayed: boolean;
  /** Scenarios judged before the first failure (all of them when none failed). */
  readonly runsExecuted: number;
  /** Scenarios judged in total, shrinking included (for runs per second). */
  readonly evaluations: number;
  readonly counterexample?: Counterexample;
  readonly statistics: Statistics;
  readonly uncovered: readonly UncoveredLoss[];
}

/**
 * The fault scenarios of a context as a fast-check arbitrary. The loss is drawn from the
 * loss universe (which shrinks towards its simplest entries: single computers first), then
 * up to `maxFaults` distinct faults that can strike its recovery; each fault shrinks towards
 * the earliest step and the first computer the environment declares.
 */
export function faultScenarioArbitrary(
  context: SimulationContext,
  maxFaults: number,
): fc.Arbitrary<FaultScenario> {
  const losses = context.losses;
  if (losses.length === 0) throw new Error('the environment declares nothing that can be lost');
  // Losses no plan scenario handles cannot fail (they are coverage findings), so they are
  // drawn less often: a fifth of the runs, enough to meet each of them.
  const handled: number[] = [];
  const unhandled: number[] = [];
  losses.forEach((candidate, index) => {
    (context.plan === undefined || context.scenarios.has(candidate.canonical) ? handled : unhandled).push(
      index,
    );
  });
  const pick = (indices: readonly number[]) =>
    fc.integer({ min: 0, max: indices.length - 1 }).map((i) => indices[i]!);
  const lossIndex =
    handled.length === 0
      ? pick(unhandled)
      : unhandled.length === 0
        ? pick(handled)
        : fc.oneof({ arbitrary: pick(handled), weight: 4 }, { arbitrary: pick(unhandled), weight: 1 });
  return lossIndex.chain((index) => {
    const loss = losses[index]!.loss;
    const candidates = faultCandidates(context, loss);
    const kinds: fc.Arbitrary<Fault>[] = [];
    const steps = candidates.stepFails.length;
    if (steps > 0) kinds.push(fc.nat(steps - 1).map((step): Fault => ({ kind: 'step-fails', step })));
    if (candidates.lostMidPlan.length > 0) {
      const computers = [...new Set(candidates.lostMidPlan.map((fault) => fault.computer))];
      kinds.push(
        context.plan === undefined
          ? fc.constantFrom(...computers).map((computer): Fault => ({ kind: 'lost-mid-plan', computer }))
          : fc
              .record({ computer: fc.constantFrom(...computers), afterStep: fc.nat(Math.max(0, steps - 2)) })
              .map(({ computer, afterStep }): Fault => ({ kind: 'lost-mid-plan', computer, afterStep })),
      );
    }
    if (candidates.backupUnusable.length > 0) kinds.push(fc.constantFrom(...candidates.backupUnusable));
    if (candidates.keyPasswordUnknown.length > 0)
      kinds.push(fc.constantFrom(...candidates.keyPasswordUnknown));
    if (kinds.length === 0 || maxFaults === 0) return fc.constant<FaultScenario>({ loss, faults: [] });
    return (
      fc
        // size 'max': every fault count up to the bound is drawn about as often as the others;
        // fast-check's default bias towards short arrays would leave most runs fault-free.
        .uniqueArray(fc.oneof(...kinds), { maxLength: maxFaults, selector: canonicalFault, size: 'max' })
        .map((faults): FaultScenario => ({ loss, faults }))
    );
  });
}

interface RunRecord {
  readonly lossKind: LossKind;
  readonly canonicalLoss: string;
  readonly lossDescription: string;
  readonly faults: readonly Fault[];
  readonly handled: boolean;
}

/**
 * Runs the property: every drawn fault scenario must satisfy every invariant (see
 * `evaluateFaultScenario`). Deterministic for a given context, seed and options.
 */
export function runProperty(context: SimulationContext, options: PropertyOptions): PropertyResult {
  const { environment } = context;
  const kindOf = new Map(context.losses.map((candidate) => [candidate.canonical, candidate.kind]));
  const cache = new Map<string, Evaluation>();
  const records: RunRecord[] = [];
  const evaluate = (scenario: FaultScenario): Evaluation => {
    const key = JSON.stringify(normalizeScenario(environment, scenario));
    let evaluation = cache.get(key);
    if (evaluation === undefined) {
      evaluation = evaluateFaultScenario(context, scenario);
      cache.set(key, evaluation);
    }
    return evaluation;
  };
  let thrown: { error: unknown } | undefined;
  const property = fc.property(faultScenarioArbitrary(context, options.maxFaults), (scenario) => {
    let evaluation: Evaluation;
    try {
      evaluation = evaluate(scenario);
    } catch (error) {
      thrown ??= { error };
      throw error;
    }
    const lossKey = canonicalLoss(environment, scenario.loss);
    records.push({
      lossKind: kindOf.get(lossKey) ?? 'computer',
      canonicalLoss: lossKey,
      lossDescription: describeLoss(environment, scenario.loss),
      faults: evaluation.scenario.faults,
      handled: evaluation.handled,
    });
    options.onProgress?.(records.length, options.runs);
    return !evaluation.handled || evaluation.failures.length === 0;
  });
  const details = fc.check(property, {
    seed: options.seed,
    numRuns: options.runs,
    ...(options.path === undefined ? {} : { path: options.path, endOnFailure: true }),
  });
  if (details.failed && details.counterexample === null) {
    throw new Error('fast-check stopped without a counterexample (too many skips or interrupted)');
  }
  // The predicate returns booleans; anything thrown is a bug and must keep its stack.
  if (thrown !== undefined) throw thrown.error;
  const runsExecuted = Math.min(details.numRuns, records.length);
  const executed = records.slice(0, runsExecuted);
  const result: PropertyResult = {
    mode: 'property',
    seed: options.seed,
    runs: options.runs,
    maxFaults: options.maxFaults,
    replayed: options.path !== undefined,
    runsExecuted,
    evaluations: records.length,
    statistics: statistics(executed),
    uncovered: uncovered(context, executed),
  };
  if (!details.failed || details.counterexample === null || details.counterexamplePath === null)
    return result;
  return {
    ...result,
    counterexample: {
      evaluation: evaluate(details.counterexample[0]),
      path: details.counterexamplePath,
      shrinks: details.numShrinks,
      run: details.numRuns,
    },
  };
}

function statistics(records: readonly RunRecord[]): Statistics {
  const losses = Object.fromEntries(LOSS_KINDS.map((kind) => [kind, 0])) as Record<LossKind, number>;
  const faults = Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0])) as Record<FaultKind, number>;
  const faultsPerRun: Record<string, number> = {};
  let handled = 0;
  for (const record of records) {
    losses[record.lossKind]++;
    for (const kind of new Set(record.faults.map((fault) => fault.kind))) faults[kind]++;
    const count = String(record.faults.length);
    faultsPerRun[count] = (faultsPerRun[count] ?? 0) + 1;
    if (record.handled) handled++;
  }
  const sortedPerRun: Record<string, number> = {};
  for (const count of Object.keys(faultsPerRun).sort((a, b) => Number(a) - Number(b)))
    sortedPerRun[count] = faultsPerRun[count]!;
  return {
    runs: records.length,
    losses,
    faults,
    faultsPerRun: sortedPerRun,
    handled,
    unhandled: records.length - handled,
  };
}

/** The losses drawn that no scenario handles, once each, in loss-universe order. */
function uncovered(context: SimulationContext, records: readonly RunRecord[]): UncoveredLoss[] {
  const missing = new Set(records.filter((record) => !record.handled).map((record) => record.canonicalLoss));
  return context.losses
    .filter((candidate) => missing.has(candidate.canonical))
    .map((candidate) => ({
      kind: candidate.kind,
      canonical: candidate.canonical,
      description: describeLoss(context.environment, candidate.loss),
    }));
}
