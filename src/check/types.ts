import type { SourceLocation } from '../common/location.js';
import type { Finding, Severity } from '../rules/types.js';

/** The outcome of one plan scenario executed on the models. */
export interface ScenarioResult {
  readonly id: string;
  readonly title?: string;
  readonly location: SourceLocation;
  readonly lost: {
    readonly computers: readonly string[];
    readonly databases: readonly string[];
    readonly sites: readonly string[];
  };
  /** True when every lost component ends operational with exactly one workflow server per group. */
  readonly recovered: boolean;
  /** Data warehouse databases recreated instead of restored: their history is lost. */
  readonly historyLost: readonly string[];
  readonly steps: number;
  /** The estimated duration of all steps, in seconds (see `estimateStepSeconds`). */
  readonly estimatedSeconds: number;
  readonly rtoSeconds: number;
  /** The findings of this scenario, sorted by location. */
  readonly findings: readonly Finding[];
}

/** Counts of findings by severity. */
export type SeverityCounts = Readonly<Record<Severity, number>>;

/**
 * The result of `checkPlan`: every finding, sorted by file, line and column, and the outcome
 * of every scenario. This is the stable shape of `scsm-dr check --format json` (see
 * `docs/check.md`).
 */
export interface CheckResult {
  readonly tool: { readonly name: 'scsm-dr'; readonly version: string };
  /**
   * The date the check judges at (`YYYY-MM-DD`): `--as-of`, else the environment's `asOf`,
   * else today as read by the CLI. Reporters that need a timestamp use it, so output is
   * reproducible.
   */
  readonly asOf: string;
  readonly environment: { readonly file: string; readonly name: string };
  readonly plan: { readonly file: string };
  readonly findings: readonly Finding[];
  readonly scenarios: readonly ScenarioResult[];
  /** The ids of the plan rules evaluated, in catalog order (JUnit has a test case for each). */
  readonly rulesEvaluated: readonly string[];
  /**
   * Counts of the findings that count (not suppressed) by severity, the suppressed ones
   * (waived, or in the baseline) apart, and the scenarios.
   */
  readonly summary: SeverityCounts & {
    /** Omitted by producers that suppress nothing; read it as 0. */
    readonly suppressed?: number;
    readonly scenarios: number;
    readonly recovered: number;
  };
}
