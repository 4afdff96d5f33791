import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FLOWCHART_CLASS_NAMES,
  MermaidIds,
  mermaidId,
  mermaidLabel,
  mermaidLines,
  mermaidText,
} from '../../../src/report/mermaid/index.js';
import { parseMermaid } from '../../helpers/mermaid.js';
import { HOSTILE } from './fixtures.js';

/** What an escaped text may contain: kept characters and decimal entity codes, nothing else. */
const ESCAPED = /^(?:[\p{L}\p{N}\p{M} _.\-/\\'()+=?!]|#\d+;)*$/u;

/** Undoes {@link mermaidText} the way Mermaid and the browser do, minus the invisible joiners. */
function decode(escaped: string): string {
  return escaped
    .replace(/#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/\u200C/g, '');
}

/** What a reader should see: line breaks and other controls become spaces. */
function visible(text: string): string {
  return text.replace(/[\p{Cc}\p{Zl}\p{Zp}\u0085]/gu, ' ');
}

describe('mermaidText', () => {
  it('keeps letters, digits, spaces and harmless punctuation as written', () => {
    expect(mermaidText('SM01 ServiceManager DW_SMMG Ünïcödé 名前')).toBe(
      'SM01 ServiceManager DW_SMMG Ünïcödé 名前',
    );
    expect(mermaidText("DWSQL01\\DW sm01.contoso.com a-b/c (x) 'y' a+b=c? yes!")).toBe(
      "DWSQL01\\DW sm01.contoso.com a-b/c (x) 'y' a+b=c? yes!",
    );
  });

  it('writes every syntax character as a decimal entity code', () => {
    expect(mermaidText('"')).toBe('#34;');
    expect(mermaidText('#')).toBe('#35;');
    expect(mermaidText('#quot;')).toBe('#35;quot#59;');
    expect(mermaidText('<>&`;:,@%[]{}|$*~^')).toBe(
      '#60;#62;#38;#96;#59;#58;#44;#64;#37;#91;#93;#123;#125;#124;#36;#42;#126;#94;',
    );
    expect(mermaidText('😀')).toBe('#128512;');
  });

  it('turns line breaks and control characters into spaces', () => {
    expect(mermaidText('a\nb\r\nc\td\u2028e\u0000f')).toBe('a b  c d e f');
  });

  it('never lets untrusted text form one of Mermaid’s entity placeholders', () => {
    // `ﬂ°°60¶ß` is what Mermaid turns `#60;` into before parsing; written by a user it must
    // stay text, in the source and in the picture (a zero-width non-joiner breaks it there).
    expect(mermaidText('ﬂ°°60¶ß')).toBe('#64258;#8204;#176;#176;60#182;#8204;ß');
  });

  it('escapes hostile strings into inert text that decodes back to what the user wrote', () => {
    for (const text of HOSTILE) {
      const escaped = mermaidText(text);
      expect(escaped).toMatch(ESCAPED);
      expect(decode(escaped)).toBe(visible(text));
    }
  });

  it('escapes any string into inert text that decodes back to it (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => {
        const escaped = mermaidText(text);
        expect(escaped).toMatch(ESCAPED);
        expect(decode(escaped)).toBe(visible(text));
      }),
      { numRuns: 500 },
    );
  });
});

describe('mermaidLabel and mermaidLines', () => {
  it('quotes the escaped text, with a space for an empty one', () => {
    expect(mermaidLabel('SM01 "x"')).toBe('"SM01 #34;x#34;"');
    expect(mermaidLabel('')).toBe('" "');
  });

  it('joins escaped lines with <br/> and drops empty lines', () => {
    expect(mermaidLines(['a', '', 'b<br/>c'])).toBe('"a<br/>b#60;br/#62;c"');
    expect(mermaidLines([])).toBe('" "');
  });
});

