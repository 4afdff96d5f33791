/**
 * The SARIF and JUnit readiness reports reuse the `check` reporters: a readiness becomes a
 * `CheckResult` that carries the environment findings next to the plan's, so code scanning
 * and CI test views show both without a second implementation of either format.
 */
import type { CheckResult } from '../../check/types.js';
import { RULE_IDS } from '../../rules/catalog.js';
import { ENVIRONMENT_RULES } from '../../rules/environment/index.js';
import { githubReporter } from '../reporters/github.js';
import { gitlabReporter } from '../reporters/gitlab.js';
import { junitReporter } from '../reporters/junit.js';
import { sarifReporter } from '../reporters/sarif.js';
import { countSeverities, countSuppressed } from '../reporters/shared.js';
import type { ReporterOptions } from '../reporters/types.js';
import { taggedFindings } from './shared.js';
import type { ReadinessReportInput } from './types.js';

/**
 * A `CheckResult` of the whole report:
 * - `findings`: the environment findings and the plan findings, sorted by file, line and column;
 * - `scenarios`: the plan's scenario results (none without a plan);
 * - `rulesEvaluated`: the plan rules the check evaluated and every environment rule, in
 *   catalog order;
 * - `plan.file`: the plan file, or the empty string when no plan was given.
 *
 * This is a pure function.
 */
export function readinessCheckResult(input: ReadinessReportInput): CheckResult {
  const { readiness } = input;
  const check = readiness.check;
  const findings = taggedFindings(readiness).map((tagged) => tagged.finding);
  const evaluated = new Set([...(check?.rulesEvaluated ?? []), ...ENVIRONMENT_RULES.map((rule) => rule.id)]);
  // Catalog order first; an evaluated id the catalog lacks (a newer rule) is kept at the end.
  const rulesEvaluated = [
    ...RULE_IDS.filter((id) => evaluated.has(id)),
    ...[...evaluated].filter((id) => !RULE_IDS.includes(id)),
  ];
  return {
    tool: { name: 'scsm-dr', version: input.version },
    asOf: readiness.asOf,
    environment: { file: readiness.environment.file, name: readiness.environment.name },
    plan: { file: check?.plan.file ?? input.plan?.file ?? '' },
    findings,
    scenarios: check?.scenarios ?? [],
    rulesEvaluated,
    summary: {
      ...countSeverities(findings),
      suppressed: countSuppressed(findings),
      scenarios: check?.summary.scenarios ?? 0,
      recovered: check?.summary.recovered ?? 0,
    },
  };
}

/**
 * The readiness report as SARIF 2.1.0 (`report --format sarif`): the `check` SARIF reporter
 * over {@link readinessCheckResult}. This is a pure function.
 */
export function readinessSarif(input: ReadinessReportInput): string {
  // Its own code-scanning category, so that uploading it does not close the alerts of `check`.
  return sarifReporter(readinessCheckResult(input), {
    ...reporterOptions(input),
    sarifCategory: 'scsm-dr-report',
  });
}

/**
 * The readiness report as JUnit XML (`report --format junit`): the `check` JUnit reporter over
 * {@link readinessCheckResult}, so every environment rule is a test case of the `rules` suite.
 * This is a pure function.
 */
export function readinessJunit(input: ReadinessReportInput): string {
  return junitReporter(readinessCheckResult(input), reporterOptions(input));
}

/**
 * The readiness findings as GitHub workflow commands (`report --format github`): the `check`
 * reporter over {@link readinessCheckResult}. This is a pure function.
 */
export function readinessGithub(input: ReadinessReportInput): string {
  return githubReporter(readinessCheckResult(input), reporterOptions(input));
}

/**
 * The readiness findings as a GitLab Code Quality report (`report --format gitlab`): the
 * `check` reporter over {@link readinessCheckResult}. This is a pure function.
 */
export function readinessGitlab(input: ReadinessReportInput): string {
  return gitlabReporter(readinessCheckResult(input), reporterOptions(input));
}

function reporterOptions(input: ReadinessReportInput): ReporterOptions {
  return { failOn: input.failOn, ...(input.paths ? { paths: input.paths } : {}) };
}
