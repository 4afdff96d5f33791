import type { CheckResult } from '../check/types.js';
import type { Finding } from '../rules/types.js';
import type { Readiness } from '../score/index.js';
import type { RuleLevel } from './schema.js';

/**
 * Applies the config file's per-rule levels to findings: `off` drops a rule's findings, a
 * severity replaces the catalog's. This runs once, on the findings a command reports, so that
 * every format (text, JSON, SARIF levels, JUnit, GitHub and GitLab annotations) and the exit
 * code see the same severities.
 */
export function applyRuleLevels<T extends Pick<Finding, 'ruleId' | 'severity'>>(
  findings: readonly T[],
  rules: Readonly<Record<string, RuleLevel>>,
): T[] {
  if (Object.keys(rules).length === 0) return [...findings];
  return findings.flatMap((finding) => {
    const level = Object.hasOwn(rules, finding.ruleId) ? rules[finding.ruleId] : undefined;
    if (level === undefined) return [finding];
    if (level === 'off') return [];
    return [level === finding.severity ? finding : { ...finding, severity: level }];
  });
}

/**
 * The per-rule levels applied to a check result, its summary recounted by `recount` (the
 * checker's `withFindings`, passed in so this module does not load the checker).
 */
export function applyRuleLevelsToCheck(
  result: CheckResult,
  rules: Readonly<Record<string, RuleLevel>>,
  recount: (result: CheckResult, findings: readonly Finding[]) => CheckResult,
): CheckResult {
  if (Object.keys(rules).length === 0) return result;
  return recount(result, applyRuleLevels(result.findings, rules));
}

/**
 * The per-rule levels applied to the findings of a readiness score (its environment findings
 * and its plan check). The score itself is left as computed: a level changes how a finding is
 * reported and gated, not what the simulated recoveries showed (docs/config.md).
 */
export function applyRuleLevelsToReadiness(
  readiness: Readiness,
  rules: Readonly<Record<string, RuleLevel>>,
  recount: (result: CheckResult, findings: readonly Finding[]) => CheckResult,
): Readiness {
  if (Object.keys(rules).length === 0) return readiness;
  return {
    ...readiness,
    findings: applyRuleLevels(readiness.findings, rules),
    ...(readiness.check ? { check: applyRuleLevelsToCheck(readiness.check, rules, recount) } : {}),
  };
}
