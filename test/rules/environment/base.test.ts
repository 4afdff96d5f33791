import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../../src/rules/catalog.js';
import { defineEnvironmentRule } from '../../../src/rules/environment/define.js';
import { checkEnvironment, ENVIRONMENT_RULES } from '../../../src/rules/environment/index.js';
import { edit, positionOf } from '../../helpers/text.js';
import { BASE, loadEnvironment } from './base.js';
import { withoutBackup } from './rule-tester.js';

const env = loadEnvironment(BASE);
const asOfMillis = env.asOf!;

describe('the shared base environment', () => {
  it('produces zero environment findings, unrecoverable-scenario included', () => {
    expect(checkEnvironment(env, { asOfMillis, includeUnrecoverable: true })).toEqual([]);
  });

  it('is judged as of 2026-11-24', () => {
    expect(new Date(asOfMillis).toISOString()).toBe('2026-11-24T00:00:00.000Z');
  });
});

describe('ENVIRONMENT_RULES', () => {
  it('holds every environment rule of the catalog once, in catalog order', () => {
    expect(ENVIRONMENT_RULES.map((rule) => rule.id)).toEqual(
      RULES.filter((rule) => rule.category === 'environment').map((rule) => rule.id),
    );
  });

  it('takes each severity from the catalog', () => {
    for (const rule of ENVIRONMENT_RULES)
      expect(rule.meta.severity).toBe(RULES.find((r) => r.id === rule.id)?.severity);
  });

  it('marks only unrecoverable-scenario as expensive', () => {
    expect(ENVIRONMENT_RULES.filter((rule) => rule.expensive).map((rule) => rule.id)).toEqual([
      'unrecoverable-scenario',
    ]);
  });

  it('has one rule file and one test file per rule', () => {
    const sources = readdirSync(new URL('../../../src/rules/environment/', import.meta.url));
    const tests = readdirSync(new URL('./', import.meta.url));
    for (const rule of ENVIRONMENT_RULES) {
      expect(sources).toContain(`${rule.id}.ts`);
      expect(tests).toContain(`${rule.id}.test.ts`);
    }
  });

  it('never reads the clock inside a rule', () => {
    const dir = new URL('../../../src/rules/environment/', import.meta.url);
    for (const name of readdirSync(dir)) {
      const source = readFileSync(new URL(name, dir), 'utf8');
      expect(source, name).not.toMatch(/Date\.now\(|new Date\(\)|performance\.now\(/);
    }
  });
});

describe('defineEnvironmentRule', () => {
  it('refuses an identifier the catalog does not know', () => {
    expect(() => defineEnvironmentRule({ id: 'no-such-rule', check: () => [] })).toThrow(
      /not in the rule catalog/,
    );
  });

  it('refuses a plan rule', () => {
    expect(() => defineEnvironmentRule({ id: 'promotion-order', check: () => [] })).toThrow(
      /plan rule, not an environment rule/,
    );
  });

  it('locates each finding at the node it is given, with the catalog severity', () => {
    const rule = defineEnvironmentRule({
      id: 'drill-overdue',
      check: (environment) => [{ node: environment.drills[0]!, message: 'm' }],
    });
    expect(rule.check(env, { asOfMillis })).toEqual([
      {
        ruleId: 'drill-overdue',
        severity: 'warning',
        message: 'm',
        location: expect.objectContaining({
          file: 'environment.yaml',
          ...positionOf(BASE, '{ scenario: workflow-server-lost'),
        }),
        path: ['drills', 0],
      },
    ]);
  });
});

describe('checkEnvironment', () => {
  // Three problems in one file, declared out of line order by the rule order.
  const broken = edit(
    edit(
      withoutBackup(BASE, 'DWRepository'),
      'password: escrowed }\n      - computer: SM02',
      'password: lost }\n      - computer: SM02',
    ),
    'drills:\n  - { scenario: workflow-server-lost, date: 2026-05-14, outcome: passed, duration: 3h }\n',
    '',
  );
  const brokenEnv = loadEnvironment(broken);

  it('returns findings sorted by line and column', () => {
    const findings = checkEnvironment(brokenEnv, { asOfMillis });
    expect(
      findings.map((finding) => [finding.ruleId, finding.location.line, finding.location.column]),
    ).toEqual([
      ['drill-overdue', 1, 1],
      ['database-backup-missing', positionOf(broken, 'name: DWRepository').line, 5],
      [
        'key-password-unavailable',
        positionOf(broken, "{ file: '\\\\backup01\\scsm\\keys\\SM01.bin'").line,
        20,
      ],
    ]);
    const keys = findings.map((finding) => finding.location.line * 1000 + finding.location.column);
    expect(keys).toEqual([...keys].sort((a, b) => a - b));
  });

  it('runs unrecoverable-scenario only when asked', () => {
    const colocated = loadEnvironment(
      edit(edit(BASE, '  - id: SQL01\n', '  - id: SM01\n'), 'instance: SQL01', 'instance: SM01'),
    );
    const cheap = checkEnvironment(colocated, { asOfMillis });
    const full = checkEnvironment(colocated, { asOfMillis, includeUnrecoverable: true });
    expect(cheap.map((finding) => finding.ruleId)).not.toContain('unrecoverable-scenario');
    expect(full.map((finding) => finding.ruleId)).toContain('unrecoverable-scenario');
    expect(full.filter((finding) => finding.ruleId !== 'unrecoverable-scenario')).toEqual(cheap);
  });

  it('judges ages at the injected instant, not the file date or the clock', () => {
    const later = Date.UTC(2027, 10, 24);
    const ruleIds = new Set(checkEnvironment(env, { asOfMillis: later }).map((finding) => finding.ruleId));
    expect([...ruleIds].sort()).toEqual(['backup-stale', 'drill-overdue', 'restore-never-tested']);
    expect(checkEnvironment(env, { asOfMillis })).toEqual([]);
  });

  it('is deterministic', () => {
    expect(checkEnvironment(brokenEnv, { asOfMillis, includeUnrecoverable: true })).toEqual(
      checkEnvironment(loadEnvironment(broken), { asOfMillis, includeUnrecoverable: true }),
    );
  });
});
