import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, REPO_ROOT, runCli } from '../helpers/cli.js';

// A copy of the four-computer example from before its ReportServer backup was copied off the host:
// the DW SQL host scenario cannot recover, which gives every format an error to report.
const FOUR = [
  'test/fixtures/check/reportserver-on-host/environment.yaml',
  '--plan',
  'test/fixtures/check/reportserver-on-host/plan.yaml',
];
const TWO = ['scenarios/two-computer/environment.yaml', '--plan', 'scenarios/two-computer/plan.yaml'];

interface JsonReport {
  summary: { error: number; warning: number; note: number; scenarios: number; recovered: number };
  findings: { ruleId: string; severity: string; location: { file: string; line: number; column: number } }[];
  scenarios: { id: string; recovered: boolean }[];
}

beforeAll(() => assertBuilt());

describe('scsm-dr check (end to end)', () => {
  it('exits 1 on errors and prints located findings with a summary', async () => {
    const result = await runCli(['check', ...FOUR]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/reportserver-on-host\/plan\.yaml:\d+:\d+ +error +.*step-precondition/);
    expect(result.stdout).toMatch(/✖ \d+ errors?, \d+ warnings?, \d+ notes? in 4 scenarios \(3 recovered\)/);
    expect(result.stderr).toBe('');
  });

  it('exits 0 with --fail-on never, and 1 with --fail-on warning on a plan with only warnings', async () => {
    expect((await runCli(['check', ...FOUR, '--fail-on', 'never'])).code).toBe(0);
    const warningsOnly = await runCli(['check', ...TWO, '--format', 'json']);
    expect(warningsOnly.code).toBe(0);
    const report = JSON.parse(warningsOnly.stdout) as JsonReport;
    expect(report.summary.error).toBe(0);
    expect(report.summary.warning).toBeGreaterThan(0);
    expect((await runCli(['check', ...TWO, '--fail-on', 'warning'])).code).toBe(1);
  });

  it('--format json: counts agree with the findings, findings are sorted by location', async () => {
    const result = await runCli(['check', ...FOUR, '--format', 'json']);
    const report = JSON.parse(result.stdout) as JsonReport;
    for (const severity of ['error', 'warning', 'note'] as const) {
      expect(report.summary[severity]).toBe(report.findings.filter((f) => f.severity === severity).length);
    }
    expect(report.summary.scenarios).toBe(report.scenarios.length);
    expect(report.summary.recovered).toBe(report.scenarios.filter((s) => s.recovered).length);
    const keys = report.findings.map((f) => [f.location.file, f.location.line, f.location.column] as const);
    const sorted = [...keys].sort((a, b) => a[0].localeCompare(b[0]) || a[1] - b[1] || a[2] - b[2]);
    expect(keys).toEqual(sorted);
  });

  it('--format sarif: a SARIF 2.1.0 log with one result per finding', async () => {
    const json = JSON.parse((await runCli(['check', ...FOUR, '--format', 'json'])).stdout) as JsonReport;
    const result = await runCli(['check', ...FOUR, '--format', 'sarif']);
    expect(result.code).toBe(1);
    const sarif = JSON.parse(result.stdout) as {
      version: string;
      runs: {
        results: { ruleId: string; locations: { physicalLocation: { region: { startLine: number } } }[] }[];
      }[];
    };
    expect(sarif.version).toBe('2.1.0');
    const results = sarif.runs[0]!.results;
    expect(results.map((r) => [r.ruleId, r.locations[0]!.physicalLocation.region.startLine])).toEqual(
      json.findings.map((f) => [f.ruleId, f.location.line]),
    );
  });

  it('--format junit: well-formed XML with a test case per scenario and per plan rule', async () => {
    const result = await runCli(['check', ...FOUR, '--format', 'junit']);
    expect(result.code).toBe(1);
    const document = new JSDOM(result.stdout, { contentType: 'text/xml' }).window.document;
    expect(document.getElementsByTagName('parsererror')).toHaveLength(0);
    const cases = [...document.getElementsByTagName('testcase')];
    const scenarioCases = cases.filter((c) => c.getAttribute('classname') === 'scsm-dr.scenario');
    const ruleCases = cases.filter((c) => c.getAttribute('classname') === 'scsm-dr.rule');
    expect(scenarioCases.map((c) => c.getAttribute('name'))).toEqual([
      'workflow-server-lost',
      'sm-sql-host-lost',
      'dw-server-lost',
      'dw-sql-host-lost',
    ]);
    expect(ruleCases).toHaveLength(23);
    const failedScenarios = scenarioCases.filter((c) => c.getElementsByTagName('failure').length > 0);
    expect(failedScenarios.map((c) => c.getAttribute('name'))).toEqual(['dw-sql-host-lost']);
  });

  it('--format markdown: a table of scenarios and a table of findings', async () => {
    const result = await runCli(['check', ...FOUR, '--format', 'markdown']);
    expect(result.stdout).toMatch(/^#/m);
    expect(result.stdout).toContain('dw-sql-host-lost');
    expect(result.stdout).toMatch(/\|.*step-precondition.*\|/);
  });

  /**
   * Checks `scenarios/four-computer/plan.yaml` with one edit (`from` → `to`, which must apply),
   * as JSON; `line` and `column` are those of `marker` in the edited plan, or of `at` on that line.
   */
  async function checkEdited(from: string, to: string, marker: string, at = marker) {
    const directory = mkdtempSync(join(tmpdir(), 'scsm-dr-check-'));
    const plan = readFileSync(join(REPO_ROOT, 'scenarios/four-computer/plan.yaml'), 'utf8');
    const edited = plan.replace(from, to);
    expect(edited).not.toBe(plan);
    const planFile = join(directory, 'plan.yaml');
    writeFileSync(planFile, edited);
    const lines = edited.split('\n');
    const line = lines.findIndex((text) => text.includes(marker)) + 1;
    const column = lines[line - 1]!.indexOf(at) + 1;
    const result = await runCli([
      'check',
      'scenarios/four-computer/environment.yaml',
      '--plan',
      planFile,
      '--format',
      'json',
    ]);
    const report = JSON.parse(result.stdout) as {
      findings: (JsonReport['findings'][number] & { message: string; scenario?: string })[];
      scenarios: JsonReport['scenarios'];
    };
    return { result, report, line, column };
  }

  it('reports an unknown name as unknown-reference at its line and column, with a suggestion', async () => {
    const { result, report, line, column } = await checkEdited(
      '{ action: import-management-packs, computer: TWK-SM01 }',
      '{ action: import-management-packs, computer: TWK-SM0l }',
      'TWK-SM0l',
    );
    const unknown = report.findings.filter((f) => f.ruleId === 'unknown-reference');
    expect(unknown).toHaveLength(1);
    expect(unknown[0]!.location).toMatchObject({ line, column });
    expect(unknown[0]!.message).toContain("did you mean 'TWK-SM01'?");
    expect(result.code).toBe(1);
  });

  it('reports an instance renamed on rebuild as same-sql-instance at the install step, not unknown-reference', async () => {
    // The data warehouse SQL host rebuilt under its own name, but as the default instance.
    const { result, report, line, column } = await checkEdited(
      "{ action: install-sql-server, instance: 'TWK-DWSQL01\\DW' }",
      '{ action: install-sql-server, instance: TWK-DWSQL01 }',
      'instance: TWK-DWSQL01 }',
      '{ action: install-sql-server',
    );
    expect(result.code).toBe(1);
    expect(report.findings.filter((f) => f.ruleId === 'unknown-reference')).toEqual([]);
    const renamedFindings = report.findings.filter(
      (f) => f.ruleId === 'same-sql-instance' && f.location.line === line,
    );
    expect(renamedFindings).toHaveLength(1);
    expect(renamedFindings[0]!.location).toMatchObject({ line, column });
    expect(renamedFindings[0]!.message).toContain('installed: TWK-DWSQL01, original: TWK-DWSQL01\\DW');
    expect(renamedFindings[0]!.message).toContain('D-DBREC');
    const scenario = renamedFindings[0]!.scenario;
    expect(report.scenarios.find((s) => s.id === scenario)?.recovered).toBe(false);
  });

  it('writes -o whole, and refuses to write over an input (exit 2)', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'scsm-dr-check-'));
    const output = join(directory, 'report.sarif');
    const written = await runCli(['check', ...FOUR, '--format', 'sarif', '-o', output]);
    expect(written.code).toBe(1);
    expect(JSON.parse(readFileSync(output, 'utf8')).version).toBe('2.1.0');

    const planCopy = join(directory, 'plan.yaml');
    const original = readFileSync(join(REPO_ROOT, 'scenarios/four-computer/plan.yaml'), 'utf8');
    writeFileSync(planCopy, original);
    const refused = await runCli([
      'check',
      'scenarios/four-computer/environment.yaml',
      '--plan',
      planCopy,
      '-o',
      planCopy,
    ]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('it is an input of this command');
    expect(readFileSync(planCopy, 'utf8')).toBe(original);
  });

  it('exits 2 on unusable input or arguments, without a stack trace', async () => {
    const missingPlan = await runCli(['check', 'scenarios/four-computer/environment.yaml']);
    expect(missingPlan.code).toBe(2);
    expect(missingPlan.stderr).toContain("required option '-p, --plan <plan>'");

    const badFormat = await runCli(['check', ...FOUR, '--format', 'xml']);
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toContain('Allowed choices are text, json, sarif, junit, markdown');

    const directory = mkdtempSync(join(tmpdir(), 'scsm-dr-check-'));
    const planFile = join(directory, 'plan.yaml');
    writeFileSync(
      planFile,
      'version: 1\nscenarios:\n  - id: x\n    lost: { computers: [A] }\n    steps:\n      - { action: restor-database }\n',
    );
    const badPlan = await runCli(['check', 'scenarios/four-computer/environment.yaml', '--plan', planFile]);
    expect(badPlan.code).toBe(2);
    expect(badPlan.stderr).toMatch(/plan\.yaml:6:\d+: .*did you mean 'restore-database'\?/);
    expect(badPlan.stderr).not.toContain('    at ');
  });
});
