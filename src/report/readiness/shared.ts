/**
 * What the readiness renderers share: the findings of the environment and the plan in one
 * sorted, tagged list, grouped by rule; the words for outcomes, services and plans; the
 * verdict on a score; and the diagrams of a report. Every renderer says the same thing in its
 * own syntax, so the decisions live here and the renderers only format.
 */
import { formatDuration } from '../../common/duration.js';
import type { SourceLocation } from '../../common/location.js';
import { machineDiagrams } from '../../models/diagram.js';
import { RULES } from '../../rules/catalog.js';
import type { Finding, RuleMeta, TraceStep } from '../../rules/types.js';
import type { DisruptionScore, Outcome, Readiness, Service } from '../../score/index.js';
import { ganttDiagram, planDiagram, topologyDiagram, traceDiagram } from '../mermaid/index.js';
import { hasTrace } from '../reporters/shared.js';
import type { ReadinessReportInput } from './types.js';

/**
 * Where a finding comes from and how it counts:
 * - `causal`: an environment rule whose effect the models simulate, so its cost is already in
 *   the disruption table;
 * - `assurance`: an environment rule the models do not simulate, which costs assurance points;
 * - `plan`: a finding of the plan check.
 */
export type FindingKind = 'causal' | 'assurance' | 'plan';

/** A finding with its {@link FindingKind}. */
export interface TaggedFinding {
  readonly finding: Finding;
  readonly kind: FindingKind;
}

/** Orders locations by file, line and column; the order every report lists findings in. */
export function compareLocations(a: SourceLocation, b: SourceLocation): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column;
}

/**
 * Every finding of the report, environment and plan together, sorted by file, line and column
 * (stable, so findings at one place keep the order their rules emitted them in), each tagged
 * with its kind. This is a pure function.
 */
export function taggedFindings(readiness: Readiness): TaggedFinding[] {
  const assurance = new Set(readiness.assurance.findings);
  const tagged: TaggedFinding[] = [
    ...readiness.findings.map(
      (finding): TaggedFinding => ({ finding, kind: assurance.has(finding) ? 'assurance' : 'causal' }),
    ),
    ...(readiness.check?.findings ?? []).map((finding): TaggedFinding => ({ finding, kind: 'plan' })),
  ];
  return tagged.sort((a, b) => compareLocations(a.finding.location, b.finding.location));
}

/** The findings of one rule. `rule` is undefined for an id the catalog does not know. */
export interface RuleGroup {
  readonly ruleId: string;
  readonly rule: RuleMeta | undefined;
  readonly findings: readonly TaggedFinding[];
}

/**
 * Groups findings by rule: catalog rules in catalog order (plan rules, then environment
 * rules), then any rule the catalog does not know, by id. Rules without findings are left out.
 * This is a pure function.
 */
export function groupByRule(findings: readonly TaggedFinding[]): RuleGroup[] {
  const byRule = new Map<string, TaggedFinding[]>();
  for (const tagged of findings) {
    const list = byRule.get(tagged.finding.ruleId);
    if (list) list.push(tagged);
    else byRule.set(tagged.finding.ruleId, [tagged]);
  }
  const groups: RuleGroup[] = [];
  for (const rule of RULES) {
    const list = byRule.get(rule.id);
    if (list) groups.push({ ruleId: rule.id, rule, findings: list });
    byRule.delete(rule.id);
  }
  for (const ruleId of [...byRule.keys()].sort()) {
    groups.push({ ruleId, rule: undefined, findings: byRule.get(ruleId)! });
  }
  return groups;
}

/** How each outcome reads in a report. */
export const OUTCOME_TEXT: Readonly<Record<Outcome, string>> = {
  'within-objectives': 'within RTO and RPO',
  'over-objectives': 'over RTO or RPO',
  'history-lost': 'DW history lost',
  unrecoverable: 'unrecoverable',
};

/** How each stopped service reads in a report. */
export const SERVICE_TEXT: Readonly<Record<Service, string>> = {
  'incident-handling': 'incident handling',
  reporting: 'reporting',
  'self-service': 'self-service',
  redundancy: 'redundancy only',
};

/** What a disruption stops, in words: `incident handling, reporting`, or `nothing`. */
export function servicesText(row: DisruptionScore): string {
  return row.services.length === 0
    ? 'nothing'
    : row.services.map((service) => SERVICE_TEXT[service]).join(', ');
}

/** Which recovery a disruption row judges, in words. */
export function planUsedText(row: DisruptionScore): string {
  if (row.planUsed.kind === 'plan') return `plan scenario ${row.planUsed.scenario}`;
  if (row.outcome === 'unrecoverable') return 'none found';
  return `synthesised, ${row.planUsed.steps} step${row.planUsed.steps === 1 ? '' : 's'}`;
}

/** Points lost with one decimal, `0` for none: the precision the score is read at. */
export function formatPoints(points: number): string {
  return points > 0 ? points.toFixed(1) : '0';
}

/** `2h 30m / 12h`, or `— / 12h` when there is no recovery. */
export function recoveryText(row: DisruptionScore, rtoSeconds: number): string {
  return `${row.recoverySeconds === undefined ? '—' : formatDuration(row.recoverySeconds)} / ${formatDuration(rtoSeconds)}`;
}

