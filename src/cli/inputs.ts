import { UserError } from '../common/errors.js';
import { parseDate } from '../common/formats.js';
import { loadEnvironmentFile } from '../environment/load.js';
import type { Environment } from '../environment/types.js';
import { loadPlanFile } from '../plan/load.js';
import type { Plan } from '../plan/types.js';
import { type CommonOptions, inputFailure } from './common.js';

/*
 * Loading and judging the inputs, apart from `common.ts` because it loads the YAML parser and
 * the schemas: the commands import this module inside their actions, so `--help` and `rules`
 * never load it.
 */

/** Parses `--as-of`, refusing a malformed date as a usage error. */
export function asOfMillis(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const millis = parseDate(text);
  if (millis === undefined) throw new UserError(`--as-of: '${text}' is not a date; expected YYYY-MM-DD`);
  return millis;
}

/**
 * The date every age is judged at: `--as-of`, else the environment's own `asOf`, else today.
 * This is the only place the clock is read; everything below receives the date.
 */
export function judgementDate(options: CommonOptions, environment: Environment): number {
  return asOfMillis(options.asOf) ?? environment.asOf ?? Date.UTC(...todayUtc());
}

function todayUtc(): [number, number, number] {
  const now = new Date();
  return [now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()];
}

/** Loads the environment or throws a {@link UserError} with every located error. */
export async function requireEnvironment(file: string): Promise<Environment> {
  const result = await loadEnvironmentFile(file);
  if (!result.ok) throw inputFailure(file, result.errors);
  return result.value;
}

/** Loads a plan or throws a {@link UserError} with every located error. */
export async function requirePlan(file: string): Promise<Plan> {
  const result = await loadPlanFile(file);
  if (!result.ok) throw inputFailure(file, result.errors);
  return result.value;
}
