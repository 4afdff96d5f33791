/**
 * End-to-end: `--workers` on `simulate`, `score` and `report`. With the same inputs and seed,
 * stdout and the exit code with 2 threads (and `auto`) are byte for byte those with 1; a bad
 * value is a usage error (exit 2) that names the option.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateEnvironment } from '../../src/engine/generate.js';
import { assertBuilt, runCli } from '../helpers/cli.js';

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log(`fast-check seed ${seed}`);

const HA_ENV = 'scenarios/four-computer-ha/environment.yaml';
const HA_PLAN = 'scenarios/four-computer-ha/plan.yaml';
const ENV = 'test/fixtures/broken-plan-environment.yaml';
const PLAN = 'test/fixtures/broken-plan.yaml';

const dir = mkdtempSync(join(tmpdir(), 'scsm-dr-workers-cli-'));
/**
 * Two generated groups whose objectives nothing misses: without a plan and without faults no
 * run fails, and judging a run (plan synthesis on the whole system) takes long enough that
 * the threads start and judge most of them.
 */
const GENERATED = join(dir, 'generated.yaml');

beforeAll(() => {
  assertBuilt();
  writeFileSync(
    GENERATED,
    generateEnvironment({ groups: 2, additionalServers: 1 })
      .replace(/^ {2}rto: .*$/m, '  rto: 1000h')
      .replace(/^ {2}rpo: .*$/m, '  rpo: 1000h'),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `args` with `--workers 1` and each of `others`, and expects the same stdout and exit code. */
async function sameOutput(
  args: readonly string[],
  others: readonly string[] = ['2'],
): Promise<number | null> {
  const single = await runCli([...args, '--workers', '1', '--quiet'], { timeoutMs: 120_000 });
  expect(single.stderr, args.join(' ')).toBe('');
  for (const workers of others) {
    const parallel = await runCli([...args, '--workers', workers, '--quiet'], { timeoutMs: 120_000 });
    expect(parallel.stderr, `${args.join(' ')} --workers ${workers}`).toBe('');
    expect(parallel.code, `${args.join(' ')} --workers ${workers}`).toBe(single.code);
    expect(parallel.stdout, `${args.join(' ')} --workers ${workers}`).toBe(single.stdout);
  }
  return single.code;
}

describe('--workers gives the single-threaded output', () => {
  it('simulate, the broken plan (a counterexample), text and JSON', async () => {
    const args = ['simulate', ENV, '--plan', PLAN, '--seed', String(seed)];
    expect(await sameOutput(args)).toBe(1);
    expect(await sameOutput([...args, '--format', 'json'])).toBe(1);
  });

  it('simulate, four-computer-ha with its plan and without one, with and without faults', async () => {
    await sameOutput(['simulate', HA_ENV, '--plan', HA_PLAN, '--seed', String(seed), '--runs', '500']);
    expect(
      await sameOutput([
        'simulate',
        HA_ENV,
        '--plan',
        HA_PLAN,
        '--seed',
        String(seed),
        '--runs',
        '1500',
        '--max-faults',
        '0',
      ]),
    ).toBe(0);
    await sameOutput(
      ['simulate', HA_ENV, '--seed', String(seed), '--runs', '300', '--max-faults', '1', '--format', 'json'],
      ['2', 'auto'],
    );
  });

  it('simulate, a generated environment whose runs all pass, text and JSON', async () => {
    const args = ['simulate', GENERATED, '--seed', String(seed), '--runs', '400', '--max-faults', '0'];
    expect(await sameOutput(args)).toBe(0);
    expect(await sameOutput([...args, '--format', 'json'], ['3'])).toBe(0);
  });

  it('score, with pairs, text and JSON', async () => {
    await sameOutput(['score', HA_ENV, '--plan', HA_PLAN, '--pairs', '--as-of', '2026-11-24']);
    await sameOutput(
      ['score', HA_ENV, '--pairs', '--format', 'json', '--as-of', '2026-11-24'],
      ['3', 'auto'],
    );
  });

  it('report, Markdown and SARIF', async () => {
    await sameOutput(['report', HA_ENV, '--plan', HA_PLAN, '--format', 'markdown', '--as-of', '2026-11-24']);
    await sameOutput([
      'report',
      'scenarios/two-computer/environment.yaml',
      '--format',
      'sarif',
      '--pairs',
      '--as-of',
      '2026-11-24',
    ]);
  });
});

describe('a bad --workers value', () => {
  it('exits 2 with a message naming the option, on every command that takes it', async () => {
    const cases = [
      ...['two', '0', '1.5', '257', '', ' ', 'auto2', '0x2'].map((value) => [
        'score',
        HA_ENV,
        '--workers',
        value,
      ]),
      ['simulate', ENV, '--plan', PLAN, '--seed', '1', '--workers', 'two'],
      ['report', HA_ENV, '--format', 'json', '--workers', '0'],
    ];
    for (const args of cases) {
      const result = await runCli(args);
      const label = args.map((arg) => `'${arg}'`).join(' ');
      expect(result.code, label).toBe(2);
      expect(result.stdout, label).toBe('');
      expect(result.stderr, label).toMatch(
        /^scsm-dr: --workers: .*(expected a whole number from 1 to 256, or auto|out of range; expected 1 to 256, or auto)\n$/,
      );
    }
  });

  it('says what it expected', async () => {
    const result = await runCli(['score', HA_ENV, '--workers', 'many']);
    expect(result.stderr).toBe(
      "scsm-dr: --workers: 'many' is not a number of threads; expected a whole number from 1 to 256, or auto\n",
    );
    const range = await runCli(['score', HA_ENV, '--workers', '0']);
    expect(range.stderr).toBe('scsm-dr: --workers: 0 is out of range; expected 1 to 256, or auto\n');
  });

  it('is refused with --exhaustive, which runs in one thread', async () => {
    const result = await runCli(['simulate', ENV, '--plan', PLAN, '--exhaustive', '--workers', '2']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--workers applies to property mode only');
  });
});
