import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findingFingerprints } from '../../src/check/fingerprint.js';
import type { CheckResult } from '../../src/check/types.js';
import { parseSource } from '../../src/common/source.js';
import type { ReportPaths } from '../../src/report/reporters/paths.js';
import {
  artifactLocation,
  FINGERPRINT_KEY,
  pascalCase,
  precision,
  region,
  SARIF_SCHEMA,
  type SarifLog,
  type SarifResult,
  SRCROOT,
  sarifReporter,
  sarifText,
} from '../../src/report/reporters/sarif.js';
import { RULES } from '../../src/rules/catalog.js';
import { PROJECT_URL, ruleHelpUri } from '../../src/rules/docs-url.js';
import { type ValidatorResult, validateSarifFiles } from '../helpers/sarif.js';
import { checkResult, cleanResult, FINDINGS, HOSTILE } from './fixtures.js';

/** The findings of the fixture, in the order the reporter writes them. */
const FINGERPRINTED = checkResult().findings;

function sarif(result: CheckResult): string {
  return sarifReporter(result, { failOn: 'error' });
}

function log(result: CheckResult): SarifLog {
  return JSON.parse(sarif(result)) as SarifLog;
}

/** A finding of a rule the catalog does not know, as a newer checker might report. */
function unknownRuleResult(): CheckResult {
  const base = checkResult();
  const stray = { ...FINDINGS[0]!, ruleId: 'future-rule', message: 'a rule this version does not know' };
  return { ...base, findings: [...base.findings, stray] };
}

/** The SARIF Multitool's findings about each validated file, by file name. */
let verdicts = new Map<string, ValidatorResult[]>();
let directory = '';

/** A repository at /srv/repo, checked from its subdirectory dr/ (the plan file names are relative to dr/). */
const IN_REPOSITORY: ReportPaths = { workingDirectory: '/srv/repo/dr', repositoryRoot: '/srv/repo' };

const VALIDATED = {
  'full.sarif': () => sarif(checkResult()),
  'repository.sarif': () => sarifReporter(checkResult(), { failOn: 'error', paths: IN_REPOSITORY }),
  'outside-repository.sarif': () =>
    sarifReporter(checkResult(), { failOn: 'error', paths: { workingDirectory: '/srv/dr' } }),
  'clean.sarif': () => sarif(cleanResult()),
  'unknown-rule.sarif': () => sarif(unknownRuleResult()),
} as const;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'scsm-dr-sarif-'));
  const files = Object.entries(VALIDATED).map(([name, render]) => [name, render()] as const);
  verdicts = await validateSarifFiles(directory, files, 120_000);
}, 180_000);

afterAll(async () => {
  if (directory) await rm(directory, { recursive: true, force: true });
});

describe('sarif reporter, validated by the SARIF Multitool', () => {
  for (const name of Object.keys(VALIDATED)) {
    it(`${name}: zero errors`, () => {
      const canaries = verdicts.get(`canary-${name}`) ?? [];
      expect(
        canaries.some(
          (result) => result.ruleId === 'JSON1005' && result.message?.arguments?.[1] === 'canaryProperty',
        ),
        'the Multitool did not read the file',
      ).toBe(true);
      const errors = (verdicts.get(name) ?? []).filter((result) => result.level === 'error');
      if (errors.length > 0) console.error(JSON.stringify(errors, null, 2));
      expect(errors).toEqual([]);
    });
  }
});

