/**
 * The GitHub-flavoured Markdown readiness report (`report --format markdown`), for a wiki page,
 * a pull-request comment or `$GITHUB_STEP_SUMMARY`: the same content as the HTML report, with
 * the diagrams in ```mermaid blocks, which GitHub renders.
 *
 * Every untrusted string (names, sites, titles, file names, messages, explanations) is made
 * printable and escaped with `escapeMarkdownInline` / `escapeMarkdownCell`, so no input can
 * add HTML, links, mentions, emphasis or table cells. Mermaid text needs no Markdown escaping:
 * the builders already write every readable character that could end a fence or a label as
 * an entity code, and the fence is longer than any backtick run in it regardless.
 */
import type { ScenarioResult } from '../../check/types.js';
import { formatDuration } from '../../common/duration.js';
import { formatLocation } from '../../common/location.js';
import { getRule } from '../../rules/catalog.js';
import { ruleHelpUri } from '../../rules/docs-url.js';
import type { Finding, Severity } from '../../rules/types.js';
import type { DisruptionScore } from '../../score/index.js';
import { escapeMarkdownCell, escapeMarkdownInline, mermaidFence } from '../markdown-escape.js';
import { reasonMarkdown } from '../reasons.js';
import {
  countSeverities,
  formatCounts,
  leftOutText,
  printable,
  stepNumber,
  traceStepText,
} from '../reporters/shared.js';
import {
  dataLossText,
  type FindingKind,
  formatPoints,
  groupByRule,
  isoDay,
  isUnplanned,
  OUTCOME_TEXT,
  planUsedText,
  type ReportDiagram,
  type RuleGroup,
  recoveryText,
  reportDiagrams,
  servicesText,
  taggedFindings,
  verdictLine,
} from './shared.js';
import { backupSinglePoints } from './single-points.js';
import type { ReadinessReportInput } from './types.js';

const SEVERITY_LABEL: Readonly<Record<Severity, string>> = {
  error: '❌ error',
  warning: '⚠️ warning',
  note: 'ℹ️ note',
};

const OUTCOME_ICON: Readonly<Record<DisruptionScore['outcome'], string>> = {
  'within-objectives': '✅',
  'over-objectives': '⚠️',
  'history-lost': '⚠️',
  unrecoverable: '❌',
};

const KIND_TEXT: Readonly<Record<FindingKind, string>> = {
  causal: 'environment rule, causal (its cost is in the disruption table)',
  assurance: 'environment rule, assurance (costs assurance points)',
  plan: 'plan rule',
};

/** Untrusted text for running Markdown. */
function inline(text: string): string {
  return escapeMarkdownInline(printable(text));
}

