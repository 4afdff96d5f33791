/**
 * The HTML readiness report (`report --format html`): one self-contained page, built with
 * `renderHtmlPage`, with the score, the disruption table, the findings grouped by rule, the
 * plan check per scenario and every diagram rendered by the inlined Mermaid.
 *
 * This module is imported only by the `report` command, and only when it renders HTML (a
 * dynamic import), so `check` never loads it nor the Mermaid bundle it reads.
 *
 * Every string that comes from an input file or a message (names, sites, titles, notes, file
 * paths, explanations) goes through {@link text}: made printable, then HTML-escaped. The
 * catalog's own rationale and remediation are trusted but escaped too; only their code spans
 * become `<code>`.
 */
import type { ScenarioResult } from '../../check/types.js';
import { formatDuration } from '../../common/duration.js';
import { formatLocation } from '../../common/location.js';
import { getRule } from '../../rules/catalog.js';
import { ruleHelpUri } from '../../rules/docs-url.js';
import type { Finding, Severity } from '../../rules/types.js';
import type { DisruptionScore } from '../../score/index.js';
import { escapeHtml, type HtmlSection, renderHtmlPage } from '../html/page.js';
import { reasonHtml } from '../reasons.js';
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
  type RuleGroup,
  recoveryText,
  reportDiagrams,
  servicesText,
  type TaggedFinding,
  taggedFindings,
  tracedFindings,
  verdictBand,
  verdictLine,
} from './shared.js';
import { backupSinglePoints } from './single-points.js';
import type { ReadinessReportInput } from './types.js';

/**
 * What the page's own stylesheet lacks for this report: the score cards, wide tables that
 * wrap instead of overflowing, outcome colours, and print rules for long tables (a table
 * longer than a page may break between rows, never inside one, and repeats its header).
 * CSP allows inline styles (`style-src 'unsafe-inline'`), so a `<style>` in the first section
 * is enough and `page.ts` stays generic.
 */
const REPORT_STYLES = `
.cards { display: flex; flex-wrap: wrap; gap: 1rem; margin: .5rem 0 1rem; }
.card { border: 1px solid var(--rule); border-radius: 6px; padding: .75rem 1.25rem; min-width: 16rem; flex: 1 1 20rem; }
.card .label { font-weight: 600; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; font-size: .8rem; margin: 0; }
.card .value { font-size: 3.5rem; line-height: 1.1; font-weight: 700; margin: .2rem 0; }
.card .value small { font-size: 1.2rem; font-weight: 400; color: var(--muted); }
.card.assurance .value { font-size: 2.2rem; }
.card p { margin: .2rem 0; }
.level-good { color: #1e7a34; }
.level-fair { color: #8a6d00; }
.level-poor { color: #b35c00; }
.level-bad { color: var(--bad); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: .5rem 0; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.table-wrap { overflow-x: auto; }
table.report { width: 100%; font-size: .88rem; }
table.report th { background: #f3f3f3; }
table.report td { overflow-wrap: break-word; }
table.report code.location, table.report td.id { overflow-wrap: anywhere; }
table.report.drills { width: auto; }
table.report td.num { text-align: right; white-space: nowrap; }
table.report td.nowrap { white-space: nowrap; }
table.report ul { margin: 0; padding-left: 1.1rem; }
.outcome-within-objectives { color: #1e7a34; font-weight: 600; }
.outcome-over-objectives, .outcome-history-lost { color: #8a5a00; font-weight: 600; }
.outcome-unrecoverable { color: var(--bad); font-weight: 700; }
.over { color: var(--bad); font-weight: 600; }
.sev { display: inline-block; white-space: nowrap; padding: 0 .4rem; border-radius: 3px; font-size: .8rem; font-weight: 700; border: 1px solid currentColor; }
.sev-error { color: var(--bad); }
.sev-warning { color: #8a5a00; }
.sev-note { color: var(--accent); }
.muted { color: var(--muted); }
article.rule, article.scenario { border-top: 1px solid var(--rule); padding-top: .5rem; margin-top: 1rem; }
article h3 { font-size: 1.05rem; margin: .3rem 0; overflow-wrap: anywhere; }
article p { margin: .3rem 0; }
ol.trace { margin: .3rem 0 .6rem; font-size: .88rem; }
ol.trace li { overflow-wrap: anywhere; }
@media print {
  .cards { display: block; }
  .card { break-inside: avoid; page-break-inside: avoid; margin-bottom: .5rem; }
  .level-good, .level-fair, .level-poor, .level-bad, .outcome-within-objectives, .outcome-over-objectives,
  .outcome-history-lost, .outcome-unrecoverable, .over, .sev, .muted { color: #000 !important; }
  .table-wrap { overflow: visible; }
  table.report { font-size: 9pt; break-inside: auto; page-break-inside: auto; }
  table.report thead { display: table-header-group; }
  table.report tr { break-inside: avoid; page-break-inside: avoid; }
  table.report th { background: #fff; }
  article.rule, article.scenario { break-inside: avoid-page; }
  article.rule a[href^="http"]::after { content: " (" attr(href) ")"; font-size: 8pt; overflow-wrap: anywhere; }
}
`;

