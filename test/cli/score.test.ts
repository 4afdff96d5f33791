import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli } from '../helpers/cli.js';

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

  it('exits 2 on a bad --as-of and on a missing plan file', async () => {
    const badDate = await runCli(['score', LAB, '--as-of', '2026-13-01']);
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toContain("--as-of: '2026-13-01' is not a date");
    const missing = await runCli(['score', LAB, '--plan', 'nope.yaml']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.yaml: no such file\n');
  });
});
