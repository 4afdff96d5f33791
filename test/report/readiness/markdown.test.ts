import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatLocation } from '../../../src/common/location.js';
import { escapeMarkdownCell, escapeMarkdownInline } from '../../../src/report/markdown-escape.js';
import type { ReadinessReportInput } from '../../../src/report/readiness/index.js';
import { readinessMarkdown } from '../../../src/report/readiness/markdown.js';
import { reportDiagrams, taggedFindings, tracedFindings } from '../../../src/report/readiness/shared.js';
import { printable } from '../../../src/report/reporters/shared.js';
import { getRule } from '../../../src/rules/catalog.js';
import { RULE_DOCS_BASE_URL } from '../../../src/rules/docs-url.js';
import { BROKEN, HA, HOSTILE, HOSTILE_TEXTS, reportInput, SINGLE, writeHostileInputs } from './fixtures.js';

let ha: ReadinessReportInput;
let single: ReadinessReportInput;
let broken: ReadinessReportInput;
let hostile: ReadinessReportInput;
let noPlan: ReadinessReportInput;
let directory = '';

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'scsm-dr-readiness-md-'));
  const files = writeHostileInputs(directory);
  [ha, single, broken, hostile, noPlan] = await Promise.all([
    reportInput(HA.environment, HA.plan),
    reportInput(SINGLE.environment, SINGLE.plan),
    reportInput(BROKEN.environment, BROKEN.plan),
    reportInput(files.environment, files.plan),
    reportInput(HA.environment),
  ]);
}, 120_000);

afterAll(async () => {
  if (directory) await rm(directory, { recursive: true, force: true });
});

/** Whether the character at `index` is backslash-escaped. */
function isEscaped(text: string, index: number): boolean {
  let backslashes = 0;
  for (let i = index - 1; i >= 0 && text[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 1;
}

/** The number of cells of a table row: unescaped pipes minus one. */
function cellCount(row: string): number {
  let pipes = 0;
  for (let i = 0; i < row.length; i++) if (row[i] === '|' && !isEscaped(row, i)) pipes++;
  return pipes - 1;
}

/** The document without its fenced code blocks (the Mermaid sources), and the blocks. */
function splitFences(markdown: string): { prose: string; blocks: string[] } {
  const blocks: string[] = [];
  const prose = markdown.replace(
    /^(`{3,})mermaid\n([\s\S]*?)\n\1$/gm,
    (_match, _fence: string, body: string) => {
      blocks.push(body);
      return '';
    },
  );
  return { prose, blocks };
}

/** The tables of a document: runs of lines starting with a pipe. */
function tables(text: string): string[][] {
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

describe('Markdown readiness report', () => {
  it('states the score, the verdict and the separate assurance score', () => {
    const markdown = readinessMarkdown(ha);
    expect(markdown.startsWith('# Recovery readiness of corvid\\-logistics\\-production\n')).toBe(true);
    expect(markdown).toContain(`## Readiness score: ${ha.readiness.score}/100`);
    expect(markdown).toContain(`**Assurance score (separate): ${ha.readiness.assurance.score}/100**`);
    expect(markdown).toMatch(/\*\*(Ready|Mostly ready|At risk|Not ready): \d+ of 13 disruptions/);
  });

  it('has a row per disruption and well-formed tables', () => {
    const markdown = readinessMarkdown(ha);
    for (const row of ha.readiness.disruptions) {
      expect(markdown).toContain(
        `| **${escapeMarkdownCell(row.id)}**<br>${escapeMarkdownCell(row.description)} |`,
      );
    }
    for (const table of tables(splitFences(markdown).prose)) {
      const width = cellCount(table[0]!);
      for (const line of table) expect(cellCount(line), line).toBe(width);
    }
  });

  it('lists every finding by rule with location, message, rationale, remediation and a link', () => {
    const markdown = readinessMarkdown(single);
    for (const { finding } of taggedFindings(single.readiness)) {
      const rule = getRule(finding.ruleId)!;
      expect(markdown).toContain(`| ${escapeMarkdownCell(formatLocation(finding.location))} |`);
      expect(markdown).toContain(escapeMarkdownCell(finding.message));
      expect(markdown).toContain(`**Why:** ${rule.rationale}`);
      expect(markdown).toContain(`**How to fix:** ${rule.remediation}`);
      expect(markdown).toContain(`](${RULE_DOCS_BASE_URL}${rule.id}.md) — ${rule.title}`);
    }
  });

  it('gives each violation its numbered trace, and every diagram a mermaid block', () => {
    const markdown = readinessMarkdown(broken);
    for (const finding of tracedFindings(broken.readiness)) {
      for (const step of finding.trace) {
        expect(markdown).toContain(`    ${step.index + 1}. ${escapeMarkdownInline(printable(step.summary))}`);
      }
    }
    const { blocks } = splitFences(markdown);
    expect(blocks.map((block) => block.split('\n')[0])).toEqual(
      reportDiagrams(broken).map((diagram) => diagram.mermaid.split('\n')[0]),
    );
  });

  it('says when there is no plan', () => {
    const markdown = readinessMarkdown(noPlan);
    expect(markdown).toContain('No plan was given.');
    expect(splitFences(markdown).blocks).toHaveLength(1 + 8);
  });

  it('escapes every hostile string: no HTML, link, mention or table cell comes from input', () => {
    const markdown = readinessMarkdown(hostile);
    const { prose, blocks } = splitFences(markdown);
    // The only HTML is the report's own.
    // (Code spans come only from the catalog's own prose, `scsm-dr plan <environment>`.)
    const outsideCode = prose.replace(/(?<!\\)`[^`\n]*`/g, '');
    const tags = [...outsideCode.matchAll(/<\/?[A-Za-z!][^>]*>/g)].map((match) => match[0]);
    expect(new Set(tags)).toEqual(new Set(['<br>', '<details>', '</details>', '<summary>', '</summary>']));
    // The only links are to rule pages.
    for (const match of prose.matchAll(/\]\(/g)) {
      if (isEscaped(prose, match.index)) continue;
      expect(prose.slice(match.index + 2).startsWith(RULE_DOCS_BASE_URL)).toBe(true);
    }
    expect(prose).not.toMatch(/(^|[^#&\w])@mention/);
    for (const table of tables(prose)) {
      const width = cellCount(table[0]!);
      for (const line of table) expect(cellCount(line), line).toBe(width);
    }
    // Each hostile string shows up escaped, in a cell or in running text.
    for (const value of [
      HOSTILE.environmentName,
      HOSTILE.siteA,
      HOSTILE.siteB,
      HOSTILE.drillScenario,
      HOSTILE.drillNotes,
      HOSTILE.title1,
      HOSTILE.title2,
      HOSTILE.title3,
      HOSTILE.collationA,
    ]) {
      const text = printable(value);
      expect(
        prose.includes(escapeMarkdownCell(text)) || prose.includes(escapeMarkdownInline(text)),
        value,
      ).toBe(true);
    }
    // Mermaid text carries no raw markup either: the builders write entity codes.
    for (const value of HOSTILE_TEXTS) {
      if (/[<>`]/.test(value)) for (const block of blocks) expect(block.includes(value), value).toBe(false);
    }
    for (const block of blocks) expect(block).not.toContain('```');
  });
});
