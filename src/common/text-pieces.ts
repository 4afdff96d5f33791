/**
 * Text that may be too long for one string, as pieces to write one after the other. V8 refuses
 * a string over about 512 MB ("Invalid string length"), and a report of a large estate can be
 * longer (`src/report/json-text.ts` cuts JSON so); every writer of output files and of stdout
 * takes these pieces and writes them in batches.
 */

/** Text to write: one string, or pieces to write one after the other. */
export type TextPieces = string | readonly string[];

/**
 * The pieces of `text` joined into strings of about `size` characters (a piece that long or
 * longer is a batch of its own), for writing: one write per megabyte rather than per piece,
 * and never one string of the whole. This is a pure function.
 */
export function* textBatches(text: TextPieces, size = 1 << 20): Generator<string> {
  if (typeof text === 'string') {
    if (text.length > 0) yield text;
    return;
  }
  let batch: string[] = [];
  let length = 0;
  for (const piece of text) {
    if (piece.length >= size) {
      // A long piece is written as it is, not copied into a batch.
      if (length > 0) yield batch.join('');
      batch = [];
      length = 0;
      yield piece;
      continue;
    }
    batch.push(piece);
    length += piece.length;
    if (length >= size) {
      yield batch.join('');
      batch = [];
      length = 0;
    }
  }
  if (length > 0) yield batch.join('');
}

/** Whether an error is V8's refusal of a string that would be too long. */
export function isStringTooLong(error: unknown): boolean {
  return error instanceof RangeError && error.message === 'Invalid string length';
}
