/**
 * Writes recovery plans (docs/plan.md) as YAML, for `scsm-dr plan`.
 *
 * The document is built with the `yaml` package's Document API, never by concatenating
 * strings: computer, database and URL names come from the user's environment file, and only
 * the YAML library knows when such a name must be quoted (`'CVL-DWSQL01\DW'`, `yes`, `1e3`,
 * `#x`). Comments are set on the nodes too, so a name in a comment cannot start a new line.
 */
import { Document, isMap, isSeq, type Node, parseDocument, YAMLMap, type YAMLSeq } from 'yaml';
import { exactDuration, formatDuration } from '../common/duration.js';
import type { Loss } from '../models/system.js';
import { ACTIONS, type ActionName } from './actions.js';

/** One step to write, with what the comment before it says. */
export interface PlanStepToWrite {
  readonly action: ActionName;
  readonly params: Readonly<Record<string, string>>;
  /** The estimate the plan was built with; written as the step's `duration`. */
  readonly seconds: number;
  /** The documented procedure and step, e.g. `R-PROMOTE step 2`. */
  readonly procedure: string;
  /** The domain citation key, e.g. `D-PROMO`. */
  readonly citation: string;
  /** What the step does, e.g. `delete the Health Service State folder on SM02`. */
  readonly summary: string;
  /** The step's `id:`, for other steps' `after:` (parallel plans). */
  readonly id?: string;
  /** The step's `team:`. */
  readonly team?: string;
  /** The ids of the steps it waits for (`after:`). */
  readonly after?: readonly string[];
}

export interface PlanScenarioToWrite {
  readonly id: string;
  readonly title: string;
  readonly loss: Loss;
  readonly steps: readonly PlanStepToWrite[];
  /** Data warehouse databases the plan recreates without their history. */
  readonly historyLost?: readonly string[];
  /** The scenario's `teams:` (name → people), for a parallel plan. */
  readonly teams?: Readonly<Record<string, number>>;
  /** The critical path of a parallel plan, for the header (default: the sum of the steps). */
  readonly makespanSeconds?: number;
}

export interface RenderPlanInput {
  /** The `environment:` value: the environment file relative to where the plan is written. */
  readonly environmentPath: string;
  readonly scenarios: readonly PlanScenarioToWrite[];
  /** What produced the plan, for the header: the environment's name and file, the tool version. */
  readonly generatedFrom: {
    readonly environmentName: string;
    readonly environmentFile: string;
    readonly rtoSeconds: number;
    readonly version?: string;
  };
  /** The `$schema` reference for editors (default: the package's schema, relative to the repository root). */
  readonly schemaPath?: string;
}

/** A comment must stay on its line: control characters become spaces. */
function oneLine(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ');
}

/** A step as a plain object: action, its parameters in table order, then its duration. */
function stepObject(step: PlanStepToWrite): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  if (step.id !== undefined) out.id = step.id;
  out.action = step.action;
  for (const parameter of ACTIONS[step.action].parameters) {
    const value = step.params[parameter.name];
    if (value !== undefined) out[parameter.name] = value;
  }
  // Every unit kept, so that the plan loader reads back the same seconds.
  out.duration = exactDuration(step.seconds);
  if (step.team !== undefined) out.team = step.team;
  // `after: []` too: it makes the scenario parallel (docs/plan.md), so the step waits for nothing.
  if (step.after !== undefined) out.after = [...step.after];
  return out;
}

function lossObject(loss: Loss): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (loss.computers.length > 0) out.computers = [...loss.computers];
  if (loss.databases.length > 0) out.databases = [...loss.databases];
  if (loss.sites.length > 0) out.sites = [...loss.sites];
  return out;
}

/** A scenario as a plain object, in the order people read it. */
function scenarioObject(scenario: PlanScenarioToWrite): Record<string, unknown> {
  return {
    id: scenario.id,
    title: scenario.title,
    lost: lossObject(scenario.loss),
    ...(scenario.teams === undefined ? {} : { teams: { ...scenario.teams } }),
    steps: scenario.steps.map(stepObject),
  };
}

/**
 * Lays out a scenario's node as people write it: `lost` and each step as a flow mapping, each
 * step preceded by the comment citing its procedure, and a warning comment when history is lost.
 */
function decorateScenario(node: unknown, scenario: PlanScenarioToWrite): void {
  if (!isMap(node)) return;
  const lost = node.get('lost', true);
  if (isMap(lost)) {
    // `lost: { computers: [SM01] }`, as people write it.
    lost.flow = true;
  }
  const teams = node.get('teams', true);
  if (isMap(teams)) teams.flow = true;
  if (scenario.historyLost !== undefined && scenario.historyLost.length > 0) {
    (node as YAMLMap).commentBefore = oneLine(
      ` No usable backup of ${scenario.historyLost.join(', ')}: recreated empty, its history is lost (D-DBREC, F13).`,
    );
  }
  const steps = node.get('steps', true) as YAMLSeq<Node> | undefined;
  if (!isSeq(steps)) return;
  scenario.steps.forEach((step, stepIndex) => {
    const item = steps.items[stepIndex];
    if (!(item instanceof YAMLMap)) return;
    item.flow = true;
    item.commentBefore = oneLine(` ${step.procedure} (${step.citation}): ${step.summary}`);
  });
}

