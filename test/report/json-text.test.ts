/**
 * JSON text in pieces (`src/report/json-text.ts`) and their batches (`src/common/text-pieces.ts`):
 * the pieces of any value are exactly `JSON.stringify(value, null, 2)`, long lists are cut, and
 * batching changes no character. What `score` and `report` write from them is checked through
 * the CLI in `test/cli/large-json.test.ts`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isStringTooLong, textBatches } from '../../src/common/text-pieces.js';
import { jsonPieces, LONG_LIST } from '../../src/report/json-text.js';

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);

/** JSON values, and objects with the members `stringify` leaves out (undefined, functions). */
const values = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.jsonValue(),
    fc.array(tie('value'), { maxLength: 12 }),
    fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(tie('value'), fc.constant(undefined)), {
      maxKeys: 5,
    }),
    fc.array(fc.oneof(fc.integer(), fc.constant(undefined), fc.string()), { maxLength: 12 }),
  ),
})).value;

describe('jsonPieces', () => {
  it('are JSON.stringify(value, null, 2), character for character, however short a long list is', () => {
    console.log(`jsonPieces property: seed ${seed} (FC_SEED=${seed} replays it)`);
    fc.assert(
      fc.property(values, fc.integer({ min: 0, max: 4 }), (value, longList) => {
        if (value === undefined) return;
        expect(jsonPieces(value, longList).join('')).toBe(JSON.stringify(value, null, 2));
      }),
      { seed, numRuns: 2_000 },
    );
  });

  it('cut a long list into runs, so that no piece holds the whole text', () => {
    const rows = Array.from({ length: 20_000 }, (_, index) => ({
      id: `computers:SM${index}+SQL${index}`,
      lost: { computers: [`SM${index}`, `SQL${index}`], databases: [], sites: [] },
      explanation: index % 3 === 0 ? [] : ['estimated recovery 9h exceeds the RTO of 8h'],
      skipped: undefined,
    }));
    const value = { version: 1, disruptions: rows, summary: { disruptions: rows.length } };
    const pieces = jsonPieces(value);
    const whole = JSON.stringify(value, null, 2);
    expect(pieces.join('')).toBe(whole);
    const longest = Math.max(...pieces.map((piece) => piece.length));
    expect(longest).toBeLessThan(whole.length / 10);
    // A list up to LONG_LIST elements is one piece, as `stringify` writes it.
    expect(jsonPieces(rows.slice(0, LONG_LIST))).toHaveLength(1);
  });

  it('refuse a value that has no JSON text, as stringify returns none for it', () => {
    expect(() => jsonPieces(undefined)).toThrow(TypeError);
    expect(() => jsonPieces(() => 1)).toThrow(TypeError);
  });
});

describe('textBatches', () => {
  it('keep every character, in order, in batches near the size asked', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 40 }), { maxLength: 60 }),
        fc.integer({ min: 1, max: 100 }),
        (pieces, size) => {
          const batches = [...textBatches(pieces, size)];
          expect(batches.join('')).toBe(pieces.join(''));
          expect(batches.every((batch) => batch.length > 0)).toBe(true);
          const longest = Math.max(0, ...pieces.map((piece) => piece.length));
          for (const batch of batches) expect(batch.length).toBeLessThan(size + longest + 1);
        },
      ),
      { seed, numRuns: 500 },
    );
    expect([...textBatches('one string')]).toEqual(['one string']);
    expect([...textBatches('')]).toEqual([]);
  });
});

describe('isStringTooLong', () => {
  it("is V8's refusal of a string over its limit, and nothing else", () => {
    let refusal: unknown;
    try {
      'x'.repeat(2 ** 30);
    } catch (error) {
      refusal = error;
    }
    expect(isStringTooLong(refusal)).toBe(true);
    expect(isStringTooLong(new RangeError('Maximum call stack size exceeded'))).toBe(false);
    expect(isStringTooLong(new Error('Invalid string length'))).toBe(false);
  });
});
