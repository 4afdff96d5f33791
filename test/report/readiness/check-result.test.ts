/**
 * The SARIF and JUnit readiness reports: the `check` reporters over a `CheckResult` that
 * carries the environment findings too. Both are validated with the tools their consumers
 * trust: SARIF with Microsoft's SARIF Multitool (GitHub's ingestion rules included), JUnit
 * against the Apache Ant schema with xmllint.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { JSDOM } from 'jsdom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import {
  type ReadinessReportInput,
  readinessCheckResult,
  readinessJunit,
  readinessSarif,
} from '../../../src/report/readiness/index.js';
import type { SarifLog } from '../../../src/report/reporters/sarif.js';
import { RULE_IDS } from '../../../src/rules/catalog.js';
import { ENVIRONMENT_RULES } from '../../../src/rules/environment/index.js';
import { BROKEN, HA, reportInput, SINGLE, writeHostileInputs } from './fixtures.js';

const MULTITOOL = fileURLToPath(new URL('../../../node_modules/.bin/sarif-multitool', import.meta.url));
const JUNIT_XSD = readFileSync(new URL('../../fixtures/schemas/junit.xsd', import.meta.url), 'utf8');

let inputs: Record<'ha' | 'haNoPlan' | 'single' | 'broken' | 'hostile', ReadinessReportInput>;
let directory = '';

interface ValidatorResult {
  readonly ruleId?: string;
  readonly level?: string;
  readonly message?: { readonly arguments?: readonly string[] };
  readonly locations?: readonly { physicalLocation?: { artifactLocation?: { uri?: string } } }[];
}

/** The SARIF Multitool's findings about each validated file, by file name. */
const verdicts = new Map<string, ValidatorResult[]>();

/** GitHub's ingestion rules as errors; the rule that fetches every help URI is off (no network in tests). */
const POLICY = `<?xml version="1.0" encoding="utf-8"?>
<Properties>
${[
  ['SARIF2006.UrisShouldBeReachable', 'Disabled'],
  ['SARIF2007.ExpressPathsRelativeToRepoRoot', 'Error'],
  ['GH1001.ProvideRequiredLocationProperties', 'Error'],
  ['GH1002.InlineThreadFlowLocations', 'Error'],
  ['GH1003.ProvideRequiredRegionProperties', 'Error'],
  ['GH1004.ReviewArraysThatExceedConfigurableDefaults', 'Error'],
  ['GH1005.LocationsMustBeRelativeUrisOrFilePaths', 'Error'],
  ['GH1006.ProvideCheckoutPath', 'Error'],
]
  .map(
    ([rule, level]) =>
      `  <Properties Key="${rule}.Options"><Property Key="RuleEnabled" Value="${level}" /></Properties>`,
  )
  .join('\n')}
</Properties>
`;

/**
 * The Multitool silently skips a file it cannot read, so each file is also validated as a
 * canary copy with a property the schema forbids: a report about the canary proves the file
 * was read, and so that silence about the original means "valid".
 */
function canary(text: string): string {
  const parsed = JSON.parse(text) as { runs: Record<string, unknown>[] };
  parsed.runs[0]!.canaryProperty = true;
  return JSON.stringify(parsed, null, 2);
}

const VALIDATED = ['ha', 'haNoPlan', 'single', 'broken'] as const;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'scsm-dr-readiness-sarif-'));
  const hostileFiles = writeHostileInputs(directory);
  const [ha, haNoPlan, single, broken, hostile] = await Promise.all([
    reportInput(HA.environment, HA.plan),
    reportInput(HA.environment),
    reportInput(SINGLE.environment, SINGLE.plan),
    reportInput(BROKEN.environment, BROKEN.plan),
    reportInput(hostileFiles.environment, hostileFiles.plan),
  ]);
  inputs = { ha: ha!, haNoPlan: haNoPlan!, single: single!, broken: broken!, hostile: hostile! };

  const files: string[] = [];
  for (const name of VALIDATED) {
    const text = readinessSarif(inputs[name]);
    await writeFile(join(directory, `${name}.sarif`), text);
    await writeFile(join(directory, `canary-${name}.sarif`), canary(text));
    files.push(join(directory, `${name}.sarif`), join(directory, `canary-${name}.sarif`));
  }
  const policy = join(directory, 'policy.xml');
  await writeFile(policy, POLICY);
  const out = join(directory, 'validation.sarif');
  // `--rule-kind Sarif Gh` as separate arguments: the npm wrapper runs the tool through a
  // shell, which would split a quoted "Sarif;Gh" at the semicolon.
  const args = ['validate', ...files, '-o', out, '--config', policy, '--rule-kind', 'Sarif', 'Gh'];
  await promisify(execFile)(MULTITOOL, args, { timeout: 150_000 });
  const validation = JSON.parse(await readFile(out, 'utf8')) as { runs: { results?: ValidatorResult[] }[] };
  for (const result of validation.runs[0]?.results ?? []) {
    const uri = result.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? '';
    const name = basename(decodeURIComponent(uri));
    verdicts.set(name, [...(verdicts.get(name) ?? []), result]);
  }
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
