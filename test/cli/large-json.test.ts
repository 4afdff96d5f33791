/**
 * The JSON of `score` and `report` on an estate with more disruptions than a list is written
 * whole (`LONG_LIST`): the text is cut into pieces and written in batches, and must still be
 * exactly `JSON.stringify(value, null, 2)` of what it says, on stdout and in files alike. (On
 * 1,300 computers the text is 635 MB, over V8's string limit; docs/performance.md has that run.)
 * A report too long for one string is refused with a clear message (`renderWhole`).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderWhole } from '../../src/cli/outputs.js';
import { UserError } from '../../src/common/errors.js';
import { generatedComputerCount, generateEnvironment } from '../../src/engine/generate.js';
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
