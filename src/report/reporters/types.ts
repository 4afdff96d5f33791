import type { CheckResult } from '../../check/types.js';
import type { FailOn } from '../../cli/exit-code.js';

/** What every reporter may vary on besides the result itself. */
export interface ReporterOptions {
  /** Emit ANSI colours. Only the `text` reporter colours; the others ignore this. */
  readonly color: boolean;
  /**
   * The `--fail-on` level. Reporters that show a verdict (text, Markdown, JSON `summary`,
   * JUnit failures) judge findings against it exactly as the exit code does.
   */
  readonly failOn: FailOn;
  /** `check --explain`: the text reporter prints each finding's remediation under it. */
  readonly explain?: boolean;
}

/**
 * A reporter: a pure function from a check result to the complete output, final newline
 * included. It never writes, reads the clock or the environment, so the same result gives the
 * same bytes and the CLI can write the output whole or not at all.
 */
export type Reporter = (result: CheckResult, options: ReporterOptions) => string;
