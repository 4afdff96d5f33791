import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { assertBuilt, REPO_ROOT, runCli } from '../helpers/cli.js';
import { type ValidatorResult, validateSarifFiles } from '../helpers/sarif.js';

const SOURCE = join(REPO_ROOT, 'scenarios/four-computer');
const AS_OF = ['--as-of', '2026-06-01'];
let directory: string;
let environment: string;
let basePlan: string;

const WAIVERS = `
waivers:
  - rule: rto-exceeded
    target: dw-sql-host-lost
    reason: the data warehouse may take a day to come back
  - rule: backup-new-server-key
    target: twk-sm01
    reason: the nightly job backs up the new key
  - rule: import-management-packs
    target: sm-sql-host-lost
    reason: accepted until the migration
    expires: 2026-05-31
  - rule: promotion-order
    reason: kept from the old topology
`;

/** The bundled plan with the DW server's install step preceded by a waiver comment. */
function withComment(plan: string, comment: string): string {
  const lines = plan.split('\n');
  const index = lines.findIndex((line) => line.trim() === '- action: install-data-warehouse-server');
  expect(index).toBeGreaterThan(0);
  lines.splice(index, 0, `      # ${comment}`);
  return lines.join('\n');
}

async function planFile(name: string, text: string): Promise<string> {
  const file = join(directory, name);
  await writeFile(file, text);
  return file;
}

