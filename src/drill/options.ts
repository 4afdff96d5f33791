/**
 * The constants the `scsm-dr drill` options are declared with, kept apart from the drill itself
 * so that the CLI can declare its options without loading the drill, the models or the report.
 */

/** The largest `--inject` count accepted: more surprises than steps stop being a rehearsal. */
export const MAX_INJECT = 20;

/** The formats of `scsm-dr drill report`. */
export const DRILL_REPORT_FORMATS = ['html', 'markdown', 'json'] as const;
/** One of {@link DRILL_REPORT_FORMATS}. */
export type DrillReportFormat = (typeof DRILL_REPORT_FORMATS)[number];
