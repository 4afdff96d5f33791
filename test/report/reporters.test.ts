import { existsSync } from 'node:fs';
import pc from 'picocolors';
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/check/types.js';
import { isReporterName, REPORTER_NAMES, REPORTERS } from '../../src/report/reporters/index.js';
import { groupByScenario, traceStepText } from '../../src/report/reporters/shared.js';
import { RULES } from '../../src/rules/catalog.js';
import { RULE_DOCS_BASE_URL, ruleHelpUri } from '../../src/rules/docs-url.js';
import { checkResult, cleanResult, HOSTILE_ID } from './fixtures.js';

const FAIL_ON = ['error', 'warning', 'never'] as const;

function noScenarios(): CheckResult {
  return {
    ...cleanResult(),
    scenarios: [],
    summary: { error: 0, warning: 0, note: 0, scenarios: 0, recovered: 0 },
  };
}

describe('REPORTERS', () => {
  it('registers the five formats of SPEC §4, text first, then the CI formats github and gitlab', () => {
    expect(Object.keys(REPORTERS)).toEqual([
      'text',
      'json',
      'sarif',
      'junit',
      'markdown',
      'github',
      'gitlab',
    ]);
    expect(REPORTER_NAMES).toEqual(Object.keys(REPORTERS));
  });

  it('knows its names and nothing inherited from Object', () => {
    expect(isReporterName('sarif')).toBe(true);
    expect(isReporterName('html')).toBe(false);
    expect(isReporterName('toString')).toBe(false);
    expect(isReporterName('__proto__')).toBe(false);
  });

  for (const name of REPORTER_NAMES) {
    it(`${name}: same result, same bytes; whole output ending in one newline, for every --fail-on`, () => {
      for (const result of [checkResult(), cleanResult(), noScenarios()]) {
        for (const failOn of FAIL_ON) {
          for (const colors of [pc.createColors(false), pc.createColors(true)]) {
            const first = REPORTERS[name](result, { colors, failOn });
            expect(REPORTERS[name](result, { colors, failOn })).toBe(first);
            expect(first.endsWith('\n')).toBe(true);
            expect(first.endsWith('\n\n')).toBe(false);
          }
        }
      }
    });
  }

  it('colours nothing but the text format', () => {
    for (const name of REPORTER_NAMES.filter((n) => n !== 'text')) {
      const result = checkResult();
      expect(REPORTERS[name](result, { colors: pc.createColors(true), failOn: 'error' })).toBe(
        REPORTERS[name](result, { failOn: 'error' }),
      );
    }
  });
});

describe('ruleHelpUri', () => {
  it('points every catalog rule at its page under docs/rules/, which exists', () => {
    for (const rule of RULES) {
      const uri = ruleHelpUri(rule.id);
      expect(uri).toBe(`${RULE_DOCS_BASE_URL}${rule.id}.md`);
      const page = new URL(`../../docs/rules/${rule.id}.md`, import.meta.url);
      expect(existsSync(page), `${rule.id} has no page`).toBe(true);
    }
  });

  it('cannot be steered out of the rules folder by an odd id', () => {
    expect(ruleHelpUri('../../evil?x#y')).toBe(`${RULE_DOCS_BASE_URL}..%2F..%2Fevil%3Fx%23y.md`);
  });
});

describe('traceStepText', () => {
  it('does not repeat the action when the summary already starts with it', () => {
    expect(traceStepText({ index: 0, action: 'stop-services', summary: 'stop-services computer=SM02' })).toBe(
      'stop-services computer=SM02',
    );
    expect(traceStepText({ index: 0, action: 'manual', summary: 'call the DBA' })).toBe(
      'manual call the DBA',
    );
    expect(traceStepText({ index: 0, action: 'stop-services', summary: 'stop-services' })).toBe(
      'stop-services',
    );
  });
});

describe('groupByScenario', () => {
  it('keeps plan order, gives every scenario a group and puts findings of no scenario last', () => {
    const groups = groupByScenario(checkResult());
    expect(groups.map((group) => group.id)).toEqual([
      'workflow-server-lost',
      'sql-server-lost',
      HOSTILE_ID,
      'dw-lost',
      undefined,
    ]);
    expect(groups.map((group) => group.findings.length)).toEqual([0, 3, 1, 1, 2]);
  });

  it('takes findings from the complete top-level list, also those a scenario result does not list', () => {
    const base = checkResult();
    const orphan = { ...base.findings[0]!, scenario: 'not-in-the-plan' };
    const unlisted = { ...base.findings[0]!, ruleId: 'unknown-reference', scenario: 'workflow-server-lost' };
    const groups = groupByScenario({ ...base, findings: [...base.findings, orphan, unlisted] });
    expect(groups.find((group) => group.id === 'workflow-server-lost')?.findings).toEqual([unlisted]);
    const orphanGroup = groups.find((group) => group.id === 'not-in-the-plan');
    expect(orphanGroup?.scenario).toBeUndefined();
    expect(orphanGroup?.findings).toEqual([orphan]);
    expect(groups.at(-1)?.id).toBeUndefined();
  });
});

describe('a shortened trace', () => {
  /** The fixture with the first traced finding's trace cut to two steps, as from step 951. */
  function shortened(): CheckResult {
    const base = checkResult();
    const traced = base.findings.find((finding) => (finding.trace?.length ?? 0) > 1)!;
    const cut = {
      ...traced,
      trace: traced.trace!.slice(-2).map((step, i) => ({ ...step, index: 950 + i })),
    };
    const swap = (finding: (typeof base.findings)[number]) => (finding === traced ? cut : finding);
    return {
      ...base,
      findings: base.findings.map(swap),
      scenarios: base.scenarios.map((scenario) => ({ ...scenario, findings: scenario.findings.map(swap) })),
    };
  }

  for (const name of ['text', 'junit', 'markdown'] as const) {
    it(`${name}: says which steps it leaves out, and numbers the rest from the scenario's start`, () => {
      const whole = REPORTERS[name](checkResult(), { failOn: 'error' });
      expect(whole).not.toContain('left out');
      const out = REPORTERS[name](shortened(), { failOn: 'error' });
      expect(out).toContain('… steps 1–950 left out');
      expect(out).toMatch(/\n\s*951\. /);
      expect(out).toMatch(/\n\s*952\. /);
      expect(out.indexOf('steps 1–950 left out')).toBeLessThan(out.search(/\n\s*951\. /));
    });
  }
});
