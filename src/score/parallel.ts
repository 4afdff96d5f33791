/**
 * `scoreReadiness` on worker threads, with the single-threaded result. The threads synthesise
 * the cluster recoveries the score will ask for; the rows are then scored here from the
 * memoised answers, exactly as in one thread.
 */
import type ClusterRecoveriesTask from '../engine/cluster-recoveries.task.js';
import { answerClusterBatch, type ClusterQuestion, type RecoveryMemo } from '../engine/recoveries.js';
import { taskAt } from '../engine/task.js';
import type { Environment } from '../environment/types.js';
import type { Loss } from '../models/system.js';
import {
  finishScore,
  prepareScore,
  type ScoreOptions,
  scoreReadiness,
  synthesisedLosses,
} from './readiness.js';
import { EngineRecoveries } from './recovery.js';
import type { Readiness } from './types.js';

const CLUSTER_RECOVERIES = taskAt<typeof ClusterRecoveriesTask>(
  new URL('../engine/cluster-recoveries.task.js', import.meta.url),
);

/** Options of `scoreReadinessParallel`. */
export interface ParallelScoreOptions extends ScoreOptions {
  /** Threads synthesising recoveries, this one included; 1 scores in this thread only (`scoreReadiness`). */
  readonly workers: number;
}

/**
 * `scoreReadiness` with the recoveries synthesised on `workers` threads: this one and
 * `workers − 1` worker threads, each compiling the environment's clusters itself. The result
 * deep-equals `scoreReadiness`'s: every answer is a pure function of its cluster's projected
 * start state, and the rows are scored here in order. Runs the compiled program's worker
 * script (see `engine/worker-pool.ts`).
 */
export async function scoreReadinessParallel(
  claimed: Environment,
  options: ParallelScoreOptions,
): Promise<Readiness> {
  const { workers, ...rest } = options;
  if (workers <= 1 || rest.recoveries !== undefined) return scoreReadiness(claimed, rest);
  const prepared = prepareScore(claimed, rest);
  if (!(prepared.recoveries instanceof EngineRecoveries)) return finishScore(claimed, rest, prepared);
  await prefetch(
    prepared.env,
    prepared.recoveries.memo,
    synthesisedLosses(prepared, rest.plan),
    workers,
    rest,
  );
  return finishScore(claimed, rest, prepared);
}

/**
 * Synthesises on worker threads every cluster answer `memo` needs for `losses`, and records
 * them in it: for each loss, one question per cluster it touches, answered from the
 * cluster's own start state as the single-threaded memo answers it. A question asked by two
 * losses may be answered on two threads; the answers are equal (a pure function of the
 * cluster's projected start state), so only the work is repeated, never the result changed.
 */
async function prefetch(
  env: Environment,
  memo: RecoveryMemo,
  losses: readonly Loss[],
  workers: number,
  options: Pick<ScoreOptions, 'maxStates'>,
): Promise<void> {
  const synthesizer = memo.synthesizer;
  const asked = memo.touchedQuestions(losses);
  const questions: ClusterQuestion[] = asked.flatMap(({ loss, clusters }) =>
    clusters.map((cluster) => ({ cluster, loss })),
  );
  const { runItems } = await import('../engine/worker-pool.js');
  // Batched by the pool's one rule (`BatchSizer`): as many questions as take about 25 ms.
  const answers = await runItems(
    CLUSTER_RECOVERIES,
    { environment: env, ...(options.maxStates === undefined ? {} : { maxStates: options.maxStates }) },
    questions,
    workers,
    (batch) => answerClusterBatch(synthesizer, batch),
  );
  let next = 0;
  for (const { loss, clusters } of asked) {
    memo.rememberTouched(loss, clusters, answers.slice(next, next + clusters.length));
    next += clusters.length;
  }
}
