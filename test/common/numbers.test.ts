import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maxOf, minOf } from '../../src/common/numbers.js';

describe('maxOf and minOf', () => {
  it('agree with Math.max and Math.min, floor and ceiling included', () => {
    const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
    console.log(`maxOf/minOf property: seed ${seed} (FC_SEED=${seed} replays it)`);
    fc.assert(
      fc.property(fc.array(fc.double()), fc.double(), (values, bound) => {
        expect(maxOf(values)).toBe(Math.max(...values));
        expect(minOf(values)).toBe(Math.min(...values));
        expect(maxOf(values, bound)).toBe(Math.max(bound, ...values));
        expect(minOf(values, bound)).toBe(Math.min(bound, ...values));
      }),
      { seed, numRuns: 500 },
    );
  });

  it('take more numbers than a call takes arguments', () => {
    const many = Array.from({ length: 1_000_000 }, (_, index) => index % 1000);
    expect(() => Math.max(...many)).toThrow(RangeError);
    expect(maxOf(many)).toBe(999);
    expect(minOf(many, 5)).toBe(0);
  });
});
