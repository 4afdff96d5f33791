/**
 * `scoreDisruptions` on worker threads, with the single-threaded result. Apart from
 * `score.ts` because it names its task module (`cluster-recoveries.task.ts`), which imports
 * `score.ts`.
 */
import type { Environment } from '../environment/types.js';
import type { Loss } from '../models/system.js';
import type ClusterRecoveriesTask from './cluster-recoveries.task.js';
import {
  answerClusterBatch,
  type ClusterQuestion,
  type ClusterRecovery,
  ClusterSynthesizer,
  chosenDisruptions,
  type FastReadiness,
  type FastScoreOptions,
  readinessScore,
  scoreDisruptions,
  scoreFromRecovery,
} from './score.js';
import { taskAt } from './task.js';

const CLUSTER_RECOVERIES = taskAt<typeof ClusterRecoveriesTask>(
  new URL('./cluster-recoveries.task.js', import.meta.url),
);

/** Options of `scoreDisruptionsParallel`. */
export interface ParallelFastScoreOptions extends FastScoreOptions {
  /** Threads synthesising cluster recoveries; 1 runs `scoreDisruptions` in this thread. */
  readonly workers: number;
}

/** Disruptions whose questions a worker thread collects per batch. */
const QUESTION_BATCH = 64;
/** Cluster syntheses per batch handed to a worker thread. */
const RECOVERY_BATCH = 4;

/**
 * `scoreDisruptions` on `workers` threads (this one and `workers − 1` worker threads), with
 * the same result, counters included. Each worker thread rebuilds the clusters from the
 * environment. First the threads collect every disruption's questions (per cluster, its
 * projected start state: the synthesizer's cache keys), a batch of disruptions at a time;
 * here the distinct questions are taken in the single-threaded order, each with the first
 * loss that asks it, which is the loss `scoreDisruptions` would synthesise it from. Then the
 * threads answer each distinct question once (`recoverCluster`), and the disruptions are
 * composed here from the answers and scored as `scoreDisruptions` scores them. Each distinct
 * question is synthesised once, as in one thread, so `synthesesRun` and `statesExplored` agree
 * too. Runs the compiled program's worker script (`worker-pool.ts`).
 */
export async function scoreDisruptionsParallel(
  env: Environment,
  options: ParallelFastScoreOptions,
): Promise<FastReadiness> {
  const { workers, ...rest } = options;
  if (workers <= 1) return scoreDisruptions(env, rest);
  const { WorkerPool, batchesOf } = await import('./worker-pool.js');
  // The worker threads start while this one enumerates the disruptions and compiles its system.
  const pool = new WorkerPool(
    CLUSTER_RECOVERIES,
    { environment: env, ...(options.maxStates === undefined ? {} : { maxStates: options.maxStates }) },
    workers - 1,
  );
  try {
    const chosen = chosenDisruptions(env, rest);
    const synthesizer = new ClusterSynthesizer(env, options.maxStates);
    const keys = (
      (await pool.map(
        batchesOf(chosen, QUESTION_BATCH).map((batch) => ({
          ask: batch.map((disruption) => disruption.loss),
        })),
        (input) => answerClusterBatch(synthesizer, input),
      )) as string[][][]
    ).flat();
    const questions = keys.map((own) => own.map((key, cluster): ClusterQuestion => ({ cluster, key })));
    const asked = new Map<string, { readonly cluster: number; readonly loss: Loss }>();
    questions.forEach((own, index) => {
      for (const { cluster, key } of own)
        if (!asked.has(key)) asked.set(key, { cluster, loss: chosen[index]!.loss });
    });
    const answers = (
      (await pool.map(
        batchesOf([...asked.values()], RECOVERY_BATCH).map((batch) => ({ answer: batch })),
        (input) => answerClusterBatch(synthesizer, input),
      )) as ClusterRecovery[][]
    ).flat();
    const distinct = [...asked.keys()];
    answers.forEach((answer, index) => {
      synthesizer.remember(distinct[index]!, answer);
    });
    const disruptions = chosen.map((disruption, index) => {
      const recovery = synthesizer.recoverCached(questions[index]!);
      if (recovery === undefined) throw new Error(`disruption ${disruption.id}: a question went unanswered`);
      return scoreFromRecovery(env, disruption, recovery);
    });
    return {
      score: readinessScore(disruptions),
      disruptions,
      // Each distinct question was synthesised once, by one of the threads.
      synthesesRun: answers.length,
      statesExplored: answers.reduce((sum, answer) => sum + answer.statesExplored, 0),
    };
  } finally {
    await pool.close();
  }
}
