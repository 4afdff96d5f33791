/**
 * The `--format` names of `check` and of `report`. They are part of the user-facing contract,
 * read by the configuration loader (which validates `format:` in `scsm-dr.config.yaml`) as well
 * as by the command line and the reporters, so they live below all three and load nothing.
 * `src/report/reporters/index.ts` maps each `check` name to its reporter and fails to compile if
 * the two disagree.
 */

/** The `check` format names in display order, for commander's `.choices()`. */
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

/** The `--format` names of `report`, in display order. */
export const READINESS_FORMATS = ['html', 'markdown', 'json', 'sarif', 'junit', 'github', 'gitlab'] as const;

/** One of {@link READINESS_FORMATS}. */
export type ReadinessFormat = (typeof READINESS_FORMATS)[number];
