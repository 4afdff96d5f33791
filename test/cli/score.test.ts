import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, REPO_ROOT, runCli } from '../helpers/cli.js';

const LAB = 'scenarios/single-computer/environment.yaml';
const HA = ['scenarios/four-computer-ha/environment.yaml', '--plan', 'scenarios/four-computer-ha/plan.yaml'];

beforeAll(() => assertBuilt());

describe('scsm-dr score (end to end)', () => {
  it('prints the score, the separate assurance score, and every disruption with its lost points', async () => {
    const result = await runCli(['score', LAB]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^brightwater-eval-lab — readiness (\d+)\/100 {2}\(assurance, scored separately: \d+\/100\)$/m,
    );
    expect(result.stdout).toMatch(/^computer:BWA-HV01 +incident-handling, reporting +UNRECOVERABLE /m);
    expect(result.stdout).toContain(
      '↳ management server BWA-HV01 and its database ServiceManager were on the same lost computer',
    );
    expect(result.stdout).toMatch(/key-password-unavailable/);
  });

  it('--format json is the readiness report shape, identical to report --format json', async () => {
    const score = await runCli(['score', ...HA, '--format', 'json', '--fail-on', 'error']);
    const report = await runCli(['report', ...HA, '--format', 'json']);
    expect(score.code).toBe(0);
    expect(score.stdout).toBe(report.stdout);
    expect(JSON.parse(score.stdout).score).toBe(100);
  });

  it('exits 1 with --fail-on error when the environment has error findings, 0 by default', async () => {
    expect((await runCli(['score', LAB, '--format', 'json'])).code).toBe(0);
    expect((await runCli(['score', LAB, '--format', 'json', '--fail-on', 'error'])).code).toBe(1);
  });

  it('counts the loss of the Self-Service Portal server as stopping self-service, unrecoverable without its key', async () => {
    const original = readFileSync(join(REPO_ROOT, 'scenarios/four-computer-ha/environment.yaml'), 'utf8');
    const withComputer = original.replace(
      '  - name: CVL-SM02\n',
      '  - name: CVL-SSP01\n    site: hq\n  - name: CVL-SM02\n',
    );
    const portal = (key: string) =>
      withComputer.replace(
        '    unsealedManagementPacks: { lastExport: 2026-11-23, offHost: true }\n',
        `    unsealedManagementPacks: { lastExport: 2026-11-23, offHost: true }\n    selfServicePortal:\n      computer: CVL-SSP01\n${key}`,
      );
    const directory = mkdtempSync(join(tmpdir(), 'scsm-dr-score-'));
    const run = async (text: string) => {
      expect(text).not.toBe(original);
      const file = join(directory, 'environment.yaml');
      writeFileSync(file, text);
      const result = await runCli(['score', file, '--format', 'json']);
      expect(result.stderr).toBe('');
      const report = JSON.parse(result.stdout) as {
        disruptions: {
          id: string;
          services: string[];
          outcome: string;
          ruleIds: string[];
          explanation: string[];
        }[];
      };
      return report.disruptions.find((row) => row.id === 'computer:CVL-SSP01');
    };
    const withoutKey = await run(portal(''));
    expect(withoutKey).toMatchObject({ services: ['self-service'], outcome: 'unrecoverable' });
    expect(withoutKey!.ruleIds).toContain('key-backup-missing');
    expect(withoutKey!.explanation.join(' ')).toContain(
      'the Self-Service Portal on CVL-SSP01 has no encryption key backup',
    );
    const withKey = await run(
      portal(
        "      keyBackup: { file: '\\\\CVL-BK01\\keys\\SSP01.bin', taken: 2026-01-15, offHost: true, password: escrowed }\n",
      ),
    );
    expect(withKey).toMatchObject({ services: ['self-service'], outcome: 'within-objectives' });
  });

  it('exits 2 on a bad --as-of and on a missing plan file', async () => {
    const badDate = await runCli(['score', LAB, '--as-of', '2026-13-01']);
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toContain("--as-of: '2026-13-01' is not a date");
    const missing = await runCli(['score', LAB, '--plan', 'nope.yaml']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.yaml: no such file\n');
  });
});
