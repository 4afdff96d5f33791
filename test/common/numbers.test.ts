import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maxOf } from '../../src/common/numbers.js';

describe('maxOf', () => {
  it('agrees with Math.max, floor included', () => {
    const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
    console.log(`maxOf property: seed ${seed} (FC_SEED=${seed} replays it)`);
    fc.assert(
      fc.property(fc.array(fc.double()), fc.double(), (values, bound) => {
        expect(maxOf(values)).toBe(Math.max(...values));
        expect(maxOf(values, bound)).toBe(Math.max(bound, ...values));
      }),
      { seed, numRuns: 500 },
    );
  });

  it('tells +0 from −0 as Math.max does (seed 1391881293 of the property found it)', () => {
    expect(Object.is(maxOf([0], -0), 0)).toBe(true);
    expect(Object.is(maxOf([-0], 0), 0)).toBe(true);
    expect(Object.is(maxOf([-0, 0]), 0)).toBe(true);
    expect(Object.is(maxOf([-0]), -0)).toBe(true);
    expect(maxOf([1, Number.NaN, 2])).toBeNaN();
  });

  it('takes more numbers than a call takes arguments', () => {
    const many = Array.from({ length: 1_000_000 }, (_, index) => index % 1000);
    expect(() => Math.max(...many)).toThrow(RangeError);
    expect(maxOf(many)).toBe(999);
    expect(maxOf(many, 5_000)).toBe(5_000);
  });
});
