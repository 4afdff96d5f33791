import { readFile, stat } from 'node:fs/promises';
import {
  type Alias,
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  Parser,
  parseDocument,
} from 'yaml';
import type { InputError, LoadResult } from './errors.js';
import type { NodePath, SourceLocation } from './location.js';

/**
 * The hostile-input limits of the loaders. They are far above anything a real SCSM
 * description needs (the largest real estate is a few hundred nodes) and far below what would
 * hurt the process, so a refusal is always a sign of a broken or malicious file.
 */
export const INPUT_LIMITS = {
  /** Bytes in one input file. */
  maxFileBytes: 4 * 1024 * 1024,
  /** Nesting of mappings and sequences, counting both block and flow style. */
  maxDepth: 64,
  /** Leading spaces on one line; the YAML lexer degrades badly on extreme indentation. */
  maxIndent: 256,
  /** Alias references (`*name`) in one document. */
  maxAliases: 64,
  /** Nodes in the document after aliases are expanded: what stops a "billion laughs". */
  maxNodes: 200_000,
} as const;

/** The tags of plain collections: `!!seq` and `!!map` written out change nothing. */
const STANDARD_COLLECTION_TAGS = new Set(['tag:yaml.org,2002:seq', 'tag:yaml.org,2002:map']);

/** `tag:yaml.org,2002:omap` as the user wrote it, `!!omap`. */
function shortTag(tag: string): string {
  return tag.startsWith('tag:yaml.org,2002:') ? `!!${tag.slice('tag:yaml.org,2002:'.length)}` : tag;
}

/**
 * Where the tag of the node starting at `start` is written: a block collection's range starts
 * at its first entry, on the line after `key: !!omap`, so the tag is found by reading back over
 * blank space, comments and an anchor. `undefined` when it is not where a tag can be.
 */
