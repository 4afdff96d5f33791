import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { formatInputError, type InputError, UserError } from '../common/errors.js';
import type { ScoreGate } from '../common/exit-code.js';
import { printable } from '../common/printable.js';
import { type Colors, colors, useColor } from './io.js';

/*
 * Every command's registration loads this module, so it stays light: what loads and judges the
 * inputs (the YAML parser, the schemas) is in `inputs.ts`, which the actions import when they run.
 */

/** Options every reporting command accepts (README.md). */
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

/**
 * Adds `--config <file>` and `--no-config` (docs/config.md) to the commands that read the
 * config file: check, score and report.
 */
export function withConfigOptions(command: Command): Command {
  return command
    .option(
      '--config <file>',
      'read defaults from this config file instead of the scsm-dr.config.yaml found upward',
    )
    .option('--no-config', 'ignore any config file');
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

/** A user error carrying located input errors, for the CLI to print and exit 2. */
export function inputFailure(what: string, errors: readonly InputError[]): UserError {
  return new UserError(`${what}: ${errors.length} error${errors.length === 1 ? '' : 's'}`, errors);
}

/**
 * Renders located input errors for the terminal, one per line. A message may quote a key or a
 * value of the file, so each line is made printable: nothing in it can fake another line.
 */
export function renderInputErrors(errors: readonly InputError[], c: Colors): string {
  return errors.map((error) => c.red(printable(formatInputError(error)))).join('\n');
}

/**
 * Renders a {@link UserError}'s message for the terminal. Its lines are scsm-dr's own (each
 * quoted value in them was escaped where the line was built); every line is made printable,
 * so no control character in a quoted file name, argument or journal text reaches the terminal.
 */
export function renderUserErrorMessage(message: string): string {
  return message.split('\n').map(printable).join('\n');
}

/**
 * Parses `--fail-under <score>` (a number from 0 to 100) with `--assurance` into the score gate
 * of `score` and `report`; no `--fail-under`, no gate. Anything else is a usage error.
 */
export function parseFailUnder(
  text: string | undefined,
  assurance: boolean | undefined,
): ScoreGate | undefined {
  if (text === undefined) {
    if (assurance === true)
      throw new UserError(
        '--assurance: it selects the score --fail-under gates; give --fail-under <score> too',
      );
    return undefined;
  }
  const value = text.trim();
  if (!/^\d+(\.\d+)?$/.test(value) || Number(value) > 100)
    throw new UserError(`--fail-under: '${text}' is not a score; expected a number from 0 to 100`);
  return { threshold: Number(value), score: assurance === true ? 'assurance' : 'readiness' };
}
