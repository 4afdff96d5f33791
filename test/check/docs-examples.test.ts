/**
 * The examples of the plan-rule pages under docs/rules/ against the real checker: the first
 * example ("What it flags") produces a finding of its rule, the second ("How to fix") none. The
 * pages' examples are plan fragments written for the four-computer environment with SM02; the
 * few that need another environment say so in their text.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { RULES } from '../../src/rules/catalog.js';
import { edit } from '../helpers/text.js';
import { DW_DATABASES_SPLIT, FOUR_COMPUTER, FOUR_COMPUTER_HA } from './environments.js';
import { runRule } from './harness.js';

const repoRoot = new URL('../../', import.meta.url);

function examples(id: string): string[] {
  const page = readFileSync(new URL(`docs/rules/${id}.md`, repoRoot), 'utf8');
  return [...page.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
}

/** Environments the pages describe in words, for the flagged and the fixed example. */
const ENVIRONMENTS: Readonly<Record<string, { flagged: string; fixed: string }>> = {
  // "environment.yaml declares DWRepository on DWSQL01\REPO"; fixed once it is moved.
  'staging-repository-same-instance': { flagged: DW_DATABASES_SPLIT, fixed: FOUR_COMPUTER_HA },
  // "With objectives: { rto: 4h, rpo: 24h }".
  'rto-exceeded': {
    flagged: edit(FOUR_COMPUTER_HA, '  rto: 24h\n', '  rto: 4h\n'),
    fixed: edit(FOUR_COMPUTER_HA, '  rto: 24h\n', '  rto: 4h\n'),
  },
  // "In a four-computer environment (SM01, SQL01, DW01, DWSQL01)".
  'plan-coverage': { flagged: FOUR_COMPUTER, fixed: FOUR_COMPUTER },
};

/** A fragment as a whole plan file. */
function planText(fragment: string): string {
  return `version: 1\n${fragment}`;
}

/** The "fix" of plan-coverage adds scenarios to the first example ("the first two stay as they are"). */
function fixedPlan(id: string, flagged: string, fixed: string): string {
  if (id !== 'plan-coverage') return planText(fixed);
  const scenarios = (text: string) => text.slice(text.indexOf('scenarios:\n') + 'scenarios:\n'.length);
  return planText(`scenarios:\n${scenarios(flagged)}${scenarios(fixed)}`);
}

describe.each(RULES.filter((rule) => rule.category === 'plan').map((rule) => [rule.id] as const))(
  'docs/rules/%s.md examples',
  (id) => {
    const [flagged = '', fixed = ''] = examples(id);
    const environment = ENVIRONMENTS[id] ?? { flagged: FOUR_COMPUTER_HA, fixed: FOUR_COMPUTER_HA };

    it('are plan fragments', () => {
      expect(parse(flagged)).toHaveProperty('scenarios');
      expect(parse(fixed)).toHaveProperty('scenarios');
    });

    it('the first is flagged by the rule', () => {
      expect(
        runRule(id, { environment: environment.flagged, plan: planText(flagged) }).length,
      ).toBeGreaterThan(0);
    });

    it('the second is not', () => {
      const findings = runRule(id, { environment: environment.fixed, plan: fixedPlan(id, flagged, fixed) });
      expect(findings.map((finding) => finding.message)).toEqual([]);
    });
  },
);
