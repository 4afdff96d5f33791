import { printable } from '../common/printable.js';

/**
 * Escapes untrusted text for a GitHub-flavoured Markdown table cell: Markdown punctuation is
 * backslash-escaped, HTML is neutralised, and line breaks and pipes cannot break the table.
 */
export function escapeMarkdownCell(text: string): string {
  return escapeMarkdownInline(text).replace(/\r\n?|\n/g, ' ');
}

/**
 * Escapes untrusted text for inline Markdown: no emphasis, links, HTML or mentions survive,
 * and control and bidi characters are shown as escapes (`printable`) first, since a Markdown
 * file is also read in terminals and diffs.
 */
export function escapeMarkdownInline(text: string): string {
  return printable(text)
    .replace(/[\\`*_{}[\]()#+\-.!|~>]/g, (character) => `\\${character}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/@/g, '&#64;');
}

/**
 * A ```mermaid block whose fence is longer than any backtick run inside (CommonMark), so that
 * no diagram text can close it early.
 */
export function mermaidFence(mermaid: string): string[] {
  const longest = Math.max(0, ...[...mermaid.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [`${fence}mermaid`, mermaid.trimEnd(), fence];
}