beforeAll(async () => {
  assertBuilt();
  directory = await mkdtemp(join(tmpdir(), 'scsm-dr-waivers-'));
  environment = join(directory, 'environment.yaml');
  await writeFile(environment, await readFile(join(SOURCE, 'environment.yaml'), 'utf8'));
  basePlan = await readFile(join(SOURCE, 'plan.yaml'), 'utf8');
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

function check(plan: string, ...args: string[]) {
  return runCli(['check', environment, '--plan', plan, ...AS_OF, ...args]);
}

describe('waivers (end to end)', () => {
  it('the bundled plan has the four warnings the waivers below are about', async () => {
    const plan = await planFile('bare.yaml', basePlan);
    const json = JSON.parse((await check(plan, '--format', 'json')).stdout);
    expect(json.findings.map((finding: { ruleId: string }) => finding.ruleId).sort()).toEqual([
      'backup-new-server-key',
      'backup-new-server-key',
      'import-management-packs',
      // The plan has no scenario for any of the five database corruptions.
      ...Array(5).fill('plan-coverage'),
      'rto-exceeded',
    ]);
    expect(json.summary.suppressed).toBe(0);
  });

  it('a waived finding is reported as suppressed and does not fail; expired and unused waivers are findings', async () => {
    const plan = await planFile(
      'waived.yaml',
      withComment(basePlan, 'scsm-dr-ignore backup-new-server-key: backed up by hand after setup') + WAIVERS,
    );
    const result = await check(plan, '--format', 'json', '--fail-on', 'warning');
    const json = JSON.parse(result.stdout);
    const byRule = (id: string) =>
      json.findings.filter((finding: { ruleId: string }) => finding.ruleId === id);
    expect(byRule('rto-exceeded')[0].suppressed).toEqual({
      kind: 'external',
      justification: 'the data warehouse may take a day to come back',
      location: expect.objectContaining({ file: plan }),
    });
    const keys = byRule('backup-new-server-key');
    expect(keys.map((finding: { suppressed: { kind: string } }) => finding.suppressed.kind).sort()).toEqual([
      'external',
      'inSource',
    ]);
    // The expired waiver no longer waives; it is a warning itself, at the waiver.
    expect(byRule('import-management-packs')[0].suppressed).toBeUndefined();
    const waiversLine = basePlan.split('\n').length + 2; // the comment line, then `waivers:` after the blank line
    expect(byRule('waiver-expired')).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message:
          "the waiver of import-management-packs for 'sm-sql-host-lost' expired on 2026-05-31; its findings count again",
        location: expect.objectContaining({ line: waiversLine + 7, column: 5 }),
      }),
    ]);
    expect(byRule('waiver-unused')).toEqual([
      expect.objectContaining({
        severity: 'note',
        message: 'the waiver of promotion-order matches no finding',
        location: expect.objectContaining({ line: waiversLine + 11, column: 5 }),
      }),
    ]);
    expect(json.summary).toMatchObject({ error: 0, warning: 7, note: 1, suppressed: 3, exitCode: 1 });
    expect(result.code).toBe(1);
  });

  it('with every waiver live, the gate passes even at --fail-on warning', async () => {
    const plan = await planFile(
      'live.yaml',
      withComment(basePlan, 'scsm-dr-ignore backup-new-server-key: backed up by hand after setup') +
        WAIVERS.replace('2026-05-31', '2026-06-01').replace(/ {2}- rule: promotion-order\n.*\n/, '') +
        // A waiver without a target waives every finding of its rule: here the five databases.
        '  - rule: plan-coverage\n    reason: the DBA team restores single databases by its own runbook\n',
    );
    const text = await check(plan, '--fail-on', 'warning');
    expect(text.stderr).toBe('');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('rto-exceeded  (waived: the data warehouse may take a day to come back)');
    expect(text.stdout).toContain('backup-new-server-key  (waived: backed up by hand after setup)');
    expect(text.stdout).toMatch(/✓ no findings in 4 scenarios \(4 recovered\); 9 suppressed\n$/);
    // Dimmed when colour is on.
    const coloured = await runCli(['check', environment, '--plan', plan, ...AS_OF], {
      env: { NO_COLOR: '', FORCE_COLOR: '1' },
    });
    const dim = `${String.fromCharCode(27)}[2m`;
    expect(
      coloured.stdout
        .split('\n')
        .some((line) => line.startsWith(`${dim}  `) && line.includes('(waived: the data warehouse')),
    ).toBe(true);
  });

  it('a comment at the end of the line waives that line; elsewhere it waives nothing', async () => {
    const lines = basePlan.split('\n');
    const index = lines.findIndex((line) => line.trim() === '- action: install-data-warehouse-server');
    lines[index] += '  # scsm-dr-ignore backup-new-server-key: done by the nightly job';
    // A comment that merely mentions the marker inside a string is not a waiver.
    const plan = await planFile('trailing.yaml', lines.join('\n'));
    const json = JSON.parse((await check(plan, '--format', 'json')).stdout);
    const keys = json.findings.filter(
      (finding: { ruleId: string }) => finding.ruleId === 'backup-new-server-key',
    );
    expect(
      keys.map((finding: { suppressed?: { kind: string } }) => finding.suppressed?.kind ?? 'none').sort(),
    ).toEqual(['inSource', 'none']);
    const quoted = await planFile(
      'quoted.yaml',
      basePlan.replace(
        '- action: install-data-warehouse-server',
        "- action: install-data-warehouse-server\n        note: '# scsm-dr-ignore backup-new-server-key: not a comment'",
      ),
    );
    const none = JSON.parse((await check(quoted, '--format', 'json')).stdout);
    expect(none.summary.suppressed).toBe(0);
  });

  it.each([
    [
      'a waiver without a reason',
      '  - rule: rto-exceeded\n    target: dw-sql-host-lost\n',
      'waivers[0]',
      3,
      5,
      "missing required key 'reason'",
    ],
    [
      'an empty reason',
      '  - rule: rto-exceeded\n    reason: "  "\n',
      'waivers[0].reason',
      4,
      13,
      'a waiver needs a reason',
    ],
    [
      'an unknown rule',
      '  - rule: rto-exeeded\n    reason: x\n',
      'waivers[0].rule',
      3,
      11,
      "unknown rule 'rto-exeeded'",
    ],
    [
      'a bad expiry date',
      '  - rule: rto-exceeded\n    reason: x\n    expires: next year\n',
      'waivers[0].expires',
      5,
      14,
      '',
    ],
    [
      'a waiver of the waiver rules',
      '  - rule: waiver-unused\n    reason: x\n',
      'waivers[0].rule',
      3,
      11,
      'waiver-unused cannot be waived',
    ],
  ])('%s is an input error, located (exit 2)', async (_name, entry, _path, line, column, message) => {
    const plan = await planFile('bad.yaml', `${basePlan.trimEnd()}\nwaivers:\n${entry}`);
    const result = await check(plan);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const base = basePlan.trimEnd().split('\n').length;
    expect(result.stderr).toContain(`${plan}:${base + line - 1}:${column}: `);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it.each([
    [
      'no reason',
      'scsm-dr-ignore backup-new-server-key',
      'the waiver of backup-new-server-key has no reason',
    ],
    ['an empty reason', 'scsm-dr-ignore backup-new-server-key:   ', 'has no reason'],
    ['no rule', 'scsm-dr-ignore', 'names no rule'],
    ['a misspelt rule', 'scsm-dr-ignore backup-new-server-kye: x', "did you mean 'backup-new-server-key'?"],
  ])('a comment with %s is an input error at the comment (exit 2)', async (_name, comment, message) => {
    const text = withComment(basePlan, comment);
    const plan = await planFile('bad-comment.yaml', text);
    const result = await check(plan);
    expect(result.code).toBe(2);
    const line = text.split('\n').findIndex((candidate) => candidate.includes(comment)) + 1;
    expect(result.stderr).toContain(`${plan}:${line}:7: `);
    expect(result.stderr).toContain(message);
  });
});