/** The one-line verdict of a scenario's estimate against the RTO, for the header comments. */
function estimateLine(scenario: PlanScenarioToWrite, rtoSeconds: number): string {
  const total = scenario.makespanSeconds ?? scenario.steps.reduce((sum, step) => sum + step.seconds, 0);
  const verdict = total > rtoSeconds ? 'OVER the RTO of' : 'within the RTO of';
  const teams = scenario.teams === undefined ? '' : ` for ${Object.keys(scenario.teams).length} teams`;
  return `${scenario.id}: ${scenario.steps.length} steps${teams}, estimated ${formatDuration(total)}, ${verdict} ${formatDuration(rtoSeconds)}.`;
}

/**
 * Renders a plan in the format of docs/plan.md: a `yaml-language-server` schema line, a header saying
 * that scsm-dr generated it, from which environment, and each scenario's estimated duration
 * against the RTO; then every step as a flow mapping with its `duration`, preceded by a
 * comment citing the procedure behind it (`# R-PROMOTE step 2 (D-PROMO): …`). The text loads
 * with `loadPlanText`. This is a pure function.
 */
export function renderPlanYaml(input: RenderPlanInput): string {
  const { generatedFrom } = input;
  const doc = new Document({
    version: 1,
    environment: input.environmentPath,
    scenarios: input.scenarios.map(scenarioObject),
  });

  const header = [
    ` yaml-language-server: $schema=${input.schemaPath ?? './schema/plan.schema.json'}`,
    '',
    ` Generated by scsm-dr plan${generatedFrom.version === undefined ? '' : ` ${generatedFrom.version}`} from the environment`,
    ` ${generatedFrom.environmentName} (${generatedFrom.environmentFile}).`,
    ...input.scenarios.map((scenario) => ` ${estimateLine(scenario, generatedFrom.rtoSeconds)}`),
    ' The fastest recovery the component models allow (docs/synthesis.md); each step',
    ' carries the estimate used. Review it, add owners and notes, then keep it under',
    ' version control and run `scsm-dr check` on every change.',
  ];
  doc.commentBefore = header.map(oneLine).join('\n');

  const scenarios = doc.get('scenarios', true);
  if (!isSeq(scenarios)) throw new Error('renderPlanYaml: scenarios is not a sequence');
  input.scenarios.forEach((scenario, index) => {
    decorateScenario(scenarios.items[index], scenario);
  });
  return doc.toString({ lineWidth: 0, flowCollectionPadding: true });
}

/** The outcome of {@link appendScenarioYaml}: the new text, or why the plan's layout does not allow it. */
export type AppendResult =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly reason: string };

/**
 * Adds a scenario at the end of an existing plan's `scenarios` sequence for `scsm-dr plan
 * --append`. The text is located with the `yaml` Document API but not re-rendered: the new item
 * is inserted after the sequence's last line, so every byte of the existing plan (its comments,
 * blank lines, quoting and flow mappings, which re-rendering would normalise) stays as it was.
 * The item is rendered like `renderPlanYaml`'s scenarios, indented as the existing items are.
 * The caller has loaded `text` as a valid plan and checked that the id is new.
 */
export function appendScenarioYaml(
  text: string,
  scenario: PlanScenarioToWrite,
  generatedFrom: RenderPlanInput['generatedFrom'],
): AppendResult {
  const existing = parseDocument(text);
  const scenarios = existing.get('scenarios', true);
  if (!isSeq(scenarios) || scenarios.flow || scenarios.range == null) {
    return {
      ok: false,
      reason:
        'its scenarios are not a block sequence (one `- id:` item per scenario), so a scenario cannot be added without rewriting the file',
    };
  }
  const [start, end] = scenarios.range;
  const indent = start - (text.lastIndexOf('\n', start - 1) + 1);

  const item = new Document([scenarioObject(scenario)]);
  const node = (item.contents as YAMLSeq<Node>).items[0];
  decorateScenario(node, scenario);
  const header = [
    ` Added by scsm-dr plan${generatedFrom.version === undefined ? '' : ` ${generatedFrom.version}`} --append from the environment`,
    ` ${generatedFrom.environmentName} (${generatedFrom.environmentFile}):`,
    ` ${estimateLine(scenario, generatedFrom.rtoSeconds)}`,
  ].map(oneLine);
  if (node !== undefined) {
    node.commentBefore = [...header, ...(node.commentBefore === undefined ? [] : [node.commentBefore])].join(
      '\n',
    );
  }
  // The added lines end as the file's do: a plan saved on Windows keeps CRLF on every line.
  const firstBreak = text.indexOf('\n');
  const lineBreak = firstBreak > 0 && text[firstBreak - 1] === '\r' ? '\r\n' : '\n';
  const rendered = item
    .toString({ lineWidth: 0, flowCollectionPadding: true })
    .split('\n')
    .map((line) => (line === '' ? line : `${' '.repeat(indent)}${line}`))
    .join(lineBreak);
  // The sequence's range ends after its last line's newline, unless the file ends without one.
  const separator = text[end - 1] === '\n' || end === 0 ? '' : lineBreak;
  return { ok: true, text: `${text.slice(0, end)}${separator}${rendered}${text.slice(end)}` };
}
