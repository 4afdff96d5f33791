import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import type { CheckResult } from '../../src/check/types.js';
import type { FailOn } from '../../src/common/exit-code.js';
import { formatLocation } from '../../src/common/location.js';
import { junitReporter, RULE_CLASSNAME, SCENARIO_CLASSNAME } from '../../src/report/reporters/junit.js';
import { printable } from '../../src/report/reporters/shared.js';
import { checkResult, cleanResult, FINDINGS, HOSTILE, HOSTILE_ID, PLAN_RULE_IDS } from './fixtures.js';

/** Parses the XML with a conforming XML parser, which throws on anything not well-formed. */
function parse(result: CheckResult, failOn: FailOn): Document {
  const xml = junitReporter(result, { failOn });
  const { document } = new JSDOM(xml, { contentType: 'text/xml' }).window;
  expect(document.getElementsByTagName('parsererror')).toHaveLength(0);
  return document;
}

function suite(document: Document, name: string): Element {
  const found = [...document.querySelectorAll('testsuites > testsuite')].find(
    (s) => s.getAttribute('name') === name,
  );
  if (!found) throw new Error(`no suite ${name}`);
  return found;
}

function testCases(document: Document, name: string): Element[] {
  return [...suite(document, name).querySelectorAll(':scope > testcase')];
}

function failing(document: Document, name: string): (string | null)[] {
  return testCases(document, name)
    .filter((testCase) => testCase.querySelector(':scope > failure'))
    .map((testCase) => testCase.getAttribute('name'));
}

function testCase(document: Document, suiteName: string, name: string): Element {
  const found = testCases(document, suiteName).find((candidate) => candidate.getAttribute('name') === name);
  if (!found) throw new Error(`no test case ${name} in ${suiteName}`);
  return found;
}

const ALL_RULES = [...PLAN_RULE_IDS, 'restore-never-tested'];

