/**
 * Helpers for tests that edit a valid input file and check where the loader points.
 */

export interface Position {
  readonly line: number;
  readonly column: number;
}

/** The 1-based line and column where the `occurrence`-th `needle` starts in `text`. */
export function positionOf(text: string, needle: string, occurrence = 1): Position {
  let index = -1;
  for (let seen = 0; seen < occurrence; seen++) {
    index = text.indexOf(needle, index + 1);
    if (index < 0) throw new Error(`'${needle}' occurs fewer than ${occurrence} times in the text`);
  }
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  const column = index - before.lastIndexOf('\n');
  return { line, column };
}

/**
 * `text` with the single occurrence of `from` replaced by `to`. Throws when `from` is missing
 * or ambiguous, so a test cannot silently stop editing anything.
 */
export function edit(text: string, from: string, to: string): string {
  const first = text.indexOf(from);
  if (first < 0) throw new Error(`edit: '${from}' not found`);
  if (text.indexOf(from, first + 1) >= 0) throw new Error(`edit: '${from}' occurs more than once`);
  return text.slice(0, first) + to + text.slice(first + from.length);
}
