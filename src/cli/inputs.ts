import { UserError } from '../common/errors.js';
import { parseDate } from '../common/formats.js';
import { loadEnvironmentFile } from '../environment/load.js';
import { environmentNames } from '../environment/names.js';
import type { Environment } from '../environment/types.js';
import { loadPlanFile, resolvePlanReferences } from '../plan/load.js';
import type { Plan } from '../plan/types.js';
import { type CommonOptions, inputFailure } from './common.js';
import { isSameFile } from './io.js';

/*
 * Loading and judging the inputs, apart from `common.ts` because it loads the YAML parser and
 * the schemas: the commands import this module inside their actions, so `--help` and `rules`
 * never load it.
 */

/** Parses `--as-of` (a date, or `today`), refusing a malformed date as a usage error. */
export function asOfMillis(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  // `today` is the config file's policy of ignoring the environment's asOf (docs/config.md).
  if (text === 'today') return Date.UTC(...todayUtc());
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

/** The inputs of a command that takes `[environment]` and `--plan <plan>`. */
export interface CommandInputs {
  /** The environment file used: the command line's, else the one the plan's `environment:` names. */
  readonly environmentFile: string;
  readonly environment: Environment;
  /** The plan as loaded; its references to the environment are not resolved yet. */
  readonly plan?: Plan;
}

/**
 * Loads the environment and the plan of a command taking `[environment]` and `--plan`. The
 * environment is the one given on the command line; without it, the one the plan's
 * `environment:` names (relative to the plan file). When both are given and name different
 * files, a warning goes to `warn` and the command line wins. Neither is a usage error.
 */
export async function requireInputs(
  environmentArgument: string | undefined,
  planFile: string | undefined,
  warn: (text: string) => void,
): Promise<CommandInputs> {
  if (environmentArgument !== undefined) {
    // The environment first, as always: its errors are the ones to fix first.
    const environment = await requireEnvironment(environmentArgument);
    const plan = planFile === undefined ? undefined : await requirePlan(planFile);
    if (plan?.environment !== undefined && !isSameFile(plan.environment, environmentArgument)) {
      warn(
        `warning: ${planFile} names the environment ${plan.environment} (its environment:), but the command line gives ${environmentArgument}; using ${environmentArgument}\n`,
      );
    }
    return { environmentFile: environmentArgument, environment, ...(plan === undefined ? {} : { plan }) };
  }
  if (planFile === undefined) {
    throw new UserError(
      'missing the environment: give the environment file as the first argument, or a plan whose environment: names it with --plan',
    );
  }
  const plan = await requirePlan(planFile);
  if (plan.environment === undefined) {
    throw new UserError(
      `missing the environment: ${planFile} has no environment: key; give the environment file as the first argument, or add 'environment: ./environment.yaml' to the plan`,
    );
  }
  return { environmentFile: plan.environment, environment: await requireEnvironment(plan.environment), plan };
}

/**
 * Resolves a plan's references against the environment, for the commands that cannot run a
 * plan naming what the environment lacks (`validate`, `simulate`, `drill`): every unresolved
 * name is a located input error (exit 2), with a did-you-mean where one is close. `check`
 * reports them as `unknown-reference` findings instead.
 */
export function requireResolvedPlan(plan: Plan, environment: Environment): Plan {
  const resolved = resolvePlanReferences(plan, environmentNames(environment));
  if (resolved.unresolved.length > 0) {
    throw inputFailure(
      plan.file,
      resolved.unresolved.map((reference) => ({
        location: reference.location,
        path: reference.path,
        message: `scenario '${reference.scenario}': unknown ${reference.kind} '${reference.value}'`,
        ...(reference.suggestion ? { suggestion: `did you mean '${reference.suggestion}'?` } : {}),
      })),
    );
  }
  return resolved.plan;
}