describe('sarif reporter', () => {
  const full = log(checkResult());
  const run = full.runs[0];

  it('is one SARIF 2.1.0 run that describes the tool and how it ran', () => {
    expect(full.$schema).toBe(SARIF_SCHEMA);
    expect(full.version).toBe('2.1.0');
    expect(full.runs).toHaveLength(1);
    expect(run.tool.driver).toMatchObject({
      name: 'scsm-dr',
      version: '0.1.0',
      semanticVersion: '0.1.0',
      informationUri: PROJECT_URL,
    });
    expect(run.invocations).toEqual([{ executionSuccessful: true }]);
    expect(Object.keys(run.originalUriBaseIds)).toEqual([SRCROOT]);
  });

  it('describes every catalog rule', () => {
    const rules = run.tool.driver.rules;
    expect(rules.map((rule) => rule.id)).toEqual(RULES.map((rule) => rule.id));
    rules.forEach((descriptor, i) => {
      const rule = RULES[i]!;
      expect(descriptor.name).toMatch(/^[A-Z][A-Za-z0-9]*$/);
      expect(descriptor.shortDescription.text).toBe(rule.title);
      expect(descriptor.fullDescription?.text).toBe(rule.rationale);
      expect(descriptor.helpUri).toBe(ruleHelpUri(rule.id));
      expect(descriptor.help?.text).toContain(rule.remediation);
      expect(descriptor.help?.text).toContain(ruleHelpUri(rule.id));
      expect(descriptor.help?.markdown).toContain(`(${ruleHelpUri(rule.id)})`);
      expect(descriptor.defaultConfiguration?.level).toBe(rule.severity);
      expect(descriptor.properties?.tags).toEqual(expect.arrayContaining([rule.category, ...rule.citations]));
      expect(descriptor.properties?.precision).toBe(precision(rule));
      expect(descriptor.properties?.['problem.severity']).toBe(
        { error: 'error', warning: 'warning', note: 'recommendation' }[rule.severity],
      );
    });
    // Model-enforced plan rules are demonstrated by executing the steps; the RTO is an estimate.
    expect(precision(RULES.find((rule) => rule.id === 'key-restored-before-setup')!)).toBe('very-high');
    expect(precision(RULES.find((rule) => rule.id === 'rto-exceeded')!)).toBe('medium');
    expect(precision(RULES.find((rule) => rule.id === 'key-backup-missing')!)).toBe('high');
    expect(pascalCase('key-restored-before-setup')).toBe('KeyRestoredBeforeSetup');
  });

  it('reports every finding at its rule, level and region', () => {
    expect(run.results).toHaveLength(FINDINGS.length);
    run.results.forEach((result, i) => {
      const finding = FINDINGS[i]!;
      expect(result.ruleId).toBe(finding.ruleId);
      expect(run.tool.driver.rules[result.ruleIndex]?.id).toBe(finding.ruleId);
      expect(result.level).toBe(finding.severity);
      const physical = result.locations[0].physicalLocation!;
      expect(physical.artifactLocation).toEqual(artifactLocation(finding.location.file));
      expect(physical.region).toEqual({
        startLine: finding.location.line,
        startColumn: finding.location.column,
        ...(finding.location.endLine !== undefined ? { endLine: finding.location.endLine } : {}),
        ...(finding.location.endColumn !== undefined ? { endColumn: finding.location.endColumn } : {}),
      });
      expect(result.properties?.scenario).toBe(finding.scenario);
    });
  });

  it('escapes brackets so that untrusted text cannot embed a SARIF link, and loses nothing', () => {
    const hostile = run.results.find((result) => result.ruleId === 'import-management-packs')!;
    expect(hostile.message.text).toBe(sarifText(HOSTILE));
    expect(hostile.message.text).toContain('\\[link\\](javascript:x)');
    expect(hostile.message.text.replace(/\\([\\[\]])/g, '$1')).toBe(HOSTILE);
  });

  it('turns each trace into a code flow whose locations are the steps', () => {
    for (const [i, finding] of FINDINGS.entries()) {
      const result = run.results[i]!;
      if (!finding.trace) {
        expect(result.codeFlows).toBeUndefined();
        continue;
      }
      const steps = result.codeFlows?.[0]?.threadFlows[0]?.locations ?? [];
      expect(steps).toHaveLength(finding.trace.length);
      steps.forEach((step, j) => {
        const source = finding.trace![j]!;
        expect(step.executionOrder).toBe(source.index + 1);
        expect(step.location.message?.text.startsWith(`${source.index + 1}. `)).toBe(true);
        expect(step.location.physicalLocation?.region).toEqual(
          source.location ? region(source.location) : undefined,
        );
      });
    }
  });

  it('fingerprints findings with findingFingerprints: distinct, and the same when lines move', () => {
    const prints = (results: readonly SarifResult[]) =>
      results.map((result) => result.partialFingerprints[FINGERPRINT_KEY]);
    const before = prints(run.results);
    expect(new Set(before).size).toBe(before.length);
    expect(before).toEqual(findingFingerprints(FINGERPRINTED));
    for (const print of before) expect(print).toMatch(/^[0-9a-f]{32}$/);
    // Insert ten lines above everything: every alert must keep its identity.
    const shifted = checkResult();
    const moved: CheckResult = {
      ...shifted,
      findings: shifted.findings.map((finding) => ({
        ...finding,
        location: { ...finding.location, line: finding.location.line + 10 },
      })),
    };
    expect(prints(log(moved).runs[0].results)).toEqual(before);
    // The same finding twice (same rule, scenario, file and message) still gets two alerts.
    const twins = log({ ...shifted, findings: [FINGERPRINTED[0]!, FINGERPRINTED[0]!] }).runs[0].results;
    expect(new Set(prints(twins)).size).toBe(2);
  });

  it('gives a rule the catalog does not know a descriptor, so ruleIndex stays valid', () => {
    const unknown = log(unknownRuleResult()).runs[0];
    const result = unknown.results.find((candidate) => candidate.ruleId === 'future-rule')!;
    expect(result.ruleIndex).toBe(RULES.length);
    expect(unknown.tool.driver.rules[result.ruleIndex]?.id).toBe('future-rule');
  });

  it('writes relative files as %SRCROOT%-relative URIs and absolute ones as file: URIs', () => {
    expect(artifactLocation('plan.yaml')).toEqual({ uri: 'plan.yaml', uriBaseId: SRCROOT });
    expect(artifactLocation('./dr/plan.yaml')).toEqual({ uri: 'dr/plan.yaml', uriBaseId: SRCROOT });
    expect(artifactLocation('dr\\runbooks\\plan.yaml')).toEqual({
      uri: 'dr/runbooks/plan.yaml',
      uriBaseId: SRCROOT,
    });
    expect(artifactLocation('my plans/#1 [a].yaml')).toEqual({
      uri: 'my%20plans/%231%20%5Ba%5D.yaml',
      uriBaseId: SRCROOT,
    });
    expect(artifactLocation('/srv/dr/plan.yaml')).toEqual({ uri: 'file:///srv/dr/plan.yaml' });
    expect(artifactLocation('C:\\DR\\plan.yaml')).toEqual({ uri: 'file:///C:/DR/plan.yaml' });
    expect(artifactLocation('\\\\backup01\\dr\\plan.yaml')).toEqual({ uri: 'file://backup01/dr/plan.yaml' });
  });

  it('names files from the repository root, and says which directories it used', () => {
    expect(run.automationDetails.id).toBe('scsm-dr/plans/plan.yaml/');
    const withPaths = JSON.parse(
      sarifReporter(checkResult(), { failOn: 'error', paths: IN_REPOSITORY }),
    ) as SarifLog;
    const repositoryRun = withPaths.runs[0];
    expect(repositoryRun.originalUriBaseIds[SRCROOT]?.uri).toBe('file:///srv/repo/');
    expect(repositoryRun.invocations[0].workingDirectory).toEqual({ uri: 'file:///srv/repo/dr/' });
    expect(repositoryRun.automationDetails.id).toBe('scsm-dr/dr/plans/plan.yaml/');
    repositoryRun.results.forEach((result, i) => {
      const file = FINGERPRINTED[i]!.location.file;
      expect(result.locations[0].physicalLocation?.artifactLocation).toEqual({
        uri: `dr/${artifactLocation(file).uri}`,
        uriBaseId: SRCROOT,
      });
    });
    expect(artifactLocation('../elsewhere/plan.yaml', IN_REPOSITORY)).toEqual({
      uri: 'elsewhere/plan.yaml',
      uriBaseId: SRCROOT,
    });
    expect(artifactLocation('../../other/plan.yaml', IN_REPOSITORY)).toEqual({
      uri: 'file:///srv/other/plan.yaml',
    });
    expect(artifactLocation('/srv/repo/plan.yaml', IN_REPOSITORY)).toEqual({
      uri: 'plan.yaml',
      uriBaseId: SRCROOT,
    });
    const outside = artifactLocation('plan.yaml', { workingDirectory: '/srv/dr' });
    expect(outside).toEqual({ uri: 'plan.yaml', uriBaseId: SRCROOT });
  });

  it('never writes a region SARIF consumers reject', () => {
    expect(region({ file: 'p', line: 0, column: 0 })).toEqual({ startLine: 1, startColumn: 1 });
    expect(region({ file: 'p', line: 5, column: 3, endLine: 4, endColumn: 9 })).toEqual({
      startLine: 5,
      startColumn: 3,
      endColumn: 9,
    });
    expect(region({ file: 'p', line: 5, column: 3, endLine: 5, endColumn: 2 })).toEqual({
      startLine: 5,
      startColumn: 3,
      endLine: 5,
    });
    expect(region({ file: 'p', line: 5, column: 9, endLine: 6, endColumn: 2 })).toEqual({
      startLine: 5,
      startColumn: 9,
      endLine: 6,
      endColumn: 2,
    });
  });

  it('declares the column unit the loader really counts in (UTF-16 code units)', () => {
    const text = 'a: ["😀", y]\n';
    const parsed = parseSource(text, 'p.yaml');
    if (!parsed.ok) throw new Error('fixture does not parse');
    const column = parsed.value.locate(['a', 1]).column;
    // "😀" is one code point but two UTF-16 code units: the loader's column is the UTF-16 one.
    expect(column).toBe(text.indexOf('y') + 1);
    expect(column).not.toBe([...text.slice(0, text.indexOf('y'))].length + 1);
    expect(run.columnKind).toBe('utf16CodeUnits');
  });
});
