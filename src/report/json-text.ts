/**
 * JSON text in pieces: exactly the characters of `JSON.stringify(value, null, 2)`, cut so that
 * no one string holds a long list whole. V8 refuses strings over about 512 MB ("Invalid string
 * length"), and `score --pairs --format json` on 1,300 computers is 635 MB of text; in pieces,
 * a long list is a string per run of elements, and the writer joins them into batches
 * (`textBatches` in `src/common/text-pieces.ts`) as it writes. Every piece is written by
 * `JSON.stringify` itself, a long list in runs of {@link LONG_LIST} elements, so the pieces
 * are few and the text is the library's own.
 */

/** Lists longer than this are written in runs of this many elements; shorter ones in one piece. */
export const LONG_LIST = 1024;

/**
 * The pieces of `JSON.stringify(value, null, 2)`: their concatenation is that text, character
 * for character (`test/report/json-text.test.ts` checks it on random values). `longList` is
 * the length above which a list is cut, and the length of its runs (tests lower it). Lists are
 * looked for in the value and its first two levels of properties, where reports keep theirs.
 * This is a pure function.
 */
export function jsonPieces(value: unknown, longList = LONG_LIST): string[] {
  const pieces: string[] = [];
  write(value, '', longList, pieces);
  return pieces;
}

/** Appends the text of `value` at the nesting `indent` (the spaces of its line) to `out`. */
function write(value: unknown, indent: string, longList: number, out: string[]): void {
  if (!holdsLongList(value, longList)) {
    out.push(nested(value, indent));
    return;
  }
  if (Array.isArray(value)) {
    // The list in runs of `longList` elements, each run stringified as a list at this list's
    // place, its brackets cut off: `[` and the closing line are written once. `stringify`
    // itself writes a `null` for what JSON cannot hold, as it does in a list.
    out.push('[');
    const closing = indent.length + 2;
    const size = Math.max(1, longList);
    for (let start = 0; start < value.length; start += size) {
      if (start > 0) out.push(',');
      const run = nested(value.slice(start, start + size), indent);
      out.push(run.slice(1, run.length - closing));
    }
    out.push(`\n${indent}]`);
    return;
  }
  const inner = `${indent}  `;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => serializable(item));
  out.push('{');
  entries.forEach(([name, item], index) => {
    out.push(`\n${inner}${JSON.stringify(name)}: `);
    write(item, inner, longList, out);
    if (index < entries.length - 1) out.push(',');
  });
  out.push(`\n${indent}}`);
}

/**
 * `JSON.stringify(value, null, 2)` as it reads nested at `indent`: the value is stringified
 * inside as many one-element lists as it is deep, and the lists' own text is cut off, so that
 * `stringify` itself indents every line (faster than indenting the lines afterwards).
 */
function nested(value: unknown, indent: string): string {
  const depth = indent.length / 2;
  let wrapped: unknown = value;
  for (let level = 0; level < depth; level++) wrapped = [wrapped];
  const text = JSON.stringify(wrapped, null, 2) as string | undefined;
  if (text === undefined)
    throw new TypeError('the value has no JSON text (undefined, a function or a symbol)');
  if (depth === 0) return text;
  // Each level opens with `[`, a line break and the next level's indent, and closes with a
  // line break, its own indent and `]`: `[\n  [\n    ` and `\n  ]\n]` for a depth of 2.
  let head = 0;
  let tail = 0;
  for (let level = 0; level < depth; level++) {
    head += 2 + 2 * (level + 1);
    tail += 2 + 2 * level;
  }
  return text.slice(head, text.length - tail);
}

/** Whether `stringify` writes a value in an object at all (it leaves out undefined, functions, symbols). */
function serializable(value: unknown): boolean {
  return value !== undefined && typeof value !== 'function' && typeof value !== 'symbol';
}

/**
 * Whether `value` is a list longer than `longList`, or an object that holds one in its first
 * levels of properties: only such values are cut. The elements of a list are not looked into
 * (a long list is cut into runs of whole elements). A value with a `toJSON` method is left
 * whole to `stringify`, which calls it.
 */
function holdsLongList(value: unknown, longList: number, depth = 0): boolean {
  if (typeof value !== 'object' || value === null || depth > 2) return false;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  if (Array.isArray(value)) return value.length > longList;
  for (const name in value) {
    if (!Object.hasOwn(value, name)) continue;
    if (holdsLongList((value as Record<string, unknown>)[name], longList, depth + 1)) return true;
  }
  return false;
}