describe('junit reporter', () => {
  it('writes one test case per scenario and one per evaluated rule, with plain names', () => {
    const document = parse(checkResult(), 'error');
    const scenarios = testCases(document, 'scenarios');
    expect(scenarios.map((node) => node.getAttribute('name'))).toEqual([
      'workflow-server-lost',
      'sql-server-lost',
      HOSTILE_ID,
      'dw-lost',
    ]);
    const rules = testCases(document, 'rules');
    // The environment rule is not in rulesEvaluated but has a finding: it gets a test case too.
    expect(rules.map((node) => node.getAttribute('name'))).toEqual(ALL_RULES);
    for (const node of scenarios) expect(node.getAttribute('classname')).toBe(SCENARIO_CLASSNAME);
    for (const node of rules) expect(node.getAttribute('classname')).toBe(RULE_CLASSNAME);
    for (const node of [...scenarios, ...rules]) expect(node.getAttribute('time')).toBe('0');
    const root = document.documentElement;
    expect(root.tagName).toBe('testsuites');
    // The Ant schema allows no attributes on the root; each suite counts its own cases.
    expect(root.attributes).toHaveLength(0);
    expect(suite(document, 'scenarios').getAttribute('tests')).toBe('4');
    expect(suite(document, 'rules').getAttribute('tests')).toBe(String(ALL_RULES.length));
  });

  it('fails exactly the scenarios and rules with findings at or above --fail-on', () => {
    const onError = parse(checkResult(), 'error');
    expect(failing(onError, 'scenarios')).toEqual(['sql-server-lost']);
    expect(failing(onError, 'rules')).toEqual(['key-restored-before-setup', 'scenario-recovered']);
    expect(suite(onError, 'rules').getAttribute('failures')).toBe('2');

    const onWarning = parse(checkResult(), 'warning');
    expect(failing(onWarning, 'scenarios')).toEqual(['sql-server-lost', HOSTILE_ID, 'dw-lost']);
    expect(failing(onWarning, 'rules')).toEqual([
      'key-restored-before-setup',
      'import-management-packs',
      'backup-new-server-key',
      'scenario-recovered',
      'rto-exceeded',
      'plan-coverage',
    ]);

    const never = parse(checkResult(), 'never');
    expect(failing(never, 'scenarios')).toEqual([]);
    expect(failing(never, 'rules')).toEqual([]);
    expect(suite(never, 'scenarios').getAttribute('failures')).toBe('0');
    expect(suite(never, 'rules').getAttribute('failures')).toBe('0');

    const clean = parse(cleanResult(), 'warning');
    expect(clean.getElementsByTagName('failure')).toHaveLength(0);
    expect(testCases(clean, 'rules')).toHaveLength(PLAN_RULE_IDS.length);
  });

  it('puts the messages, locations and traces of failing findings in the failure', () => {
    const document = parse(checkResult(), 'error');
    const failure = testCase(document, 'scenarios', 'sql-server-lost').querySelector('failure')!;
    expect(failure.getAttribute('type')).toBe('error');
    expect(failure.getAttribute('message')).toBe(
      'plans/plan.yaml:15:5: ServiceManager is still lost at the end of the scenario (and 1 more)',
    );
    const text = failure.textContent ?? '';
    for (const finding of FINDINGS.filter(
      (f) => f.scenario === 'sql-server-lost' && f.severity === 'error',
    )) {
      expect(text).toContain(
        `${formatLocation(finding.location)}: error: ${finding.message} [${finding.ruleId}]`,
      );
    }
    expect(text).toContain('    3. install-management-server computer=SM01 (plans/plan.yaml:23:9)');
    // The warning of the same scenario is below --fail-on: system-out, not the failure.
    expect(text).not.toContain('rto-exceeded');
    // The schema allows no output inside a test case: the suite's system-out carries it.
    const out = suite(document, 'scenarios').querySelector(':scope > system-out')?.textContent ?? '';
    expect(out).toContain('sql-server-lost:\nNOT recovered; estimated 9h 30m, RTO 8h');
    expect(out).toContain('plans/plan.yaml:15:5: warning: ');
  });

  it('passes a rule whose findings are all below --fail-on, listing them in system-out', () => {
    const document = parse(checkResult(), 'error');
    const coverage = testCase(document, 'rules', 'plan-coverage');
    expect(coverage.querySelector('failure')).toBeNull();
    expect(suite(document, 'rules').querySelector(':scope > system-out')?.textContent).toContain(
      'plans/plan.yaml:3:1: warning: no scenario',
    );
    const quiet = testCase(document, 'rules', 'same-sql-instance');
    expect(quiet.children).toHaveLength(0);
  });

  it('escapes untrusted text: no injected element, and the text reads back as written', () => {
    const xml = junitReporter(checkResult(), { failOn: 'warning' });
    const document = parse(checkResult(), 'warning');
    expect(document.getElementsByTagName('evil')).toHaveLength(0);
    expect(document.getElementsByTagName('img')).toHaveLength(0);
    const hostile = testCase(document, 'scenarios', HOSTILE_ID);
    const failure = hostile.querySelector('failure')!;
    // Everything survives as text; control characters are shown, not dropped.
    expect(failure.textContent).toContain(printable(HOSTILE));
    expect(failure.getAttribute('message')).toBe(`plans/plan.yaml:40:7: ${printable(HOSTILE)}`);
    expect(xml).not.toContain('\u001b');
    expect(xml).not.toContain('\u0001');
    const properties = [...suite(document, 'scenarios').querySelectorAll('properties > property')];
    expect(properties.find((p) => p.getAttribute('name') === 'environment')?.getAttribute('value')).toBe(
      checkResult().environment.file,
    );
  });

  it('validates against the Apache Ant JUnit schema that CI uses, hostile text included', async () => {
    const schema = readFileSync(new URL('../fixtures/schemas/junit.xsd', import.meta.url), 'utf8');
    for (const [result, failOn] of [
      [checkResult(), 'error'],
      [checkResult(), 'warning'],
      [checkResult(), 'never'],
      [cleanResult(), 'error'],
    ] as const) {
      const xml = junitReporter(result, { failOn });
      const validation = await validateXML({
        xml: [{ fileName: 'report.xml', contents: xml }],
        schema: [{ fileName: 'junit.xsd', contents: schema }],
      });
      expect(validation.errors.map((error) => error.rawMessage)).toEqual([]);
      expect(validation.valid).toBe(true);
    }
    // The validator can fail: a document the schema forbids is rejected.
    const broken = await validateXML({
      xml: [{ fileName: 'report.xml', contents: '<testsuites tests="1"><testsuite/></testsuites>' }],
      schema: [{ fileName: 'junit.xsd', contents: schema }],
    });
    expect(broken.valid).toBe(false);
  });
});
