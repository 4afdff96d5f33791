import { describe, expect, it } from 'vitest';
import { formatLocation } from '../../../src/common/location.js';
import { escapeMarkdownCell, escapeMarkdownInline } from '../../../src/report/markdown-escape.js';
import { readinessMarkdown } from '../../../src/report/readiness/markdown.js';
import { reportDiagrams, taggedFindings, tracedFindings } from '../../../src/report/readiness/shared.js';
import { printable } from '../../../src/report/reporters/shared.js';
import { getRule } from '../../../src/rules/catalog.js';
import { RULE_DOCS_BASE_URL } from '../../../src/rules/docs-url.js';
import { cellCount, isEscaped, tables } from '../../helpers/markdown.js';
import { HOSTILE, HOSTILE_TEXTS, useReadinessInputs } from './fixtures.js';

const inputs = useReadinessInputs('scsm-dr-readiness-md-');

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

describe('Markdown readiness report', () => {
  it('states the score, the verdict and the separate assurance score', () => {
    const markdown = readinessMarkdown(inputs.ha);
    expect(markdown.startsWith('# Recovery readiness of corvid\\-logistics\\-production\n')).toBe(true);
    expect(markdown).toContain(`## Readiness score: ${inputs.ha.readiness.score}/100`);
    expect(markdown).toContain(`**Assurance score (separate): ${inputs.ha.readiness.assurance.score}/100**`);
    expect(markdown).toMatch(/\*\*(Ready|Mostly ready|At risk|Not ready): \d+ of 13 disruptions/);
  });

  it('has a row per disruption and well-formed tables', () => {
    const markdown = readinessMarkdown(inputs.ha);
    for (const row of inputs.ha.readiness.disruptions) {
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
    const markdown = readinessMarkdown(inputs.single);
    for (const { finding } of taggedFindings(inputs.single.readiness)) {
      const rule = getRule(finding.ruleId)!;
      expect(markdown).toContain(`| ${escapeMarkdownCell(formatLocation(finding.location))} |`);
      expect(markdown).toContain(escapeMarkdownCell(finding.message));
      expect(markdown).toContain(`**Why:** ${rule.rationale}`);
      expect(markdown).toContain(`**How to fix:** ${rule.remediation}`);
      expect(markdown).toContain(`](${RULE_DOCS_BASE_URL}${rule.id}.md) — ${rule.title}`);
    }
  });

  it('gives each violation its numbered trace, and every diagram a mermaid block', () => {
    const markdown = readinessMarkdown(inputs.broken);
    for (const finding of tracedFindings(inputs.broken.readiness)) {
      for (const step of finding.trace) {
        expect(markdown).toContain(`    ${step.index + 1}. ${escapeMarkdownInline(printable(step.summary))}`);
      }
    }
    const { blocks } = splitFences(markdown);
    expect(blocks.map((block) => block.split('\n')[0])).toEqual(
      reportDiagrams(inputs.broken).map((diagram) => diagram.mermaid.split('\n')[0]),
    );
  });

  it('says when there is no plan', () => {
    const markdown = readinessMarkdown(inputs.haNoPlan);
    expect(markdown).toContain('No plan was given.');
    expect(splitFences(markdown).blocks).toHaveLength(1 + 8);
  });

  it('escapes every hostile string: no HTML, link, mention or table cell comes from input', () => {
    const markdown = readinessMarkdown(inputs.hostile);
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
