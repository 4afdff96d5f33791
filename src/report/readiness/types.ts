import type { FailOn, ScoreGate } from '../../common/exit-code.js';
import type { TextPieces } from '../../common/text-pieces.js';
import type { Environment } from '../../environment/types.js';
import type { Plan } from '../../plan/types.js';
import type { Readiness } from '../../score/index.js';
import type { ReportPaths } from '../reporters/paths.js';

/**
 * What every readiness renderer reads: the computed {@link Readiness} and the loaded inputs it
 * was computed from. The inputs are needed for what `Readiness` does not repeat (the product,
 * the plan's steps for the diagrams); nothing is recomputed from them.
 */
export interface ReadinessReportInput {
  readonly readiness: Readiness;
  readonly environment: Environment;
  /** The plan the readiness was scored with, when one was given. */
  readonly plan?: Plan;
  /** The version of scsm-dr that wrote the report. */
  readonly version: string;
  /**
   * The `--fail-on` level: the verdict a report states (JSON `summary.exitCode`, JUnit
   * failures) agrees with the process exit code.
   */
  readonly failOn: FailOn;
  /**
   * The working directory and repository root, for the formats a code host reads (SARIF,
   * `github`, `gitlab`), which then name files by their path from the repository root.
   */
  readonly paths?: ReportPaths;
  /** The `--fail-under` score gate, when given: the stated verdict includes it too. */
  readonly gate?: ScoreGate;
}

/**
 * A readiness renderer: a pure function from the input to the complete output, final newline
 * included. It never writes, reads the clock or the environment, so the same input gives the
 * same bytes and the CLI can write the output whole or not at all. A long text comes in pieces
 * (`TextPieces`), so that no one string has to hold it.
 */
export type ReadinessRenderer = (input: ReadinessReportInput) => TextPieces;
