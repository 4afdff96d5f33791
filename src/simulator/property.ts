/**
 * Property mode of `scsm-dr simulate`: fast-check draws fault scenarios (a loss plus up to
 * `maxFaults` faults during the recovery), each is judged by `evaluateFaultScenario`, and a
 * failure is shrunk to a minimal counterexample. The seed and the shrink path of the
 * counterexample replay it exactly (fast-check `seed` + `path` + `endOnFailure`).
 */
import fc from 'fast-check';
import type { FailOn } from '../common/exit-code.js';
import { BatchSizer } from '../engine/batching.js';
import { taskAt } from '../engine/task.js';
import { canonicalLoss, describeLossWithMembers, LOSS_KINDS, type LossKind } from '../loss/index.js';
import type FaultScenariosTask from './fault-scenarios.task.js';
import {
  canonicalFault,
  FAULT_KINDS,
  type Fault,
  type FaultKind,
  type FaultScenario,
  normalizeScenario,
} from './faults.js';
import {
  defaultSynthesizer,
  type Evaluation,
  evaluateFaultScenario,
  faultCandidates,
  isCounterexample,
  type SimulationContext,
  searchLevel,
} from './simulate.js';

const FAULT_SCENARIOS = taskAt<typeof FaultScenariosTask>(
  new URL('./fault-scenarios.task.js', import.meta.url),
);

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
  /**
   * The `--fail-on` level: which failures make a counterexample (`searchLevel`). Default
   * `warning`: every broken invariant, whatever its severity.
   */
  readonly failOn?: FailOn;
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
  return check(context, options, new Map());
}

/** The evaluation cache's key of a fault scenario: its normal form. This is a pure function. */
function cacheKey(context: SimulationContext, scenario: FaultScenario): string {
  return JSON.stringify(normalizeScenario(context.environment, scenario));
}

/**
 * The property run of `runProperty`, with its evaluation cache passed in: `runPropertyParallel`
 * fills it beforehand, and a filled cache changes nothing but speed (an evaluation is a pure
 * function of the scenario's normal form).
 */
function check(
  context: SimulationContext,
  options: PropertyOptions,
  cache: Map<string, Evaluation>,
): PropertyResult {
  const { environment } = context;
  const kindOf = new Map(context.losses.map((candidate) => [candidate.canonical, candidate.kind]));
  const records: RunRecord[] = [];
  const level = searchLevel(options.failOn ?? 'warning');
  const evaluate = (scenario: FaultScenario): Evaluation => {
    const key = cacheKey(context, scenario);
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
      lossDescription: describeLossWithMembers(environment, scenario.loss),
      faults: evaluation.scenario.faults,
      handled: evaluation.handled,
    });
    options.onProgress?.(records.length, options.runs);
    return !isCounterexample(evaluation, level);
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

/** Options of `runPropertyParallel`. */
export interface ParallelPropertyOptions extends PropertyOptions {
  /** Threads judging the drawn scenarios, this one included; 1 runs `runProperty` in this thread only. */
  readonly workers: number;
  /**
   * Default true: this thread is one of the `workers` (`workers − 1` worker threads start) and
   * judges the first runs alone before any thread starts. False hands every drawn scenario
   * to `workers` worker threads (tests and benchmarks of the threads themselves); the result
   * is the same either way.
   */
  readonly judgeFirstRunsHere?: boolean;
}

/**
 * Runs drawn per call of `fc.sample`: the draws are made a window at a time, so that an early
 * failure stops them. A window starts at fast-check's `path` offset, which fast-check reaches
 * by skipping (a jump of the generator, much cheaper than a draw), so windows double up to a
 * bound: the skips stay a small share of the draws, and a window stalls the threads' supply
 * for at most a few seconds.
 */
const FIRST_WINDOW = 256;
const LARGEST_WINDOW = 65_536;
/**
 * This thread judges the first runs alone for this long before it starts any worker thread,
 * so that a plan that fails within them (the usual case: a counterexample within the first
 * runs) costs no more than a single-threaded run.
 */
const ALONE_MILLISECONDS = 100;

/**
 * `runProperty` with the scenarios judged on `workers` threads (this one and `workers − 1`
 * worker threads, each on a context rebuilt from the environment and plan), with the same
 * result. Phase 1 draws the runs fast-check will draw (`fc.sample` with the same seed, a
 * window at a time through fast-check's own `path` offset), keeps the first of each normal
 * form, and has the threads judge them in draw order; once a judged scenario fails, nothing
 * drawn after it is judged. This thread judges alone for the first 100 ms, so that a plan that
 * fails early starts no thread. Phase 2 is `runProperty` itself, unchanged, with its
 * evaluation cache filled from phase 1: runs, shrinking, counterexample, statistics and
 * `onProgress` are the single-threaded ones, and whatever phase 1 did not judge (shrink
 * candidates) is judged here. A replay (`path`) judges a handful of scenarios and runs in this
 * thread. Uses the compiled program's worker script (`engine/worker-pool.ts`); a context with
 * a replaced synthesizer cannot be rebuilt in a thread and is refused.
 */
