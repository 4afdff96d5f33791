/**
 * The `--format` names of `report`, in display order, apart from the renderers so that the CLI
 * can offer them as choices without loading any renderer. They are defined in
 * `src/common/report-formats.ts`, below the configuration loader that validates them too.
 */
export { READINESS_FORMATS, type ReadinessFormat } from '../../common/report-formats.js';
