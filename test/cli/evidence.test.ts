import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../helpers/cli.js';

const SCENARIO = join(REPO_ROOT, 'scenarios/four-computer-ha');
const ENV = join(SCENARIO, 'environment.yaml');
const PLAN = join(SCENARIO, 'plan.yaml');
const EVIDENCE = readdirSync(join(SCENARIO, 'evidence')).map((name) => join(SCENARIO, 'evidence', name));

describe('--evidence on score and check', () => {
  it('score judges the backups on the evidence and says which facts were claimed or evidenced', async () => {
    const claimed = await runCli(['score', ENV, '--format', 'json']);
    const evidenced = await runCli(['score', ENV, '--format', 'json', '--evidence', ...EVIDENCE]);
    expect(evidenced.code).toBe(0);
    const before = JSON.parse(claimed.stdout) as { score: number; findings: { ruleId: string }[] };
    const after = JSON.parse(evidenced.stdout) as {
      score: number;
      findings: { ruleId: string; location: { line: number; column: number } }[];
      evidence: {
        provenance: { database: string; offHost: string; logEvery: string }[];
        notInEnvironment: string[];
      };
    };
    // DWStagingAndConfig's backups are on a local drive: a DW host loss now loses its history.
    expect(after.score).toBeLessThan(before.score);
    expect(after.evidence.provenance.find((entry) => entry.database === 'DWStagingAndConfig')?.offHost).toBe(
      'evidenced',
    );
    expect(after.evidence.notInEnvironment).toEqual(['master', 'model', 'msdb']);
    const ids = after.findings.map((finding) => finding.ruleId);
    expect(ids).toContain('log-chain-broken');
    expect(ids).toContain('backup-claim-contradicted');
    expect(before.findings.map((finding) => finding.ruleId)).not.toContain('backup-claim-contradicted');
    const text = await runCli(['score', ENV, '--evidence', ...EVIDENCE]);
    expect(text.stdout).toMatch(
      /backups judged on evidence: \d+ history rows from 4 files; \d+ backup facts evidenced, 0 only claimed/,
    );
    expect(text.stdout).toContain('(ReportServer: evidenced by the backup history)');
  });

  it('check adds the evidence rules to the plan findings, located in environment.yaml', async () => {
    const result = await runCli([
      'check',
      ENV,
      '--plan',
      PLAN,
      '--format',
      'json',
      '--evidence',
      ...EVIDENCE,
    ]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as {
      findings: { ruleId: string; location: { file: string; line: number; column: number } }[];
    };
    const chain = report.findings.find((finding) => finding.ruleId === 'log-chain-broken');
    expect(chain?.location).toMatchObject({ file: ENV, line: 114, column: 7 });
  });

  it('report shows per database whether each backup fact is claimed or evidenced', async () => {
    const result = await runCli([
      'report',
      ENV,
      '--format',
      'markdown',
      '--fail-on',
      'never',
      '--evidence',
      EVIDENCE.find((file) => file.endsWith('cvl-sql01.json'))!,
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('## Backup facts: claimed or evidenced');
    expect(result.stdout).toContain(
      '| ServiceManager | evidenced | evidenced | evidenced | evidenced | evidenced |',
    );
    expect(result.stdout).toContain(
      '| DWDataMart | **claimed** | **claimed** | **claimed** | **claimed** | **claimed** |',
    );
    expect(result.stdout).toContain('Not in the evidence: DWStagingAndConfig');
  });

  it('a malformed evidence file stops score with exit 2 and its location', async () => {
    const result = await runCli(['score', ENV, '--evidence', join(REPO_ROOT, 'package.json')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /package\.json:1:1: a backup history entry must be an object|package\.json:\d+:\d+: the entry has no/,
    );
  });
});