const SEVERITY_ORDER: readonly Severity[] = ['error', 'warning', 'note'];

/** Untrusted text for HTML content or a quoted attribute: printable, then escaped. */
function text(value: string): string {
  return escapeHtml(printable(value));
}

/** Catalog prose (trusted, but escaped all the same), with its `code spans` as `<code>`. */
function prose(value: string): string {
  return escapeHtml(value).replace(/`([^`]+)`/g, '<code>$1</code>');
}

/** The anchor of a rule's group in the findings section; ids of the catalog only. */
function ruleAnchor(ruleId: string): string {
  return `rule-${ruleId.replace(/[^A-Za-z0-9-]/g, '_')}`;
}

function severityBadge(severity: Severity): string {
  return `<span class="sev sev-${severity}">${severity}</span>`;
}

const KIND_TEXT: Readonly<Record<FindingKind, string>> = {
  causal: 'environment rule, causal: the models simulate its effect, so its cost is in the disruption table',
  assurance: 'environment rule, assurance: the models do not simulate it, so it costs assurance points',
  plan: 'plan rule: found by checking the recovery plan',
};

/**
 * Renders the HTML readiness report. This is a pure function apart from reading the Mermaid
 * bundle once from `node_modules` (see `renderHtmlPage`).
 */
export function readinessHtml(input: ReadinessReportInput): string {
  const tagged = taggedFindings(input.readiness);
  const sections: HtmlSection[] = [
    { id: 'readiness', heading: 'Readiness', html: summarySection(input) },
    { id: 'disruptions', heading: 'Disruptions', html: disruptionSection(input) },
    { id: 'findings', heading: 'Findings', html: findingsSection(tagged) },
    { id: 'plan-check', heading: 'Plan check', html: planSection(input) },
  ];
  return renderHtmlPage({
    title: `Recovery readiness of ${printable(input.readiness.environment.name)}`,
    sections,
    diagrams: reportDiagrams(input).map((diagram) => ({
      id: diagram.id,
      title: printable(diagram.title),
      mermaid: diagram.mermaid,
    })),
  });
}

function summarySection(input: ReadinessReportInput): string {
  const { readiness, environment, plan } = input;
  const band = verdictBand(readiness.score);
  const assuranceBand = verdictBand(readiness.assurance.score);
  const totalLost = readiness.disruptions.reduce((sum, row) => sum + row.pointsLost, 0);
  const facts: [string, string][] = [
    ['Environment', text(readiness.environment.name)],
    ['Environment file', `<code>${text(readiness.environment.file)}</code>`],
    ['Product', text(environment.product)],
    ['Judged as of', escapeHtml(readiness.asOf)],
    ['Recovery time objective (RTO)', escapeHtml(formatDuration(readiness.objectives.rtoSeconds))],
    ['Recovery point objective (RPO)', escapeHtml(formatDuration(readiness.objectives.rpoSeconds))],
    [
      'Recovery plan',
      plan || readiness.check
        ? `<code>${text(readiness.check?.plan.file ?? plan?.file ?? '')}</code>`
        : 'none given: each disruption is judged by the best recovery the synthesiser finds',
    ],
    ['Disruptions simulated', String(readiness.disruptions.length)],
    ['Teams (synthesised recoveries)', String(readiness.teams)],
    ['Written by', `scsm-dr ${text(input.version)}`],
  ];
  return [
    `<style>${REPORT_STYLES}</style>`,
    '<div class="cards">',
    '<div class="card readiness-score">',
    '<p class="label">Readiness score</p>',
    `<p class="value level-${band.level}" id="readiness-score">${readiness.score}<small>/100</small></p>`,
    `<p class="verdict"><strong>${text(verdictLine(readiness))}</strong></p>`,
    `<p class="muted">From simulated recoveries of every disruption; ${escapeHtml(formatPoints(totalLost))} points lost, each explained in the disruption table.</p>`,
    '</div>',
    '<div class="card assurance">',
    '<p class="label">Assurance score (separate)</p>',
    `<p class="value level-${assuranceBand.level}" id="assurance-score">${readiness.assurance.score}<small>/100</small></p>`,
    `<p>Hygiene the models take for granted (restore tests, drills, fresh backups, permissions scripts, exports): ${readiness.assurance.findings.length} finding${readiness.assurance.findings.length === 1 ? '' : 's'}. It does not change the readiness score.</p>`,
    '</div>',
    '</div>',
    '<dl class="facts">',
    ...facts.map(([term, value]) => `<dt>${escapeHtml(term)}</dt><dd>${value}</dd>`),
    '</dl>',
    drillsTable(input),
    evidenceTable(input),
  ].join('\n');
}

/** With `--evidence`: per database, whether each backup fact is evidenced or only claimed. */
function evidenceTable(input: ReadinessReportInput): string {
  const evidence = input.readiness.evidence;
  if (evidence === undefined) return '';
  const word = { evidenced: 'evidenced', claimed: '<strong>claimed</strong>', absent: '—' } as const;
  return [
    '<div class="table-wrap"><table class="report drills">',
    `<caption class="muted">Backup facts: claimed or evidenced (${evidence.rows} rows of msdb history from ${evidence.files.map(text).join(', ')})</caption>`,
    '<thead><tr><th>Database</th><th>full.last</th><th>full.every</th><th>differential.every</th><th>log.every</th><th>offHost</th></tr></thead>',
    '<tbody>',
    ...evidence.provenance.map(
      (entry) =>
        `<tr><td>${text(entry.database)}</td><td>${word[entry.lastFull]}</td><td>${word[entry.fullEvery]}</td><td>${word[entry.differentialEvery]}</td><td>${word[entry.logEvery]}</td><td>${word[entry.offHost]}</td></tr>`,
    ),
    '</tbody>',
    '</table></div>',
    ...(evidence.notInEvidence.length > 0
      ? [`<p><strong>Not in the evidence:</strong> ${evidence.notInEvidence.map(text).join(', ')}</p>`]
      : []),
  ].join('\n');
}

/** The rehearsals the environment records: what the assurance score's drill rule judges. */
function drillsTable(input: ReadinessReportInput): string {
  const drills = input.environment.drills;
  if (drills.length === 0) return '<p><strong>Drills:</strong> none recorded.</p>';
  return [
    '<div class="table-wrap"><table class="report drills">',
    '<caption class="muted">Recorded drills</caption>',
    '<thead><tr><th>Scenario</th><th>Date</th><th>Outcome</th><th>Duration</th><th>Notes</th></tr></thead>',
    '<tbody>',
    ...drills.map(
      (drill) =>
        `<tr><td>${text(drill.scenario)}</td><td class="nowrap">${escapeHtml(isoDay(drill.date))}</td><td>${escapeHtml(drill.outcome)}</td><td class="nowrap">${drill.durationSeconds === undefined ? '—' : escapeHtml(formatDuration(drill.durationSeconds))}</td><td>${drill.notes === undefined ? '' : text(drill.notes)}</td></tr>`,
    ),
    '</tbody>',
    '</table></div>',
  ].join('\n');
}

function disruptionSection(input: ReadinessReportInput): string {
  const { readiness } = input;
  const { rtoSeconds, rpoSeconds } = readiness.objectives;
  const rows = readiness.disruptions.map((row) => disruptionRow(row, rtoSeconds, rpoSeconds));
  return [
    '<p>Every loss the environment can suffer, recovered on the component models with its real assets. Each row earns its weight times the credit of its outcome; the points it loses are the rest.</p>',
    '<div class="table-wrap"><table class="report disruptions">',
    '<thead><tr><th>Disruption</th><th>What it stops</th><th>Outcome</th><th>Recovery / RTO</th><th>Data loss / RPO</th><th>Plan used</th><th>Points lost</th><th>Explanation</th></tr></thead>',
    '<tbody>',
    ...rows,
    '</tbody>',
    '</table></div>',
    singlePointsSection(input),
  ].join('\n');
}

/**
 * The backup single points of failure under the disruptions: a computer whose loss alone
 * "stops nothing" but takes every backup of a group, with the pair rows it makes fatal.
 */
function singlePointsSection(input: ReadinessReportInput): string {
  const { points, pairsScored } = backupSinglePoints(input.readiness);
  if (points.length === 0) return '';
  const items = points.map((point) => {
    const pairs = point.pairs.map(
      (row) => `<code>${text(row.id)}</code> (${escapeHtml(formatPoints(row.pointsLost))} points)`,
    );
    const tail = !pairsScored
      ? 'Run with <code>--pairs</code> to see the pairs of losses it makes fatal.'
      : pairs.length === 0
        ? 'No scored pair with it loses points.'
        : `Pairs it makes fatal: ${pairs.join(', ')}.`;
    return `<li><strong>${text(point.computer)}</strong>: ${text(point.finding.message)}. ${tail}</li>`;
  });
  return [
    '<h3 id="backup-single-points">Backup single points of failure</h3>',
    `<p>One computer holds every backup of a group (${ruleReference('backup-single-point-of-failure')}, an assurance finding). Its loss alone may stop nothing, but together with a role host of the group it leaves nothing to restore from.</p>`,
    '<ul class="single-points">',
    ...items,
    '</ul>',
  ].join('\n');
}

function disruptionRow(row: DisruptionScore, rtoSeconds: number, rpoSeconds: number): string {
  const recoveryOver = row.recoverySeconds === undefined || row.recoverySeconds > rtoSeconds;
  const explanation =
    row.reasons.length === 0
      ? '<span class="muted">—</span>'
      : `<ul>${row.reasons.map((reason) => `<li>${reasonHtml(reason)}</li>`).join('')}</ul>`;
  const rules =
    row.ruleIds.length === 0
      ? ''
      : `<div class="muted">rules: ${row.ruleIds.map((id) => ruleReference(id)).join(', ')}</div>`;
  return [
    `<tr data-disruption="${text(row.id)}">`,
    `<td class="id"><strong>${text(row.id)}</strong><div class="muted">${text(row.description)}</div></td>`,
    `<td>${escapeHtml(servicesText(row))}<div class="muted">weight ${row.weight}</div></td>`,
    `<td class="outcome-${row.outcome}">${escapeHtml(OUTCOME_TEXT[row.outcome])}${isUnplanned(row) ? '<div class="muted">not in the plan</div>' : ''}</td>`,
    `<td class="nowrap${recoveryOver ? ' over' : ''}">${escapeHtml(recoveryText(row, rtoSeconds))}</td>`,
    `<td class="nowrap${row.dataLossSeconds > rpoSeconds ? ' over' : ''}">${escapeHtml(dataLossText(row, rpoSeconds))}</td>`,
    `<td>${text(planUsedText(row))}</td>`,
    `<td class="num">${escapeHtml(formatPoints(row.pointsLost))}</td>`,
    `<td>${explanation}${rules}</td>`,
    '</tr>',
  ].join('');
}

/** A rule id: linked to its group in the findings section when it has findings there, else to its page. */
function ruleReference(ruleId: string): string {
  const rule = getRule(ruleId);
  if (!rule) return `<code>${text(ruleId)}</code>`;
  return `<a href="${escapeHtml(ruleHelpUri(rule.id))}" rel="noopener noreferrer"><code>${escapeHtml(rule.id)}</code></a>`;
}

function findingsSection(tagged: readonly TaggedFinding[]): string {
  if (tagged.length === 0) {
    return '<p>No findings: neither the environment nor the plan breaks a rule.</p>';
  }
  const counts = countSeverities(tagged.map((entry) => entry.finding));
  const groups = groupByRule(tagged);
  const out = [
    `<p><strong>${escapeHtml(formatCounts(counts))}</strong> from ${groups.length} rule${groups.length === 1 ? '' : 's'}, environment and plan together, grouped by rule; locations point at the YAML node that causes each finding.</p>`,
  ];
  for (const group of groups) out.push(ruleGroup(group));
  return out.join('\n');
}

function ruleGroup(group: RuleGroup): string {
  const { rule } = group;
  const severities = SEVERITY_ORDER.filter((severity) =>
    group.findings.some((entry) => entry.finding.severity === severity),
  );
  const kinds = [...new Set(group.findings.map((entry) => entry.kind))];
  const out = [
    `<article class="rule" id="${ruleAnchor(group.ruleId)}">`,
    `<h3>${severities.map(severityBadge).join(' ')} <code>${text(group.ruleId)}</code>${rule ? ` — ${escapeHtml(rule.title)}` : ''} <span class="muted">(${group.findings.length})</span></h3>`,
    `<p class="muted">${kinds.map((kind) => escapeHtml(KIND_TEXT[kind])).join('; ')}</p>`,
  ];
  if (rule) {
    out.push(
      `<p><strong>Why:</strong> ${prose(rule.rationale)}</p>`,
      `<p><strong>How to fix:</strong> ${prose(rule.remediation)}</p>`,
      `<p><strong>Documentation:</strong> <a href="${escapeHtml(ruleHelpUri(rule.id))}" rel="noopener noreferrer">docs/rules/${escapeHtml(rule.id)}.md</a></p>`,
    );
  } else {
    out.push('<p>This version of scsm-dr does not describe this rule.</p>');
  }
  out.push(
    '<div class="table-wrap"><table class="report findings">',
    '<thead><tr><th>Severity</th><th>Location</th><th>Scenario</th><th>Message</th></tr></thead>',
    '<tbody>',
    ...group.findings.map(
      ({ finding }) =>
        `<tr><td>${severityBadge(finding.severity)}</td><td><code class="location">${text(formatLocation(finding.location))}</code></td><td>${finding.scenario === undefined ? '<span class="muted">—</span>' : text(finding.scenario)}</td><td>${text(finding.message)}</td></tr>`,
    ),
    '</tbody>',
    '</table></div>',
    '</article>',
  );
  return out.join('\n');
}

function planSection(input: ReadinessReportInput): string {
  const check = input.readiness.check;
  if (!check) {
    return '<p>No plan was given. Each disruption above is judged by the best recovery the synthesiser finds; run <code>scsm-dr report … --plan plan.yaml</code> to check a written plan as well.</p>';
  }
  const traceNumbers = new Map(tracedFindings(input.readiness).map((finding, index) => [finding, index + 1]));
  const out = [
    `<p>Plan <code>${text(check.plan.file)}</code>: ${check.summary.scenarios} scenario${check.summary.scenarios === 1 ? '' : 's'}, ${check.summary.recovered} recovered; ${escapeHtml(formatCounts(check.summary))}.</p>`,
  ];
  for (const scenario of check.scenarios) {
    const findings = check.findings.filter((finding) => finding.scenario === scenario.id);
    out.push(scenarioArticle(scenario, findings, traceNumbers));
  }
  const unscoped = check.findings.filter((finding) => finding.scenario === undefined);
  if (unscoped.length > 0) {
    out.push(
      '<article class="scenario">',
      '<h3>Not specific to a scenario</h3>',
      findingList(unscoped, traceNumbers),
      '</article>',
    );
  }
  return out.join('\n');
}

function scenarioArticle(
  scenario: ScenarioResult,
  findings: readonly Finding[],
  traceNumbers: ReadonlyMap<Finding, number>,
): string {
  const over = scenario.estimatedSeconds > scenario.rtoSeconds;
  const status = scenario.recovered
    ? '<span class="outcome-within-objectives">✔ recovered</span>'
    : '<span class="outcome-unrecoverable">✖ NOT recovered</span>';
  const history =
    scenario.historyLost.length > 0
      ? `; history lost: ${scenario.historyLost.map((name) => text(name)).join(', ')}`
      : '';
  return [
    `<article class="scenario" data-scenario="${text(scenario.id)}">`,
    `<h3><code>${text(scenario.id)}</code>${scenario.title === undefined ? '' : ` — ${text(scenario.title)}`}</h3>`,
    `<p>${status}; estimated <span class="${over ? 'over' : ''}">${escapeHtml(formatDuration(scenario.estimatedSeconds))}</span> against the RTO of ${escapeHtml(formatDuration(scenario.rtoSeconds))} (${scenario.steps} step${scenario.steps === 1 ? '' : 's'})${history}. <span class="muted">Written at <code>${text(formatLocation(scenario.location))}</code>.</span></p>`,
    findings.length === 0 ? '<p class="muted">No findings.</p>' : findingList(findings, traceNumbers),
    '</article>',
  ].join('\n');
}

function findingList(findings: readonly Finding[], traceNumbers: ReadonlyMap<Finding, number>): string {
  const out: string[] = ['<ul class="scenario-findings">'];
  for (const finding of findings) {
    const trace = traceNumbers.get(finding);
    out.push(
      `<li>${severityBadge(finding.severity)} <code class="location">${text(formatLocation(finding.location))}</code> ${text(finding.message)} ${ruleReference(finding.ruleId)}${trace === undefined ? '' : ` <a href="#trace-${trace}">(trace ${trace})</a>`}`,
    );
    if (finding.trace && finding.trace.length > 0) {
      const leftOut = leftOutText(finding.trace);
      if (leftOut !== '') out.push(`<p class="muted">… ${text(leftOut)}</p>`);
      out.push('<ol class="trace">');
      for (const step of finding.trace) {
        const where = step.location
          ? ` <span class="muted">(${text(formatLocation(step.location))})</span>`
          : '';
        out.push(`<li value="${stepNumber(step)}">${text(traceStepText(step))}${where}</li>`);
      }
      out.push('</ol>');
    }
    out.push('</li>');
  }
  out.push('</ul>');
  return out.join('\n');
}
