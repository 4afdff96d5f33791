/**
 * The one escaper for text that reaches a terminal, a log or a rendered report. Every string
 * that comes from an input file, a journal, an answers script or the command line is untrusted:
 * it may carry an escape sequence that retitles the window (`ESC ] 0 ; … BEL`), clears the
 * screen (`ESC [ 2 J`) or moves the cursor, a line break that fakes an output line such as
 * `error: …`, or a bidirectional override that makes a line read differently from what it says
 * ("Trojan Source", CVE-2021-42574).
 *
 * Two entry points share one table and one spelling of the escapes:
 * - {@link printable} for one untrusted field: every character of the table, line breaks
 *   included, is shown as an escape, so the field stays on its line;
 * - {@link terminalText} for a whole text about to be written to a terminal or a log, as a net
 *   behind the fields: it keeps the text's own line breaks and colour (SGR) sequences and
 *   escapes every other control, so no cursor movement, title or screen clearing gets through
 *   even where a field was not escaped.
 */

/**
 * C0 controls (U+0000–U+001F: ESC, BEL, CR, LF, TAB …), DEL (U+007F), C1 controls
 * (U+0080–U+009F, where U+009B is a one-character CSI), the Arabic letter mark, zero-width
 * characters and marks (U+200B–U+200F), the line and paragraph separators, the bidirectional
 * embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) and the byte order mark.
 *
 * The tab is escaped too: no text of scsm-dr's own uses one, and in an untrusted name it only
 * serves to push columns out of line.
 */
const UNPRINTABLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's purpose
  /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

/**
 * What {@link terminalText} lets through: a line feed, or a complete SGR (colour and emphasis)
 * sequence as the colour functions write it, `ESC [ n ; … m`. Everything else that
 * {@link UNPRINTABLE} matches is escaped.
 */
const UNPRINTABLE_OR_KEPT =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's purpose
  /\u001b\[[0-9]{0,3}(?:;[0-9]{1,3})*m|[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

const NAMED_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * The visible spelling of one unprintable character: `\n`, `\r` and `\t` by name, the other
 * C0 controls and DEL as `\x1b`, everything else (C1 controls, bidi and zero-width
 * characters) as `\u009b`, its code point: a C1 control is two bytes in UTF-8, so a `\x9b`
 * would misstate what the file contains.
 */
function escapeCharacter(character: string): string {
  const named = NAMED_ESCAPES[character];
  if (named !== undefined) return named;
  const code = character.charCodeAt(0);
  return code <= 0x7f
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * Makes one untrusted field safe to print on one line: every control, bidi and zero-width
 * character is shown as its escape (`\x1b`, `\n`, `\u202e`), so nothing is silently dropped
 * and nothing can move the cursor, colour the terminal, start a new line or reorder the text.
 * Backslashes are left as they are (Windows paths stay readable). Idempotent: its output has
 * nothing left to escape. This is a pure function.
 */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, escapeCharacter);
}

/**
 * Makes a whole text safe to write to a terminal or a log: its line breaks and its SGR colour
 * sequences stay, every other control, bidi or zero-width character is escaped as
 * {@link printable} escapes it. This is the net at the writer's edge; the fields of the text
 * must still go through {@link printable}, since only that stops an untrusted line break.
 * For text formats only: JSON, SARIF, JUnit, YAML and HTML have escaping of their own.
 * This is a pure function.
 */
export function terminalText(text: string): string {
  return text.replace(UNPRINTABLE_OR_KEPT, (match) =>
    match === '\n' || match.length > 1 ? match : escapeCharacter(match),
  );
}
