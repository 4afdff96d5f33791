import { describe, expect, it } from 'vitest';
import type { InputError, LoadResult } from '../../src/common/errors.js';
import { decodeSource, INPUT_LIMITS, type ParsedSource, parseSource } from '../../src/common/source.js';

const FILE = 'input.yaml';

function parsed(text: string): ParsedSource {
  const result = parseSource(text, FILE);
  if (!result.ok) throw new Error(`expected a successful parse, got: ${JSON.stringify(result.errors)}`);
  return result.value;
}

function failure<T>(result: LoadResult<T>): readonly InputError[] {
  if (result.ok) throw new Error('expected errors, the input was accepted');
  expect(result.errors.length).toBeGreaterThan(0);
  return result.errors;
}

function only<T>(result: LoadResult<T>): InputError {
  const errors = failure(result);
  expect(errors).toHaveLength(1);
  return errors[0]!;
}

describe('parseSource: values and positions', () => {
  const text = [
    'version: 1', //                      line 1
    'computers:', //                      line 2
    '  - name: SM01', //                  line 3
    '    fqdn: sm01.contoso.example', //  line 4
    '  - { name: SQL01, site: hq }', //   line 5
    'objectives:', //                     line 6
    '  rto: 8h', //                       line 7
    '',
  ].join('\n');

  it('returns plain values', () => {
    expect(parsed(text).value).toEqual({
      version: 1,
      computers: [
        { name: 'SM01', fqdn: 'sm01.contoso.example' },
        { name: 'SQL01', site: 'hq' },
      ],
      objectives: { rto: '8h' },
    });
  });

  it('locates values and keys with 1-based lines and columns', () => {
    const source = parsed(text);
    expect(source.locate(['version'])).toMatchObject({ file: FILE, line: 1, column: 10 });
    expect(source.locate(['version'], 'key')).toMatchObject({ line: 1, column: 1 });
    expect(source.locate(['computers', 0, 'name'])).toMatchObject({ line: 3, column: 11 });
    expect(source.locate(['computers', 0, 'name'], 'key')).toMatchObject({ line: 3, column: 5 });
    expect(source.locate(['computers', 0, 'fqdn'])).toMatchObject({ line: 4, column: 11 });
    expect(source.locate(['computers', 1])).toMatchObject({ line: 5, column: 5 });
    expect(source.locate(['computers', 1, 'name'])).toMatchObject({ line: 5, column: 13 });
    expect(source.locate(['computers', 1, 'site'])).toMatchObject({ line: 5, column: 26 });
    expect(source.locate(['objectives', 'rto'])).toMatchObject({ line: 7, column: 8 });
  });

  it('gives value spans an end', () => {
    expect(parsed(text).locate(['computers', 0, 'fqdn'])).toMatchObject({ endLine: 4, endColumn: 31 });
  });

  it('falls back to the nearest ancestor that exists', () => {
    const source = parsed(text);
    // A missing key points at the mapping that lacks it.
    expect(source.locate(['objectives', 'rpo'])).toMatchObject({ line: 7, column: 3 });
    expect(source.locate(['computers', 1, 'fqdn'])).toMatchObject({ line: 5, column: 5 });
    expect(source.locate(['computers', 7, 'name'])).toMatchObject({ line: 3, column: 3 });
    // 'key' on a missing node gives the ancestor's value, not some other key.
    expect(source.locate(['computers', 1, 'fqdn'], 'key')).toMatchObject({ line: 5, column: 5 });
    expect(source.locate(['nothing', 'here'])).toMatchObject({ line: 1, column: 1 });
  });

  it('locates the whole document at 1:1 for an empty file', () => {
    const source = parsed('');
    expect(source.value).toBeNull();
    expect(source.locate(['version'])).toEqual({ file: FILE, line: 1, column: 1 });
  });

  it('reads JSON with the same positions', () => {
    const json = '{\n  "version": 1,\n  "computers": [\n    { "name": "SM01" }\n  ]\n}\n';
    const source = parsed(json);
    expect(source.value).toEqual({ version: 1, computers: [{ name: 'SM01' }] });
    expect(source.locate(['version'])).toMatchObject({ line: 2, column: 14 });
    expect(source.locate(['version'], 'key')).toMatchObject({ line: 2, column: 3 });
    expect(source.locate(['computers', 0, 'name'])).toMatchObject({ line: 4, column: 15 });
  });

  it('keeps YAML 1.2 scalars: dates, yes/no and octal-looking names stay strings', () => {
    expect(
      parsed('asOf: 2026-11-24\nflag: yes\nname: 0755\ncount: 12\nnothing: ~\nok: true\n').value,
    ).toEqual({
      asOf: '2026-11-24',
      flag: 'yes',
      name: 755,
      count: 12,
      nothing: null,
      ok: true,
    });
  });

  it('locates aliased values at the alias', () => {
    const source = parsed('base: &b { every: 24h }\ncopy: *b\n');
    expect(source.value).toEqual({ base: { every: '24h' }, copy: { every: '24h' } });
    expect(source.locate(['copy'])).toMatchObject({ line: 2, column: 7 });
  });
});

