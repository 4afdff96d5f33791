import type { CheckResult, ScenarioResult } from '../../check/types.js';
import { formatDuration } from '../../common/duration.js';
import { exitCode } from '../../common/exit-code.js';
import { formatLocation } from '../../common/location.js';
import { getRule } from '../../rules/catalog.js';
import { ruleHelpUri } from '../../rules/docs-url.js';
import type { Finding, Severity } from '../../rules/types.js';
import { escapeMarkdownCell, escapeMarkdownInline, mermaidFence } from '../markdown-escape.js';
import {
  countSeverities,
  type FindingGroup,
  formatCounts,
  groupByScenario,
  hasTrace,
  leftOutText,
  plural,
  printable,
  SEVERITIES,
  stepNumber,
  traceStepText,
} from './shared.js';
import type { ReporterOptions } from './types.js';

const SEVERITY_LABEL: Readonly<Record<Severity, string>> = {
  error: '❌ error',
  warning: '⚠️ warning',
  note: 'ℹ️ note',
};

/**
 * The GitHub-flavoured Markdown reporter (`--format markdown`), for a pull-request comment or
 * `$GITHUB_STEP_SUMMARY`: a heading with the verdict, a table of scenarios, a table of
 * findings with each rule linked to its documentation, and a collapsed `<details>` block per
 * scenario with the trace of each violation found by executing steps, and the Mermaid
 * diagrams of `options.diagrams` (which `check` fills with the plan of each scenario), each in
 * a collapsed block.
 *
 * Every untrusted string (ids, titles, names, file names, messages, trace summaries) is made
 * printable and then escaped, so that no input can add HTML, links, mentions, emphasis or
 * table cells. The output uses no code spans, because backslash escapes do not work inside
 * them. Lone carriage returns, which CommonMark also treats as line breaks, never reach the
 * escaper: `printable` has already turned every line break into visible `\n` / `\r`.
 *
 * This is a pure function.
 */
export function markdownReporter(result: CheckResult, options: ReporterOptions): string {
  const failing = exitCode(result.findings, options.failOn) === 1;
  const groups = groupByScenario(result);
  const { summary } = result;
  const out: string[] = [
    `## ${failing ? '❌ scsm-dr check failed' : '✅ scsm-dr check passed'}`,
    '',
    `**${summary.error + summary.warning + summary.note === 0 ? 'No findings' : formatCounts(summary)}** in ${plural(summary.scenarios, 'scenario')}, ${summary.recovered} recovered.`,
    `Environment ${inline(result.environment.name)} (${inline(result.environment.file)}), plan ${inline(result.plan.file)}; fails on ${options.failOn}; scsm-dr ${inline(result.tool.version)}.`,
    '',
    '### Scenarios',
    '',
  ];

  if (result.scenarios.length === 0) out.push('The plan has no scenarios.');
  else {
    out.push('| Scenario | Title | Recovered | Estimated / RTO | Findings |', '|---|---|:---:|---|---|');
    for (const group of groups) if (group.scenario) out.push(scenarioRow(group.scenario, group.findings));
  }

  out.push('', '### Findings', '');
  if (result.findings.length === 0) out.push('No findings.');
  else {
    out.push('| Severity | Rule | Location | Scenario | Message |', '|---|---|---|---|---|');
    for (const group of groups) for (const finding of group.findings) out.push(findingRow(finding));
  }

  const traced = groups.filter((group) => group.findings.some(hasTrace));
  if (traced.length > 0) {
    out.push('', '### Traces');
    for (const group of traced) out.push('', ...traceDetails(group));
  }

  // The diagrams are collapsed: a job summary or a comment stays readable with many scenarios.
  const diagrams = options.diagrams ?? [];
  if (diagrams.length > 0) {
    out.push('', '### Diagrams');
    for (const diagram of diagrams) {
      out.push(
        '',
        '<details>',
        `<summary>${html(diagram.title)}</summary>`,
        '',
        ...mermaidFence(diagram.mermaid),
        '',
        '</details>',
      );
    }
  }
  return `${out.join('\n')}\n`;
}

function scenarioRow(scenario: ScenarioResult, findings: readonly Finding[]): string {
  const over = scenario.estimatedSeconds > scenario.rtoSeconds;
  const timing = `${over ? '⚠️ ' : ''}${formatDuration(scenario.estimatedSeconds)} / ${formatDuration(scenario.rtoSeconds)}`;
  const counts = countSeverities(findings);
  const found = SEVERITIES.filter((severity) => counts[severity] > 0)
    .map((severity) => plural(counts[severity], severity))
    .join(', ');
  return row([
    cell(scenario.id),
    scenario.title === undefined ? '' : cell(scenario.title),
    scenario.recovered ? '✅' : '❌',
    timing,
    found === '' ? '—' : found,
  ]);
}

function findingRow(finding: Finding): string {
  return row([
    SEVERITY_LABEL[finding.severity],
    ruleLink(finding.ruleId),
    cell(formatLocation(finding.location)),
    finding.scenario === undefined ? '—' : cell(finding.scenario),
    cell(finding.message),
  ]);
}

/** A rule the catalog knows links to its page; the URL is built from the catalog's id, never from input. */
function ruleLink(ruleId: string): string {
  const rule = getRule(ruleId);
  return rule ? `[${cell(rule.id)}](${ruleHelpUri(rule.id)})` : cell(ruleId);
}

function traceDetails(group: FindingGroup): string[] {
  const traced = group.findings.filter(hasTrace);
  const what = group.id === undefined ? 'findings not specific to a scenario' : `scenario ${html(group.id)}`;
  const out = ['<details>', `<summary>Traces of ${what} (${traced.length})</summary>`];
  for (const finding of traced) {
    out.push(
      '',
      `**${finding.severity}** ${inline(finding.ruleId)} at ${inline(formatLocation(finding.location))}: ${inline(finding.message)}`,
      '',
    );
    const leftOut = leftOutText(finding.trace);
    if (leftOut !== '') out.push(`… ${leftOut}`, '');
    for (const step of finding.trace) {
      const where = step.location ? ` (${inline(formatLocation(step.location))})` : '';
      out.push(`${stepNumber(step)}. ${inline(traceStepText(step))}${where}`);
    }
  }
  out.push('', '</details>');
  return out;
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

/** Untrusted text for a table cell. */
function cell(text: string): string {
  return escapeMarkdownCell(printable(text));
}

/** Untrusted text for running Markdown outside tables. */
function inline(text: string): string {
  return escapeMarkdownInline(printable(text));
}

/**
 * Untrusted text inside an HTML block (`<summary>`), where Markdown is not parsed and
 * backslash escapes would show literally: HTML escaping instead. `@` is encoded so that
 * GitHub does not turn a name into a mention, and the Markdown punctuation too, so that the
 * text stays inert even where a renderer does parse Markdown inside HTML.
 */
function html(text: string): string {
  return printable(text).replace(/[&<>"'@[\]`*_~|]/g, (character) => HTML_ENTITIES[character] ?? character);
}

const HTML_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '@': '&#64;',
  '[': '&#91;',
  ']': '&#93;',
  '`': '&#96;',
  '*': '&#42;',
  _: '&#95;',
  '~': '&#126;',
  '|': '&#124;',
};
