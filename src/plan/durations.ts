import type { Environment } from '../environment/types.js';
import { ACTIONS, RESTORE_OVERHEAD_SECONDS } from './actions.js';
import type { PlanStep } from './types.js';

/** Where a step's estimated duration came from, so reports can say how it was judged. */
export type DurationSource = 'step' | 'environment' | 'database-size' | 'default';

/**
 * The estimated duration of a step, in seconds, and where it came from. In order: the step's
 * own `duration`; the environment's `durations:` override for the action; for
 * `restore-database`, the database's size divided by the restore throughput plus a fixed
 * overhead; otherwise the action's documented default. This is a pure function.
 */
export function estimateStepSeconds(
  environment: Environment,
  step: Pick<PlanStep, 'action' | 'params' | 'durationSeconds'>,
): { seconds: number; source: DurationSource } {
  if (step.durationSeconds !== undefined) return { seconds: step.durationSeconds, source: 'step' };
  const override = environment.durationOverrides[step.action];
  if (override !== undefined) return { seconds: override, source: 'environment' };
  if (step.action === 'restore-database') {
    const database = environment.databases.find((candidate) => candidate.name === step.params.database);
    if (database?.sizeGb !== undefined) {
      const seconds =
        (database.sizeGb / environment.restoreThroughputGbPerHour) * 3600 + RESTORE_OVERHEAD_SECONDS;
      return { seconds: Math.round(seconds), source: 'database-size' };
    }
  }
  return { seconds: ACTIONS[step.action].defaultDurationSeconds, source: 'default' };
}
