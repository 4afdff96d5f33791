import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { printable, terminalText } from '../../src/common/printable.js';

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/;

describe('printable', () => {
  it('shows C0 controls and DEL as \\xNN, line breaks and tabs by name, the rest as \\uNNNN', () => {
    expect(printable('a\nb\rc\td')).toBe('a\\nb\\rc\\td');
    expect(printable('\u001b]0;pwned\u0007\u001b[2J\u007f')).toBe('\\x1b]0;pwned\\x07\\x1b[2J\\x7f');
    expect(printable('\u009b2J\u0085')).toBe('\\u009b2J\\u0085');
    expect(printable('\u202egnp.exe\u2066\u200b\ufeff\u2028')).toBe(
      '\\u202egnp.exe\\u2066\\u200b\\ufeff\\u2028',
    );
  });

  it('keeps everything else as written, backslashes included', () => {
    expect(printable('SM01 — ✔ 😀 <b>|</b> \\\\BK01\\SQL$')).toBe('SM01 — ✔ 😀 <b>|</b> \\\\BK01\\SQL$');
  });

  it('leaves nothing unsafe and is idempotent, for any string', () => {
    const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
    console.log(`printable property seed: ${seed} (replay with FC_SEED=${seed})`);
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const shown = printable(text);
        expect(shown).not.toMatch(UNSAFE);
        expect(printable(shown)).toBe(shown);
        expect(terminalText(shown)).toBe(shown);
      }),
      { seed, numRuns: 500 },
    );
  });
});

describe('terminalText', () => {
  it('keeps line feeds and colour sequences, escapes every other control', () => {
    const coloured = '\u001b[31mred\u001b[39m\n\u001b[1;4mbold\u001b[22;24m\n';
    expect(terminalText(coloured)).toBe(coloured);
    expect(terminalText('a\u001b]0;pwned\u0007b\u001b[2Jc\rd\te\u009bf\u202eg\n')).toBe(
      'a\\x1b]0;pwned\\x07b\\x1b[2Jc\\rd\\te\\u009bf\\u202eg\n',
    );
    // A cursor movement is not a colour: it is escaped.
    expect(terminalText('\u001b[2A\u001b[K')).toBe('\\x1b[2A\\x1b[K');
  });
});
