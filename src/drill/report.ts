/**
 * The after-action report of a drill in three formats: JSON (the data as is), Markdown and a
 * self-contained HTML page. Every string that came from the journal (step parameters, notes,
 * deviation text, messages) is untrusted and escaped for its format: a journal is a file
 * anyone can edit.
 */
import { formatDuration } from '../common/duration.js';
import { escapeHtml, renderHtmlPage } from '../report/html/page.js';
import { escapeMarkdownCell, escapeMarkdownInline } from '../report/markdown-escape.js';
import { type AfterAction, drillsEntryYaml, type StepRecord } from './after-action.js';
import { actionText, formatClock } from './format.js';
import { drillGantt } from './gantt.js';
import type { DrillReportFormat } from './options.js';

export { DRILL_REPORT_FORMATS, type DrillReportFormat } from './options.js';

const clock = (seconds: number | undefined): string =>
  seconds === undefined ? '—' : formatClock(seconds * 1000);

function delta(step: StepRecord): string {
  if (step.actualSeconds === undefined) return '—';
  // Whole seconds: a stopwatch reading of 4:59.996 against 5:00 is no difference worth a line.
  const difference = Math.round(step.actualSeconds) - step.estimatedSeconds;
  return `${difference >= 0 ? '+' : '−'}${formatClock(Math.abs(difference) * 1000)}`;
}

function resultText(step: StepRecord): string {
  const retries =
    step.failures.length > 0
      ? ` after ${step.failures.length} failed attempt${step.failures.length === 1 ? '' : 's'}`
      : '';
  return `${step.result}${retries}`;
}

function rtoText(report: AfterAction): string {
  const clockText = `${formatClock(report.elapsedSeconds * 1000)} of RTO ${formatDuration(report.rtoSeconds)}`;
  if (report.rto === 'within') return `within the RTO (${clockText})`;
  if (report.rto === 'exceeded') return `RTO exceeded (${clockText})`;
  return `not completed (${clockText} so far)`;
}

/** A short summary of the drill, as label/value pairs (plain text). */
function summary(report: AfterAction): [string, string][] {
  const lost = [
    ...report.scenario.lost.computers.map((name) => `computer ${name}`),
    ...report.scenario.lost.databases.map((name) => `database ${name}`),
    ...report.scenario.lost.sites.map((name) => `site ${name}`),
  ].join(', ');
  const rows: [string, string][] = [
    [
      'Scenario',
      `${report.scenario.id}${report.scenario.title === undefined ? '' : ` — ${report.scenario.title}`}`,
    ],
    ['Environment', `${report.environment.name} (${report.environment.file})`],
    ['Plan', `${report.plan.file} (${report.scenario.hash})`],
    ['Lost', lost],
    ['Started', report.startedAt],
    [
      'Outcome',
      `${report.outcome}${report.completed ? '' : ' (the drill has not ended; resume it to complete)'}`,
    ],
    ['RTO verdict', rtoText(report)],
    ['Estimated duration', formatDuration(report.estimatedSeconds)],
    [
      'Models at the end',
      report.recovered === undefined
        ? 'not judged (unfinished)'
        : report.recovered
          ? 'recovered'
          : 'NOT recovered',
    ],
  ];
  if (report.inject !== undefined)
    rows.push([
      'Injected faults',
      `${report.faults.length} of ${report.inject.requested} requested (seed ${report.inject.seed})`,
    ]);
  if (report.pauses > 0) rows.push(['Pauses', String(report.pauses)]);
  return rows;
}

/** The report as JSON: the after-action data, the drills entry in YAML, and the Gantt source. */
export function renderDrillJson(report: AfterAction): string {
  return `${JSON.stringify({ ...report, drillsEntryYaml: drillsEntryYaml(report.drillsEntry), gantt: drillGantt(report) }, null, 2)}\n`;
}

