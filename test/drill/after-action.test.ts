/**
 * The after-action data (durations, RTO verdict, deviations, faults, the `drills:` entry) and
 * its three renderings, with every journal string treated as hostile.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { afterAction, drillsEntryYaml } from '../../src/drill/after-action.js';
import { environmentDuration, formatClock } from '../../src/drill/format.js';
import { drillGantt } from '../../src/drill/gantt.js';
import { renderDrillHtml, renderDrillJson, renderDrillMarkdown } from '../../src/drill/report.js';
import { loadEnvironmentText } from '../../src/environment/load.js';
import { parseMermaid } from '../helpers/mermaid.js';
import { allDone, drillOf, HA_ENV, runInMemory } from './fixtures.js';

const DW_SETUP =
  'x install-data-warehouse-server computer=CVL-DW01 database=DWStagingAndConfig reportingUrl=http://cvl-dwsql01/ReportServer';

describe('formats', () => {
  it.each([
    [0, '0s'],
    [45.4, '45s'],
    [59.6, '1m'],
    [90, '2m'],
    [3600, '1h'],
    [5400, '1h30m'],
    [3 * 86_400 + 120, '72h2m'],
  ])('environmentDuration(%d) is %s', (seconds, text) => {
    expect(environmentDuration(seconds)).toBe(text);
  });

  it('formats the clock as H:MM:SS', () => {
    expect(formatClock(0)).toBe('0:00:00');
    expect(formatClock(3_723_999)).toBe('1:02:03');
    expect(formatClock(13 * 3_600_000)).toBe('13:00:00');
  });
});

describe('afterAction', () => {
  it('compares actual and estimated duration per step, retries included', async () => {
    const context = await drillOf('workflow-server-lost');
    const run = await runInMemory(context, [
      [240, 'd'],
      [360, 'd'],
      [120, 'f the stored procedure timed out'],
      [180, 'd'],
      [600, 'd'],
      [60, 's checked by the vendor'],
      ...allDone(3, 1800),
    ]);
    const report = afterAction(run.events);
    expect(report.completed).toBe(false);
    expect(
      report.steps.map((step) => [step.estimatedSeconds, step.actualSeconds, step.attempts, step.result]),
    ).toEqual([
      [300, 240, 1, 'done'],
      [300, 360, 1, 'done'],
      [300, 300, 2, 'done'],
      [600, 600, 1, 'done'],
      [900, 60, 1, 'skipped'],
      [2700, 1800, 1, 'done'],
      [2700, 1800, 1, 'done'],
      [600, 1800, 1, 'done'],
      [600, undefined, 1, 'in-progress'], // presented, not answered
    ]);
    expect(report.steps[2]!.failures).toEqual(['the stored procedure timed out']);
    expect(report.steps[4]!.note).toBe('checked by the vendor');
    expect(report.steps.map((step) => step.plannedStartSeconds).slice(0, 4)).toEqual([0, 300, 600, 900]);
    expect(report.estimatedSeconds).toBe(9000);
    // The answers ran out before step 9: an unfinished drill.
    expect(report.rto).toBe('not-completed');
    expect(report.outcome).toBe('partial');
    expect(report.recovered).toBeUndefined();
    expect(report.elapsedSeconds).toBe(240 + 360 + 120 + 180 + 600 + 60 + 3 * 1800);
  });

  it('gives the RTO verdict and the drills: entry of a finished drill', async () => {
    const context = await drillOf('workflow-server-lost');
    const run = await runInMemory(context, allDone(9, 600));
    const report = afterAction(run.events);
    expect(report).toMatchObject({
      completed: true,
      elapsedSeconds: 5400,
      rto: 'within',
      outcome: 'passed',
      recovered: true,
      drillsEntry: {
        scenario: 'workflow-server-lost',
        date: '2026-11-24',
        outcome: 'passed',
        duration: '1h30m',
      },
    });
    expect(drillsEntryYaml(report.drillsEntry)).toBe(
      '- { scenario: workflow-server-lost, date: 2026-11-24, outcome: passed, duration: 1h30m }',
    );
    const late = afterAction((await runInMemory(context, allDone(9, 5400))).events);
    expect(late.rto).toBe('exceeded');
    expect(late.outcome).toBe('partial');
  });

  it('lists deviations with the rules they broke, violations with their cause, and injected faults', async () => {
    const context = await drillOf('dw-server-lost', { count: 1, seed: 2 });
    const run = await runInMemory(context, [[60, 'd'], [60, DW_SETUP], ...allDone(4)]);
    const report = afterAction(run.events);
    expect(report.deviations).toMatchObject([
      { step: 1, action: 'install-data-warehouse-server', violations: ['key-restored-before-setup'] },
    ]);
    expect(report.violations[0]).toMatchObject({
      ruleId: 'key-restored-before-setup',
      citation: 'D-MSDR',
      cause: 'deviation',
      step: 1,
    });
    expect(report.faults).toHaveLength(1);
    expect(report.faults[0]!.announced).toBe(true);
    expect(report.outcome).toBe('failed');
    expect(report.recovered).toBe(false);
    expect(report.reasons.map((reason) => reason.ruleId)).toContain('scenario-recovered');
  });

  it('gives a drills: entry the environment loader accepts', async () => {
    const context = await drillOf('workflow-server-lost');
    const report = afterAction((await runInMemory(context, allDone(9, 1234))).events);
    const text = `${readFileSync(HA_ENV, 'utf8').trimEnd()}\n  ${drillsEntryYaml(report.drillsEntry)}\n`;
    const loaded = loadEnvironmentText(text, 'environment.yaml');
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    const last = loaded.value.drills[loaded.value.drills.length - 1]!;
    expect(last).toMatchObject({
      scenario: 'workflow-server-lost',
      outcome: 'passed',
      durationSeconds: 3 * 3600 + 5 * 60,
    });
  });
});

describe('the after-action report', () => {
  const hostile = 'n <script>alert(1)</script> | **bold** [x](http://evil) `code` @team #1';

  async function hostileReport() {
    const context = await drillOf('dw-server-lost', { count: 1, seed: 2 });
    const run = await runInMemory(context, [
      [60, 'd'],
      [60, hostile],
      [60, DW_SETUP],
      [60, 'f <img src=x onerror=alert(2)>'],
      ...allDone(4),
    ]);
    return afterAction(run.events);
  }

  it('renders JSON with the data, the YAML entry and the Gantt source', async () => {
    const report = await hostileReport();
    const json = JSON.parse(renderDrillJson(report)) as Record<string, unknown>;
    expect(json.outcome).toBe('failed');
    expect(json.drillsEntryYaml).toMatch(
      /^- \{ scenario: dw-server-lost, date: 2026-11-24, outcome: failed, duration: /,
    );
    expect(String(json.gantt)).toMatch(/^gantt\n/);
    expect((json.steps as unknown[]).length).toBe(5);
  });

  it('renders Markdown with every journal string escaped', async () => {
    const markdown = renderDrillMarkdown(await hostileReport());
    expect(markdown).toContain('## Steps: estimated and actual');
    expect(markdown).toContain('## Deviations from the plan');
    expect(markdown).toContain('key\\-restored\\-before\\-setup');
    expect(markdown).toContain('```yaml\n- { scenario: dw-server-lost');
    expect(markdown).not.toContain('<script>');
    expect(markdown).not.toContain('<img');
    expect(markdown).not.toContain('](http');
    expect(markdown).toContain('&lt;script\\>alert\\(1\\)&lt;/script\\> \\| \\*\\*bold\\*\\*');
  });

  it('renders a self-contained HTML page with every journal string escaped', async () => {
    const html = renderDrillHtml(await hostileReport());
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('Content-Security-Policy');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(2)&gt;');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('Timelines: estimated and actual');
  });

  it('draws both timelines as a Gantt chart Mermaid parses', async () => {
    const report = await hostileReport();
    const gantt = drillGantt(report);
    expect(gantt).toContain('section estimated (plan)');
    expect(gantt).toContain('section actual (drill)');
    expect(gantt).toMatch(/ : crit, a_2, /); // step 2 failed once
    expect(gantt).toContain('RTO 12h : vert, rto,');
    expect(gantt).not.toContain('<script>');
    await parseMermaid(gantt);
    const long = afterAction((await runInMemory(await drillOf('hq-site-lost'), allDone(34, 1800))).events);
    const longGantt = drillGantt(long);
    expect(longGantt).toContain('axisFormat %sh');
    await parseMermaid(longGantt);
  });
});
