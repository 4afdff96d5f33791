/**
 * A rule tester in the manner of typescript-eslint's `RuleTester`: each rule test lists valid
 * environments (no finding of the rule) and invalid ones with the exact line, column and a
 * message substring of every finding, in order. Cases run through the public
 * `checkEnvironment`, filtered to the rule under test, so that sorting and the
 * `includeUnrecoverable` switch are exercised too.
 */
import { describe, expect, it } from 'vitest';
import { parseDate } from '../../../src/common/formats.js';
import { type EvidenceSummary, interpretEvidence } from '../../../src/evidence/interpret.js';
import { parseEvidenceText } from '../../../src/evidence/load.js';
import { getRule } from '../../../src/rules/catalog.js';
import type { EnvironmentRule, RuleThresholds } from '../../../src/rules/environment/define.js';
import { checkEnvironment } from '../../../src/rules/environment/index.js';
import type { Finding } from '../../../src/rules/types.js';
import type { Position } from '../../helpers/text.js';
import { FILE, loadEnvironment } from './base.js';

/** An environment the rule must accept. */
export interface ValidCase {
  readonly name: string;
  /** environment.yaml text (SPEC §1). */
  readonly code: string;
  /** Judge ages at this date instead of the file's `asOf` (what the CLI's `--as-of` does). */
  readonly asOf?: string;
  /** msdb backup history (the CSV of collectors/backup-history.sql), as `--evidence` gives it. */
  readonly evidence?: string;
  /** The config file's `thresholds` (docs/config.md). */
  readonly thresholds?: RuleThresholds;
}

/** One expected finding: where it is and a substring of its message. */
export interface ExpectedFinding extends Position {
  readonly message: string;
}

/** An environment the rule must report, with every finding in line/column order. */
export interface InvalidCase extends ValidCase {
  readonly errors: readonly ExpectedFinding[];
}

/** The findings of one rule for an environment text, as `checkEnvironment` returns them. */
export function findingsOf(
  rule: EnvironmentRule,
  code: string,
  asOf?: string,
  evidence?: string,
  thresholds?: RuleThresholds,
): Finding[] {
  const env = loadEnvironment(code);
  const asOfMillis = asOf === undefined ? env.asOf : parseDate(asOf);
  if (asOfMillis === undefined)
    throw new Error(`no as-of date: set asOf in the file or a valid one in the case`);
  let summary: EvidenceSummary | undefined;
  if (evidence !== undefined) {
    const parsed = parseEvidenceText('history.csv', evidence);
    if (!parsed.ok) throw new Error(`bad evidence in the case: ${parsed.errors[0]?.message}`);
    summary = interpretEvidence([parsed.value]);
  }
  return checkEnvironment(env, {
    asOfMillis,
    includeUnrecoverable: rule.expensive,
    ...(summary ? { evidence: summary } : {}),
    ...(thresholds ? { thresholds } : {}),
  }).filter((finding) => finding.ruleId === rule.id);
}

/** Declares the valid and invalid cases of one rule as vitest tests. */
export function testRule(
  rule: EnvironmentRule,
  cases: { readonly valid: readonly ValidCase[]; readonly invalid: readonly InvalidCase[] },
): void {
  const meta = getRule(rule.id);
  describe(rule.id, () => {
    it('is the catalog rule with its severity', () => {
      expect(meta).toBeDefined();
      expect(rule.meta).toBe(meta);
      expect(meta?.category).toBe('environment');
    });

    describe('valid', () => {
      it.each(cases.valid.map((entry) => [entry.name, entry] as const))('%s', (_name, entry) => {
        expect(findingsOf(rule, entry.code, entry.asOf, entry.evidence, entry.thresholds)).toEqual([]);
      });
    });

    describe('invalid', () => {
      it.each(cases.invalid.map((entry) => [entry.name, entry] as const))('%s', (_name, entry) => {
        const findings = findingsOf(rule, entry.code, entry.asOf, entry.evidence, entry.thresholds);
        expect(findings.map((finding) => `${finding.location.line}:${finding.location.column}`)).toEqual(
          entry.errors.map((error) => `${error.line}:${error.column}`),
        );
        findings.forEach((finding, index) => {
          expect(finding.message).toContain(entry.errors[index]!.message);
          expect(finding.ruleId).toBe(rule.id);
          expect(finding.severity).toBe(meta?.severity);
          expect(finding.location.file).toBe(FILE);
          expect(finding.path).toBeDefined();
          expect(finding.message).not.toMatch(/undefined|NaN|\[object/);
        });
      });
    });
  });
}

/**
 * `text` without the `backup` block of the database named `name` (block style: the `backup:`
 * line and every line indented deeper than it).
 */
export function withoutBackup(text: string, name: string): string {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.trim() === `- name: ${name}`);
  if (start < 0) throw new Error(`withoutBackup: no database ${name}`);
  let backup = start + 1;
  while (
    backup < lines.length &&
    lines[backup]!.trim() !== 'backup:' &&
    !lines[backup]!.trim().startsWith('- ')
  )
    backup++;
  if (backup >= lines.length || lines[backup]!.trim() !== 'backup:')
    throw new Error(`withoutBackup: ${name} has no block-style backup`);
  const indent = lines[backup]!.search(/\S/);
  let end = backup + 1;
  while (end < lines.length && lines[end]!.search(/\S/) > indent) end++;
  return [...lines.slice(0, backup), ...lines.slice(end)].join('\n');
}