export async function runPropertyParallel(
  context: SimulationContext,
  options: ParallelPropertyOptions,
): Promise<PropertyResult> {
  const { workers, judgeFirstRunsHere: _, ...rest } = options;
  if (workers <= 1 || options.path !== undefined) return runProperty(context, rest);
  if (context.synthesize !== defaultSynthesizer)
    throw new Error('a context with a replaced synthesizer cannot be judged in worker threads');
  return check(context, rest, await prejudge(context, options));
}

/** Phase 1 of `runPropertyParallel`: the drawn scenarios judged on the threads, by cache key. */
async function prejudge(
  context: SimulationContext,
  options: ParallelPropertyOptions,
): Promise<Map<string, Evaluation>> {
  const arbitrary = faultScenarioArbitrary(context, options.maxFaults);
  const cache = new Map<string, Evaluation>();
  const seen = new Set<string>();
  /** Distinct scenarios drawn and not yet sent, in draw order, with the run that drew each. */
  const waiting: { run: number; key: string; scenario: FaultScenario }[] = [];
  const level = searchLevel(options.failOn ?? 'warning');
  let drawn = 0;
  let failedAt = Number.POSITIVE_INFINITY;
  const draw = (): void => {
    const count = Math.min(Math.max(FIRST_WINDOW, Math.min(drawn, LARGEST_WINDOW)), options.runs - drawn);
    // fast-check's path `n` starts the draws at run n: the same values, runs n, n + 1, …
    const scenarios = fc.sample(arbitrary, {
      seed: options.seed,
      numRuns: count,
      ...(drawn === 0 ? {} : { path: String(drawn) }),
    });
    scenarios.forEach((scenario, index) => {
      const key = cacheKey(context, scenario);
      if (seen.has(key)) return;
      seen.add(key);
      waiting.push({ run: drawn + index, key, scenario });
    });
    drawn += count;
  };
  // The pool's one batching rule, fed from the first runs judged here alone too.
  const sizer = new BatchSizer();
  const next = (size: number): typeof waiting | undefined => {
    while (waiting.length < size && drawn < options.runs && drawn <= failedAt) draw();
    // The property stops at its first failing run: what was drawn after it is never judged
    // in phase 2 (shrinking draws its own candidates).
    const batch = waiting.splice(0, size).filter((entry) => entry.run <= failedAt);
    return batch.length === 0 ? undefined : batch;
  };
  const record = (batch: typeof waiting, evaluations: readonly Evaluation[]): void => {
    evaluations.forEach((evaluation, index) => {
      const entry = batch[index]!;
      cache.set(entry.key, evaluation);
      if (isCounterexample(evaluation, level)) failedAt = Math.min(failedAt, entry.run);
    });
  };
  const judgeScenarios = (scenarios: readonly FaultScenario[]): Evaluation[] =>
    scenarios.map((scenario) => evaluateFaultScenario(context, scenario));
  const judge = (batch: typeof waiting): Evaluation[] => judgeScenarios(batch.map((entry) => entry.scenario));
  if (options.judgeFirstRunsHere !== false) {
    const until = performance.now() + ALONE_MILLISECONDS;
    for (let batch = next(1); ; batch = next(1)) {
      if (batch === undefined) return cache;
      const started = performance.now();
      record(batch, judge(batch));
      sizer.record(batch.length, performance.now() - started);
      if (performance.now() >= until) break;
    }
  }
  const { WorkerPool } = await import('../engine/worker-pool.js');
  const pool = new WorkerPool(
    FAULT_SCENARIOS,
    { environment: context.environment, ...(context.plan === undefined ? {} : { plan: context.plan }) },
    options.judgeFirstRunsHere === false ? options.workers : options.workers - 1,
  );
  const take = (size: number) => {
    const batch = next(size);
    return batch === undefined
      ? undefined
      : {
          items: batch.map((entry) => entry.scenario),
          give: (evaluations: readonly Evaluation[]) => record(batch, evaluations),
        };
  };
  try {
    // This thread is one of the `workers` unless told otherwise: it judges batches too, with
    // its warm caches.
    await pool.stream(take, options.judgeFirstRunsHere === false ? undefined : judgeScenarios, sizer);
  } finally {
    await pool.close();
  }
  return cache;
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
      description: describeLossWithMembers(context.environment, candidate.loss),
    }));
}
