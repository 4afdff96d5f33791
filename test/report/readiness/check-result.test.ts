/**
 * The SARIF and JUnit readiness reports: the `check` reporters over a `CheckResult` that
 * carries the environment findings too. Both are validated with the tools their consumers
 * trust: SARIF with Microsoft's SARIF Multitool (GitHub's ingestion rules included), JUnit
 * against the Apache Ant schema with xmllint.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { readinessCheckResult, readinessJunit, readinessSarif } from '../../../src/report/readiness/index.js';
import type { SarifLog } from '../../../src/report/reporters/sarif.js';
import { RULE_IDS } from '../../../src/rules/catalog.js';
import { ENVIRONMENT_RULES } from '../../../src/rules/environment/index.js';
import { type ValidatorResult, validateSarifFiles } from '../../helpers/sarif.js';
import { loadReadinessInputs, type ReadinessInputs, SINGLE } from './fixtures.js';

const JUNIT_XSD = readFileSync(new URL('../../fixtures/schemas/junit.xsd', import.meta.url), 'utf8');

let inputs: ReadinessInputs;
let directory = '';

/** The SARIF Multitool's findings about each validated file, by file name. */
let verdicts = new Map<string, ValidatorResult[]>();

const VALIDATED = ['ha', 'haNoPlan', 'single', 'broken'] as const;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'scsm-dr-readiness-sarif-'));
  inputs = await loadReadinessInputs(directory);

  const files = VALIDATED.map((name) => [`${name}.sarif`, readinessSarif(inputs[name])] as const);
  verdicts = await validateSarifFiles(directory, files, 150_000);
}, 240_000);

afterAll(async () => {
  if (directory) await rm(directory, { recursive: true, force: true });
});

describe('readiness as a CheckResult', () => {
  it('carries the environment findings and the plan findings, sorted by file, line and column', () => {
    const { single } = inputs;
    const result = readinessCheckResult(single);
    expect(result.findings).toHaveLength(
      single.readiness.findings.length + single.readiness.check!.findings.length,
    );
    const key = (index: number) => {
      const location = result.findings[index]!.location;
      return [location.file, location.line, location.column] as const;
    };
    for (let i = 1; i < result.findings.length; i++) {
      const [fileA, lineA, columnA] = key(i - 1);
      const [fileB, lineB, columnB] = key(i);
      expect(
        fileA < fileB || (fileA === fileB && (lineA < lineB || (lineA === lineB && columnA <= columnB))),
      ).toBe(true);
    }
    expect(result.summary.error + result.summary.warning + result.summary.note).toBe(result.findings.length);
    expect(result.scenarios).toBe(single.readiness.check!.scenarios);
  });

  it('evaluates the plan rules and every environment rule, in catalog order', () => {
    const environmentRules = ENVIRONMENT_RULES.map((rule) => rule.id);
    const withPlan = readinessCheckResult(inputs.ha).rulesEvaluated;
    expect(withPlan).toEqual(
      RULE_IDS.filter(
        (id) => inputs.ha.readiness.check!.rulesEvaluated.includes(id) || environmentRules.includes(id),
      ),
    );
    const withoutPlan = readinessCheckResult(inputs.haNoPlan);
    expect(withoutPlan.rulesEvaluated).toEqual(RULE_IDS.filter((id) => environmentRules.includes(id)));
    expect(withoutPlan.plan.file).toBe('');
    expect(withoutPlan.scenarios).toEqual([]);
  });
});

describe('SARIF readiness report', () => {
  for (const name of VALIDATED) {
    it(`${name}: the SARIF Multitool finds zero errors`, () => {
      const canaries = verdicts.get(`canary-${name}.sarif`) ?? [];
      expect(
        canaries.some(
          (result) => result.ruleId === 'JSON1005' && result.message?.arguments?.[1] === 'canaryProperty',
        ),
        'the Multitool did not read the file',
      ).toBe(true);
      const errors = (verdicts.get(`${name}.sarif`) ?? []).filter((result) => result.level === 'error');
      if (errors.length > 0) console.error(JSON.stringify(errors, null, 2));
      expect(errors).toEqual([]);
    });
  }

  it('has one result per finding, environment findings on the environment file', () => {
    const log = JSON.parse(readinessSarif(inputs.single)) as SarifLog;
    const results = log.runs[0].results;
    const expected = readinessCheckResult(inputs.single).findings;
    expect(results.map((result) => result.ruleId)).toEqual(expected.map((finding) => finding.ruleId));
    const environmentFile = SINGLE.environment;
    const onEnvironment = results.filter(
      (result) => result.locations[0].physicalLocation?.artifactLocation.uri === environmentFile,
    );
    expect(onEnvironment).toHaveLength(inputs.single.readiness.findings.length);
  });
});

describe('JUnit readiness report', () => {
  it('validates against the Apache Ant JUnit schema, hostile text included', async () => {
    for (const [name, input] of Object.entries(inputs)) {
      for (const failOn of ['error', 'never'] as const) {
        const xml = readinessJunit({ ...input, failOn });
        const validation = await validateXML({
          xml: [{ fileName: `${name}.xml`, contents: xml }],
          schema: [{ fileName: 'junit.xsd', contents: JUNIT_XSD }],
        });
        expect(
          validation.errors.map((error) => error.rawMessage),
          name,
        ).toEqual([]);
        expect(validation.valid).toBe(true);
      }
    }
  });

  it('has a test case per environment rule, failing where the environment has errors', () => {
    const xml = readinessJunit(inputs.single);
    const { document } = new JSDOM(xml, { contentType: 'text/xml' }).window;
    const rules = [...document.querySelectorAll('testsuite[name="rules"] > testcase')];
    const names = rules.map((testCase) => testCase.getAttribute('name'));
    for (const rule of ENVIRONMENT_RULES) expect(names).toContain(rule.id);
    const failing = rules
      .filter((testCase) => testCase.querySelector(':scope > failure'))
      .map((testCase) => testCase.getAttribute('name'));
    const errorRules = new Set(
      inputs.single.readiness.findings
        .filter((finding) => finding.severity === 'error')
        .map((finding) => finding.ruleId),
    );
    for (const id of errorRules) expect(failing).toContain(id);
    const scenarios = [...document.querySelectorAll('testsuite[name="scenarios"] > testcase')];
    expect(scenarios.map((testCase) => testCase.getAttribute('name'))).toEqual(
      inputs.single.readiness.check!.scenarios.map((scenario) => scenario.id),
    );
  });
});