function tagOffset(text: string, start: number): number | undefined {
  const before = text.slice(Math.max(0, start - 1024), start);
  const match = /!\S*(?:[ \t]+&\S+)?(?:[ \t]*(?:#[^\n]*)?\r?\n)*[ \t]*$/.exec(before);
  return match === null ? undefined : start - before.length + match.index;
}

/** Keys that could reach an object's prototype chain in some consumer; refused outright. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Where a node and, for mapping entries, its key start and end. */
interface NodeSpan {
  readonly value: SourceLocation;
  readonly key?: SourceLocation;
}

/**
 * A parsed input document: a plain JSON-like value and a way back from any node path to the
 * place in the file it came from.
 */
export interface ParsedSource {
  readonly file: string;
  readonly value: unknown;
  /**
   * The location of the node at `path`, or of its nearest ancestor that exists (so a missing
   * key points at the mapping that lacks it). `part: 'key'` points at a mapping entry's key.
   */
  locate(path: NodePath, part?: 'key' | 'value'): SourceLocation;
  /**
   * The YAML comments that carry a `scsm-dr-` directive (`# scsm-dr-ignore …`), with where each
   * starts, in file order. Other comments are not collected: nothing reads them.
   */
  readonly directives: readonly SourceComment[];
}

/** One comment of a YAML file: its text after the `#`, and where the `#` is. */
export interface SourceComment {
  readonly text: string;
  readonly location: SourceLocation;
  /** Whether the comment is alone on its line (otherwise it ends a line of YAML). */
  readonly ownLine: boolean;
}

/** The marker every comment directive starts with; a file without it is not scanned. */
export const DIRECTIVE_MARKER = 'scsm-dr-';

/**
 * The comments of a YAML text that contain the directive marker, found on the concrete syntax
 * tree of the YAML library, so that a `#` inside a quoted or block scalar is never taken for a
 * comment. The tree is walked generically: comments sit in the `start`, `sep` and `end` token
 * lists of every kind of node.
 */
function directiveComments(text: string, toLocation: (offset: number) => SourceLocation): SourceComment[] {
  if (!text.includes(DIRECTIVE_MARKER)) return [];
  const found: SourceComment[] = [];
  const seen = new Set<object>();
  const walk = (value: unknown): void => {
    if (typeof value !== 'object' || value === null || seen.has(value)) return;
    seen.add(value);
    if (Array.isArray(value)) {
      for (const item of value) walk(item);
      return;
    }
    const token = value as { type?: unknown; source?: unknown; offset?: unknown };
    if (token.type === 'comment' && typeof token.source === 'string' && typeof token.offset === 'number') {
      if (token.source.includes(DIRECTIVE_MARKER))
        found.push({
          text: token.source.replace(/^#/, ''),
          location: toLocation(token.offset),
          ownLine: text.slice(text.lastIndexOf('\n', token.offset - 1) + 1, token.offset).trim() === '',
        });
      return;
    }
    for (const child of Object.values(value)) walk(child);
  };
  for (const token of new Parser().parse(text)) walk(token);
  return found.sort((a, b) => a.location.line - b.location.line || a.location.column - b.location.column);
}

function pathKey(path: NodePath): string {
  return JSON.stringify(path);
}

/**
 * Decodes file bytes as UTF-8 text, refusing binary data and invalid UTF-8 with a clear
 * error instead of letting replacement characters flow into names and reports.
 */
export function decodeSource(bytes: Uint8Array, file: string): LoadResult<string> {
  const at = (line: number, column: number): SourceLocation => ({ file, line, column });
  if (bytes.byteLength > INPUT_LIMITS.maxFileBytes) return tooLarge(bytes.byteLength, file);
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    const line = countLines(bytes.subarray(0, nul));
    return {
      ok: false,
      errors: [
        {
          location: at(line, 1),
          path: [],
          message: 'file contains a NUL byte: this looks like a binary file, not YAML or JSON',
          expected: 'a UTF-8 text file',
        },
      ],
    };
  }
  try {
    let text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { ok: true, value: text };
  } catch {
    const offset = firstInvalidUtf8Offset(bytes);
    const line = countLines(bytes.subarray(0, offset));
    return {
      ok: false,
      errors: [
        {
          location: at(line, 1),
          path: [],
          message: `file is not valid UTF-8 (first invalid byte at offset ${offset})`,
          expected: 'a UTF-8 text file',
          suggestion: 'save the file as UTF-8 in your editor',
        },
      ],
    };
  }
}

function tooLarge(size: number, file: string): LoadResult<string> {
  return {
    ok: false,
    errors: [
      {
        location: { file, line: 1, column: 1 },
        path: [],
        message: `file is ${size} bytes, over the limit of ${INPUT_LIMITS.maxFileBytes} bytes`,
        expected: 'an environment or plan description of a few kilobytes',
      },
    ],
  };
}

function countLines(bytes: Uint8Array): number {
  let lines = 1;
  for (const byte of bytes) if (byte === 0x0a) lines++;
  return lines;
}

function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  // Binary search for the longest prefix that decodes in streaming mode: streaming tolerates
  // a character cut off at the end of the prefix, so validity is monotonic in the length
  // (a prefix that must end on a character boundary is not: "é" cut in half is invalid, whole
  // it is valid again). Decoding is the only reliable validator.
  let low = 0;
  let high = bytes.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
      low = mid;
    } catch {
      high = mid - 1;
    }
  }
  if (low < bytes.length) return low;
  // The whole file decodes but ends inside a character: point at that character's first byte.
  let start = bytes.length - 1;
  while (start > 0 && ((bytes[start] ?? 0) & 0xc0) === 0x80) start--;
  return start;
}

/**
 * Where an error about the file as a whole (missing, a directory, unreadable) is located: the
 * file itself, without a line (line 0), since no line of it was read. `formatInputError`
 * prints such a location as the file name alone.
 */
function wholeFile(file: string): SourceLocation {
  return { file, line: 0, column: 0 };
}

/**
 * Reads an input file from disk and decodes it. Missing files, directories and unreadable
 * files are reported as input errors about the file itself, with no position in it.
 */