describe('mermaidId', () => {
  it('keeps plain names readable', () => {
    expect(mermaidId('c', 'SM01')).toBe('c_SM01');
    expect(mermaidId('mg', 'DW_SMMG')).toBe('mg_DW_SMMG');
  });

  it('sanitises other names and adds a stable hash', () => {
    const id = mermaidId('i', 'DWSQL01\\DW');
    expect(id).toMatch(/^i_DWSQL01_DW__[0-9a-f]{8}$/);
    expect(mermaidId('i', 'DWSQL01\\DW')).toBe(id);
    // Names that only differ in the characters sanitising removes stay apart.
    expect(mermaidId('i', 'DWSQL01/DW')).not.toBe(id);
    // A name that looks like a sanitised id is itself sanitised: the two forms never meet.
    expect(mermaidId('i', id.slice(2))).not.toBe(id);
    expect(mermaidId('c', '')).toMatch(/^c_x__[0-9a-f]{8}$/);
    expect(mermaidId('c', 'a-'.repeat(250)).length).toBeLessThan(40);
  });

  it('gives only [A-Za-z0-9_] ids, distinct for distinct names (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 30 }),
        fc.string({ unit: 'binary', maxLength: 30 }),
        (a, b) => {
          const idA = mermaidId('c', a);
          expect(idA).toMatch(/^c_[A-Za-z0-9_]+$/);
          if (a !== b) expect(mermaidId('c', b)).not.toBe(idA);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('refuses prefixes that could blur the boundary between kinds', () => {
    expect(() => mermaidId('c_x', 'a')).toThrow(/prefix/);
    expect(() => mermaidId('', 'a')).toThrow(/prefix/);
    expect(() => mermaidId('1c', 'a')).toThrow(/prefix/);
  });

  it('hostile names give valid ids', () => {
    for (const text of HOSTILE) expect(mermaidId('c', text)).toMatch(/^c_[A-Za-z0-9_]+$/);
  });
});

describe('MermaidIds', () => {
  it('returns the same id for the same component and distinct ids for distinct ones', () => {
    const ids = new MermaidIds();
    expect(ids.id('c', 'SM01')).toBe('c_SM01');
    expect(ids.id('c', 'SM01')).toBe('c_SM01');
    expect(ids.id('db', 'SM01')).toBe('db_SM01');
    // Two components that share a name (servers of two groups on one computer).
    expect(ids.id('ms', 'SM01', 'SMMG/SM01')).toBe('ms_SM01');
    expect(ids.id('ms', 'SM01', 'OTHER/SM01')).toBe('ms_SM01__2');
    expect(ids.id('ms', 'SM01', 'SMMG/SM01')).toBe('ms_SM01');
  });
});

describe('FLOWCHART_CLASS_NAMES', () => {
  it('are plain identifiers', () => {
    for (const name of FLOWCHART_CLASS_NAMES) expect(name).toMatch(/^[A-Za-z]+$/);
  });
});

describe('escaped text in every diagram context parses with real Mermaid', () => {
  // Each hostile string where each diagram type puts untrusted text.
  const contexts: Record<string, (text: string) => string> = {
    'flowchart node': (text) => `flowchart LR\n  a[${mermaidLabel(text)}] --> b(${mermaidLabel(text)})\n`,
    'flowchart subgraph and edge': (text) =>
      `flowchart LR\n  subgraph s[${mermaidLabel(text)}]\n    a[${mermaidLabel(text)}]\n  end\n  a -.->|${mermaidLabel(text)}| b[(${mermaidLines([text, text])})]\n  c{{${mermaidLabel(text)}}} --- a\n`,
    'sequence participant, message and note': (text) =>
      `sequenceDiagram\n  participant Operator\n  participant c_x as ${mermaidText(`computer ${text}`)}\n  Operator->>c_x: ${mermaidText(`1. ${text}`)}\n  Operator-xc_x: ${mermaidText(text)}\n  Note over Operator,c_x: ${mermaidText(text)}\n`,
    'gantt title, section and task': (text) =>
      `gantt\n  title ${mermaidText(`scenario ${text}`)}\n  dateFormat x\n  axisFormat %sh\n  section ${mermaidText(`owner ${text}`)}\n  1. ${mermaidText(text)} : s_1, 0, 1000\n  RTO : vert, rto, 500, 500\n`,
  };

  for (const [context, build] of Object.entries(contexts)) {
    it(context, async () => {
      for (const text of HOSTILE) await parseMermaid(build(text));
    });
  }
});

describe('parseMermaid', () => {
  it('rejects a broken diagram, so the tests above can fail', async () => {
    await expect(parseMermaid('flowchart LR\n  a["unterminated] --> b\n')).rejects.toThrow(/Mermaid refused/);
    await expect(parseMermaid('flowchart LR\n  a --> b\n  end\n')).rejects.toThrow(/Mermaid refused/);
    await expect(parseMermaid('sequenceDiagram\n  A->>: x\n')).rejects.toThrow(/Mermaid refused/);
    await expect(parseMermaid('not a diagram')).rejects.toThrow(/Mermaid refused/);
  });

  it('shows what raw, unescaped hostile text would do', async () => {
    // The reason for the escaping: written raw, the first hostile string ends the label.
    await expect(parseMermaid(`flowchart LR\n  a["${HOSTILE[0]}"] --> b\n`)).rejects.toThrow();
  });
});
