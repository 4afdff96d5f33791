import pc from 'picocolors';
import { describe, expect, it } from 'vitest';
import { formatLocation } from '../../src/common/location.js';
import { printable } from '../../src/report/reporters/shared.js';
import { textReporter } from '../../src/report/reporters/text.js';
import { checkResult, cleanResult, FINDINGS, HOSTILE_ID } from './fixtures.js';

const ESC = '\u001b';
// The palette the command line passes for a terminal that takes colour.
const COLORS = pc.createColors(true);
const ANSI = new RegExp(`${ESC}\\[[0-9;]*m`, 'g');

const plain = textReporter(checkResult(), { failOn: 'error' });
const lines = plain.split('\n');

describe('text reporter', () => {
  it('shows every finding on one line: file:line:column  severity  message  rule-id', () => {
    for (const finding of FINDINGS) {
      const line = lines.find(
        (candidate) =>
          candidate.startsWith(`  ${formatLocation(finding.location)} `) &&
          candidate.endsWith(`  ${printable(finding.message)}  ${finding.ruleId}`),
      );
      expect(line, `${finding.ruleId} at ${formatLocation(finding.location)}`).toBeDefined();
      expect(line?.split(/ {2,}/).slice(1)).toEqual([
        formatLocation(finding.location),
        finding.severity,
        ...printable(finding.message).split(/ {2,}/),
        finding.ruleId,
      ]);
    }
  });

  it('aligns the severity and message columns within a group', () => {
    const start = lines.indexOf('sql-server-lost  SQL01 is lost');
    const end = lines.findIndex((line, i) => i > start && line.startsWith('  ✖'));
    const group = lines.slice(start + 1, end).filter((line) => /^ {2}\S/.test(line));
    expect(group).toHaveLength(3);
    expect(new Set(group.map((line) => line.search(/ {2}(error|warning)/))).size).toBe(1);
    const messageColumn = (line: string) => {
      const match = / {2}(error|warning) +/.exec(line);
      return match ? match.index + match[0].length : -1;
    };
    expect(new Set(group.map(messageColumn)).size).toBe(1);
  });

  it('writes no escape sequence without colour, even when a message carries one', () => {
    expect(FINDINGS.some((finding) => finding.message.includes(ESC))).toBe(true);
    expect(plain.includes(ESC)).toBe(false);
    expect(plain).toContain('\\x1b[31mred');
  });

  it('keeps bidi overrides and line breaks of untrusted text out of the terminal', () => {
    expect(plain).not.toMatch(/[\u202a-\u202e\u2066-\u2069\r]/);
    // Every finding stays on its own line: the line count does not depend on the messages.
    expect(plain).toContain('line\\nbreak\\rCR');
  });

  it('colours when asked, and only adds escape sequences', () => {
    const colored = textReporter(checkResult(), { colors: COLORS, failOn: 'error' });
    expect(colored.match(ANSI)?.length ?? 0).toBeGreaterThan(10);
    expect(colored.replace(ANSI, '')).toBe(plain);
  });

  it('colours the summary red only when the findings fail the check', () => {
    const summary = (failOn: 'error' | 'never') =>
      textReporter(checkResult(), { colors: COLORS, failOn }).trimEnd().split('\n').at(-1) ?? '';
    expect(summary('error')).toContain(`${ESC}[31m`);
    expect(summary('never')).not.toContain(`${ESC}[31m`);
    expect(summary('never')).toContain(`${ESC}[33m`);
  });

  it('ends with the counts of the summary', () => {
    expect(lines.at(-1)).toBe('');
    expect(lines.at(-2)).toBe('✖ 2 errors, 4 warnings, 1 note in 4 scenarios (3 recovered)');
    const clean = textReporter(cleanResult(), { failOn: 'error' }).trimEnd().split('\n');
    expect(clean.at(-1)).toBe('✓ no findings in 2 scenarios (2 recovered)');
  });

  it('groups findings under their scenario, in plan order, and findings of no scenario last', () => {
    const headings = lines.filter((line) => line !== '' && !line.startsWith(' '));
    expect(headings.slice(0, -1).map((line) => line.split('  ')[0])).toEqual([
      'workflow-server-lost',
      'sql-server-lost',
      printable(HOSTILE_ID),
      'dw-lost',
      'not specific to a scenario',
    ]);
    const unscoped = plain.slice(plain.indexOf('not specific to a scenario'));
    expect(unscoped).toContain('plan-coverage');
    expect(unscoped).toContain('restore-never-tested');
    expect(unscoped).not.toContain('rto-exceeded');
  });

  it('numbers the trace under a violation found by executing steps', () => {
    const at = lines.findIndex((line) => line.endsWith('key-restored-before-setup'));
    expect(lines.slice(at + 1, at + 4)).toEqual([
      '      1. provision-computer computer=SM01 (plans/plan.yaml:21:9)',
      '      2. install-sql-server instance=SQL01 (plans/plan.yaml:22:9)',
      '      3. install-management-server computer=SM01 (plans/plan.yaml:23:9)',
    ]);
    const final = lines.findIndex((line) => line.endsWith('scenario-recovered'));
    expect(lines[final + 2]).toBe('      2. manual call the DBA');
    // A finding without a trace is followed directly by the next finding.
    const rto = lines.findIndex((line) => line.endsWith('rto-exceeded'));
    expect(lines[rto + 1]).toMatch(/^ {2}plans\//);
  });

  it('gives each scenario a verdict with its estimate against the RTO', () => {
    const verdicts = lines.filter((line) => /^ {2}[✔✖] /.test(line));
    expect(verdicts).toEqual([
      '  ✔ recovered; estimated 3h 5m within the RTO of 8h',
      '  ✖ NOT recovered; estimated 9h 30m, over the RTO of 8h',
      '  ✔ recovered; estimated 45m within the RTO of 8h',
      expect.stringMatching(
        /^ {2}✔ recovered; estimated 6h within the RTO of 8h; history lost: DWDataMart, <img /,
      ),
    ]);
  });
});
