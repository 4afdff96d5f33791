/**
 * The machine-readable readiness report (`report --format json`), documented field by field
 * in `docs/report.md`. Keys are written in a fixed order, property by property, rather than
 * inherited from whatever object the scorer built, so that two reports diff cleanly. Optional
 * keys are left out rather than set to `null`.
 */

import { type FailOn, readinessExitCode } from '../../common/exit-code.js';
import type { SourceLocation } from '../../common/location.js';
import type { Mutable } from '../../common/types.js';
import type { Product } from '../../environment/types.js';
import type { Severity, TraceStep } from '../../rules/types.js';
import type { DisruptionScore, Outcome, Readiness } from '../../score/index.js';
import { jsonPieces } from '../json-text.js';
import { reasonText } from '../reasons.js';
import { jsonScenario } from '../reporters/json.js';
import { countSeverities } from '../reporters/shared.js';
import { readinessCheckResult } from './check-result.js';
import { type FindingKind, type TaggedFinding, taggedFindings, verdictBand } from './shared.js';
import type { ReadinessReportInput } from './types.js';

/** The version of this shape; raised only for changes that break readers. */
export const READINESS_JSON_VERSION = 1;

/** A location: 1-based line and column of the YAML node. */
export interface ReadinessJsonLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/**
 * One disruption and what it costs: the scored row's own fields (docs/report.md), the loss as
 * `lost`, whether it keeps within each objective, and its reasons in words (`explanation`).
 */
export interface ReadinessJsonDisruption
  extends Pick<
    DisruptionScore,
    | 'id'
    | 'kind'
    | 'description'
    | 'services'
    | 'weight'
    | 'outcome'
    | 'credit'
    | 'pointsLost'
    | 'recoverySeconds'
    | 'dataLossSeconds'
    | 'planUsed'
    | 'ruleIds'
  > {
  readonly lost: DisruptionScore['loss'];
  readonly withinRto: boolean;
  readonly withinRpo: boolean;
  readonly explanation: readonly string[];
}

/** One plan scenario's check result; its findings are in the top-level list. */
export interface ReadinessJsonScenario {
  readonly id: string;
  readonly title?: string;
  readonly location: ReadinessJsonLocation;
  readonly recovered: boolean;
  readonly historyLost: readonly string[];
  readonly steps: number;
  readonly estimatedSeconds: number;
  readonly rtoSeconds: number;
  readonly withinRto: boolean;
  readonly findings: Readonly<Record<Severity, number>>;
}

/** One step of a trace. */
export interface ReadinessJsonTraceStep {
  /** 0-based position in the scenario (people read `index + 1`). */
  readonly index: number;
  readonly action: string;
  readonly summary: string;
  readonly location?: ReadinessJsonLocation;
}

/** One finding, of the environment or of the plan. */
export interface ReadinessJsonFinding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly kind: FindingKind;
  readonly message: string;
  readonly location: ReadinessJsonLocation;
  readonly scenario?: string;
  readonly trace?: readonly ReadinessJsonTraceStep[];
  /** Set when a waiver accepts the finding: it is reported but fails nothing (docs/waivers.md). */
  readonly suppressed?: {
    readonly kind: 'external' | 'inSource' | 'baseline';
    readonly justification: string;
  };
}

/** The whole JSON readiness report. */
export interface ReadinessJson {
  readonly version: typeof READINESS_JSON_VERSION;
  readonly tool: { readonly name: 'scsm-dr'; readonly version: string };
  readonly asOf: string;
  readonly environment: { readonly file: string; readonly name: string; readonly product: Product };
  readonly plan?: { readonly file: string };
  readonly objectives: { readonly rtoSeconds: number; readonly rpoSeconds: number };
  /** The teams a synthesised recovery was scheduled for (`--teams`; 1: one step at a time). */
  readonly teams: number;
  readonly score: number;
  readonly verdict: string;
  readonly assurance: { readonly score: number; readonly findings: number };
  readonly summary: {
    readonly disruptions: number;
    readonly withinObjectives: number;
    readonly overObjectives: number;
    readonly historyLost: number;
    readonly unrecoverable: number;
    readonly error: number;
    readonly warning: number;
    readonly note: number;
    readonly failOn: FailOn;
    /** The `--fail-under` gate, when given: the lowest passing score and which score it gates. */
    readonly failUnder?: { readonly threshold: number; readonly score: 'readiness' | 'assurance' };
    readonly exitCode: 0 | 1;
  };
  readonly disruptions: readonly ReadinessJsonDisruption[];
  readonly scenarios: readonly ReadinessJsonScenario[];
  readonly findings: readonly ReadinessJsonFinding[];
  readonly rulesEvaluated: readonly string[];
  /** With `--evidence`: the history used and, per database, which backup facts it established. */
  readonly evidence?: Readiness['evidence'];
}

/** The JSON report as text, two-space indented, with a final newline. This is a pure function. */
export function readinessJson(input: ReadinessReportInput): string {
  return `${JSON.stringify(toReadinessJson(input), null, 2)}\n`;
}

/**
 * {@link readinessJson} in pieces (`jsonPieces`), the same characters: what `score` and
 * `report` write, since the JSON of a large estate with pairs is longer than a JavaScript
 * string can be. This is a pure function.
 */
export function readinessJsonPieces(input: ReadinessReportInput): string[] {
  const pieces = jsonPieces(toReadinessJson(input));
  pieces.push('\n');
  return pieces;
}