/** `15m / 1h`. */
export function dataLossText(row: DisruptionScore, rpoSeconds: number): string {
  return `${formatDuration(row.dataLossSeconds)} / ${formatDuration(rpoSeconds)}`;
}

/** `YYYY-MM-DD` of an epoch-milliseconds instant, in UTC like every date of the inputs. */
export function isoDay(millis: number): string {
  return new Date(millis).toISOString().slice(0, 10);
}

/** Whether a disruption is not covered by the plan (the unplanned factor applied). */
export function isUnplanned(row: DisruptionScore): boolean {
  return row.ruleIds.includes('plan-coverage');
}

/** A score band: its lowest score, its word, and a CSS-safe level name. */
export interface VerdictBand {
  readonly min: number;
  readonly label: string;
  readonly level: 'good' | 'fair' | 'poor' | 'bad';
}

/** The verdict bands, best first (documented in `docs/scoring.md`). */
export const VERDICT_BANDS: readonly VerdictBand[] = [
  { min: 90, label: 'Ready', level: 'good' },
  { min: 75, label: 'Mostly ready', level: 'fair' },
  { min: 50, label: 'At risk', level: 'poor' },
  { min: 0, label: 'Not ready', level: 'bad' },
];

/** The band a 0–100 score falls in. */
export function verdictBand(score: number): VerdictBand {
  return VERDICT_BANDS.find((band) => score >= band.min) ?? VERDICT_BANDS[VERDICT_BANDS.length - 1]!;
}

/**
 * The one-line verdict on a readiness: the band, then how the disruptions end, e.g.
 * `Mostly ready: 13 of 13 disruptions recover within the RTO and RPO; 5 are not covered by the plan.`
 * This is a pure function.
 */
export function verdictLine(readiness: Readiness): string {
  const rows = readiness.disruptions;
  const count = (outcome: Outcome) => rows.filter((row) => row.outcome === outcome).length;
  const parts = [
    `${count('within-objectives')} of ${rows.length} disruption${rows.length === 1 ? '' : 's'} recover within the RTO and RPO`,
  ];
  const unrecoverable = count('unrecoverable');
  const over = count('over-objectives');
  const history = count('history-lost');
  const unplanned = rows.filter(isUnplanned).length;
  if (unrecoverable > 0) parts.push(`${unrecoverable} ${unrecoverable === 1 ? 'is' : 'are'} unrecoverable`);
  if (over > 0) parts.push(`${over} recover${over === 1 ? 's' : ''} only over the objectives`);
  if (history > 0) parts.push(`${history} lose${history === 1 ? 's' : ''} data warehouse history`);
  if (unplanned > 0) parts.push(`${unplanned} ${unplanned === 1 ? 'is' : 'are'} not covered by the plan`);
  return `${verdictBand(readiness.score).label}: ${parts.join('; ')}.`;
}

/** A diagram of the report, with the section of the report it belongs to. */
export interface ReportDiagram {
  /** An anchor; the HTML page sanitises it. Built from ids only, never from free text. */
  readonly id: string;
  /** Plain text, untrusted (it may contain a scenario id); renderers escape it. */
  readonly title: string;
  readonly mermaid: string;
}

/**
 * The plan findings that carry the trace of a violation found by executing steps, in report
 * order. Their 1-based position is the number of their trace diagram.
 */
export function tracedFindings(readiness: Readiness): (Finding & { readonly trace: readonly TraceStep[] })[] {
  return (readiness.check?.findings ?? []).filter(hasTrace);
}

/**
 * Every diagram of the report, in reading order: the topology; per plan scenario its
 * flowchart and its timeline; the sequence diagram of every violation found by executing
 * steps; and the component machines. This is a pure function.
 */
export function reportDiagrams(input: ReadinessReportInput): ReportDiagram[] {
  const { environment, plan, readiness } = input;
  const diagrams: ReportDiagram[] = [
    { id: 'topology', title: `Topology of ${environment.name}`, mermaid: topologyDiagram(environment) },
  ];
  const results = readiness.check?.scenarios ?? [];
  if (plan) {
    plan.scenarios.forEach((scenario, index) => {
      // `check` returns one result per scenario in plan order, which is how `diagram` pairs them.
      const result = results[index];
      diagrams.push(
        {
          id: `plan-${index + 1}`,
          title: `Plan of scenario ${scenario.id}`,
          mermaid: planDiagram(scenario, result?.id === scenario.id ? result : undefined),
        },
        {
          id: `gantt-${index + 1}`,
          title: `Timeline of scenario ${scenario.id} against the RTO`,
          mermaid: ganttDiagram(environment, scenario),
        },
      );
    });
  }
  tracedFindings(readiness).forEach((finding, index) => {
    diagrams.push({
      id: `trace-${index + 1}`,
      title: `Trace ${index + 1}: ${finding.ruleId}${finding.scenario === undefined ? '' : ` in scenario ${finding.scenario}`}`,
      mermaid: traceDiagram(finding.trace, finding, { environment }),
    });
  });
  for (const machine of machineDiagrams()) {
    diagrams.push({
      id: `machine-${machine.name}`,
      title: `The ${machine.title}`,
      mermaid: machine.mermaid,
    });
  }
  return diagrams;
}
