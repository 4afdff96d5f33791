import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { formatInputError, type InputError, UserError } from '../common/errors.js';
import { parseDate } from '../common/formats.js';
import { loadEnvironmentFile } from '../environment/load.js';
import type { Environment } from '../environment/types.js';
import { loadPlanFile } from '../plan/load.js';
import type { Plan } from '../plan/types.js';
import { type Colors, colors, useColor } from './io.js';

/** Options every reporting command accepts (SPEC §4). */
export interface CommonOptions {
  readonly format?: string;
  readonly color?: boolean;
  readonly quiet?: boolean;
  readonly asOf?: string;
}

/** What a command needs from the outside world; passed in so commands stay testable. */
export interface CommandContext {
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
  readonly out: Colors;
  readonly err: Colors;
  readonly quiet: boolean;
}

export function contextFor(options: CommonOptions): CommandContext {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    out: colors(useColor(process.stdout, options.color)),
    err: colors(useColor(process.stderr, options.color)),
    quiet: options.quiet === true,
  };
}

/** Adds `--no-color`, `--quiet` and `--as-of` to a command. */
export function withCommonOptions(command: Command): Command {
  return command
    .option('--no-color', 'disable colours (also NO_COLOR=1)')
    .option('-q, --quiet', 'print only what was asked for, no summaries on stderr')
    .option('--as-of <date>', 'judge ages at this date (YYYY-MM-DD) instead of today');
}

/** Parses `--as-of`, refusing a malformed date as a usage error. */
export function asOfMillis(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const millis = parseDate(text);
  if (millis === undefined) throw new UserError(`--as-of: '${text}' is not a date; expected YYYY-MM-DD`);
  return millis;
}

/** The most threads `--workers` accepts. */
export const MAX_WORKERS = 256;

/**
 * Parses `--workers <n|auto>`: the number of threads for the work that splits (default 1, this
 * thread only; `auto`, one per CPU the process may use). Anything else is a usage error.
 */
export function parseWorkers(text: string | undefined): number {
  if (text === undefined) return 1;
  const value = text.trim();
  if (value === 'auto') return Math.min(availableParallelism(), MAX_WORKERS);
  if (!/^\d+$/.test(value))
    throw new UserError(
      `--workers: '${text}' is not a number of threads; expected a whole number from 1 to ${MAX_WORKERS}, or auto`,
    );
  const count = Number(value);
  if (count < 1 || count > MAX_WORKERS)
    throw new UserError(`--workers: ${count} is out of range; expected 1 to ${MAX_WORKERS}, or auto`);
  return count;
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

/** A user error carrying located input errors, for the CLI to print and exit 2. */
export function inputFailure(what: string, errors: readonly InputError[]): UserError {
  return new UserError(`${what}: ${errors.length} error${errors.length === 1 ? '' : 's'}`, errors);
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

/** Renders located input errors for the terminal, one per line. */
export function renderInputErrors(errors: readonly InputError[], c: Colors): string {
  return errors.map((error) => c.red(formatInputError(error))).join('\n');
}