/** Untrusted text for a table cell. */
function cell(text: string): string {
  return escapeMarkdownCell(printable(text));
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

/** A catalog rule links to its page; the URL is built from the catalog's id, never from input. */
function ruleLink(ruleId: string): string {
  const rule = getRule(ruleId);
  return rule ? `[${cell(rule.id)}](${ruleHelpUri(rule.id)})` : cell(ruleId);
}

/** Renders the Markdown readiness report. This is a pure function. */
export function readinessMarkdown(input: ReadinessReportInput): string {
  const { readiness, environment, plan } = input;
  const { rtoSeconds, rpoSeconds } = readiness.objectives;
  const planFile = readiness.check?.plan.file ?? plan?.file;
  const out: string[] = [
    `# Recovery readiness of ${inline(readiness.environment.name)}`,
    '',
    `## Readiness score: ${readiness.score}/100`,
    '',
    `**${inline(verdictLine(readiness))}**`,
    '',
    `**Assurance score (separate): ${readiness.assurance.score}/100**. Hygiene the models take for granted (restore tests, drills, fresh backups, permissions scripts, exports): ${readiness.assurance.findings.length} finding${readiness.assurance.findings.length === 1 ? '' : 's'}. It does not change the readiness score.`,
    '',
    '| | |',
    '|---|---|',
    row(['Environment', cell(readiness.environment.name)]),
    row(['Environment file', cell(readiness.environment.file)]),
    row(['Product', cell(environment.product)]),
    row(['Judged as of', readiness.asOf]),
    row(['RTO', formatDuration(rtoSeconds)]),
    row(['RPO', formatDuration(rpoSeconds)]),
    row([
      'Recovery plan',
      planFile === undefined
        ? 'none given: each disruption is judged by the best synthesised recovery'
        : cell(planFile),
    ]),
    row(['Disruptions simulated', String(readiness.disruptions.length)]),
    row(['Teams (synthesised recoveries)', String(readiness.teams)]),
    row(['Written by', `scsm-dr ${cell(input.version)}`]),
    '',
    ...drillsTable(input),
    '',
    ...evidenceSection(input),
    '## Disruptions',
    '',
    'Every loss the environment can suffer, recovered on the component models with its real assets. Each row earns its weight times the credit of its outcome; the points it loses are the rest.',
    '',
    '| Disruption | What it stops | Outcome | Recovery / RTO | Data loss / RPO | Plan used | Points lost | Explanation |',
    '|---|---|---|---|---|---|--:|---|',
    ...readiness.disruptions.map((entry) => disruptionRow(entry, rtoSeconds, rpoSeconds)),
    '',
    ...singlePointsSection(input),
    '## Findings',
    '',
    ...findingsSection(input),
    '',
    '## Plan check',
    '',
    ...planSection(input),
    '',
    '## Diagrams',
    '',
    ...diagramsSection(reportDiagrams(input)),
  ];
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}

/** The rehearsals the environment records: what the assurance score's drill rule judges. */
function drillsTable(input: ReadinessReportInput): string[] {
  const drills = input.environment.drills;
  if (drills.length === 0) return ['**Drills:** none recorded.'];
  return [
    '**Drills recorded**',
    '',
    '| Scenario | Date | Outcome | Duration | Notes |',
    '|---|---|---|---|---|',
    ...drills.map((drill) =>
      row([
        cell(drill.scenario),
        isoDay(drill.date),
        drill.outcome,
        drill.durationSeconds === undefined ? '—' : formatDuration(drill.durationSeconds),
        drill.notes === undefined ? '' : cell(drill.notes),
      ]),
    ),
  ];
}

function disruptionRow(entry: DisruptionScore, rtoSeconds: number, rpoSeconds: number): string {
  const over = entry.recoverySeconds === undefined || entry.recoverySeconds > rtoSeconds;
  const reasons = [
    ...entry.reasons.map(reasonMarkdown),
    ...(entry.ruleIds.length > 0 ? [`rules: ${entry.ruleIds.map(ruleLink).join(', ')}`] : []),
  ];
  return row([
    `**${cell(entry.id)}**<br>${cell(entry.description)}`,
    `${servicesText(entry)} (weight ${entry.weight})`,
    `${OUTCOME_ICON[entry.outcome]} ${OUTCOME_TEXT[entry.outcome]}${isUnplanned(entry) ? ', not in the plan' : ''}`,
    `${over ? '⚠️ ' : ''}${recoveryText(entry, rtoSeconds)}`,
    `${entry.dataLossSeconds > rpoSeconds ? '⚠️ ' : ''}${dataLossText(entry, rpoSeconds)}`,
    cell(planUsedText(entry)),
    formatPoints(entry.pointsLost),
    reasons.length === 0 ? '—' : reasons.join('<br>'),
  ]);
}

/**
 * The backup single points of failure next to the disruptions: a computer whose loss alone
 * "stops nothing" but takes every backup of a group, with the pair rows it makes fatal.
 */
function singlePointsSection(input: ReadinessReportInput): string[] {
  const { points, pairsScored } = backupSinglePoints(input.readiness);
  if (points.length === 0) return [];
  const out = [
    '### Backup single points of failure',
    '',
    `One computer holds every backup of a group (${ruleLink('backup-single-point-of-failure')}, an assurance finding). Its loss alone may stop nothing, but together with a role host of the group it leaves nothing to restore from.`,
    '',
  ];
  for (const point of points) {
    const pairs = point.pairs.map((row) => `${inline(row.id)} (${formatPoints(row.pointsLost)} points)`);
    out.push(
      `- **${inline(point.computer)}**: ${inline(point.finding.message)}. ${
        !pairsScored
          ? 'Run with `--pairs` to see the pairs of losses it makes fatal.'
          : pairs.length === 0
            ? 'No scored pair with it loses points.'
            : `Pairs it makes fatal: ${pairs.join(', ')}.`
      }`,
    );
  }
  out.push('');
  return out;
}

function findingsSection(input: ReadinessReportInput): string[] {
  const tagged = taggedFindings(input.readiness);
  if (tagged.length === 0) return ['No findings: neither the environment nor the plan breaks a rule.'];
  const groups = groupByRule(tagged);
  const out = [
    `**${formatCounts(countSeverities(tagged.map((entry) => entry.finding)))}** from ${groups.length} rule${groups.length === 1 ? '' : 's'}, environment and plan together, grouped by rule.`,
  ];
  for (const group of groups) out.push('', ...ruleGroup(group));
  return out;
}

function ruleGroup(group: RuleGroup): string[] {
  const { rule } = group;
  const kinds = [...new Set(group.findings.map((entry) => KIND_TEXT[entry.kind]))].join('; ');
  const out = [
    `### ${ruleLink(group.ruleId)}${rule ? ` — ${rule.title}` : ''} (${group.findings.length})`,
    '',
    `*${kinds}*`,
    '',
  ];
  if (rule) {
    // The catalog's prose is the project's own Markdown: trusted, and written to be rendered.
    out.push(`**Why:** ${rule.rationale}`, '', `**How to fix:** ${rule.remediation}`, '');
  } else {
    out.push('This version of scsm-dr does not describe this rule.', '');
  }
  out.push('| Severity | Location | Scenario | Message |', '|---|---|---|---|');
  for (const { finding } of group.findings) {
    out.push(
      row([
        SEVERITY_LABEL[finding.severity],
        cell(formatLocation(finding.location)),
        finding.scenario === undefined ? '—' : cell(finding.scenario),
        cell(finding.message),
      ]),
    );
  }
  return out;
}

function planSection(input: ReadinessReportInput): string[] {
  const check = input.readiness.check;
  if (!check) {
    return [
      'No plan was given. Each disruption above is judged by the best recovery the synthesiser finds; pass `--plan plan.yaml` to check a written plan as well.',
    ];
  }
  const out = [
    `Plan ${inline(check.plan.file)}: ${check.summary.scenarios} scenario${check.summary.scenarios === 1 ? '' : 's'}, ${check.summary.recovered} recovered; ${formatCounts(check.summary)}.`,
    '',
    '| Scenario | Title | Recovered | Estimated / RTO | Findings |',
    '|---|---|:---:|---|---|',
  ];
  for (const scenario of check.scenarios) {
    const counts = countSeverities(check.findings.filter((finding) => finding.scenario === scenario.id));
    const found = (['error', 'warning', 'note'] as const)
      .filter((severity) => counts[severity] > 0)
      .map((severity) => `${counts[severity]} ${severity}${counts[severity] === 1 ? '' : 's'}`)
      .join(', ');
    out.push(
      row([
        cell(scenario.id),
        scenario.title === undefined ? '' : cell(scenario.title),
        scenario.recovered ? '✅' : '❌',
        `${scenario.estimatedSeconds > scenario.rtoSeconds ? '⚠️ ' : ''}${formatDuration(scenario.estimatedSeconds)} / ${formatDuration(scenario.rtoSeconds)}`,
        found === '' ? '—' : found,
      ]),
    );
  }
  for (const scenario of check.scenarios) {
    const findings = check.findings.filter((finding) => finding.scenario === scenario.id);
    if (findings.length > 0) out.push('', ...scenarioFindings(scenario, findings));
  }
  const unscoped = check.findings.filter((finding) => finding.scenario === undefined);
  if (unscoped.length > 0) out.push('', '### Not specific to a scenario', '', ...findingItems(unscoped));
  return out;
}

function scenarioFindings(scenario: ScenarioResult, findings: readonly Finding[]): string[] {
  return [
    `### Scenario ${inline(scenario.id)}`,
    '',
    `${scenario.recovered ? '✅ recovered' : '❌ NOT recovered'}; estimated ${formatDuration(scenario.estimatedSeconds)} against the RTO of ${formatDuration(scenario.rtoSeconds)}.`,
    '',
    ...findingItems(findings),
  ];
}

/** One list item per finding; a violation found by executing steps gets its numbered trace. */
function findingItems(findings: readonly Finding[]): string[] {
  const out: string[] = [];
  for (const finding of findings) {
    out.push(
      `- **${finding.severity}** ${ruleLink(finding.ruleId)} at ${inline(formatLocation(finding.location))}: ${inline(finding.message)}`,
    );
    if (finding.trace && finding.trace.length > 0) {
      out.push('');
      const leftOut = leftOutText(finding.trace);
      if (leftOut !== '') out.push(`    … ${leftOut}`, '');
      for (const step of finding.trace) {
        const where = step.location ? ` (${inline(formatLocation(step.location))})` : '';
        out.push(`    ${stepNumber(step)}. ${inline(traceStepText(step))}${where}`);
      }
      out.push('');
    }
  }
  return out;
}

function diagramsSection(diagrams: readonly ReportDiagram[]): string[] {
  const out: string[] = [];
  const machines = diagrams.filter((diagram) => diagram.id.startsWith('machine-'));
  for (const diagram of diagrams) {
    if (machines.includes(diagram)) continue;
    out.push(`### ${inline(diagram.title)}`, '', ...mermaidFence(diagram.mermaid), '');
  }
  if (machines.length > 0) {
    out.push(
      '### Component machines',
      '',
      '<details>',
      `<summary>The ${machines.length} component state machines</summary>`,
      '',
    );
    for (const diagram of machines)
      out.push(`#### ${inline(diagram.title)}`, '', ...mermaidFence(diagram.mermaid), '');
    out.push('</details>');
  }
  return out;
}

/**
 * With `--evidence`: per database, whether each backup fact the score used is *evidenced* (read
 * from the msdb history) or only *claimed* (typed into environment.yaml).
 */
function evidenceSection(input: ReadinessReportInput): string[] {
  const evidence = input.readiness.evidence;
  if (evidence === undefined) return [];
  const word = { evidenced: 'evidenced', claimed: '**claimed**', absent: '—' } as const;
  return [
    '## Backup facts: claimed or evidenced',
    '',
    `Judged on ${evidence.rows} rows of msdb backup history from ${evidence.files.map((file) => cell(file)).join(', ')}. A fact that is only claimed was typed into the environment file and is not shown by the history.`,
    '',
    '| Database | full.last | full.every | differential.every | log.every | offHost |',
    '|---|---|---|---|---|---|',
    ...evidence.provenance.map(
      (entry) =>
        `| ${cell(entry.database)} | ${word[entry.lastFull]} | ${word[entry.fullEvery]} | ${word[entry.differentialEvery]} | ${word[entry.logEvery]} | ${word[entry.offHost]} |`,
    ),
    '',
    ...(evidence.notInEvidence.length > 0
      ? [`Not in the evidence: ${evidence.notInEvidence.map((name) => cell(name)).join(', ')}.`, '']
      : []),
    ...(evidence.notInEnvironment.length > 0
      ? [
          `In the evidence, not declared: ${evidence.notInEnvironment.map((name) => cell(name)).join(', ')}.`,
          '',
        ]
      : []),
  ];
}
