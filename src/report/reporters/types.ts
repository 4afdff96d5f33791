import type { CheckResult } from '../../check/types.js';
import type { FailOn } from '../../common/exit-code.js';
import type { Colors } from '../colors.js';
import type { ReportPaths } from './paths.js';

/** What every reporter may vary on besides the result itself. */
export interface ReporterOptions {
  /**
   * The palette for a terminal, chosen by the caller from its output stream; without it, no
   * colour. Only the `text` reporter colours; the others ignore this.
   */
  readonly colors?: Colors;
  /**
   * The `--fail-on` level. Reporters that show a verdict (text, Markdown, JSON `summary`,
   * JUnit failures) judge findings against it exactly as the exit code does.
   */
  readonly failOn: FailOn;
  /**
   * The working directory and repository root, for the formats a code host reads (SARIF,
   * `github`, `gitlab`): with them, file names become paths from the repository root. Without
   * them, file names are written as the user gave them.
   */
  readonly paths?: ReportPaths;
  /**
   * Mermaid diagrams the Markdown report appends (the plan of each scenario), built by the
   * caller so that `check` loads the diagram builders only when it writes Markdown.
   */
  readonly diagrams?: readonly ReportDiagramText[];
  /** `check --explain`: the text reporter prints each finding's remediation under it. */
  readonly explain?: boolean;
  /** The SARIF `automationDetails.id` category (default `scsm-dr`; `report` uses `scsm-dr-report`). */
  readonly sarifCategory?: string;
}

/** A titled Mermaid diagram for a report. */
export interface ReportDiagramText {
  readonly title: string;
  readonly mermaid: string;
}

/**
 * A reporter: a pure function from a check result to the complete output, final newline
 * included. It never writes, reads the clock or the environment, so the same result gives the
 * same bytes and the CLI can write the output whole or not at all.
 */
export type Reporter = (result: CheckResult, options: ReporterOptions) => string;
