/**
 * Helpers the reporters share: grouping findings by scenario, judging a finding against
 * `--fail-on`, and making untrusted text printable. Every string that comes from an input file
 * (ids, titles, names, file names) or from a rule message is untrusted.
 */

import type { CheckResult, ScenarioResult, SeverityCounts } from '../../check/types.js';
import { exitCode, type FailOn } from '../../common/exit-code.js';
import type { Finding, Severity, TraceStep } from '../../rules/types.js';

/** Severities from the most to the least serious, the order reporters list them in. */
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'note'];

/**
 * Whether a finding is at or above the `--fail-on` level. Delegates to `exitCode` so that a
 * reporter's verdict can never disagree with the process exit code.
 */
export function failsOn(finding: Pick<Finding, 'severity' | 'suppression'>, failOn: FailOn): boolean {
  return exitCode([finding], failOn) === 1;
}

/** Counts findings by severity; suppressed findings (waived, or in the baseline) do not count. */
export function countSeverities(
  findings: readonly Pick<Finding, 'severity' | 'suppression'>[],
): SeverityCounts {
  const counts = { error: 0, warning: 0, note: 0 };
  for (const finding of findings) if (finding.suppression === undefined) counts[finding.severity]++;
  return counts;
}

/** How many findings are suppressed (waived, or in the baseline). */
export function countSuppressed(findings: readonly Pick<Finding, 'suppression'>[]): number {
  return findings.filter((finding) => finding.suppression !== undefined).length;
}

/** `1 error`, `2 errors`: English plurals for the few nouns reporters count. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** `2 errors, 1 warning, 0 notes`. */
export function formatCounts(counts: SeverityCounts): string {
  return SEVERITIES.map((severity) => plural(counts[severity], severity)).join(', ');
}

/** The findings of one scenario, or of no scenario (`scenario` and `id` both undefined). */
export interface FindingGroup {
  /** The scenario id the findings name; undefined for plan- or environment-wide findings. */
  readonly id: string | undefined;
  /** The scenario's result; undefined for the plan-wide group and for an id no scenario has. */
  readonly scenario: ScenarioResult | undefined;
  readonly findings: readonly Finding[];
}

/**
 * Groups `result.findings` by their `scenario`: one group per scenario in plan order (also
 * those without findings, since each has a verdict), then any scenario id that names no
 * scenario result, then the findings that belong to no scenario (coverage, environment).
 *
 * The groups are built from the top-level list rather than from `ScenarioResult.findings`,
 * because the top-level list is documented as complete: a finding recorded only there (such
 * as an `unknown-reference` of a scenario that could not run) still lands in its scenario.
 */
export function groupByScenario(result: CheckResult): FindingGroup[] {
  const byId = new Map<string | undefined, Finding[]>();
  for (const finding of result.findings) {
    const list = byId.get(finding.scenario);
    if (list) list.push(finding);
    else byId.set(finding.scenario, [finding]);
  }
  const groups: FindingGroup[] = [];
  const known = new Set<string>();
  for (const scenario of result.scenarios) {
    known.add(scenario.id);
    groups.push({ id: scenario.id, scenario, findings: byId.get(scenario.id) ?? [] });
  }
  for (const [id, findings] of byId) {
    if (id !== undefined && !known.has(id)) groups.push({ id, scenario: undefined, findings });
  }
  const unscoped = byId.get(undefined);
  if (unscoped) groups.push({ id: undefined, scenario: undefined, findings: unscoped });
  return groups;
}

/** Whether a finding came from executing steps and carries the trace that led to it. */
export function hasTrace(finding: Finding): finding is Finding & { readonly trace: readonly TraceStep[] } {
  return finding.trace !== undefined && finding.trace.length > 0;
}

/** The 1-based step number people read; `TraceStep.index` is the 0-based position in the scenario. */
export function stepNumber(step: TraceStep): number {
  return step.index + 1;
}

/**
 * How many steps of the scenario come before a trace's first one: `check` keeps only the last
 * steps before a violation of a long scenario (`TRACE_STEP_LIMIT`), and reporters say so.
 */
export function stepsLeftOut(trace: readonly TraceStep[]): number {
  return trace[0]?.index ?? 0;
}

/** `steps 1–950 left out`, for a trace that starts at step 951; empty for a whole trace. */
export function leftOutText(trace: readonly TraceStep[]): string {
  const count = stepsLeftOut(trace);
  return count === 0 ? '' : count === 1 ? 'step 1 left out' : `steps 1–${count} left out`;
}

/**
 * What a trace step did, in one line. `check` writes summaries that already start with the
 * action (`stop-services computer=SM02`); other producers may not, so the action is prefixed
 * only when missing.
 */
export function traceStepText(step: TraceStep): string {
  return step.summary === step.action || step.summary.startsWith(`${step.action} `)
    ? step.summary
    : `${step.action} ${step.summary}`.trimEnd();
}

/**
 * Makes untrusted text safe to print on one line; the one escaper lives in
 * `src/common/printable.ts` and is re-exported here for the reporters.
 */
export { printable } from '../../common/printable.js';
