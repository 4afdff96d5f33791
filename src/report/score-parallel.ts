/**
 * `scoreReadiness` on worker threads, with the single-threaded result. Apart from `score.ts`
 * because it names its task module (`disruption-scores.task.ts`), which imports `score.ts`.
 */
import { taskAt } from '../engine/task.js';
import type { Environment } from '../environment/types.js';
import type DisruptionScoresTask from './disruption-scores.task.js';
import { type Readiness, type ScoreOptions, scoreReadiness, scoreReadinessWith } from './score.js';

const DISRUPTION_SCORES = taskAt<typeof DisruptionScoresTask>(
  new URL('./disruption-scores.task.js', import.meta.url),
);

/** Options of `scoreReadinessParallel`. */
export interface ParallelScoreOptions extends ScoreOptions {
  /** Threads scoring disruptions, this one included; 1 scores them in this thread only (`scoreReadiness`). */
  readonly workers: number;
}

/** Disruptions per batch handed to a worker thread: small, because their costs differ widely. */
const READINESS_BATCH = 4;

/**
 * `scoreReadiness` with the disruptions scored on `workers` threads: this one and
 * `workers − 1` worker threads, each rebuilding the models from the environment (the plan's
 * check runs once, here). Every row is a pure function of its disruption, so the result
 * deep-equals `scoreReadiness`'s. Runs the compiled program's worker script (see
 * `engine/worker-pool.ts`).
 */
export async function scoreReadinessParallel(
  env: Environment,
  options: ParallelScoreOptions,
): Promise<Readiness> {
  const { workers, ...rest } = options;
  if (workers <= 1) return scoreReadiness(env, rest);
  const { batchesOf, runBatches } = await import('../engine/worker-pool.js');
  return scoreReadinessWith(env, rest, async (job, indices, here) =>
    (await runBatches(DISRUPTION_SCORES, job, batchesOf(indices, READINESS_BATCH), workers, here)).flat(),
  );
}
