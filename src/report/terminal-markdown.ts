/**
 * Markdown for the terminal: the rule pages (`docs/rules/<id>.md`) rendered by `scsm-dr rules
 * <id>`. The page is tokenised by `marked` (a maintained Markdown parser), and this module only
 * decides how each token looks in a terminal: headings bold, code blocks indented, tables as
 * aligned columns, links as their text with the address after it.
 *
 * Every piece of text goes through `printable`, so a page (or a catalog string) cannot move the
 * cursor or colour the terminal, whatever it contains.
 */
import { lexer, type Token, type Tokens } from 'marked';
import { maxOf } from '../common/numbers.js';
import type { RuleMeta } from '../rules/types.js';
import type { Colors } from './colors.js';
import { printable } from './reporters/shared.js';

/** How a page is rendered: its colours and the width paragraphs are wrapped at. */
export interface TerminalMarkdownOptions {
  readonly colors: Colors;
  /** The column paragraphs wrap at; code blocks and tables are never wrapped. */
  readonly width: number;
}

/** Renders a Markdown document for the terminal, final newline included. This is a pure function. */
export function renderTerminalMarkdown(markdown: string, options: TerminalMarkdownOptions): string {
  const blocks = lexer(markdown)
    .map((token) => block(token, options, ''))
    .filter((text) => text !== undefined);
  return `${blocks.join('\n\n')}\n`;
}

/**
 * A rule's page built from its catalog entry alone, as Markdown, for when the page file cannot
 * be found (a damaged installation): the same sections as the shipped pages, without examples.
 */
export function catalogRulePage(rule: RuleMeta): string {
  return [
    `# ${rule.id}`,
    rule.title,
    `| Property | Value |\n|---|---|\n| Severity | \`${rule.severity}\` |\n| Category | ${rule.category} rule |\n| Citations | ${rule.citations.join(', ')} |`,
    `## Why\n\n${rule.rationale}`,
    `## How to fix\n\n${rule.remediation}`,
    ...(rule.documentationGap ? [`## Where the documents are silent\n\n${rule.documentationGap}`] : []),
  ].join('\n\n');
}

function block(token: Token, options: TerminalMarkdownOptions, indent: string): string | undefined {
  const c = options.colors;
  switch (token.type) {
    case 'space':
      return undefined;
    case 'heading': {
      const text = inline((token as Tokens.Heading).tokens, c);
      // A rule under the top two levels, so headings stand out without colour too.
      const rule =
        token.depth <= 2
          ? `\n${indent}${c.dim((token.depth === 1 ? '═' : '─').repeat(visibleLength(text)))}`
          : '';
      return `${indent}${c.bold(text)}${rule}`;
    }
    case 'paragraph':
      // A paragraph that is only a link into the docs folder is navigation (`All rules`).
      if (isRelativeLinkOnly((token as Tokens.Paragraph).tokens)) return undefined;
      return wrap(inline((token as Tokens.Paragraph).tokens, c), options.width, indent);
    case 'text':
      return wrap(
        (token as Tokens.Text).tokens
          ? inline((token as Tokens.Text).tokens ?? [], c)
          : printable(token.text),
        options.width,
        indent,
      );
    case 'code':
      return (token as Tokens.Code).text
        .split('\n')
        .map((line) => `${indent}    ${c.cyan(printable(line))}`)
        .join('\n');
    case 'blockquote':
      return (token as Tokens.Blockquote).tokens
        .map((child) => block(child, options, `${indent}${c.dim('│')} `))
        .filter((text) => text !== undefined)
        .join('\n');
    case 'list':
      return (token as Tokens.List).items
        .map((item, i) => {
          const bullet = (token as Tokens.List).ordered
            ? `${Number((token as Tokens.List).start || 1) + i}.`
            : '•';
          const body = item.tokens
            .map((child) => block(child, options, `${indent}  `))
            .filter((text) => text !== undefined)
            .join('\n')
            .trimStart();
          return `${indent}${bullet} ${body}`;
        })
        .join('\n');
    case 'table':
      return table(token as Tokens.Table, c, indent);
    case 'hr':
      return `${indent}${c.dim('─'.repeat(Math.min(40, options.width)))}`;
    case 'html':
      return undefined;
    default:
      return 'text' in token && typeof token.text === 'string'
        ? `${indent}${printable(token.text)}`
        : undefined;
  }
}

