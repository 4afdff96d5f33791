/**
 * The `--format` names of `scsm-dr check`, apart from the reporters themselves so that the CLI
 * can offer them as choices without loading any reporter. They are defined in
 * `src/common/report-formats.ts`, below the configuration loader that validates them too.
 */
export { REPORTER_NAMES, type ReporterName } from '../../common/report-formats.js';
