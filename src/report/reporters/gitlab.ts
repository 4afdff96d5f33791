import { findingFingerprints } from '../../check/fingerprint.js';
import type { CheckResult } from '../../check/types.js';
import type { Severity } from '../../rules/types.js';
import { hostPath } from './paths.js';
import { printable } from './shared.js';
import type { ReporterOptions } from './types.js';

/** The severities of GitLab's Code Quality report. */
export type GitlabSeverity = 'info' | 'minor' | 'major' | 'critical' | 'blocker';

/**
 * How each severity maps to GitLab's scale: an error is a plan that would not recover as
 * documented (`critical`), a warning a risk to the recovery (`major`), a note information.
 * `minor` and `blocker` are not used.
 */
export const GITLAB_SEVERITY: Readonly<Record<Severity, GitlabSeverity>> = {
  error: 'critical',
  warning: 'major',
  note: 'info',
};

/** One entry of a GitLab Code Quality report (the fields GitLab documents as required). */
export interface GitlabIssue {
  readonly description: string;
  readonly check_name: string;
  readonly fingerprint: string;
  readonly severity: GitlabSeverity;
  readonly location: { readonly path: string; readonly lines: { readonly begin: number } };
}

/**
 * The GitLab Code Quality reporter (`--format gitlab`), for `artifacts:reports:codequality`: a
 * JSON array with one entry per finding. The fingerprint is `findingFingerprints`, the one
 * `partialFingerprints` of SARIF and `check --baseline` use, so it is unique within a report
 * and stays the same when lines above a finding move: GitLab compares the reports of a merge
 * request and its target by it, and shows a moved finding as neither new nor fixed. Paths are
 * from the repository root when `check` ran inside one, as GitLab expects.
 *
 * This is a pure function.
 */
export function gitlabReporter(result: CheckResult, options: ReporterOptions): string {
  return `${JSON.stringify(toGitlabReport(result, options), null, 2)}\n`;
}

/** The Code Quality report as a value. */
export function toGitlabReport(result: CheckResult, options: Pick<ReporterOptions, 'paths'>): GitlabIssue[] {
  const fingerprints = findingFingerprints(result.findings);
  return result.findings.map((finding, index) => ({
    description: printable(finding.message),
    check_name: finding.ruleId,
    fingerprint: fingerprints[index]!,
    severity: GITLAB_SEVERITY[finding.severity],
    location: {
      path: hostPath(finding.location.file, options.paths),
      lines: { begin: Math.max(1, Math.trunc(finding.location.line)) },
    },
  }));
}
