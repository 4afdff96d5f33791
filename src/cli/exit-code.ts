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
export function exitCode(findings: readonly Pick<Finding, 'severity'>[], failOn: FailOn): 0 | 1 {
  if (failOn === 'never') return EXIT.ok;
  const threshold = RANK[failOn];
  return findings.some((finding) => RANK[finding.severity] >= threshold) ? EXIT.findings : EXIT.ok;
}
