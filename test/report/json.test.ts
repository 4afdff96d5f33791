import { describe, expect, it } from 'vitest';
import { jsonReporter } from '../../src/report/reporters/json.js';
import { checkResult, cleanResult, FINDINGS, HOSTILE, HOSTILE_ID, PLAN_RULE_IDS } from './fixtures.js';

type Json = Record<string, unknown>;

function parse(text: string): Json {
  return JSON.parse(text) as Json;
}

const report = parse(jsonReporter(checkResult(), { failOn: 'error' }));
const scenarios = report.scenarios as Json[];
const findings = report.findings as Json[];

const FINDING_KEYS = ['ruleId', 'severity', 'message', 'location', 'path', 'scenario', 'trace'];
const SCENARIO_KEYS = [
  'id',
  'title',
  'location',
  'lost',
  'recovered',
  'historyLost',
  'steps',
  'estimatedSeconds',
  'rtoSeconds',
  'withinRto',
  'findings',
];

/** The keys of an object must be the given order with optional keys left out. */
function expectKeyOrder(value: unknown, order: readonly string[]): void {
  const keys = Object.keys(value as Json);
  expect(keys).toEqual(order.filter((key) => keys.includes(key)));
}

describe('json reporter', () => {
  it('has the documented top-level shape in a fixed order', () => {
    expect(Object.keys(report)).toEqual([
      'version',
      'tool',
      'asOf',
      'environment',
      'plan',
      'summary',
      'scenarios',
      'findings',
      'rulesEvaluated',
    ]);
    expect(report.version).toBe(1);
    expect(report.tool).toEqual({ name: 'scsm-dr', version: '0.1.0' });
    expect(report.environment).toEqual({ file: checkResult().environment.file, name: HOSTILE });
    expect(report.plan).toEqual({ file: 'plans/plan.yaml' });
    expect(report.rulesEvaluated).toEqual(PLAN_RULE_IDS);
  });

  it('summarises the counts and the exit code under --fail-on', () => {
    expect(report.summary).toEqual({
      error: 2,
      warning: 4,
      note: 1,
      suppressed: 0,
      scenarios: 4,
      recovered: 3,
      failOn: 'error',
      exitCode: 1,
    });
    expect(Object.keys(report.summary as Json)).toEqual([
      'error',
      'warning',
      'note',
      'suppressed',
      'scenarios',
      'recovered',
      'failOn',
      'exitCode',
    ]);
    const never = parse(jsonReporter(checkResult(), { failOn: 'never' }));
    expect((never.summary as Json).exitCode).toBe(0);
    const clean = parse(jsonReporter(cleanResult(), { failOn: 'warning' }));
    expect(clean.summary).toMatchObject({ error: 0, warning: 0, note: 0, exitCode: 0 });
    expect(clean.findings).toEqual([]);
  });

  it('lists every finding once, in order, with its text unchanged', () => {
    expect(findings).toHaveLength(FINDINGS.length);
    findings.forEach((finding, i) => {
      const source = FINDINGS[i]!;
      expectKeyOrder(finding, FINDING_KEYS);
      expect(finding.ruleId).toBe(source.ruleId);
      expect(finding.severity).toBe(source.severity);
      expect(finding.message).toBe(source.message);
      expect(finding.scenario).toBe(source.scenario);
      expect(finding.path).toEqual(source.path);
      expect(finding.location).toEqual(source.location);
      expectKeyOrder(finding.location, ['file', 'line', 'column', 'endLine', 'endColumn']);
    });
    expect(findings.filter((finding) => finding.message === HOSTILE)).toHaveLength(1);
  });

  it('omits absent optional keys instead of writing null', () => {
    const coverage = findings.find((finding) => finding.ruleId === 'plan-coverage')!;
    expect(Object.keys(coverage)).toEqual(['ruleId', 'severity', 'message', 'location', 'path']);
    expect(Object.keys(coverage.location as Json)).toEqual(['file', 'line', 'column']);
    const withEnd = findings.find((finding) => finding.ruleId === 'key-restored-before-setup')!;
    expect(withEnd.location).toEqual({
      file: 'plans/plan.yaml',
      line: 23,
      column: 9,
      endLine: 23,
      endColumn: 80,
    });
    expect(JSON.stringify(report)).not.toContain('null');
  });

  it('keeps traces with 0-based step indexes and locations where known', () => {
    const final = findings.find((finding) => finding.ruleId === 'scenario-recovered')!;
    expect(final.trace).toEqual([
      {
        index: 0,
        action: 'provision-computer',
        summary: 'provision-computer computer=SM01',
        location: { file: 'plans/plan.yaml', line: 21, column: 9 },
      },
      { index: 1, action: 'manual', summary: 'call the DBA' },
    ]);
  });

  it('gives each scenario its outcome and finding counts, not a second copy of the findings', () => {
    expect(scenarios.map((scenario) => scenario.id)).toEqual([
      'workflow-server-lost',
      'sql-server-lost',
      HOSTILE_ID,
      'dw-lost',
    ]);
    for (const scenario of scenarios) expectKeyOrder(scenario, SCENARIO_KEYS);
    const lost = scenarios[1]!;
    expect(lost).toMatchObject({
      recovered: false,
      estimatedSeconds: 34_200,
      rtoSeconds: 28_800,
      withinRto: false,
      findings: { error: 2, warning: 1, note: 0 },
    });
    expect(scenarios[3]).toMatchObject({
      historyLost: ['DWDataMart', HOSTILE],
      findings: { error: 0, warning: 1, note: 0 },
    });
    expect('title' in scenarios[3]!).toBe(false);
    const counted = scenarios.reduce((sum, scenario) => {
      const counts = scenario.findings as Record<string, number>;
      return sum + (counts.error ?? 0) + (counts.warning ?? 0) + (counts.note ?? 0);
    }, 0);
    expect(counted).toBe(FINDINGS.filter((finding) => finding.scenario !== undefined).length);
  });
});
