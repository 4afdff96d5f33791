import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance, MAX_SUGGESTION_INPUT } from '../../src/common/suggest.js';
import { seedOf } from '../engine/helpers.js';

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and transpositions', () => {
    expect(editDistance('sizeGb', 'sizeGb')).toBe(0);
    expect(editDistance('managementServer', 'managementServers')).toBe(1);
    expect(editDistance('aditional', 'additional')).toBe(1);
    expect(editDistance('SM01', 'SM02')).toBe(1);
    expect(editDistance('wrokflow', 'workflow')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('ignores case', () => {
    expect(editDistance('sizeGB', 'sizeGb')).toBe(0);
    expect(editDistance('SQL01', 'sql01')).toBe(0);
  });
});

describe('didYouMean', () => {
  it('suggests the closest candidate', () => {
    expect(didYouMean('managementServer', ['managementGroups', 'managementServers', 'name'])).toBe(
      'managementServers',
    );
    expect(didYouMean('aditional', ['workflow', 'additional'])).toBe('additional');
    expect(didYouMean('escrow', ['escrowed', 'unknown', 'lost'])).toBe('escrowed');
    expect(didYouMean('scsm-2012r2', ['scsm-2012', 'scsm-2012-sp1', 'scsm-2012-r2'])).toBe('scsm-2012-r2');
  });

  it('returns the declared spelling for a case-insensitive match', () => {
    expect(didYouMean('sizeGB', ['name', 'sizeGb'])).toBe('sizeGb');
    expect(didYouMean('sql01', ['SM01', 'SQL01'])).toBe('SQL01');
  });

  it('prefers an exact case-insensitive match over an earlier near miss', () => {
    expect(didYouMean('sm02', ['SM01', 'SM02'])).toBe('SM02');
  });

  it('breaks ties in favour of the first candidate', () => {
    expect(didYouMean('SM03', ['SM01', 'SM02'])).toBe('SM01');
  });

  it('says nothing when nothing is close enough', () => {
    expect(didYouMean('banana', ['workflow', 'additional'])).toBeUndefined();
    expect(didYouMean('x', [])).toBeUndefined();
    // A third of the input's length, at least one edit: two edits in a 4-letter word is too many.
    expect(didYouMean('SM99', ['SM01'])).toBeUndefined();
  });
});

describe('bounded work', () => {
  const seed = seedOf();

  it('editDistance with a bound is the exact distance, or the bound plus one beyond it', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'b', 'A', 'c'), maxLength: 12 }),
        fc.string({ unit: fc.constantFrom('a', 'b', 'A', 'c'), maxLength: 12 }),
        fc.nat(8),
        (left, right, max) => {
          const exact = editDistance(left, right);
          expect(editDistance(left, right, max)).toBe(Math.min(exact, max + 1));
          expect(editDistance(right, left, max)).toBe(Math.min(exact, max + 1));
        },
      ),
      { seed, numRuns: 2_000 },
    );
  });

  it('compares megabyte strings within a bound without the quadratic table', () => {
    // The whole table would hold 2.56 × 10^12 cells; the band holds 1.6 × 10^6 × 5.
    const long = 'a'.repeat(1_600_000);
    expect(editDistance(long, 'b'.repeat(1_600_000), 2)).toBe(3);
    expect(editDistance(long, `${long.slice(1)}b`, 2)).toBe(1);
    expect(editDistance(long, 'provision-computer', 5)).toBe(6);
  });

  it('suggests nothing for an input longer than any name it could misspell', () => {
    expect(didYouMean('a'.repeat(1_600_000), ['provision-computer', 'a'])).toBeUndefined();
    const near = `${'x'.repeat(MAX_SUGGESTION_INPUT - 1)}y`;
    expect(didYouMean(near, [`${'x'.repeat(MAX_SUGGESTION_INPUT)}`])).toBe('x'.repeat(MAX_SUGGESTION_INPUT));
    expect(didYouMean(`${near}y`, [`${'x'.repeat(MAX_SUGGESTION_INPUT)}`])).toBeUndefined();
  });

  it('keeps the first of equally close candidates while it tightens the bound', () => {
    expect(didYouMean('workflaw', ['workflow', 'workflaws', 'workflow'])).toBe('workflow');
    expect(didYouMean('abcdefghi', ['abcxyzghi', 'abcdefgzz', 'abcdefghz'])).toBe('abcdefghz');
  });
});
