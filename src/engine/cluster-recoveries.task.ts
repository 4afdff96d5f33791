/**
 * The worker-thread task of `scoreDisruptionsParallel`: a `ClusterSynthesizer` of its own per
 * thread, answering `{ ask }` (each loss's question keys, in cluster order) or `{ answer }`
 * (one cluster's recovery of a loss each).
 */
import type { Environment } from '../environment/types.js';
import { answerClusterBatch, type ClusterBatch, type ClusterRecovery, ClusterSynthesizer } from './score.js';
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
    return (input: ClusterBatch): string[][] | ClusterRecovery[] => answerClusterBatch(synthesizer, input);
  },
});
