import { describe, expect, it } from 'vitest';
import {
  type ReadinessJson,
  type ReadinessReportInput,
  readinessJson,
  toReadinessJson,
} from '../../../src/report/readiness/index.js';
import { RULE_IDS } from '../../../src/rules/catalog.js';
import { ENVIRONMENT_RULES } from '../../../src/rules/environment/index.js';
import { HA, HOSTILE, useReadinessInputs } from './fixtures.js';

const inputs = useReadinessInputs('scsm-dr-readiness-json-');

function parsed(input: ReadinessReportInput): ReadinessJson {
  return JSON.parse(readinessJson(input)) as ReadinessJson;
}

const TOP_KEYS = [
  'version',
  'tool',
  'asOf',
  'environment',
  'plan',
  'objectives',
  'teams',
  'score',
  'verdict',
  'assurance',
  'summary',
  'disruptions',
  'scenarios',
  'findings',
  'rulesEvaluated',
];

describe('JSON readiness report', () => {
  it('has its keys in the documented order', () => {
    const report = parsed(inputs.broken);
    expect(Object.keys(report)).toEqual(TOP_KEYS);
    expect(Object.keys(report.tool)).toEqual(['name', 'version']);
    expect(Object.keys(report.environment)).toEqual(['file', 'name', 'product']);
    expect(Object.keys(report.objectives)).toEqual(['rtoSeconds', 'rpoSeconds']);
    expect(Object.keys(report.assurance)).toEqual(['score', 'findings']);
    expect(Object.keys(report.summary)).toEqual([
      'disruptions',
      'withinObjectives',
      'overObjectives',
      'historyLost',
      'unrecoverable',
      'error',
      'warning',
      'note',
      'failOn',
      'exitCode',
    ]);
    const disruptionKeys = [
      'id',
      'kind',
      'description',
      'lost',
      'services',
      'weight',
      'outcome',
      'credit',
      'pointsLost',
      'recoverySeconds',
      'dataLossSeconds',
      'withinRto',
      'withinRpo',
      'planUsed',
      'explanation',
      'ruleIds',
    ];
    for (const row of report.disruptions) {
      expect(Object.keys(row)).toEqual(
        row.recoverySeconds === undefined
          ? disruptionKeys.filter((key) => key !== 'recoverySeconds')
          : disruptionKeys,
      );
      expect(Object.keys(row.lost)).toEqual(['computers', 'databases', 'sites']);
    }
    for (const scenario of report.scenarios) {
      expect(Object.keys(scenario).filter((key) => key !== 'title')).toEqual([
        'id',
        'location',
        'recovered',
        'historyLost',
        'steps',
        'estimatedSeconds',
        'rtoSeconds',
        'withinRto',
        'findings',
      ]);
    }
    for (const finding of report.findings) {
      const keys = Object.keys(finding);
      expect(keys.slice(0, 5)).toEqual(['ruleId', 'severity', 'kind', 'message', 'location']);
      expect(keys.slice(5).every((key) => key === 'scenario' || key === 'trace')).toBe(true);
      expect(Object.keys(finding.location)).toEqual(['file', 'line', 'column']);
      for (const step of finding.trace ?? []) {
        expect(Object.keys(step).filter((key) => key !== 'location')).toEqual(['index', 'action', 'summary']);
        if (step.location) expect(Object.keys(step.location)).toEqual(['file', 'line', 'column']);
      }
    }
    expect(report.findings.some((finding) => finding.trace !== undefined)).toBe(true);
  });

  it('leaves the plan out, and the scenarios empty, without a plan', () => {
    const report = parsed(inputs.haNoPlan);
    expect(Object.keys(report)).toEqual(TOP_KEYS.filter((key) => key !== 'plan'));
    expect(report.scenarios).toEqual([]);
    expect(report.disruptions.every((row) => row.planUsed.kind === 'synthesised')).toBe(true);
  });

  it('carries the score, the disruptions and the counts consistently', () => {
    const report = parsed(inputs.ha);
    expect(report.version).toBe(1);
    expect(report.tool).toEqual({ name: 'scsm-dr', version: '0.1.0' });
    expect(report.environment).toEqual({
      file: HA.environment,
      name: 'corvid-logistics-production',
      product: 'scsm-2022',
    });
    expect(report.plan).toEqual({ file: HA.plan });
    expect(report.score).toBe(inputs.ha.readiness.score);
    expect(report.assurance.score).toBe(inputs.ha.readiness.assurance.score);
    expect(report.disruptions.map((row) => row.id)).toEqual(
      inputs.ha.readiness.disruptions.map((row) => row.id),
    );
    const { summary } = report;
    expect(
      summary.withinObjectives + summary.overObjectives + summary.historyLost + summary.unrecoverable,
    ).toBe(summary.disruptions);
    const lost = report.disruptions.reduce((sum, row) => sum + row.pointsLost, 0);
    expect(Math.abs(100 - lost - report.score)).toBeLessThanOrEqual(0.5);
    for (const row of report.disruptions) {
      expect(row.withinRto).toBe(
        row.recoverySeconds !== undefined && row.recoverySeconds <= report.objectives.rtoSeconds,
      );
      expect(row.withinRpo).toBe(row.dataLossSeconds <= report.objectives.rpoSeconds);
    }
  });

  it('lists environment and plan findings together, sorted by file, line and column, with their kind', () => {
    const report = parsed(inputs.single);
    expect(report.findings).toHaveLength(
      inputs.single.readiness.findings.length + inputs.single.readiness.check!.findings.length,
    );
    const kinds = new Set(report.findings.map((finding) => finding.kind));
    expect(kinds).toEqual(new Set(['causal', 'assurance', 'plan']));
    expect(report.findings.filter((finding) => finding.kind === 'assurance')).toHaveLength(
      report.assurance.findings,
    );
    for (let i = 1; i < report.findings.length; i++) {
      const a = report.findings[i - 1]!.location;
      const b = report.findings[i]!.location;
      const order = a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column;
      expect(order).toBeLessThanOrEqual(0);
    }
    expect(report.summary.error).toBe(
      report.findings.filter((finding) => finding.severity === 'error').length,
    );
    expect(report.summary.exitCode).toBe(report.summary.error > 0 ? 1 : 0);
    expect(toReadinessJson({ ...inputs.single, failOn: 'never' }).summary.exitCode).toBe(0);
  });

  it('lists the evaluated rules in catalog order: the plan rules and every environment rule', () => {
    const withPlan = parsed(inputs.ha).rulesEvaluated;
    const environmentRules = ENVIRONMENT_RULES.map((rule) => rule.id);
    expect(withPlan).toEqual(RULE_IDS.filter((id) => withPlan.includes(id)));
    for (const id of environmentRules) expect(withPlan).toContain(id);
    expect(withPlan).toContain('key-restored-before-setup');
    expect(parsed(inputs.haNoPlan).rulesEvaluated).toEqual(
      RULE_IDS.filter((id) => environmentRules.includes(id)),
    );
  });

  it('keeps hostile text as data and is reproducible', () => {
    const text = readinessJson(inputs.hostile);
    const report = JSON.parse(text) as ReadinessJson;
    expect(report.environment.name).toBe(HOSTILE.environmentName);
    expect(report.disruptions.some((row) => row.lost.sites.includes(HOSTILE.siteA))).toBe(true);
    expect(report.scenarios.map((scenario) => scenario.title)).toEqual([
      HOSTILE.title1,
      HOSTILE.title2,
      HOSTILE.title3,
    ]);
    expect(readinessJson(inputs.hostile)).toBe(text);
    expect(text.endsWith('}\n')).toBe(true);
  });
});
