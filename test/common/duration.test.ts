import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DURATION_EXPECTED,
  exactDuration,
  formatDuration,
  parseDuration,
} from '../../src/common/duration.js';
import { durationSchema } from '../../src/common/formats.js';

describe('parseDuration', () => {
  it.each([
    ['90s', 90],
    ['30m', 1800],
    ['8h', 28_800],
    ['2d', 172_800],
    ['1w', 604_800],
    ['1h30m', 5400],
    ['2d12h', 216_000],
    ['1.5h', 5400],
    ['0s', 0],
    ['PT8H', 28_800],
    ['P1DT2H', 93_600],
    ['P2W', 1_209_600],
    ['PT15M', 900],
    ['PT90S', 90],
    ['PT1.5H', 5400],
    ['P1D', 86_400],
    ['  8h  ', 28_800],
  ])('reads %j as %i seconds', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each([
    ['8', 'a number without a unit'],
    ['8 hours', 'words'],
    ['8H', 'an upper-case short unit'],
    ['1h 30m', 'spaces between parts'],
    ['P', 'ISO with no part'],
    ['PT', 'ISO with an empty time part'],
    ['P1DT', 'ISO with a dangling T'],
    ['-1h', 'a negative duration'],
    ['1y', 'years (ambiguous length)'],
    ['P1Y', 'ISO years'],
    ['P1M', 'ISO months'],
    ['', 'the empty string'],
    ['h', 'a unit without a number'],
    ['PT8H30', 'ISO with a number and no designator'],
  ])('refuses %j (%s)', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it('is a whole number of seconds', () => {
    expect(parseDuration('0.1s')).toBe(0);
    expect(parseDuration('0.5m')).toBe(30);
    expect(Number.isInteger(parseDuration('1.001m'))).toBe(true);
  });
});

describe('durationSchema', () => {
  it('accepts the short and ISO forms', () => {
    for (const text of ['90s', '1h30m', 'PT8H', 'P1DT2H', 'P2W']) {
      expect(durationSchema.safeParse(text).success).toBe(true);
    }
  });

  it('refuses a malformed duration with exactly one issue that explains the forms', () => {
    for (const text of ['8', '8 hours', 'P', 'PT', '-1h', '1y']) {
      const result = durationSchema.safeParse(text);
      expect(result.success).toBe(false);
      expect(result.error?.issues).toHaveLength(1);
      expect(result.error?.issues[0]?.message).toBe(DURATION_EXPECTED);
    }
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [45, '45s'],
    [90, '1m 30s'],
    [5400, '1h 30m'],
    [16_200, '4h 30m'],
    [90_000, '1d 1h'],
    [90_061, '1d 1h'],
    [Number.POSITIVE_INFINITY, '∞'],
    [-5, '0s'],
  ])('formats %d seconds as %j', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});

describe('exactDuration', () => {
  it.each([
    [0, '0s'],
    [45, '45s'],
    [5400, '1h30m'],
    [5232, '1h27m12s'],
    [93_601, '1d2h1s'],
  ])('writes %i seconds as %j, every unit kept', (seconds, text) => {
    expect(exactDuration(seconds)).toBe(text);
  });

  it('is read back to the same whole seconds, where formatDuration rounds to two units', () => {
    const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
    console.log(`exactDuration round trip: seed ${seed} (FC_SEED=${seed} replays it)`);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 * 86_400 }), (seconds) => {
        expect(parseDuration(exactDuration(seconds))).toBe(seconds);
      }),
      { seed, numRuns: 500 },
    );
    expect(formatDuration(93_601)).toBe('1d 2h');
  });
});
