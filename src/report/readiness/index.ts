/**
 * The readiness report formats of `scsm-dr report`, one renderer per `--format`. The HTML
 * renderer is loaded on demand ({@link loadReadinessRenderer}) because it inlines the Mermaid
 * bundle: commands that never write HTML, `check` above all, must not pay for it.
 */
import { readinessGithub, readinessGitlab, readinessJunit, readinessSarif } from './check-result.js';
import type { ReadinessFormat } from './formats.js';
import { readinessJsonPieces } from './json.js';
import { readinessMarkdown } from './markdown.js';
import type { ReadinessRenderer } from './types.js';

export {
  readinessCheckResult,
  readinessGithub,
  readinessGitlab,
  readinessJunit,
  readinessSarif,
} from './check-result.js';
export { READINESS_FORMATS, type ReadinessFormat } from './formats.js';
export {
  READINESS_JSON_VERSION,
  type ReadinessJson,
  type ReadinessJsonDisruption,
  type ReadinessJsonFinding,
  type ReadinessJsonLocation,
  type ReadinessJsonScenario,
  type ReadinessJsonTraceStep,
  readinessJson,
  readinessJsonPieces,
  toReadinessJson,
} from './json.js';
export { readinessMarkdown } from './markdown.js';
export type { ReadinessRenderer, ReadinessReportInput } from './types.js';

/**
 * The renderer of a format. HTML is imported only here, only when asked for; the other
 * renderers are light and imported statically.
 */
export async function loadReadinessRenderer(format: ReadinessFormat): Promise<ReadinessRenderer> {
  switch (format) {
    case 'html':
      return (await import('./html.js')).readinessHtml;
    case 'markdown':
      return readinessMarkdown;
    case 'json':
      return readinessJsonPieces;
    case 'sarif':
      return readinessSarif;
    case 'junit':
      return readinessJunit;
    case 'github':
      return readinessGithub;
    case 'gitlab':
      return readinessGitlab;
  }
}
