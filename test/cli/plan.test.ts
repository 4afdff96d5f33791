import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, REPO_ROOT, runCli } from '../helpers/cli.js';

const HA = 'scenarios/four-computer-ha/environment.yaml';
const SINGLE = 'scenarios/single-computer/environment.yaml';

beforeAll(() => assertBuilt());

describe('scsm-dr plan (end to end)', () => {
  it('writes a plan with -o that scsm-dr check accepts with --fail-on error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scsm-dr-plan-'));
    const output = join(dir, 'plan.yaml');
    const planned = await runCli(['plan', HA, '--lost', 'cvl-sm01', '-o', output]);
    expect(planned.code).toBe(0);
    expect(planned.stdout).toBe('');
    expect(planned.stderr).toMatch(
      /^synthesised 7 steps, estimated 3h 50m \(RTO 12h\), \d[\d,]* states explored/,
    );
    expect(planned.stderr).toContain(`wrote ${output}`);

    const text = readFileSync(output, 'utf8');
    expect(text.split('\n')[0]).toMatch(/^# yaml-language-server: \$schema=.*schema\/plan\.schema\.json$/);
    expect(text).toContain(
      '# R-PROMOTE step 2 (D-PROMO): delete the Health Service State folder on CVL-SM02',
    );
    expect(text).toContain('lost: { computers: [ CVL-SM01 ] }');
    expect(text).toMatch(/- \{ action: promote-workflow-server, computer: CVL-SM02, duration: 15m \}/);

    const checked = await runCli(['check', HA, '--plan', output, '--fail-on', 'error', '--format', 'json']);
    expect(checked.code).toBe(0);
    const report = JSON.parse(checked.stdout) as {
      summary: { error: number; recovered: number };
      findings: { ruleId: string }[];
    };
    expect(report.summary.error).toBe(0);
    expect(report.summary.recovered).toBe(1);
    expect(
      report.findings.filter((f) => f.ruleId !== 'plan-coverage' && f.ruleId !== 'rto-exceeded'),
    ).toEqual([]);
  });

  it('prints the plan on stdout; repeated and comma-separated --lost combine', async () => {
    const result = await runCli([
      'plan',
      HA,
      '--lost',
      'CVL-SQL01,CVL-SM01',
      '--lost',
      'CVL-SQL01',
      '--quiet',
    ]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('lost: { computers: [ CVL-SQL01, CVL-SM01 ] }');
    expect(result.stdout).toContain('environment: ./scenarios/four-computer-ha/environment.yaml');
    // The database comes back before any management server work (invariant 6).
    const restore = result.stdout.indexOf('action: restore-database');
    const setup = result.stdout.indexOf('action: install-management-server');
    expect(restore).toBeGreaterThan(0);
    expect(setup).toBeGreaterThan(restore);
  });

  it('refuses to write over an input file (exit 2) and leaves it untouched', async () => {
    const before = readFileSync(join(REPO_ROOT, HA), 'utf8');
    const result = await runCli(['plan', HA, '--lost', 'CVL-SM02', '-o', HA]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/refusing to write .*environment\.yaml: it is an input/);
    expect(readFileSync(join(REPO_ROOT, HA), 'utf8')).toBe(before);
  });

  it('exits 2 with a suggestion for an unknown computer', async () => {
    const result = await runCli(['plan', HA, '--lost', 'CVL-SM1']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain("declares no computer 'CVL-SM1'; did you mean 'CVL-SM01'?");
  });

  it('exits 1 and says why when the loss cannot be recovered (D-STRAT)', async () => {
    const result = await runCli(['plan', SINGLE, '--lost', 'BWA-HV01']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/no valid recovery of BWA-HV01 lost/);
    expect(result.stderr).toMatch(/management server BWA-HV01 and its database ServiceManager .*\[D-STRAT\]/);
    expect(result.stderr).toMatch(
      /database ReportServer is lost and it has never been backed up.*\[D-DBREC\]/,
    );
  });

  it('--format json gives the steps with their estimates and citations', async () => {
    const result = await runCli(['plan', HA, '--lost', 'site:DR', '--format', 'json', '--quiet']);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as {
      ok: boolean;
      scenario: { id: string; lost: { sites: string[] } };
      steps: { action: string; seconds: number; citation: string }[];
    };
    expect(json.ok).toBe(true);
    expect(json.scenario.id).toBe('site-dr-lost');
    expect(json.scenario.lost.sites).toEqual(['dr']);
    expect(json.steps.map((step) => step.action)).toEqual([
      'provision-computer',
      'install-management-server',
      'backup-encryption-key',
    ]);
    for (const step of json.steps) expect(step.citation).toMatch(/^[A-Z]-[A-Z]+/);
  });
});
