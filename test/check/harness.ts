/**
 * A rule tester in the style of typescript-eslint's `RuleTester`: each plan rule gets a list of
 * valid cases (documented procedures that must not be flagged) and invalid cases (mistakes that
 * must be flagged at an exact line and column, with a message naming the concrete computer or
 * database).
 *
 * Both inputs are YAML text, loaded by the real loaders under the names `environment.yaml` and
 * `plan.yaml`, and checked by the real `checkPlan` with the model executor: nothing here knows
 * how a rule is implemented.
 */
import { describe, expect, it } from 'vitest';
import { checkPlan } from '../../src/check/check.js';
import { modelExecutor } from '../../src/check/model-executor.js';
import type { CheckResult } from '../../src/check/types.js';
import { formatInputError } from '../../src/common/errors.js';
import { loadEnvironmentText } from '../../src/environment/load.js';
import { createSystem } from '../../src/models/system.js';
import { loadPlanText } from '../../src/plan/load.js';
import { getRule } from '../../src/rules/catalog.js';
import type { Finding } from '../../src/rules/types.js';
import { FOUR_COMPUTER_HA } from './environments.js';

export const ENVIRONMENT_FILE = 'environment.yaml';
export const PLAN_FILE = 'plan.yaml';

export interface RuleInput {
  /** `environment.yaml` text (SPEC §1). */
  readonly environment: string;
  /** `plan.yaml` text (SPEC §2). */
  readonly plan: string;
}

/** Loads both texts with the real loaders and runs `checkPlan`; an input error fails the test. */
export function checkTexts(input: RuleInput): CheckResult {
  const environment = loadEnvironmentText(input.environment, ENVIRONMENT_FILE);
  if (!environment.ok) throw new Error(environment.errors.map(formatInputError).join('\n'));
  const plan = loadPlanText(input.plan, PLAN_FILE);
  if (!plan.ok) throw new Error(plan.errors.map(formatInputError).join('\n'));
  return checkPlan(environment.value, plan.value, {
    execute: modelExecutor(createSystem(environment.value)),
    version: 'test',
  });
}

/** The findings of one rule for an environment and a plan, in `checkPlan`'s (location) order. */
export function runRule(ruleId: string, input: RuleInput): Finding[] {
  return checkTexts(input).findings.filter((finding) => finding.ruleId === ruleId);
}

/** One expected finding of the rule under test. */
export interface ExpectedFinding {
  readonly line: number;
  readonly column: number;
  /** A substring of the message, naming the concrete computer or database. */
  readonly message: string;
}

interface CaseBase {
  readonly name: string;
  /** Defaults to the four-computer environment with an additional management server. */
  readonly environment?: string;
  readonly plan: string;
}

export interface ValidCase extends CaseBase {
  /**
   * Rules whose findings this documented procedure may still produce. By default a valid case
   * must produce no finding at all besides `plan-coverage` (a one-scenario plan cannot cover
   * every computer): a valid case is the documented procedure, not merely a plan this rule
   * happens to miss.
   */
  readonly allow?: readonly string[];
}

export interface InvalidCase extends CaseBase {
  /** Every finding of the rule under test, in location order. */
  readonly errors: readonly ExpectedFinding[];
}

export interface RuleCases {
  readonly valid: readonly ValidCase[];
  readonly invalid: readonly InvalidCase[];
}

function describeFindings(findings: readonly Finding[]): string {
  return findings.map((f) => `${f.ruleId} ${f.location.line}:${f.location.column} ${f.message}`).join('\n');
}

/**
 * Declares the tests of one rule: every valid case yields no finding of the rule (nor any other
 * unexpected finding), every invalid case yields exactly the expected findings of the rule, at
 * the expected positions in `plan.yaml`, with the rule's catalog severity.
 */
export function ruleTester(ruleId: string, cases: RuleCases): void {
  const rule = getRule(ruleId);
  describe(ruleId, () => {
    it('is a plan rule of the catalog with valid and invalid cases', () => {
      expect(rule?.category).toBe('plan');
      expect(cases.valid.length).toBeGreaterThan(0);
      expect(cases.invalid.length).toBeGreaterThan(0);
      const names = [...cases.valid, ...cases.invalid].map((c) => c.name);
      expect(new Set(names).size).toBe(names.length);
    });

    describe('valid', () => {
      it.each(cases.valid.map((c) => [c.name, c] as const))('%s', (_name, c) => {
        const result = checkTexts({ environment: c.environment ?? FOUR_COMPUTER_HA, plan: c.plan });
        const own = result.findings.filter((finding) => finding.ruleId === ruleId);
        expect(own, describeFindings(own)).toEqual([]);
        const allowed = new Set(['plan-coverage', ...(c.allow ?? [])]);
        allowed.delete(ruleId);
        const others = result.findings.filter((finding) => !allowed.has(finding.ruleId));
        expect(others, describeFindings(others)).toEqual([]);
      });
    });

    describe('invalid', () => {
      it.each(cases.invalid.map((c) => [c.name, c] as const))('%s', (_name, c) => {
        expect(c.errors.length).toBeGreaterThan(0);
        const findings = runRule(ruleId, { environment: c.environment ?? FOUR_COMPUTER_HA, plan: c.plan });
        const detail = describeFindings(findings);
        expect(
          findings.map((finding) => ({ line: finding.location.line, column: finding.location.column })),
          detail,
        ).toEqual(c.errors.map((error) => ({ line: error.line, column: error.column })));
        findings.forEach((finding, index) => {
          const expected = c.errors[index]!;
          expect(finding.message, detail).toContain(expected.message);
          expect(finding.location.file).toBe(PLAN_FILE);
          expect(finding.severity).toBe(rule?.severity);
        });
      });
    });
  });
}
