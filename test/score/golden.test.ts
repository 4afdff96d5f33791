/**
 * The golden outputs of `score` and `report` (test/fixtures/golden/, written by
 * scripts/golden.mjs from the code before src/score/ existed): the JSON of every bundled
 * scenario and of three generated estates, pairs on, must stay byte-identical, so that
 * refactoring the scorer changes no result. Regenerate the files only for an intended change of
 * result (see the script's header).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../helpers/cli.js';

interface GoldenCase {
  readonly name: string;
  readonly args: readonly string[];
  readonly exitCode: number;
}

const golden = (file: string): string => readFileSync(`${REPO_ROOT}test/fixtures/golden/${file}`, 'utf8');
const cases = JSON.parse(golden('cases.json')) as GoldenCase[];

describe('score and report JSON against the pre-refactor golden files', () => {
  it('covers every bundled scenario with both commands and three generated estates', () => {
    const names = cases.map((entry) => entry.name);
    for (const scenario of ['single-computer', 'two-computer', 'four-computer', 'four-computer-ha'])
      expect(names).toEqual(expect.arrayContaining([`${scenario}.score`, `${scenario}.report`]));
    expect(names.filter((name) => name.startsWith('generated-'))).toHaveLength(6);
    expect(cases.every((entry) => entry.args.includes('--pairs'))).toBe(true);
  });

  for (const entry of cases) {
    it(`${entry.name}: ${entry.args.slice(0, 2).join(' ')}`, { timeout: 120_000 }, async () => {
      const result = await runCli(entry.args, { timeoutMs: 110_000 });
      expect(result.stderr).not.toContain('    at ');
      expect(result.code).toBe(entry.exitCode);
      // One comparison of the whole text: a difference in any byte fails.
      expect(result.stdout === golden(`${entry.name}.json`)).toBe(true);
    });
  }

  // Worker threads must give the same bytes: a generated estate, teams above one (the makespans
  // stay in this thread), and failures in several clusters (synthesised on the whole system).
  for (const [name, workers] of [
    ['generated-12.score', '3'],
    ['four-computer.teams-2.score', '2'],
    ['faulty-estate.report', '2'],
  ] as const) {
    it(`gives the same bytes on worker threads (--workers ${workers}, ${name})`, {
      timeout: 120_000,
    }, async () => {
      const entry = cases.find((candidate) => candidate.name === name)!;
      const result = await runCli([...entry.args, '--workers', workers], { timeoutMs: 110_000 });
      expect(result.code).toBe(entry.exitCode);
      expect(result.stdout === golden(`${name}.json`)).toBe(true);
    });
  }
});
