/**
 * `elementOffsets` (`src/evidence/dbatools.ts`) finds where each top-level element of a
 * dbatools export starts, for the located errors of its rows. It jumps over the text of strings
 * to their next quote; this property compares it with the plain scan of every character it
 * replaced, on random JSON with quotes and runs of backslashes in its strings, pretty-printed
 * or not.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { elementOffsets } from '../../src/evidence/dbatools.js';

/** The scan of every character, as `elementOffsets` was written before it jumped. */
function everyCharacter(text: string): number[] {
  const offsets: number[] = [];
  let depth = 0;
  let inString = false;
  let expectElement = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 92) index += 1;
      else if (char === 34) inString = false;
      continue;
    }
    if (char === 32 || char === 9 || char === 10 || char === 13) continue;
    if (depth === 0 && char === 123) offsets.push(index);
    if (depth === 1 && expectElement) {
      offsets.push(index);
      expectElement = false;
    }
    if (char === 34) inString = true;
    else if (char === 91 || char === 123) {
      depth += 1;
      if (depth === 1 && char === 91) expectElement = true;
    } else if (char === 93 || char === 125) depth -= 1;
    else if (char === 44 && depth === 1) expectElement = true;
  }
  return offsets;
}

const tricky = fc.stringMatching(/^[a-z"\\\\{}[\],: ]{0,12}$/);
const value = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    tricky,
    fc.integer(),
    fc.constant(null),
    fc.array(tie('node'), { maxLength: 4 }),
    fc.dictionary(tricky, tie('node'), { maxKeys: 4 }),
  ),
})).node;

describe('elementOffsets', () => {
  it('finds what a scan of every character finds', () => {
    const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
    console.log(`elementOffsets property: seed ${seed} (FC_SEED=${seed} replays it)`);
    fc.assert(
      fc.property(
        fc.oneof(fc.array(value, { maxLength: 6 }), fc.dictionary(tricky, value)),
        fc.constantFrom(0, 2, '\t'),
        (document, indent) => {
          const text = JSON.stringify(document, null, indent);
          expect(elementOffsets(text)).toEqual(everyCharacter(text));
        },
      ),
      { seed, numRuns: 500 },
    );
  });

  it('an unterminated string ends the scan, as before', () => {
    const text = '[{"a": "x\\"}, {"b": 1}]';
    expect(elementOffsets(text)).toEqual(everyCharacter(text));
    expect(elementOffsets('[1, "abc')).toEqual(everyCharacter('[1, "abc'));
  });
});
