/**
 * The worker-thread task of `runPropertyParallel`: judging fault scenarios with
 * `evaluateFaultScenario` on the context of the environment and (resolved) plan.
 */

import { defineTask } from '../engine/task.js';
import type { Environment } from '../environment/types.js';
import type { Plan } from '../plan/types.js';
import type { FaultScenario } from './faults.js';
import { createSimulationContext, type Evaluation, evaluateFaultScenario } from './simulate.js';

/** What each thread is given once. */
export interface FaultScenariosJob {
  readonly environment: Environment;
  readonly plan?: Plan;
}

export default defineTask({
  kind: 'fault-scenarios',
  setup(job: FaultScenariosJob) {
    const context = createSimulationContext(job.environment, job.plan);
    return (scenarios: readonly FaultScenario[]): Evaluation[] =>
      scenarios.map((scenario) => evaluateFaultScenario(context, scenario));
  },
});
