/**
 * The worker-thread task of `scoreReadinessParallel`: scoring the disruptions at given indices
 * of `enumerateDisruptions` on the whole system, as `scoreReadiness` scores them.
 */
import { recoveryMakespan } from '../engine/parallel-synthesis.js';
import { defineTask } from '../engine/task.js';
import { type DisruptionScore, type DisruptionScoresJob, scoreDisruptionsAt } from './score.js';

export default defineTask({
  kind: 'disruption-scores',
  setup(job: DisruptionScoresJob): (indices: readonly number[]) => DisruptionScore[] {
    return scoreDisruptionsAt(job, undefined, undefined, recoveryMakespan);
  },
});