/** The JSON report as a value, for library callers. This is a pure function. */
export function toReadinessJson(input: ReadinessReportInput): ReadinessJson {
  const { readiness, environment, plan } = input;
  const tagged = taggedFindings(readiness);
  const findings = tagged.map((entry) => entry.finding);
  const counts = countSeverities(findings);
  const outcomes = (outcome: Outcome) =>
    readiness.disruptions.filter((row) => row.outcome === outcome).length;
  const checkFindings = readiness.check?.findings ?? [];
  return {
    version: READINESS_JSON_VERSION,
    tool: { name: 'scsm-dr', version: input.version },
    asOf: readiness.asOf,
    environment: {
      file: readiness.environment.file,
      name: readiness.environment.name,
      product: environment.product,
    },
    ...(plan || readiness.check ? { plan: { file: readiness.check?.plan.file ?? plan?.file ?? '' } } : {}),
    objectives: { rtoSeconds: readiness.objectives.rtoSeconds, rpoSeconds: readiness.objectives.rpoSeconds },
    teams: readiness.teams,
    score: readiness.score,
    verdict: verdictBand(readiness.score).label,
    assurance: { score: readiness.assurance.score, findings: readiness.assurance.findings.length },
    summary: {
      disruptions: readiness.disruptions.length,
      withinObjectives: outcomes('within-objectives'),
      overObjectives: outcomes('over-objectives'),
      historyLost: outcomes('history-lost'),
      unrecoverable: outcomes('unrecoverable'),
      error: counts.error,
      warning: counts.warning,
      note: counts.note,
      failOn: input.failOn,
      ...(input.gate ? { failUnder: { threshold: input.gate.threshold, score: input.gate.score } } : {}),
      exitCode: readinessExitCode(findings, input.failOn, input.gate, readiness),
    },
    disruptions: readiness.disruptions.map((row) => jsonDisruption(row, readiness.objectives)),
    scenarios: (readiness.check?.scenarios ?? []).map((scenario) => {
      const own = countSeverities(checkFindings.filter((finding) => finding.scenario === scenario.id));
      // The check report's scenario, without the loss (the disruptions list it) and with this
      // report's locations (no end positions).
      const { lost: _lost, ...rest } = jsonScenario(scenario, own, jsonLocation);
      return rest;
    }),
    findings: tagged.map(jsonFinding),
    rulesEvaluated: [...readinessCheckResult(input).rulesEvaluated],
    ...(readiness.evidence ? { evidence: readiness.evidence } : {}),
  };
}

function jsonDisruption(
  row: DisruptionScore,
  objectives: { readonly rtoSeconds: number; readonly rpoSeconds: number },
): ReadinessJsonDisruption {
  // Keys are added one by one, in the documented order, rather than with a conditional spread
  // in the middle of a literal: a spread clones slowly in V8, and a 250-computer estate with
  // pairs writes 31,000 of these rows (bench/commands.ts).
  const out: Partial<Mutable<ReadinessJsonDisruption>> = {
    id: row.id,
    kind: row.kind,
    description: row.description,
    // The row's own arrays, not copies: the value is read-only, and copies of every list of
    // 31,000 rows are what the garbage collector spends its time on.
    lost: { computers: row.loss.computers, databases: row.loss.databases, sites: row.loss.sites },
    services: row.services,
    weight: row.weight,
    outcome: row.outcome,
    credit: round(row.credit),
    pointsLost: round(row.pointsLost),
  };
  if (row.recoverySeconds !== undefined) out.recoverySeconds = row.recoverySeconds;
  out.dataLossSeconds = row.dataLossSeconds;
  out.withinRto = row.recoverySeconds !== undefined && row.recoverySeconds <= objectives.rtoSeconds;
  out.withinRpo = row.dataLossSeconds <= objectives.rpoSeconds;
  out.planUsed =
    row.planUsed.kind === 'plan'
      ? { kind: 'plan', scenario: row.planUsed.scenario }
      : { kind: 'synthesised', steps: row.planUsed.steps };
  out.explanation = row.reasons.map(reasonText);
  out.ruleIds = row.ruleIds;
  return out as ReadinessJsonDisruption;
}

function jsonFinding({ finding, kind }: TaggedFinding): ReadinessJsonFinding {
  return {
    ruleId: finding.ruleId,
    severity: finding.severity,
    kind,
    message: finding.message,
    location: jsonLocation(finding.location),
    ...(finding.scenario === undefined ? {} : { scenario: finding.scenario }),
    ...(finding.trace === undefined ? {} : { trace: finding.trace.map(jsonTraceStep) }),
    ...(finding.suppression === undefined
      ? {}
      : { suppressed: { kind: finding.suppression.kind, justification: finding.suppression.justification } }),
  };
}

function jsonTraceStep(step: TraceStep): ReadinessJsonTraceStep {
  return {
    index: step.index,
    action: step.action,
    summary: step.summary,
    ...(step.location === undefined ? {} : { location: jsonLocation(step.location) }),
  };
}

function jsonLocation(location: SourceLocation): ReadinessJsonLocation {
  return { file: location.file, line: location.line, column: location.column };
}

/**
 * Four decimals: the scorer's floating-point sums (`100 · 3 · 0.5 / 21`) would otherwise print
 * seventeen digits that change with the order of additions, not with the environment.
 */
function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
