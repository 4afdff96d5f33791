/**
 * The reporters of `scsm-dr check`, one per `--format`, as plain functions registered in one
 * object (the shape knip uses): adding a format is adding a file and a line here, and the CLI
 * takes its `--format` choices from the keys.
 */
import { jsonReporter } from './json.js';
import { junitReporter } from './junit.js';
import { markdownReporter } from './markdown.js';
import { sarifReporter } from './sarif.js';
import { textReporter } from './text.js';
import type { Reporter } from './types.js';

export type { Reporter, ReporterOptions } from './types.js';

/** Every reporter by its `--format` name. `text` is the default. */
export const REPORTERS = {
  text: textReporter,
  json: jsonReporter,
  sarif: sarifReporter,
  junit: junitReporter,
  markdown: markdownReporter,
} as const satisfies Readonly<Record<string, Reporter>>;

/** A `--format` name of `check`. */
export type ReporterName = keyof typeof REPORTERS;

/** The format names in display order, for commander's `.choices()`. */
export const REPORTER_NAMES: readonly ReporterName[] = Object.freeze(
  Object.keys(REPORTERS) as ReporterName[],
);

/** The format used when `--format` is not given. */
export const DEFAULT_REPORTER: ReporterName = 'text';

/** Whether a string names a reporter; narrows user input before indexing {@link REPORTERS}. */
export function isReporterName(name: string): name is ReporterName {
  return Object.hasOwn(REPORTERS, name);
}
