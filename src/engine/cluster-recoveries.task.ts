/**
 * The worker-thread task of the score (`src/score/parallel.ts`): a `ClusterSynthesizer` of its
 * own per thread, answering batches of cluster questions (one cluster's recovery of a loss each).
 */
import type { Environment } from '../environment/types.js';
import {
  answerClusterBatch,
  type ClusterBatch,
  type ClusterRecovery,
  ClusterSynthesizer,
} from './recoveries.js';
import { defineTask } from './task.js';

/** What each thread is given once. */
export interface ClusterRecoveriesJob {
  readonly environment: Environment;
  readonly maxStates?: number;
}

export default defineTask({
  kind: 'cluster-recoveries',
  setup(job: ClusterRecoveriesJob) {
    const synthesizer = new ClusterSynthesizer(job.environment, job.maxStates);
    return (batch: ClusterBatch): ClusterRecovery[] => answerClusterBatch(synthesizer, batch);
  },
});
