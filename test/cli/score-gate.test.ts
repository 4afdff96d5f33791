import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli } from '../helpers/cli.js';

const LAB = 'scenarios/single-computer/environment.yaml';
const AS_OF = ['--as-of', '2026-06-01'];

let scores: { readiness: number; assurance: number };
let directory: string;

beforeAll(async () => {
  assertBuilt();
  directory = await mkdtemp(join(tmpdir(), 'scsm-dr-gate-'));
  // The scores are read from the program itself, so the boundaries below follow the scorer.
  const json = JSON.parse((await runCli(['score', LAB, ...AS_OF, '--format', 'json'])).stdout);
  scores = { readiness: json.score, assurance: json.assurance.score };
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('score --fail-under (end to end)', () => {
  it('the lab scores are far enough apart to tell the two gates apart', () => {
    expect(scores.readiness).toBeLessThan(100);
    expect(scores.readiness).not.toBe(scores.assurance);
  });

  it('exits 1 only when the readiness score is strictly below the threshold', async () => {
    const at = await runCli(['score', LAB, ...AS_OF, '--fail-under', String(scores.readiness)]);
    expect(at.code).toBe(0);
    expect(at.stderr).toBe('');
    const above = await runCli(['score', LAB, ...AS_OF, '--fail-under', String(scores.readiness + 0.5)]);
    expect(above.code).toBe(1);
    expect(above.stderr).toBe(
      `✖ readiness ${scores.readiness}/100 is below --fail-under ${scores.readiness + 0.5}\n`,
    );
    const quiet = await runCli(['score', LAB, ...AS_OF, '-q', '--fail-under', '100']);
    expect(quiet.code).toBe(1);
    expect(quiet.stderr).toBe('');
    expect((await runCli(['score', LAB, ...AS_OF, '--fail-under', '0'])).code).toBe(0);
  });

  it('--assurance gates the assurance score instead', async () => {
    const high = Math.max(scores.readiness, scores.assurance);
    const readiness = await runCli(['score', LAB, ...AS_OF, '--fail-under', String(high)]);
    const assurance = await runCli(['score', LAB, ...AS_OF, '--fail-under', String(high), '--assurance']);
    expect(readiness.code).toBe(scores.readiness < high ? 1 : 0);
    expect(assurance.code).toBe(scores.assurance < high ? 1 : 0);
    if (scores.assurance < high) {
      expect(assurance.stderr).toContain(`assurance ${scores.assurance}/100 is below --fail-under ${high}`);
    }
  });

  it('the JSON summary states the gate and the same exit code', async () => {
    const result = await runCli([
      'score',
      LAB,
      ...AS_OF,
      '--format',
      'json',
      '--fail-under',
      String(scores.readiness + 1),
    ]);
    expect(result.code).toBe(1);
    const summary = JSON.parse(result.stdout).summary;
    expect(summary.failUnder).toEqual({ threshold: scores.readiness + 1, score: 'readiness' });
    expect(summary.exitCode).toBe(1);
    const passing = JSON.parse(
      (await runCli(['score', LAB, ...AS_OF, '--format', 'json', '--fail-under', '0'])).stdout,
    ).summary;
    expect(passing.exitCode).toBe(0);
  });

  it('--fail-on still fails on findings when the gate passes', async () => {
    const result = await runCli(['score', LAB, ...AS_OF, '--fail-under', '0', '--fail-on', 'error']);
    expect(result.code).toBe(1);
  });

  it.each([['101'], ['-1'], ['eighty'], [''], ['80%'], ['1e2'], ['0x50']])(
    'refuses --fail-under %j as a usage error (exit 2, no stack trace)',
    async (value) => {
      const result = await runCli(['score', LAB, '--fail-under', value]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('expected a number from 0 to 100');
      expect(result.stderr).not.toMatch(/\n\s+at /);
    },
  );

  it('refuses --assurance without --fail-under (exit 2)', async () => {
    const result = await runCli(['score', LAB, '--assurance']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('give --fail-under <score> too');
  });
});

describe('report --fail-under (end to end)', () => {
  it('writes the report whole, then exits 1 when the score is below the threshold', async () => {
    const output = join(directory, 'readiness.json');
    const result = await runCli([
      'report',
      LAB,
      ...AS_OF,
      '--format',
      'json',
      '--fail-on',
      'never',
      '--fail-under',
      '100',
      '-o',
      output,
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`readiness is below --fail-under 100; wrote ${output}`);
    const written = JSON.parse(await readFile(output, 'utf8'));
    expect(written.summary.exitCode).toBe(1);
    expect(written.summary.failUnder).toEqual({ threshold: 100, score: 'readiness' });
  });

  it('exits 0 when the gated score reaches the threshold', async () => {
    const result = await runCli([
      'report',
      LAB,
      ...AS_OF,
      '--format',
      'markdown',
      '--fail-on',
      'never',
      '--fail-under',
      String(scores.assurance),
      '--assurance',
    ]);
    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain('below');
  });

  it('refuses a bad --fail-under before scoring (exit 2)', async () => {
    const result = await runCli(['report', LAB, '--format', 'json', '--fail-under', '100.5']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--fail-under: '100.5' is not a score");
  });
});
