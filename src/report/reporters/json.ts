import type { CheckResult, ScenarioResult } from '../../check/types.js';
import { exitCode, type FailOn } from '../../common/exit-code.js';
import type { NodePath, SourceLocation } from '../../common/location.js';
import type { Finding, Severity, TraceStep } from '../../rules/types.js';
import { countSeverities, groupByScenario } from './shared.js';
import type { ReporterOptions } from './types.js';

/** The version of the JSON report's shape; raised only for changes that break readers. */
export const JSON_REPORT_VERSION = 1;

/** A location in the JSON report: 1-based, the end only when known. */
export interface JsonLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine?: number;
  readonly endColumn?: number;
}

/** One step of a trace in the JSON report. */
export interface JsonTraceStep {
  /** 0-based position of the step in its scenario (the text reports show `index + 1`). */
  readonly index: number;
  readonly action: string;
  readonly summary: string;
  readonly location?: JsonLocation;
}

/** One finding in the JSON report. */
export interface JsonFinding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  readonly location: JsonLocation;
  readonly path?: NodePath;
  readonly scenario?: string;
  readonly trace?: readonly JsonTraceStep[];
  /** Set when the finding is waived or in the baseline: it is reported but fails nothing. */
  readonly suppressed?: {
    readonly kind: 'external' | 'inSource' | 'baseline';
    readonly justification: string;
    readonly location?: JsonLocation;
  };
}

/** One scenario in the JSON report; its findings are in the top-level list, by `scenario`. */
export interface JsonScenario extends Omit<ScenarioResult, 'location' | 'findings'> {
  readonly location: JsonLocation;
  readonly withinRto: boolean;
  /** How many findings of each severity the scenario has (they are in the top-level list). */
  readonly findings: Readonly<Record<Severity, number>>;
}

/** The whole JSON report, `scsm-dr check --format json` (documented in `docs/check.md`). */
export interface JsonReport {
  readonly version: typeof JSON_REPORT_VERSION;
  readonly tool: { readonly name: string; readonly version: string };
  /** The date ages were judged at, `YYYY-MM-DD`. */
  readonly asOf: string;
  readonly environment: { readonly file: string; readonly name: string };
  readonly plan: { readonly file: string };
  readonly summary: {
    readonly error: number;
    readonly warning: number;
    readonly note: number;
    /** Findings waived or in the baseline; they are not in the counts above. */
    readonly suppressed: number;
    readonly scenarios: number;
    readonly recovered: number;
    readonly failOn: FailOn;
    /** The exit code `check` ends with for these findings: 0 passed, 1 failed. */
    readonly exitCode: 0 | 1;
  };
  readonly scenarios: readonly JsonScenario[];
  readonly findings: readonly JsonFinding[];
  /** The ids of the rules `check` evaluated, in catalog order. */
  readonly rulesEvaluated: readonly string[];
}

/**
 * The machine-readable reporter (`--format json`): a versioned shape whose key order is fixed
 * here, property by property, rather than inherited from whatever object `check` built, so
 * that diffs of two reports show only what changed. Optional keys are omitted, never `null`.
 *
 * This is a pure function.
 */
export function jsonReporter(result: CheckResult, options: ReporterOptions): string {
  return `${JSON.stringify(toJsonReport(result, options), null, 2)}\n`;
}

/** The JSON report as a value, for callers of the library that want the shape without text. */
export function toJsonReport(result: CheckResult, options: Pick<ReporterOptions, 'failOn'>): JsonReport {
  const counts = new Map(groupByScenario(result).map((group) => [group.id, countSeverities(group.findings)]));
  return {
    version: JSON_REPORT_VERSION,
    tool: { name: result.tool.name, version: result.tool.version },
    asOf: result.asOf,
    environment: { file: result.environment.file, name: result.environment.name },
    plan: { file: result.plan.file },
    summary: {
      error: result.summary.error,
      warning: result.summary.warning,
      note: result.summary.note,
      suppressed: result.summary.suppressed ?? 0,
      scenarios: result.summary.scenarios,
      recovered: result.summary.recovered,
      failOn: options.failOn,
      exitCode: exitCode(result.findings, options.failOn),
    },
    scenarios: result.scenarios.map((scenario) =>
      jsonScenario(scenario, counts.get(scenario.id) ?? { error: 0, warning: 0, note: 0 }),
    ),
    findings: result.findings.map(jsonFinding),
    rulesEvaluated: [...result.rulesEvaluated],
  };
}

/**
 * One scenario of a JSON report, keys in the documented order: the check report's, and (without
 * `lost`, with its own `locate`) the readiness report's. This is a pure function.
 */
export function jsonScenario(
  scenario: ScenarioResult,
  findings: Readonly<Record<Severity, number>>,
  locate: (location: SourceLocation) => JsonLocation = jsonLocation,
): JsonScenario {
  return {
    id: scenario.id,
    ...(scenario.title !== undefined ? { title: scenario.title } : {}),
    location: locate(scenario.location),
    lost: {
      computers: [...scenario.lost.computers],
      databases: [...scenario.lost.databases],
      sites: [...scenario.lost.sites],
    },
    recovered: scenario.recovered,
    historyLost: [...scenario.historyLost],
    steps: scenario.steps,
    estimatedSeconds: scenario.estimatedSeconds,
    rtoSeconds: scenario.rtoSeconds,
    withinRto: scenario.estimatedSeconds <= scenario.rtoSeconds,
    findings: { error: findings.error, warning: findings.warning, note: findings.note },
  };
}

function jsonFinding(finding: Finding): JsonFinding {
  return {
    ruleId: finding.ruleId,
    severity: finding.severity,
    message: finding.message,
    location: jsonLocation(finding.location),
    ...(finding.path !== undefined ? { path: [...finding.path] } : {}),
    ...(finding.scenario !== undefined ? { scenario: finding.scenario } : {}),
    ...(finding.trace !== undefined ? { trace: finding.trace.map(jsonTraceStep) } : {}),
    ...(finding.suppression !== undefined
      ? {
          suppressed: {
            kind: finding.suppression.kind,
            justification: finding.suppression.justification,
            ...(finding.suppression.location ? { location: jsonLocation(finding.suppression.location) } : {}),
          },
        }
      : {}),
  };
}

function jsonTraceStep(step: TraceStep): JsonTraceStep {
  return {
    index: step.index,
    action: step.action,
    summary: step.summary,
    ...(step.location !== undefined ? { location: jsonLocation(step.location) } : {}),
  };
}

function jsonLocation(location: SourceLocation): JsonLocation {
  return {
    file: location.file,
    line: location.line,
    column: location.column,
    ...(location.endLine !== undefined ? { endLine: location.endLine } : {}),
    ...(location.endColumn !== undefined ? { endColumn: location.endColumn } : {}),
  };
}