/** The report as GitHub-flavoured Markdown. */
export function renderDrillMarkdown(report: AfterAction): string {
  const md = escapeMarkdownInline;
  const cell = escapeMarkdownCell;
  const out: string[] = [`# Drill after-action report: ${md(report.scenario.id)}`, ''];
  out.push('| | |', '|---|---|');
  for (const [label, value] of summary(report)) out.push(`| ${label} | ${cell(value)} |`);
  out.push('');

  out.push('## Steps: estimated and actual', '');
  out.push(
    '| # | step | owner | estimated | actual | difference | result | notes |',
    '|---|---|---|---|---|---|---|---|',
  );
  for (const step of report.steps) {
    const notes = [
      ...step.failures.map((note) => `failed: ${note}`),
      ...(step.note === undefined ? [] : [step.note]),
    ];
    out.push(
      `| ${step.index + 1} | ${cell(actionText(step.action, step.params))} | ${cell(step.owner ?? '')} | ${formatDuration(step.estimatedSeconds)} | ${clock(step.actualSeconds)} | ${delta(step)} | ${cell(resultText(step))} | ${cell(notes.join('; '))} |`,
    );
  }
  out.push('');

  const path = criticalPathRows(report);
  if (path !== undefined) {
    out.push('## Critical path: estimated and actual', '', path.total, '');
    out.push(`| ${path.headers.join(' | ')} |`, `|${path.headers.map(() => '---').join('|')}|`);
    for (const row of path.rows) out.push(`| ${row.map(cell).join(' | ')} |`);
    out.push('');
  }

  out.push('## Timelines', '', '```mermaid', drillGantt(report).trimEnd(), '```', '');

  out.push(
    ...tableSection(
      'Deviations from the plan',
      ['at', 'during step', 'action', 'rules broken', 'note'],
      report.deviations.map((deviation) => [
        clock(deviation.elapsedSeconds),
        String(deviation.step + 1),
        cell(actionText(deviation.action, deviation.params)),
        cell(deviation.violations.join(', ') || 'none'),
        cell(deviation.note ?? ''),
      ]),
    ),
  );

  out.push(
    ...tableSection(
      'Rule violations',
      ['at', 'rule', 'citation', 'severity', 'caused by', 'message'],
      report.violations.map((violation) => [
        clock(violation.elapsedSeconds),
        cell(violation.ruleId),
        cell(violation.citation),
        violation.severity,
        violation.cause === 'step'
          ? `step ${violation.step + 1}`
          : `deviation during step ${violation.step + 1}`,
        cell(violation.message),
      ]),
    ),
  );
  if (report.reasons.length > 0) {
    out.push('The models’ verdict at the end:', '');
    for (const reason of report.reasons)
      out.push(`- ${reason.severity} ${md(reason.ruleId)}: ${md(reason.message)}`);
    out.push('');
  }

  out.push(
    ...tableSection(
      'Injected faults',
      ['step', 'fault', 'announced at', 'what it did'],
      report.faults.map((fault) => [
        String(fault.step + 1),
        cell(fault.description ?? fault.fault.kind),
        fault.announced ? clock(fault.elapsedSeconds) : 'not reached',
        cell(fault.changes.join('; ') || '—'),
      ]),
    ),
  );

  out.push(
    ...tableSection(
      'Notes',
      ['at', 'step', 'kind', 'text'],
      report.notes.map((note) => [
        clock(note.elapsedSeconds),
        String(note.step + 1),
        note.kind,
        cell(note.text),
      ]),
    ),
  );

  out.push(
    "## Entry for the environment's drills: history",
    '',
    'Add it under `drills:` in the environment file yourself; scsm-dr never writes that file.',
    '',
    '```yaml',
    drillsEntryYaml(report.drillsEntry),
    '```',
    '',
  );
  return out.join('\n');
}

