import type { ScenarioResult } from '../../check/types.js';
import { formatDuration } from '../../common/duration.js';
import type { Plan, PlanStep, Scenario } from '../../plan/types.js';
import type { Finding } from '../../rules/types.js';
import { ClassAssignments } from './common.js';
import { flowchartClassLines, mermaidId, mermaidLines } from './escape.js';

/** Fixed ids: no `_`, so they never meet a `prefix_name` id. */
const LOST_ID = 'lostnode';
const OUTCOME_ID = 'outcomenode';

/**
 * The lines a step is written on: its own line and the line of each parameter. A finding
 * located on any of them belongs to the step. The step's end line is not used on purpose: a
 * YAML node's range can end on the first line of the next step.
 */
function stepLines(step: PlanStep): Set<number> {
  const lines = new Set([step.location.line]);
  for (const located of Object.values(step.paramLocations)) lines.add(located.location.line);
  return lines;
}

/** The error findings of `findings` that are located at `step`. */
export function stepErrors(step: PlanStep, findings: readonly Finding[]): Finding[] {
  const lines = stepLines(step);
  return findings.filter(
    (finding) =>
      finding.severity === 'error' &&
      finding.location.file === step.location.file &&
      lines.has(finding.location.line),
  );
}

/** What a scenario loses, in one line: `lost: computers SM01, SM02; site hq`. */
export function lostText(scenario: Scenario): string {
  const parts: string[] = [];
  const names = (entries: readonly { readonly name: string }[]): string =>
    entries.map((entry) => entry.name).join(', ');
  if (scenario.lost.computers.length > 0)
    parts.push(
      `${scenario.lost.computers.length === 1 ? 'computer' : 'computers'} ${names(scenario.lost.computers)}`,
    );
  if (scenario.lost.databases.length > 0)
    parts.push(
      `${scenario.lost.databases.length === 1 ? 'database' : 'databases'} ${names(scenario.lost.databases)}`,
    );
  if (scenario.lost.sites.length > 0)
    parts.push(`${scenario.lost.sites.length === 1 ? 'site' : 'sites'} ${names(scenario.lost.sites)}`);
  return `lost: ${parts.length > 0 ? parts.join('; ') : 'nothing'}`;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/**
 * A recovery plan scenario as a Mermaid `flowchart TD`: a start node naming what is lost, one
 * node per step in order labelled with its action and parameters (and its own duration, owner
 * and note when the plan gives them), and an end node saying whether the scenario recovered.
 * With a `result`, every step with an error finding located at one of its lines gets the fixed
 * `failed` class and the rule ids in its label; error findings that belong to no step are shown
 * on the end node. This is a pure function.
 */
export function planDiagram(scenario: Scenario, result?: ScenarioResult): string {
  const classes = new ClassAssignments();
  const findings = result?.findings ?? [];
  const lines = [
    'flowchart TD',
    `  ${LOST_ID}([${mermaidLines([`scenario ${scenario.id}`, lostText(scenario)])}])`,
  ];
  classes.add('lost', LOST_ID);

  const placed = new Set<Finding>();
  let previous = LOST_ID;
  for (const step of scenario.steps) {
    const id = mermaidId('s', String(step.index + 1));
    const label = [`${step.index + 1}. ${step.action}`];
    for (const [name, value] of Object.entries(step.params)) label.push(`${name}: ${value}`);
    const extras: string[] = [];
    if (step.durationSeconds !== undefined) extras.push(formatDuration(step.durationSeconds));
    if (step.owner !== undefined) extras.push(`owner ${step.owner}`);
    if (extras.length > 0) label.push(extras.join(', '));
    if (step.note !== undefined) label.push(`note: ${step.note}`);
    const errors = stepErrors(step, findings);
    for (const finding of errors) placed.add(finding);
    if (errors.length > 0) label.push(`✖ ${unique(errors.map((finding) => finding.ruleId)).join(', ')}`);
    lines.push(`  ${id}[${mermaidLines(label)}]`);
    classes.add(errors.length > 0 ? 'failed' : 'step', id);
    lines.push(`  ${previous} --> ${id}`);
    previous = id;
  }

  const unplaced = unique(
    findings.filter((finding) => finding.severity === 'error' && !placed.has(finding)).map((f) => f.ruleId),
  );
  const outcome: string[] =
    result === undefined ? ['end of plan (not checked)'] : [result.recovered ? 'recovered' : 'NOT recovered'];
  if (unplaced.length > 0) outcome.push(`✖ ${unplaced.join(', ')}`);
  lines.push(`  ${OUTCOME_ID}([${mermaidLines(outcome)}])`);
  if (result === undefined) classes.add('step', OUTCOME_ID);
  else if (!result.recovered) classes.add('notRecovered', OUTCOME_ID);
  // Recovered, but an error stands against the scenario as a whole (for example the RTO).
  else classes.add(unplaced.length > 0 ? 'failed' : 'recovered', OUTCOME_ID);
  lines.push(`  ${previous} --> ${OUTCOME_ID}`);
  lines.push(...flowchartClassLines(classes.byClass));
  return `${lines.join('\n')}\n`;
}

/**
 * The plan diagram of every scenario of a checked plan, titled, with each scenario's check
 * result (`check` returns one per scenario, in plan order; a result is used only when its id
 * matches, as `diagram` pairs them). The check report's Markdown appends these.
 */
export function checkedPlanDiagrams(
  plan: Plan,
  results: readonly ScenarioResult[],
): { readonly title: string; readonly mermaid: string }[] {
  return plan.scenarios.map((scenario, index) => {
    const result = results[index];
    return {
      title: `Plan of scenario ${scenario.id}`,
      mermaid: planDiagram(scenario, result?.id === scenario.id ? result : undefined),
    };
  });
}
