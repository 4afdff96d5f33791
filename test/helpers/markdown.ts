/**
 * Reading Markdown the way a GFM renderer would, for the tests of the Markdown reports:
 * backslash escapes, table rows and the tables of a document.
 */

/** Whether the character at `index` is escaped: preceded by an odd number of backslashes. */
export function isEscaped(text: string, index: number): boolean {
  let backslashes = 0;
  for (let i = index - 1; i >= 0 && text[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 1;
}

/** The indexes of `character` in `text` that are not backslash-escaped. */
export function unescaped(text: string, character: string): number[] {
  const found: number[] = [];
  for (let i = text.indexOf(character); i !== -1; i = text.indexOf(character, i + 1)) {
    if (!isEscaped(text, i)) found.push(i);
  }
  return found;
}

/** The cells of a GFM table row, split on unescaped pipes. */
export function cells(row: string): string[] {
  const pipes = unescaped(row, '|');
  return pipes.slice(0, -1).map((pipe, i) => row.slice(pipe + 1, pipes[i + 1]).trim());
}

/** The number of cells of a table row: unescaped pipes minus one. */
export function cellCount(row: string): number {
  return unescaped(row, '|').length - 1;
}

/** The tables of a document: runs of consecutive lines starting with a pipe. */
export function tables(text: string): string[][] {
  const found: string[][] = [];
  let current: string[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('|')) current.push(line);
    else if (current.length > 0) {
      found.push(current);
      current = [];
    }
  }
  if (current.length > 0) found.push(current);
  return found;
}
