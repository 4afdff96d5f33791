/**
 * The terminal styles the text reporters paint with. The command line decides whether its
 * output stream takes colour and passes a palette in (`src/cli/io.ts` builds one from
 * picocolors, which satisfies this interface); reporters never look at a stream or the
 * environment themselves, so the same result and palette give the same bytes.
 */

/** One style: wraps text in its escape sequences, or returns it unchanged when colour is off. */
export type Style = (text: string) => string;

/** The palette a reporter is given. */
export interface Colors {
  /** Whether the styles emit escape sequences (false for the plain palette). */
  readonly isColorSupported: boolean;
  readonly bold: Style;
  readonly dim: Style;
  readonly italic: Style;
  readonly underline: Style;
  readonly strikethrough: Style;
  readonly red: Style;
  readonly yellow: Style;
  readonly green: Style;
  readonly cyan: Style;
  readonly blue: Style;
}

const same: Style = (text) => text;

/** The palette without colour: every style returns its text unchanged. */
export const PLAIN: Colors = Object.freeze({
  isColorSupported: false,
  bold: same,
  dim: same,
  italic: same,
  underline: same,
  strikethrough: same,
  red: same,
  yellow: same,
  green: same,
  cyan: same,
  blue: same,
});
