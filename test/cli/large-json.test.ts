/**
 * The JSON of `score` and `report` on an estate with more disruptions than a list is written
 * whole (`LONG_LIST`): the text is cut into pieces and written in batches, and must still be
 * exactly `JSON.stringify(value, null, 2)` of what it says, on stdout and in files alike. (On
 * 1,300 computers the text is 635 MB, over V8's string limit; docs/performance.md has that run.)
 * A report too long for one string is refused with a clear message (`renderWhole`), and a
 * score that would need more memory than the process may use is refused before it starts
 * (`refuseOversizedScore`: 2,000 computers with pairs once ran out of memory after 83 s).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderWhole } from '../../src/cli/outputs.js';
import { refuseOversizedScore } from '../../src/cli/score-memory.js';
import { UserError } from '../../src/common/errors.js';
import { generatedComputerCount, generateEnvironment } from '../../src/engine/generate.js';
import { loadEnvironmentText } from '../../src/environment/load.js';
import { LONG_LIST } from '../../src/report/json-text.js';
import type { ReadinessJson } from '../../src/report/readiness/index.js';
import { assertBuilt, runCli } from '../helpers/cli.js';

const ESTATE = { groups: 16, additionalServers: 1, seed: 7 } as const;
let directory = '';
let estate = '';

beforeAll(() => {
  assertBuilt();
  directory = mkdtempSync(join(tmpdir(), 'scsm-dr-large-json-'));
  estate = join(directory, 'estate.yaml');
  writeFileSync(estate, generateEnvironment(ESTATE));
});

afterAll(() => {
  if (directory) rmSync(directory, { recursive: true, force: true });
});

describe('JSON longer than one list is written whole', () => {
  it('score and report write the same text, stringify’s own, on stdout and into files', async () => {
    const computers = generatedComputerCount(ESTATE);
    const score = await runCli(['score', estate, '--pairs', '--format', 'json'], { timeoutMs: 110_000 });
    expect(score.code, score.stderr).toBe(0);
    const parsed = JSON.parse(score.stdout) as ReadinessJson;
    expect(parsed.disruptions.length).toBeGreaterThan(LONG_LIST);
    expect(parsed.disruptions.length).toBeGreaterThan((computers * (computers - 1)) / 2);
    // More than one batch of about a megabyte reaches stdout and each file.
    expect(score.stdout.length).toBeGreaterThan(2 * 2 ** 20);
    // Parsing and stringifying again gives the same text only if it was stringify's to begin with.
    expect(score.stdout === `${JSON.stringify(parsed, null, 2)}\n`).toBe(true);

    const file = join(directory, 'out', 'report.json');
    const second = join(directory, 'second.json');
    const report = await runCli(
      [
        'report',
        estate,
        '--pairs',
        '--format',
        'json',
        '-o',
        file,
        '--output',
        `json=${second}`,
        '--fail-on',
        'never',
      ],
      { timeoutMs: 110_000 },
    );
    expect(report.code, report.stderr).toBe(0);
    expect(report.stdout).toBe('');
    expect(readFileSync(file, 'utf8') === score.stdout).toBe(true);
    expect(readFileSync(second, 'utf8') === score.stdout).toBe(true);
  }, 240_000);
});

describe('renderWhole', () => {
  it('turns V8’s refusal of a too long string into a clear error with the advice given', () => {
    const tooLong = () => {
      throw new RangeError('Invalid string length');
    };
    expect(() => renderWhole('html', tooLong, 'write --format json')).toThrow(UserError);
    expect(() => renderWhole('html', tooLong, 'write --format json')).toThrow(
      /^the html report is longer than a JavaScript string can be \(about 512 MB\), so it cannot be written; write --format json$/,
    );
    const bug = () => {
      throw new TypeError('a bug');
    };
    expect(() => renderWhole('html', bug, 'advice')).toThrow(TypeError);
    expect(renderWhole('json', () => ['a', 'b'], 'advice')).toEqual(['a', 'b']);
  });
});

describe('a score too large for the memory the process may use', () => {
  // 250 computers with pairs: 31,575 disruptions, about 90 MB; --max-old-space-size=32 gives
  // a heap limit of 80 MB, under which the run would end in V8's fatal out-of-memory error.
  const BIG = { groups: 50, additionalServers: 1, seed: 250 } as const;
  const SMALL_HEAP = { NODE_OPTIONS: '--max-old-space-size=32' };

  it('is refused before scoring, with the counts and both ways out; without --pairs it runs', async () => {
    const big = join(directory, 'big.yaml');
    writeFileSync(big, generateEnvironment(BIG));
    const score = await runCli(['score', big, '--pairs', '--format', 'json'], { env: SMALL_HEAP });
    expect(score.code).toBe(2);
    expect(score.stdout).toBe('');
    expect(score.stderr).not.toContain('    at ');
    expect(score.stderr).toMatch(
      /^scsm-dr: --pairs on 250 computers gives 31,575 disruptions to score, which need about [\d,]+ MB of memory for this report, more than this process may use \(80 MB\); score without --pairs, or give Node more memory: NODE_OPTIONS=--max-old-space-size=\d+\n$/,
    );
    const file = join(directory, 'big.html');
    const report = await runCli(['report', big, '--pairs', '--format', 'html', '-o', file], {
      env: SMALL_HEAP,
    });
    expect(report.code).toBe(2);
    expect(report.stderr).toContain('31,575 disruptions');
    expect(existsSync(file)).toBe(false);
    const single = await runCli(['score', big, '--format', 'json'], { env: SMALL_HEAP });
    expect(single.code, single.stderr).toBe(0);
    expect((JSON.parse(single.stdout) as ReadinessJson).disruptions).toHaveLength(450);
  }, 120_000);

  it('is estimated from the heaviest format asked for and what the heap holds already', () => {
    const loaded = loadEnvironmentText(generateEnvironment({ groups: 2, additionalServers: 1 }), 'e.yaml');
    if (!loaded.ok) throw new Error('generated');
    const env = loaded.value;
    // 10 computers, 8 databases, no site; 45 pairs.
    const rows = 10 + 8 + 45;
    expect(() => refuseOversizedScore(env, true, ['json'], rows * 2_600 + 1_000, 1_000)).not.toThrow();
    expect(() => refuseOversizedScore(env, true, ['json'], rows * 2_600 + 999, 1_000)).toThrow(UserError);
    expect(() => refuseOversizedScore(env, true, ['json', 'html'], rows * 2_600 + 1_000, 1_000)).toThrow(
      /gives 63 disruptions/,
    );
    expect(() => refuseOversizedScore(env, false, ['text'], 1, 0)).toThrow(
      /^the environment gives 18 disruptions to score, .*; give Node more memory: NODE_OPTIONS=--max-old-space-size=1$/,
    );
  });
});
