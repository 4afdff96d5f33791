/**
 * Escapes untrusted text for a GitHub-flavoured Markdown table cell: Markdown punctuation is
 * backslash-escaped, HTML is neutralised, and line breaks and pipes cannot break the table.
 */
export function escapeMarkdownCell(text: string): string {
  return escapeMarkdownInline(text).replace(/\r\n?|\n/g, ' ');
}

/** Escapes untrusted text for inline Markdown: no emphasis, links, HTML or mentions survive. */
export function escapeMarkdownInline(text: string): string {
  return text
    .replace(/[\\`*_{}[\]()#+\-.!|~>]/g, (character) => `\\${character}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/@/g, '&#64;');
}
