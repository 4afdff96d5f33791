import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { LoadResult } from '../../src/common/errors.js';
import { loadEnvironmentText } from '../../src/environment/load.js';
import type { Environment } from '../../src/environment/types.js';

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log(`fast-check seed ${seed}`);

const NUM_RUNS = 300;
const FILE = 'fuzz.yaml';

const VALID = readFileSync(
  new URL('../../scenarios/four-computer-ha/environment.yaml', import.meta.url),
  'utf8',
);
const VALID_LINES = VALID.split('\n');

/**
 * The loader's contract for any text: it returns (never throws), and a failure carries at
 * least one error, each with a real position and a message.
 */
function checkContract(text: string): void {
  let result: LoadResult<Environment>;
  try {
    result = loadEnvironmentText(text, FILE);
  } catch (error) {
    throw new Error(`loadEnvironmentText threw on ${JSON.stringify(text.slice(0, 200))}: ${String(error)}`);
  }
  if (result.ok) {
    expect(result.value.file).toBe(FILE);
    return;
  }
  expect(result.errors.length).toBeGreaterThan(0);
  for (const error of result.errors) {
    expect(error.location.file).toBe(FILE);
    expect(Number.isInteger(error.location.line)).toBe(true);
    expect(Number.isInteger(error.location.column)).toBe(true);
    expect(error.location.line).toBeGreaterThanOrEqual(1);
    expect(error.location.column).toBeGreaterThanOrEqual(1);
    expect(typeof error.message).toBe('string');
    expect(error.message.length).toBeGreaterThan(0);
    expect(Array.isArray(error.path)).toBe(true);
  }
}

describe('loadEnvironmentText never throws and always locates its errors', () => {
  it('the unedited base environment loads', () => {
    expect(loadEnvironmentText(VALID, FILE).ok).toBe(true);
  });

  it('arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => checkContract(text)),
      { seed, numRuns: NUM_RUNS },
    );
  });

  it('arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => checkContract(JSON.stringify(value) ?? 'null')),
      { seed, numRuns: NUM_RUNS },
    );
  });

  it('arbitrary objects serialized as YAML', () => {
    fc.assert(
      fc.property(fc.object(), (value) => checkContract(stringify(value))),
      { seed, numRuns: NUM_RUNS },
    );
    // The fuzzing above may well have produced a __proto__ key; nothing may leak.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a valid environment with one line deleted or duplicated', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: VALID_LINES.length - 1 }),
        fc.constantFrom('delete', 'duplicate'),
        (index, operation) => {
          const lines = [...VALID_LINES];
          if (operation === 'delete') lines.splice(index, 1);
          else lines.splice(index, 0, VALID_LINES[index]!);
          checkContract(lines.join('\n'));
        },
      ),
      { seed, numRuns: NUM_RUNS },
    );
  });

  it('a valid environment with a few lines deleted, duplicated, moved or truncated', () => {
    const edit = fc.record({
      index: fc.nat({ max: VALID_LINES.length - 1 }),
      operation: fc.constantFrom('delete', 'duplicate', 'swap', 'truncate'),
      cut: fc.nat({ max: 80 }),
    });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => {
        const lines = [...VALID_LINES];
        for (const { index, operation, cut } of edits) {
          const at = Math.min(index, lines.length - 1);
          if (operation === 'delete') lines.splice(at, 1);
          else if (operation === 'duplicate') lines.splice(at, 0, lines[at]!);
          else if (operation === 'swap' && at + 1 < lines.length)
            [lines[at], lines[at + 1]] = [lines[at + 1]!, lines[at]!];
          else lines[at] = lines[at]!.slice(0, cut);
        }
        checkContract(lines.join('\n'));
      }),
      { seed, numRuns: NUM_RUNS },
    );
  });
});
