/**
 * The `--format` names of `scsm-dr check`, apart from the reporters themselves so that the CLI
 * can offer them as choices without loading any reporter. `index.ts` maps each name to its
 * reporter and fails to compile if the two disagree.
 */

/** The format names in display order, for commander's `.choices()`. */
export const REPORTER_NAMES = Object.freeze([
  'text',
  'json',
  'sarif',
  'junit',
  'markdown',
  'github',
  'gitlab',
] as const);

/** A `--format` name of `check`. */
export type ReporterName = (typeof REPORTER_NAMES)[number];
