/**
 * End-to-end: `scsm-dr simulate` spawned as a process. Exit codes 0/1/2, JSON that parses,
 * byte-identical output for one seed, and a replay line that works when pasted.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli } from '../helpers/cli.js';

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log(`fast-check seed ${seed}`);

const HA_ENV = 'scenarios/four-computer-ha/environment.yaml';
const HA_PLAN = 'scenarios/four-computer-ha/plan.yaml';
const ENV = 'test/fixtures/broken-plan-environment.yaml';
const PLAN = 'test/fixtures/broken-plan.yaml';

/** Splits a pasted command line into words: spaces separate, single quotes group. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  for (const match of line.matchAll(/'([^']*)'|(\S+)/g)) words.push(match[1] ?? match[2]!);
  return words;
}

/** The counterexample block of the text output: from its heading to the replay line. */
function counterexampleBlock(text: string): string {
  const start = text.indexOf('✖ counterexample');
  return text.slice(start, text.indexOf('\n', text.indexOf('replay:', start)));
}

beforeAll(() => assertBuilt());

describe('scsm-dr simulate', () => {
  it('exits 0 when no counterexample exists (coverage gaps alone do not fail)', async () => {
    const result = await runCli([
      'simulate',
      ENV,
      '--plan',
      PLAN,
      '--max-faults',
      '0',
      '--seed',
      String(seed),
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('✓ no counterexample in 200 runs');
    expect(result.stdout).toContain('plan-coverage');
    // Not a terminal: no progress bar, and the timing goes to stderr only.
    expect(result.stdout).not.toContain('timing');
    expect(result.stderr).not.toContain('\r');
    expect(result.stderr).toMatch(/^timing: \d+\.\d\d s, [\d,]+ runs\/s\n$/);
  });

  it('exits 1 on the broken plan, with the minimal counterexample and a replay line that works when pasted', async () => {
    const result = await runCli(['simulate', ENV, '--plan', PLAN, '--seed', String(seed), '--quiet']);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('✖ counterexample: SM01 lost; then SM02 is lost after step 1');
    const replayLine = result.stdout.split('\n').find((line) => line.trim().startsWith('replay: '));
    expect(replayLine).toBeDefined();
    const words = shellWords(replayLine!.trim().slice('replay: '.length));
    expect(words.slice(0, 2)).toEqual(['scsm-dr', 'simulate']);
    const replay = await runCli([...words.slice(1), '--quiet']);
    expect(replay.code, replay.stderr).toBe(1);
    expect(counterexampleBlock(replay.stdout)).toBe(counterexampleBlock(result.stdout));
    expect(replay.stdout).toContain(`replayed from seed ${seed}`);
  });

  it('gives byte-identical stdout for the same seed, in text and in JSON', async () => {
    for (const format of ['text', 'json']) {
      const args = ['simulate', HA_ENV, '--plan', HA_PLAN, '--seed', String(seed), '--format', format];
      const [a, b] = await Promise.all([runCli(args), runCli(args)]);
      expect(a.code).toBe(b.code);
      expect(b.stdout).toBe(a.stdout);
    }
  });

  it('prints a stable JSON document', async () => {
    const result = await runCli([
      'simulate',
      ENV,
      '--plan',
      PLAN,
      '--seed',
      String(seed),
      '--format',
      'json',
    ]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as Record<string, unknown> & {
      counterexample: {
        faultScenario: { canonical: string };
        trace: unknown[];
        replay: { seed: number; path: string };
      };
    };
    expect(Object.keys(report)).toEqual([
      'tool',
      'environment',
      'plan',
      'asOf',
      'mode',
      'result',
      'maxFaults',
      'seed',
      'runs',
      'runsExecuted',
      'counterexample',
      'search',
      'statistics',
      'exhaustive',
      'findings',
    ]);
    expect(report.result).toBe('counterexample');
    expect(report.seed).toBe(seed);
    expect(report.asOf).toBe('2026-11-24');
    expect(report.counterexample.faultScenario.canonical).toBe(
      'computers=sm01;databases=|lost-mid-plan:sm02@1',
    );
    expect(report.counterexample.trace).toHaveLength(4);
    expect(report.counterexample.replay.seed).toBe(seed);
    const timed = await runCli([
      'simulate',
      ENV,
      '--plan',
      PLAN,
      '--seed',
      String(seed),
      '--format',
      'json',
      '--timing',
    ]);
    expect(Object.keys(JSON.parse(timed.stdout) as object)).toContain('timing');
  });

  it('exhaustive mode reports states and coverage', async () => {
    const result = await runCli([
      'simulate',
      ENV,
      '--plan',
      PLAN,
      '--exhaustive',
      '--max-faults',
      '1',
      '--format',
      'json',
    ]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as {
      exhaustive: { faultScenarios: number; distinctStates: number; coverage: Record<string, number> };
    };
    expect(report.exhaustive.faultScenarios).toBe(23);
    expect(report.exhaustive.coverage).toEqual({
      singleComputerLosses: 3,
      recoverable: 3,
      handledAndRecovered: 1,
    });
    const text = await runCli(['simulate', ENV, '--plan', PLAN, '--exhaustive', '--max-faults', '0']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('1 of 3 single-computer losses handled by a scenario and recovered');
  });

  it('exits 2 on unusable arguments or input, never 1', async () => {
    const cases: string[][] = [
      ['simulate', ENV, '--plan', PLAN, '--max-faults', 'two'],
      ['simulate', ENV, '--plan', PLAN, '--runs', '0'],
      ['simulate', ENV, '--plan', PLAN, '--replay', 'not-a-path'],
      ['simulate', ENV, '--plan', PLAN, '--seed', '1', '--replay', '2:0:0'],
      ['simulate', ENV, '--plan', PLAN, '--exhaustive', '--replay', '1:0'],
      ['simulate', ENV, '--plan', PLAN, '--max-states', '10'],
      ['simulate', 'test/fixtures/does-not-exist.yaml'],
      // A plan naming computers this environment lacks cannot be evaluated.
      ['simulate', ENV, '--plan', HA_PLAN],
    ];
    for (const args of cases) {
      const result = await runCli(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stdout, args.join(' ')).toBe('');
    }
  });

  it('exits 2 when the state bound stops an exhaustive run without a counterexample', async () => {
    const result = await runCli([
      'simulate',
      ENV,
      '--plan',
      PLAN,
      '--exhaustive',
      '--max-faults',
      '0',
      '--max-states',
      '3',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('state bound');
  });
});