describe('waived findings in SARIF and JUnit', () => {
  let plan: string;
  beforeAll(async () => {
    plan = await planFile(
      'formats.yaml',
      withComment(basePlan, 'scsm-dr-ignore backup-new-server-key: backed up <by hand> & "checked"') +
        WAIVERS,
    );
  });

  it('SARIF results carry suppressions and the log validates', async () => {
    // Relative names, as in a repository: GitHub wants relative URIs.
    const result = await runCli(
      ['check', 'environment.yaml', '--plan', 'formats.yaml', ...AS_OF, '--format', 'sarif'],
      { cwd: directory },
    );
    const log = JSON.parse(result.stdout);
    const results = log.runs[0].results as {
      ruleId: string;
      suppressions?: { kind: string; status: string; justification: string }[];
    }[];
    const suppressed = results.filter((entry) => entry.suppressions !== undefined);
    expect(suppressed.map((entry) => [entry.ruleId, entry.suppressions![0]!.kind]).sort()).toEqual([
      ['backup-new-server-key', 'external'],
      ['backup-new-server-key', 'inSource'],
      ['rto-exceeded', 'external'],
    ]);
    expect(
      suppressed.find((entry) => entry.suppressions![0]!.kind === 'inSource')?.suppressions?.[0],
    ).toEqual(
      expect.objectContaining({ status: 'accepted', justification: 'backed up <by hand> & "checked"' }),
    );
    expect(results.find((entry) => entry.ruleId === 'import-management-packs')?.suppressions).toBeUndefined();
    const verdicts: Map<string, ValidatorResult[]> = await validateSarifFiles(
      directory,
      [['waived.sarif', result.stdout]],
      150_000,
    );
    expect(verdicts.get('canary-waived.sarif')?.some((entry) => entry.ruleId === 'JSON1005')).toBe(true);
    expect((verdicts.get('waived.sarif') ?? []).filter((entry) => entry.level === 'error')).toEqual([]);
  }, 180_000);

  it('JUnit marks the test case of a waived finding skipped with the reason, and validates', async () => {
    const result = await check(plan, '--format', 'junit', '--fail-on', 'warning');
    expect(result.code).toBe(1);
    const xml = result.stdout;
    expect(xml).toMatch(
      /<testcase name="rto-exceeded" classname="scsm-dr.rule" time="0">\s*<skipped message="waived: the data warehouse may take a day to come back"\/>/,
    );
    expect(xml).toMatch(
      /<testcase name="dw-sql-host-lost" classname="scsm-dr.scenario" time="0">\s*<skipped message="waived: /,
    );
    expect(xml).toContain('backed up &lt;by hand&gt; &amp; "checked"');
    // The expired waiver's finding still fails its test case.
    expect(xml).toMatch(
      /<testcase name="import-management-packs" classname="scsm-dr.rule" time="0">\s*<failure /,
    );
    const schema = await readFile(join(REPO_ROOT, 'test/fixtures/schemas/junit.xsd'), 'utf8');
    const validation = await validateXML({
      xml: [{ fileName: 'report.xml', contents: xml }],
      schema: [{ fileName: 'junit.xsd', contents: schema }],
    });
    expect(validation.errors.map((error) => error.rawMessage)).toEqual([]);
    expect(validation.valid).toBe(true);
  });
});