describe('parseSource: syntax errors', () => {
  it('reports a duplicate key at the second occurrence', () => {
    const error = only(parseSource('objectives:\n  rto: 8h\n  rpo: 24h\n  rto: 4h\n', FILE));
    expect(error.location).toMatchObject({ file: FILE, line: 4, column: 3 });
    expect(error.message).toContain('unique');
    expect(error.expected).toBe('each key once per mapping');
  });

  it('reports tab indentation', () => {
    const errors = failure(parseSource('objectives:\n\trto: 8h\n', FILE));
    expect(errors[0]?.location).toMatchObject({ line: 2, column: 1 });
    expect(errors[0]?.message).toMatch(/tab/i);
    expect(errors[0]?.expected).toBe('spaces, not tabs, for indentation');
  });

  it('reports unbalanced flow collections', () => {
    const errors = failure(parseSource('computers: [ { name: SM01 }\n', FILE));
    expect(errors[0]?.message).toMatch(/^YAML syntax error: /);
    for (const error of errors) expect(error.location.line).toBeGreaterThanOrEqual(1);
  });

  it('refuses more than one document', () => {
    const error = only(parseSource('version: 1\n---\nversion: 2\n', FILE));
    expect(error.location.line).toBe(2);
    expect(error.message).toContain('multiple documents');
  });

  it('refuses keys that are not strings', () => {
    const error = only(parseSource('name: x\ntrue: 1\n', FILE));
    expect(error.location).toMatchObject({ line: 2, column: 1 });
    expect(error.message).toBe('mapping key is not a plain string');
  });

  it('refuses infinite and NaN numbers', () => {
    const error = only(parseSource('sizeGb: .inf\n', FILE));
    expect(error.location).toMatchObject({ line: 1, column: 9 });
    expect(error.message).toBe('not a finite number');
    expect(only(parseSource('sizeGb: .nan\n', FILE)).message).toBe('not a finite number');
  });
});