export async function readSourceFile(file: string): Promise<LoadResult<string>> {
  const refuse = (message: string, expected?: string): LoadResult<string> => ({
    ok: false,
    errors: [{ location: wholeFile(file), path: [], message, ...(expected ? { expected } : {}) }],
  });
  try {
    const info = await stat(file);
    if (info.isDirectory()) return refuse('is a directory', 'a YAML or JSON file');
    if (!info.isFile()) return refuse('not a regular file', 'a YAML or JSON file');
    if (info.size > INPUT_LIMITS.maxFileBytes) return tooLarge(info.size, file);
    return decodeSource(await readFile(file), file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return refuse('no such file');
    if (code === 'ENOTDIR') return refuse('no such file (a part of the path is not a directory)');
    if (code === 'EACCES' || code === 'EPERM') return refuse('permission denied: the file cannot be read');
    if (code === 'EISDIR') return refuse('is a directory', 'a YAML or JSON file');
    if (code === 'ENAMETOOLONG') return refuse('the file name is too long');
    if (code === 'ELOOP') return refuse('too many levels of symbolic links');
    if (typeof code === 'string') return refuse(`cannot read the file (${code})`);
    throw error;
  }
}

/** Whether the file is read as JSON: its name ends in `.json` (any case). */
function isJsonFile(file: string): boolean {
  return /\.json$/i.test(file);
}

/**
 * A YAML parser's message in the words of the file's own syntax: in a `.json` file a "flow
 * map" is an object and a "flow sequence" an array.
 */
function syntaxMessage(message: string, json: boolean): string {
  const first = message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? message;
  if (!json) return `YAML syntax error: ${first}`;
  const words = first
    .replace(/Map keys/g, 'Object keys')
    .replace(/flow map items/g, 'object members')
    .replace(/[Ff]low map/g, (match) => (match.startsWith('F') ? 'Object' : 'object'))
    .replace(/[Ff]low sequence items/g, 'array elements')
    .replace(/[Ff]low sequence/g, (match) => (match.startsWith('F') ? 'Array' : 'array'))
    .replace(/[Ff]low collection/g, (match) =>
      match.startsWith('F') ? 'Object or array' : 'object or array',
    );
  return `JSON syntax error: ${words}`;
}

/**
 * Refuses text whose nesting would make the YAML parser itself slow or recursive enough to
 * exhaust the stack, before the parser sees it. Flow brackets are counted without regard to
 * quoting, which can only over-count: a legitimate file never comes near the limit.
 */
function prescan(text: string, file: string): InputError | undefined {
  let depth = 0;
  let line = 1;
  let column = 0;
  let lineStart = true;
  let indent = 0;
  let compact = 0;
  const blank = (code: number): boolean => code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    column++;
    if (ch === 0x0a) {
      line++;
      column = 0;
      lineStart = true;
      indent = 0;
      compact = 0;
      continue;
    }
    if (lineStart) {
      if (ch === 0x20 || ch === 0x09) {
        indent++;
        if (indent > INPUT_LIMITS.maxIndent) {
          return {
            location: { file, line, column },
            path: [],
            message: `indentation deeper than ${INPUT_LIMITS.maxIndent} columns`,
            expected: `nesting of at most ${INPUT_LIMITS.maxDepth} levels`,
          };
        }
        continue;
      }
      // `- - - x` and `? ? x` nest block collections on one line without indentation; the
      // YAML composer recurses once per level, so they are counted like brackets.
      if ((ch === 0x2d || ch === 0x3f || ch === 0x3a) && blank(text.charCodeAt(i + 1))) {
        compact++;
        if (compact > INPUT_LIMITS.maxDepth) {
          return {
            location: { file, line, column },
            path: [],
            message: `block collections nested deeper than ${INPUT_LIMITS.maxDepth} levels on one line`,
            expected: `nesting of at most ${INPUT_LIMITS.maxDepth} levels`,
          };
        }
        continue;
      }
      lineStart = false;
    }
    if (ch === 0x5b || ch === 0x7b) {
      depth++;
      if (depth > INPUT_LIMITS.maxDepth) {
        return {
          location: { file, line, column },
          path: [],
          message: `brackets nested deeper than ${INPUT_LIMITS.maxDepth} levels`,
          expected: `nesting of at most ${INPUT_LIMITS.maxDepth} levels`,
        };
      }
    } else if ((ch === 0x5d || ch === 0x7d) && depth > 0) {
      depth--;
    }
  }
  return undefined;
}

