import { describe, expect, it } from 'vitest';
import { escapeMarkdownCell } from '../../src/report/markdown-escape.js';
import { markdownReporter } from '../../src/report/reporters/markdown.js';
import { RULE_DOCS_BASE_URL } from '../../src/rules/docs-url.js';
import { cells, isEscaped, tables, unescaped } from '../helpers/markdown.js';
import { checkResult, cleanResult, FINDINGS } from './fixtures.js';

const markdown = markdownReporter(checkResult(), { failOn: 'error' });
const lines = markdown.split('\n');

describe('markdown reporter', () => {
  it('leads with the verdict under --fail-on', () => {
    expect(lines[0]).toBe('## ❌ scsm-dr check failed');
    expect(markdownReporter(checkResult(), { failOn: 'never' }).split('\n')[0]).toBe(
      '## ✅ scsm-dr check passed',
    );
    const clean = markdownReporter(cleanResult(), { failOn: 'warning' });
    expect(clean.split('\n')[0]).toBe('## ✅ scsm-dr check passed');
    expect(clean).toContain('No findings.');
  });

  it('contains no HTML but its own details and summary tags', () => {
    const tags = markdown.match(/<\/?[A-Za-z][^>]*>/g) ?? [];
    expect(new Set(tags)).toEqual(new Set(['<details>', '</details>', '<summary>', '</summary>']));
    expect(markdown).not.toMatch(/<img|<evil|<b>/i);
    expect(markdown.split('<details>').length).toBe(markdown.split('</details>').length);
  });

  it('links only to rule documentation', () => {
    const targets = [...markdown.matchAll(/\]\(([^)]*)\)/g)]
      .filter((match) => !isEscaped(markdown, match.index))
      .map((match) => match[1]);
    expect(targets.length).toBe(FINDINGS.length);
    for (const target of targets) expect(target?.startsWith(RULE_DOCS_BASE_URL)).toBe(true);
    expect(markdown).not.toMatch(/\]\(javascript:/);
  });

  it('lets no mention, code span, emphasis or line break through', () => {
    expect(markdown).not.toContain('@');
    expect(unescaped(markdown, '`')).toEqual([]);
    // The only emphasis is the reporter's own bold (`**error**`); no `*` or `_` of the input survives.
    expect(unescaped(markdown.replaceAll('**', ''), '*')).toEqual([]);
    expect(unescaped(markdown, '_')).toEqual([]);
    for (const character of ['\r', '\u001b', '\u202e', '\u0001'])
      expect(markdown.includes(character)).toBe(false);
  });

  it('builds tables whose rows all have the header’s number of cells', () => {
    const [scenarios, findings] = tables(markdown);
    expect(scenarios).toBeDefined();
    expect(findings).toBeDefined();
    for (const table of [scenarios!, findings!]) {
      const width = cells(table[0]!).length;
      for (const row of table) expect(cells(row), row).toHaveLength(width);
    }
    expect(cells(scenarios![0]!)).toEqual(['Scenario', 'Title', 'Recovered', 'Estimated / RTO', 'Findings']);
    expect(scenarios).toHaveLength(2 + checkResult().scenarios.length);
    expect(cells(findings![0]!)).toEqual(['Severity', 'Rule', 'Location', 'Scenario', 'Message']);
    expect(findings).toHaveLength(2 + FINDINGS.length);
  });

  it('summarises each scenario: recovered, estimate against RTO, findings', () => {
    const [scenarios] = tables(markdown);
    const rows = scenarios!.slice(2).map(cells);
    expect(rows[0]).toEqual([
      'workflow\\-server\\-lost',
      'SM01 is lost; promote SM02',
      '✅',
      '3h 5m / 8h',
      '—',
    ]);
    expect(rows[1]).toEqual([
      'sql\\-server\\-lost',
      'SQL01 is lost',
      '❌',
      '⚠️ 9h 30m / 8h',
      '2 errors, 1 warning',
    ]);
  });

  it('shows each finding with severity, linked rule, location and escaped message', () => {
    const [, findings] = tables(markdown);
    const rows = findings!.slice(2).map(cells);
    const key = rows.find((row) => row[1]?.includes('key\\-restored\\-before\\-setup'));
    expect(key).toEqual([
      '❌ error',
      `[key\\-restored\\-before\\-setup](${RULE_DOCS_BASE_URL}key-restored-before-setup.md)`,
      'plans/plan\\.yaml:23:9',
      'sql\\-server\\-lost',
      escapeMarkdownCell('Setup runs on SQL01 before the encryption key of SM01 is restored'),
    ]);
    const coverage = rows.find((row) => row[1]?.includes('plan\\-coverage'));
    expect(coverage?.[3]).toBe('—');
    expect(coverage?.[4]).toContain('&lt;img src=x onerror=alert\\(1\\)\\>');
    expect(coverage?.[4]).toContain('\\[link\\]\\(javascript:x\\)');
  });

  it('puts the numbered trace of each violation in a details block per scenario', () => {
    const blocks = markdown.split('<details>').slice(1);
    expect(blocks).toHaveLength(2);
    expect(blocks[0]).toContain('<summary>Traces of scenario sql-server-lost (2)</summary>');
    expect(blocks[0]).toContain('1. provision\\-computer computer=SM01 (plans/plan\\.yaml:21:9)');
    expect(blocks[0]).toContain('3. install\\-management\\-server computer=SM01 (plans/plan\\.yaml:23:9)');
    expect(blocks[0]).toContain('2. manual call the DBA\n');
    // The summary is inside an HTML block: HTML-escaped, with no mention.
    expect(blocks[1]).toContain(
      '<summary>Traces of scenario evil-&lt;img src=x onerror=alert(1)&gt;&#124;&#64;mention&#96;&#91;x&#93;(javascript:y) (1)</summary>',
    );
    // Markdown inside details needs a blank line after the summary to be rendered.
    for (const block of blocks) expect(block).toMatch(/<\/summary>\n\n/);
  });

  it('appends the diagrams it is given, each collapsed in a fence no diagram text can close', () => {
    expect(markdown).not.toContain('### Diagrams');
    const diagrams = [
      { title: 'Plan of scenario <b>x</b> @team', mermaid: 'flowchart TD\n  a[one]\n' },
      { title: 'Plan of scenario y', mermaid: 'flowchart TD\n  b["````` not a fence"]\n' },
    ];
    const withDiagrams = markdownReporter(checkResult(), { failOn: 'error', diagrams });
    expect(withDiagrams.startsWith(markdown.trimEnd())).toBe(true);
    const section = withDiagrams.slice(withDiagrams.indexOf('### Diagrams'));
    expect(section).toContain('<summary>Plan of scenario &lt;b&gt;x&lt;/b&gt; &#64;team</summary>');
    expect(section).toContain('```mermaid\nflowchart TD\n  a[one]\n```');
    // Five backticks inside: the fence is six long, so the block ends where the diagram does.
    expect(section).toContain('``````mermaid\nflowchart TD\n  b["````` not a fence"]\n``````');
    expect(section.split('<details>').length - 1).toBe(diagrams.length);
    expect(section.split('</details>').length - 1).toBe(diagrams.length);
  });
});
