/**
 * The reporters of `scsm-dr check`, one per `--format`, as plain functions registered in one
 * object (the shape knip uses): adding a format is adding a file, its name in `names.ts` and a
 * line here. The CLI takes its `--format` choices from `names.ts`, which loads no reporter.
 */
import { githubReporter } from './github.js';
import { gitlabReporter } from './gitlab.js';
import { jsonReporter } from './json.js';
import { junitReporter } from './junit.js';
import { markdownReporter } from './markdown.js';
import type { ReporterName } from './names.js';
import { sarifReporter } from './sarif.js';
import { textReporter } from './text.js';
import type { Reporter } from './types.js';

export { REPORTER_NAMES, type ReporterName } from './names.js';
export type { ReportPaths } from './paths.js';
export type { Reporter, ReporterOptions } from './types.js';

/** Every reporter by its `--format` name. `text` is the default. */
export const REPORTERS = {
  text: textReporter,
  json: jsonReporter,
  sarif: sarifReporter,
  junit: junitReporter,
  markdown: markdownReporter,
  github: githubReporter,
  gitlab: gitlabReporter,
} as const satisfies Readonly<Record<ReporterName, Reporter>>;

/** The format used when `--format` is not given. */
export const DEFAULT_REPORTER: ReporterName = 'text';

/** Whether a string names a reporter; narrows user input before indexing {@link REPORTERS}. */
export function isReporterName(name: string): name is ReporterName {
  return Object.hasOwn(REPORTERS, name);
}
