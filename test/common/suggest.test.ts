import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance } from '../../src/common/suggest.js';

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