/** Inline tokens as one string; `<br>` becomes a line break, other inline HTML is dropped. */
function inline(tokens: readonly Token[], c: Colors): string {
  return tokens
    .map((token) => {
      switch (token.type) {
        case 'strong':
          return c.bold(inline((token as Tokens.Strong).tokens, c));
        case 'em':
          return c.italic(inline((token as Tokens.Em).tokens, c));
        case 'del':
          return c.strikethrough(inline((token as Tokens.Del).tokens, c));
        case 'codespan':
          // Without colour the backticks stay, so code still reads as code.
          return c.isColorSupported
            ? c.cyan(printable(decodeEntities((token as Tokens.Codespan).text)))
            : `\`${printable(decodeEntities((token as Tokens.Codespan).text))}\``;
        case 'br':
          return '\n';
        case 'link': {
          const link = token as Tokens.Link;
          const text = inline(link.tokens, c);
          // Relative links point into the docs folder, which the terminal cannot follow; the
          // address is shown only when it is a web page.
          return /^https?:\/\//i.test(link.href) && link.href !== link.text
            ? `${text} ${c.dim(`<${printable(link.href)}>`)}`
            : text;
        }
        case 'html':
          return /^<br\s*\/?>$/i.test(token.text.trim()) ? '\n' : '';
        case 'escape':
          return printable(token.text);
        case 'text':
          return (token as Tokens.Text).tokens
            ? inline((token as Tokens.Text).tokens ?? [], c)
            : printable(decodeEntities(token.text));
        default:
          return 'text' in token && typeof token.text === 'string' ? printable(token.text) : '';
      }
    })
    .join('');
}

function isRelativeLinkOnly(tokens: readonly Token[]): boolean {
  const link = tokens.length === 1 ? tokens[0] : undefined;
  return link?.type === 'link' && !/^https?:\/\//i.test((link as Tokens.Link).href);
}

/** The few HTML entities the pages use, so `&amp;` reads as `&` in the terminal. */
function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The visible length of a string: ANSI colour sequences take no columns. */
function visibleLength(text: string): number {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching the colour sequences this module writes is the point
  return text.replace(/\u001b\[[0-9;]*m/g, '').length;
}

/** Wraps text at spaces to the width, keeping explicit line breaks; long words are not split. */
function wrap(text: string, width: number, indent: string): string {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/ +/)) {
      if (word === '') continue;
      if (line !== '' && visibleLength(indent) + visibleLength(line) + 1 + visibleLength(word) > width) {
        lines.push(`${indent}${line}`);
        line = word;
      } else {
        line = line === '' ? word : `${line} ${word}`;
      }
    }
    lines.push(`${indent}${line}`);
  }
  return lines.join('\n');
}

/**
 * A table as aligned columns, header in bold. A cell with line breaks (`<br>`) takes several
 * lines, and the other cells of its row are padded below it.
 */
function table(token: Tokens.Table, c: Colors, indent: string): string {
  const rows = [token.header, ...token.rows].map((cells) =>
    cells.map((cell) => inline(cell.tokens, c).split('\n')),
  );
  const widths = token.header.map((_, column) =>
    maxOf(rows.map((row) => maxOf((row[column] ?? ['']).map(visibleLength)))),
  );
  const out: string[] = [];
  rows.forEach((row, r) => {
    const height = maxOf(row.map((cell) => cell.length));
    for (let line = 0; line < height; line++) {
      const text = row
        .map((cell, column) => {
          const part = cell[line] ?? '';
          return part + ' '.repeat(Math.max(0, (widths[column] ?? 0) - visibleLength(part)));
        })
        .join('  ')
        .trimEnd();
      out.push(`${indent}${r === 0 ? c.bold(text) : text}`);
    }
  });
  return out.join('\n');
}