describe('parseSource: hostile input', () => {
  it('refuses a "billion laughs" alias bomb quickly, mentioning aliases', () => {
    const lines = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let level = 1; level <= 9; level++) {
      lines.push(`a${level}: &a${level} [${Array.from({ length: 9 }, () => `*a${level - 1}`).join(', ')}]`);
    }
    const started = performance.now();
    const errors = failure(parseSource(`${lines.join('\n')}\n`, FILE));
    expect(performance.now() - started).toBeLessThan(2000);
    expect(errors[0]?.message).toMatch(/alias/);
    expect(errors[0]?.location.line).toBeGreaterThanOrEqual(2);
  });

  it('refuses a few aliases of a large node by the expanded node count', () => {
    // 30 references stay under the alias limit, but each repeats 10 000 nodes.
    const big = `big: &big [${Array.from({ length: 10_000 }, () => '0').join(', ')}]`;
    const copies = `copies: [${Array.from({ length: 30 }, () => '*big').join(', ')}]`;
    const errors = failure(parseSource(`${big}\n${copies}\n`, FILE));
    expect(errors[0]?.message).toBe(
      `the document expands to more than ${INPUT_LIMITS.maxNodes} nodes (an alias bomb?)`,
    );
    expect(errors[0]?.path[0]).toBe('copies');
  });

  it('refuses 100 levels of flow nesting with a clear message', () => {
    const text = `a: ${'['.repeat(100)}${']'.repeat(100)}\n`;
    const error = only(parseSource(text, FILE));
    expect(error.message).toBe(`brackets nested deeper than ${INPUT_LIMITS.maxDepth} levels`);
    expect(error.location).toMatchObject({ line: 1, column: 4 + INPUT_LIMITS.maxDepth });
  });

  it('refuses 100 levels of block nesting with a clear message', () => {
    const lines: string[] = [];
    for (let level = 0; level < 100; level++) lines.push(`${'  '.repeat(level)}k${level}:`);
    lines.push(`${'  '.repeat(100)}leaf`);
    const error = only(parseSource(`${lines.join('\n')}\n`, FILE));
    expect(error.message).toBe(`nesting deeper than ${INPUT_LIMITS.maxDepth} levels`);
    expect(error.location.line).toBe(INPUT_LIMITS.maxDepth + 2);
  });

  it('refuses extreme indentation before the parser sees it', () => {
    const error = only(parseSource(`a:\n${' '.repeat(INPUT_LIMITS.maxIndent + 10)}b: 1\n`, FILE));
    expect(error.message).toBe(`indentation deeper than ${INPUT_LIMITS.maxIndent} columns`);
    expect(error.location).toMatchObject({ line: 2, column: INPUT_LIMITS.maxIndent + 1 });
  });

  it('refuses compact block nesting (- - - …) quickly instead of exhausting the stack', () => {
    const started = performance.now();
    const error = only(parseSource(`${'- '.repeat(100_000)}x\n`, FILE));
    expect(performance.now() - started).toBeLessThan(2000);
    expect(error.message).toContain(`nested deeper than ${INPUT_LIMITS.maxDepth} levels`);
    expect(error.location.line).toBe(1);
  });

  it('refuses an alias that contains itself', () => {
    const errors = failure(parseSource('a: &x [*x]\n', FILE));
    expect(errors[0]?.message).toMatch(/nesting|alias/);
  });

  it.each(['__proto__', 'constructor', 'prototype'])(
    'refuses the key %s and leaves Object.prototype alone',
    (key) => {
      const error = only(parseSource(`name: x\n${key}:\n  polluted: yes\n`, FILE));
      expect(error.location).toMatchObject({ line: 2, column: 1 });
      expect(error.path).toEqual([key]);
      expect(error.message).toBe(`the key '${key}' is not allowed`);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty('polluted');
    },
  );

  it('refuses __proto__ in JSON and nested mappings too', () => {
    const json = only(parseSource('{ "a": { "__proto__": { "polluted": true } } }', FILE));
    expect(json.path).toEqual(['a', '__proto__']);
    expect(json.location).toMatchObject({ line: 1, column: 10 });
    const flow = only(parseSource('a: [ { __proto__: { polluted: 1 } } ]\n', FILE));
    expect(flow.path).toEqual(['a', 0, '__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses !!binary and !!timestamp values', () => {
    const binary = only(parseSource('name: x\nfile: !!binary aGVsbG8=\n', FILE));
    expect(binary.location).toMatchObject({ line: 2, column: 16 });
    expect(binary.path).toEqual(['file']);
    expect(binary.message).toMatch(/^unsupported YAML tag/);
    expect(binary.message).toContain('binary');
    const timestamp = only(parseSource('taken: !!timestamp 2026-01-12\n', FILE));
    expect(timestamp.message).toMatch(/^unsupported YAML tag/);
  });

  it('refuses unknown tags instead of dropping them', () => {
    const error = only(parseSource('name: x\ninstance: !Ref SQL01\n', FILE));
    expect(error.location).toMatchObject({ line: 2, column: 11 });
    expect(error.message).toBe('unsupported YAML tag: !Ref');
  });

  it('accepts the harmless core tags', () => {
    expect(parsed('name: !!str 0123\nsizeGb: !!float 4.5\ncount: !!int 7\n').value).toEqual({
      name: '0123',
      sizeGb: 4.5,
      count: 7,
    });
  });
});

describe('decodeSource', () => {
  it('decodes UTF-8 and strips a byte-order mark', () => {
    const result = decodeSource(Buffer.from([0xef, 0xbb, 0xbf, ...Buffer.from('name: Zürich\n')]), FILE);
    expect(result).toEqual({ ok: true, value: 'name: Zürich\n' });
  });

  it('refuses a NUL byte as a binary file, on its line', () => {
    const error = only(decodeSource(Buffer.from('version: 1\nname: a\0b\n'), FILE));
    expect(error.location).toEqual({ file: FILE, line: 2, column: 1 });
    expect(error.message).toContain('NUL byte');
    expect(error.expected).toBe('a UTF-8 text file');
  });

  it('refuses invalid UTF-8 with the offset and line of the first bad byte', () => {
    // 'é' is two bytes; the bad 0xff byte is at offset 11, on line 2.
    const bytes = Buffer.from([...Buffer.from('a: é\nb: é'), 0xff, 0x0a]);
    const error = only(decodeSource(bytes, FILE));
    expect(error.message).toBe('file is not valid UTF-8 (first invalid byte at offset 11)');
    expect(error.location).toEqual({ file: FILE, line: 2, column: 1 });
    expect(error.suggestion).toBe('save the file as UTF-8 in your editor');
  });

  it('finds the first bad byte after many multi-byte characters', () => {
    const valid = Buffer.from('ü\n'.repeat(50));
    const bytes = Buffer.concat([valid, Buffer.from([0xc0, 0x80]), Buffer.from('\n')]);
    const error = only(decodeSource(bytes, FILE));
    expect(error.message).toBe(`file is not valid UTF-8 (first invalid byte at offset ${valid.length})`);
    expect(error.location.line).toBe(51);
  });

  it('refuses Latin-1 text', () => {
    const error = only(decodeSource(Buffer.from('name: Z\xfcrich\n', 'latin1'), FILE));
    expect(error.message).toBe('file is not valid UTF-8 (first invalid byte at offset 7)');
  });

  it('refuses a file cut in the middle of a character, pointing at that character', () => {
    const error = only(decodeSource(Buffer.from([0x61, 0x3a, 0x20, 0xc3]), FILE));
    expect(error.message).toBe('file is not valid UTF-8 (first invalid byte at offset 3)');
  });

  it('refuses a file over the size limit', () => {
    const error = only(decodeSource(new Uint8Array(INPUT_LIMITS.maxFileBytes + 1), FILE));
    expect(error.location).toEqual({ file: FILE, line: 1, column: 1 });
    expect(error.message).toBe(
      `file is ${INPUT_LIMITS.maxFileBytes + 1} bytes, over the limit of ${INPUT_LIMITS.maxFileBytes} bytes`,
    );
  });

  it('accepts a file exactly at the size limit', () => {
    const result = decodeSource(new Uint8Array(INPUT_LIMITS.maxFileBytes).fill(0x20), FILE);
    expect(result.ok).toBe(true);
  });
});