function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const head = `<tr>${headers.map((header) => `<th>${escapeHtml(header)}</th>`).join('')}</tr>`;
  const body = rows.map((row) => `<tr>${row.map((value) => `<td>${escapeHtml(value)}</td>`).join('')}</tr>`);
  return `<table>\n<thead>${head}</thead>\n<tbody>\n${body.join('\n')}\n</tbody>\n</table>`;
}

const none = '<p>None.</p>';

/** The report as a self-contained HTML page (`renderHtmlPage`); every journal string is escaped. */
export function renderDrillHtml(report: AfterAction): string {
  const summaryHtml = table(
    ['', ''],
    summary(report).map(([label, value]) => [label, value]),
  );
  const stepsHtml = table(
    ['#', 'step', 'owner', 'procedure', 'estimated', 'actual', 'difference', 'result', 'notes'],
    report.steps.map((step) => [
      String(step.index + 1),
      actionText(step.action, step.params),
      step.owner ?? '',
      step.citations.join(', '),
      formatDuration(step.estimatedSeconds),
      clock(step.actualSeconds),
      delta(step),
      resultText(step),
      [
        ...step.failures.map((note) => `failed: ${note}`),
        ...(step.note === undefined ? [] : [step.note]),
      ].join('; '),
    ]),
  );
  const path = criticalPathRows(report);
  const pathSections =
    path === undefined
      ? []
      : [
          {
            id: 'critical-path',
            heading: 'Critical path: estimated and actual',
            html: `<p>${escapeHtml(path.total)}</p>\n${table(path.headers, path.rows)}`,
          },
        ];
  const deviationsHtml =
    report.deviations.length === 0
      ? none
      : table(
          ['at', 'during step', 'action', 'rules broken', 'note'],
          report.deviations.map((deviation) => [
            clock(deviation.elapsedSeconds),
            String(deviation.step + 1),
            actionText(deviation.action, deviation.params),
            deviation.violations.join(', ') || 'none',
            deviation.note ?? '',
          ]),
        );
  const violationRows = report.violations.map((violation) => [
    clock(violation.elapsedSeconds),
    violation.ruleId,
    violation.citation,
    violation.severity,
    violation.cause === 'step' ? `step ${violation.step + 1}` : `deviation during step ${violation.step + 1}`,
    violation.message,
  ]);
  const reasonsHtml =
    report.reasons.length === 0
      ? ''
      : `\n<p>The models’ verdict at the end:</p>\n<ul>\n${report.reasons
          .map((reason) => `<li>${escapeHtml(`${reason.severity} ${reason.ruleId}: ${reason.message}`)}</li>`)
          .join('\n')}\n</ul>`;
  const violationsHtml =
    (violationRows.length === 0
      ? none
      : table(['at', 'rule', 'citation', 'severity', 'caused by', 'message'], violationRows)) + reasonsHtml;
  const faultsHtml =
    report.faults.length === 0
      ? none
      : table(
          ['step', 'fault', 'announced at', 'what it did'],
          report.faults.map((fault) => [
            String(fault.step + 1),
            fault.description ?? fault.fault.kind,
            fault.announced ? clock(fault.elapsedSeconds) : 'not reached',
            fault.changes.join('; ') || '—',
          ]),
        );
  const notesHtml =
    report.notes.length === 0
      ? none
      : table(
          ['at', 'step', 'kind', 'text'],
          report.notes.map((note) => [
            clock(note.elapsedSeconds),
            String(note.step + 1),
            note.kind,
            note.text,
          ]),
        );
  const entryHtml = `<p>Add it under <code>drills:</code> in the environment file yourself; scsm-dr never writes that file.</p>\n<pre><code>${escapeHtml(drillsEntryYaml(report.drillsEntry))}</code></pre>`;
  return renderHtmlPage({
    title: `Drill after-action report: ${report.scenario.id}`,
    sections: [
      { id: 'summary', heading: 'Summary', html: summaryHtml },
      { id: 'steps', heading: 'Steps: estimated and actual', html: stepsHtml },
      ...pathSections,
      { id: 'deviations', heading: 'Deviations from the plan', html: deviationsHtml },
      { id: 'violations', heading: 'Rule violations', html: violationsHtml },
      { id: 'faults', heading: 'Injected faults', html: faultsHtml },
      { id: 'notes', heading: 'Notes', html: notesHtml },
      { id: 'drills-entry', heading: "Entry for the environment's drills: history", html: entryHtml },
    ],
    diagrams: [{ id: 'timelines', title: 'Timelines: estimated and actual', mermaid: drillGantt(report) }],
  });
}