/**
 * Parses YAML or JSON text (JSON is read by the same YAML 1.2 parser, so both get the same
 * positions and errors) into a plain value with source positions. Never throws for bad input:
 * every problem comes back as an {@link InputError}.
 */
export function parseSource(text: string, file: string): LoadResult<ParsedSource> {
  const early = prescan(text, file);
  if (early) return { ok: false, errors: [early] };

  const lineCounter = new LineCounter();
  let document: Document.Parsed;
  try {
    document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true });
  } catch (error) {
    return {
      ok: false,
      errors: [
        {
          location: { file, line: 1, column: 1 },
          path: [],
          message: `the file could not be parsed: ${(error as Error).message}`,
        },
      ],
    };
  }
  const toLocation = (offset: number): SourceLocation => {
    const position = lineCounter.linePos(offset);
    return { file, line: position.line, column: position.col };
  };
  const spanOf = (node: Node | null | undefined, fallback: number): SourceLocation => {
    const range = node?.range;
    if (!range) return toLocation(fallback);
    const start = lineCounter.linePos(range[0]);
    const end = lineCounter.linePos(range[1]);
    return { file, line: start.line, column: start.col, endLine: end.line, endColumn: end.col };
  };

  // An unknown tag (`!Ref x`, `!!python/object …`) is only a warning to the YAML library, which
  // then silently drops it; here it is an error, since the file means something we do not read.
  const json = isJsonFile(file);
  const problems = [
    ...document.errors,
    ...document.warnings.filter((warning) => warning.code === 'TAG_RESOLVE_FAILED'),
  ];
  if (problems.length > 0) {
    return {
      ok: false,
      errors: problems.map((error) => ({
        location: toLocation(error.pos[0]),
        path: [],
        message:
          error.code === 'TAG_RESOLVE_FAILED'
            ? `unsupported YAML tag: ${error.message
                .split('\n')[0]
                ?.replace(/^Unresolved tag: /, '')
                .replace(/ at line \d+, column \d+:?$/, '')}`
            : syntaxMessage(error.message, json),
        expected:
          error.code === 'TAG_RESOLVE_FAILED'
            ? 'a plain string, number, boolean or null'
            : json
              ? expectedForJsonError(error.code)
              : expectedForYamlError(error.code),
      })),
    };
  }

  const spans = new Map<string, NodeSpan>();
  const errors: InputError[] = [];
  let aliases = 0;
  let nodes = 0;
  let refused = false;

  const convert = (node: unknown, path: (string | number)[], depth: number, inAlias: boolean): unknown => {
    if (refused) return undefined;
    nodes++;
    if (nodes > INPUT_LIMITS.maxNodes) {
      refused = true;
      errors.push({
        location: spanOf(node as Node, 0),
        path,
        message: `the document expands to more than ${INPUT_LIMITS.maxNodes} nodes (an alias bomb?)`,
        expected: 'a document without exponential alias expansion',
      });
      return undefined;
    }
    if (depth > INPUT_LIMITS.maxDepth) {
      refused = true;
      errors.push({
        location: spanOf(node as Node, 0),
        path,
        message: `nesting deeper than ${INPUT_LIMITS.maxDepth} levels`,
        expected: `nesting of at most ${INPUT_LIMITS.maxDepth} levels`,
      });
      return undefined;
    }
    if (isAlias(node)) {
      aliases++;
      if (aliases > INPUT_LIMITS.maxAliases) {
        refused = true;
        errors.push({
          location: spanOf(node, 0),
          path,
          message: `more than ${INPUT_LIMITS.maxAliases} alias references (an alias bomb?)`,
          expected: 'a document that repeats values instead of aliasing them this often',
        });
        return undefined;
      }
      const target = (node as Alias).resolve(document);
      if (!target) {
        errors.push({ location: spanOf(node, 0), path, message: `unknown alias *${(node as Alias).source}` });
        return undefined;
      }
      if (!spans.has(pathKey(path))) spans.set(pathKey(path), { value: spanOf(node, 0) });
      return convert(target, path, depth, true);
    }
    if (!inAlias || !spans.has(pathKey(path))) {
      const existing = spans.get(pathKey(path));
      spans.set(pathKey(path), { ...existing, value: spanOf(node as Node, 0) });
    }
    if (isScalar(node)) {
      const value = node.value;
      if (value instanceof Uint8Array || (typeof value === 'object' && value !== null)) {
        errors.push({
          location: spanOf(node, 0),
          path,
          message: `unsupported YAML tag ${node.tag ?? ''}`.trim(),
          expected: 'a plain string, number, boolean or null',
        });
        return undefined;
      }
      if (typeof value === 'number' && !Number.isFinite(value)) {
        errors.push({
          location: spanOf(node, 0),
          path,
          message: 'not a finite number',
          expected: 'a finite number',
        });
        return undefined;
      }
      return value;
    }
    // `!!omap`, `!!pairs` and `!!set` make the YAML library build ordered maps, lists of pairs
    // and sets, which no field of the format is; refused at the collection's own position.
    if ((isSeq(node) || isMap(node)) && node.tag !== undefined && !STANDARD_COLLECTION_TAGS.has(node.tag)) {
      const start = node.range?.[0];
      const tag = start === undefined ? undefined : tagOffset(text, start);
      errors.push({
        location: tag === undefined ? spanOf(node, 0) : toLocation(tag),
        path,
        message: `unsupported YAML tag ${shortTag(node.tag)}`,
        expected: 'a mapping or a list without a tag',
        suggestion: `remove the tag ${shortTag(node.tag)}`,
      });
      return undefined;
    }
    if (isSeq(node)) {
      return node.items.map((item, index) => convert(item, [...path, index], depth + 1, inAlias));
    }
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as Node | null;
        const rawKey = isScalar(keyNode) ? keyNode.value : undefined;
        if (typeof rawKey !== 'string' && typeof rawKey !== 'number') {
          errors.push({
            location: spanOf(keyNode, 0),
            path,
            message: 'mapping key is not a plain string',
            expected: 'a key such as `name:`',
          });
          continue;
        }
        const key = String(rawKey);
        const childPath = [...path, key];
        if (FORBIDDEN_KEYS.has(key)) {
          errors.push({
            location: spanOf(keyNode, 0),
            path: childPath,
            message: `the key '${key}' is not allowed`,
            expected: 'a field of the scsm-dr format',
          });
          continue;
        }
        const valueNode = pair.value as Node | null;
        const keySpan = spanOf(keyNode, 0);
        if (!inAlias || !spans.has(pathKey(childPath))) {
          spans.set(pathKey(childPath), { key: keySpan, value: valueNode ? spanOf(valueNode, 0) : keySpan });
        }
        // defineProperty keeps even odd keys as plain own data properties.
        Object.defineProperty(out, key, {
          value: valueNode === null ? null : convert(valueNode, childPath, depth + 1, inAlias),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
    if (node === null || node === undefined) return null;
    errors.push({ location: spanOf(node as Node, 0), path, message: 'unsupported YAML node' });
    return undefined;
  };

  const value = document.contents === null ? null : convert(document.contents, [], 0, false);
  if (errors.length > 0) return { ok: false, errors };

  const documentStart: SourceLocation = { file, line: 1, column: 1 };
  return {
    ok: true,
    value: {
      file,
      value,
      directives: directiveComments(text, toLocation),
      locate(path, part = 'value') {
        for (let length = path.length; length >= 0; length--) {
          const span = spans.get(pathKey(path.slice(0, length)));
          if (span) return part === 'key' && length === path.length && span.key ? span.key : span.value;
        }
        return documentStart;
      },
    },
  };
}

function expectedForJsonError(code: string): string | undefined {
  return code === 'DUPLICATE_KEY' ? 'each key once per object' : undefined;
}

function expectedForYamlError(code: string): string | undefined {
  switch (code) {
    case 'DUPLICATE_KEY':
      return 'each key once per mapping';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
      return 'consistent indentation with spaces';
    case 'TAB_AS_INDENT':
      return 'spaces, not tabs, for indentation';
    default:
      return undefined;
  }
}
