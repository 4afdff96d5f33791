import type { Finding, Severity } from '../rules/types.js';

/** The `--fail-on` levels: fail on errors only, on warnings and errors, or never. */
export type FailOn = 'error' | 'warning' | 'never';

/** Exit codes of every command (README.md). */
export const EXIT = {
  /** No finding at or above the `--fail-on` level. */
  ok: 0,
  /** Findings at or above the `--fail-on` level. */
  findings: 1,
  /** Unusable input or arguments. */
  usage: 2,
} as const;

const RANK: Readonly<Record<Severity, number>> = { note: 0, warning: 1, error: 2 };

/**
 * The exit code for a set of findings under a `--fail-on` level. This is the only place that
 * decides 0 versus 1, so every command and reporter agrees.
 */
export function exitCode(
  findings: readonly Pick<Finding, 'severity' | 'suppression'>[],
  failOn: FailOn,
): 0 | 1 {
  if (failOn === 'never') return EXIT.ok;
  const threshold = RANK[failOn];
  // A waived finding (or one in the baseline) is still reported, but never fails the run.
  return findings.some((finding) => finding.suppression === undefined && RANK[finding.severity] >= threshold)
    ? EXIT.findings
    : EXIT.ok;
}

/**
 * The score gate of `score` and `report`: `--fail-under N` fails when the readiness score (or,
 * with `--assurance`, the assurance score) is below N.
 */
export interface ScoreGate {
  /** The lowest passing score, 0 to 100. */
  readonly threshold: number;
  /** Which of the two scores is gated. */
  readonly score: 'readiness' | 'assurance';
}

/** Whether scores fail a gate: the gated score is strictly below the threshold. */
export function failsGate(
  gate: ScoreGate | undefined,
  scores: { readonly score: number; readonly assurance: { readonly score: number } },
): boolean {
  if (gate === undefined) return false;
  const score = gate.score === 'assurance' ? scores.assurance.score : scores.score;
  return score < gate.threshold;
}

/**
 * The exit code of `score` and `report`: 1 when a finding is at or above `--fail-on` or the
 * score gate fails, else 0. Their reports state the same verdict through this function.
 */
export function readinessExitCode(
  findings: readonly Pick<Finding, 'severity' | 'suppression'>[],
  failOn: FailOn,
  gate: ScoreGate | undefined,
  scores: { readonly score: number; readonly assurance: { readonly score: number } },
): 0 | 1 {
  return exitCode(findings, failOn) === EXIT.findings || failsGate(gate, scores) ? EXIT.findings : EXIT.ok;
}