/**
 * The critical-path comparison of a plan with `team:`/`after:` as a sentence and table rows
 * (plain text: each format escapes them), or undefined for a sequential plan.
 */
function criticalPathRows(
  report: AfterAction,
): { total: string; headers: string[]; rows: string[][] } | undefined {
  const path = report.criticalPath;
  if (path === undefined) return undefined;
  const span = (from: number, to: number) => `${clock(from)}–${clock(to)}`;
  const mark = (critical: boolean) => (critical ? 'yes' : '');
  const difference = Math.round(path.actualSeconds) - path.estimatedSeconds;
  const total =
    `Estimated critical path ${formatDuration(path.estimatedSeconds)} (steps ${path.estimatedPath.map((index) => index + 1).join(', ')}); ` +
    `actual ${clock(path.actualSeconds)} (steps ${path.actualPath.map((index) => index + 1).join(', ')}), ` +
    `${difference === 0 ? 'as estimated' : `${difference > 0 ? '+' : '−'}${formatDuration(Math.abs(difference))}`}` +
    (path.complete
      ? '.'
      : '; steps not finished are projected: an open step to its estimate, a step not started from when it can start.');
  return {
    total,
    headers: [
      '#',
      'step',
      'team',
      'estimated',
      'critical (estimated)',
      'slack (estimated)',
      'actual',
      'took',
      'critical (actual)',
      'slack (actual)',
      'waited for',
    ],
    rows: path.steps.map((step) => {
      const record = report.steps[step.index];
      // Waits under a second are the time it took to type the next answer, not a wait.
      const waitedLong = step.actualWaitSeconds >= 1;
      const waited =
        step.waitedFor === undefined
          ? waitedLong
            ? `began at ${clock(step.actualStartSeconds)}`
            : ''
          : `step ${step.waitedFor + 1}${waitedLong ? ` (+${clock(step.actualWaitSeconds)})` : ''}`;
      return [
        String(step.index + 1),
        record === undefined ? '' : actionText(record.action, record.params),
        step.team ?? '',
        span(step.estimatedStartSeconds, step.estimatedEndSeconds),
        mark(step.estimatedCritical),
        formatDuration(step.estimatedSlackSeconds),
        `${span(step.actualStartSeconds, step.actualEndSeconds)}${step.recorded ? '' : ' (projected)'}`,
        clock(Math.round(step.actualEndSeconds - step.actualStartSeconds)),
        mark(step.actualCritical),
        clock(step.actualSlackSeconds),
        waited,
      ];
    }),
  };
}

/** Renders the after-action report in a format. */
export function renderDrillReport(report: AfterAction, format: DrillReportFormat): string {
  if (format === 'json') return renderDrillJson(report);
  if (format === 'markdown') return renderDrillMarkdown(report);
  return renderDrillHtml(report);
}

/**
 * A Markdown section holding a table, or "None." when there are no rows. The cells must
 * already be escaped (`cell`); headers are fixed text.
 */
function tableSection(
  heading: string,
  headers: readonly string[],
  rows: readonly (readonly string[])[],
): string[] {
  if (rows.length === 0) return [`## ${heading}`, '', 'None.', ''];
  return [
    `## ${heading}`,
    '',
    `| ${headers.join(' | ')} |`,
    `|${headers.map(() => '---|').join('')}`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
    '',
  ];
}
