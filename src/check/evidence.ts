/**
 * `check --evidence`: the plan is executed on the environment judged on the msdb history, and
 * the findings of the evidence rules join the plan's. The other environment rules stay with
 * `score` and `report`, as without evidence.
 */
import type { Environment } from '../environment/types.js';
import type { EvidenceSummary } from '../evidence/interpret.js';
import { checkEnvironment } from '../rules/environment/index.js';
import type { Finding } from '../rules/types.js';
import type { CheckResult } from './types.js';

/** The rules that judge the evidence itself (they report nothing without it). */
export const EVIDENCE_RULE_IDS: readonly string[] = [
  'backup-claim-contradicted',
  'backup-older-than-rpo',
  'log-chain-broken',
  'copy-only-only-full',
  'backup-evidence-missing',
];

function compare(a: Finding, b: Finding): number {
  return a.location.line - b.location.line || a.location.column - b.location.column;
}

/**
 * Adds the evidence rules' findings to a check result, with the counts and the evaluated rules
 * updated. `env` is the environment as written, so the findings point at its nodes. This is a
 * pure function.
 */
export function withEvidenceFindings(
  result: CheckResult,
  env: Environment,
  evidence: EvidenceSummary,
  asOfMillis: number,
): CheckResult {
  const added = checkEnvironment(env, { asOfMillis, evidence }).filter((finding) =>
    EVIDENCE_RULE_IDS.includes(finding.ruleId),
  );
  const findings = [...result.findings, ...added].sort(compare);
  const count = (severity: Finding['severity']) =>
    findings.filter((finding) => finding.severity === severity).length;
  return {
    ...result,
    findings,
    rulesEvaluated: [...result.rulesEvaluated, ...EVIDENCE_RULE_IDS],
    summary: { ...result.summary, error: count('error'), warning: count('warning'), note: count('note') },
  };
}
