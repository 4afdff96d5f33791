import { formatDuration } from '../common/duration.js';
import type { NodePath, SourceLocation } from '../common/location.js';
import { environmentNames } from '../environment/names.js';
import type { Environment } from '../environment/types.js';
import {
  effectiveLoss,
  type LossCandidate,
  lossUniverse,
  scenarioFor,
  servicesStopped,
} from '../loss/index.js';
import { isParallel } from '../plan/dependencies.js';
import { estimateStepSeconds } from '../plan/durations.js';
import { resolvePlanReferences } from '../plan/load.js';
import { scheduleScenario } from '../plan/schedule.js';
import type { Plan, PlanStep, Scenario } from '../plan/types.js';
import { getRule, RULES } from '../rules/catalog.js';
import type { Finding, TraceStep } from '../rules/types.js';
import type { OrderAnalyser } from './order-analysis.js';
import type { CheckResult, ScenarioResult } from './types.js';
import { applyWaivers } from './waivers.js';

/** A violation the models reported, at a step or in the final state. */
export interface OutcomeViolation {
  readonly ruleId: string;
  readonly message: string;
}

/**
 * What executing one scenario on the models produced. `check` only needs this much, so the
 * checker does not depend on how the models are built.
 */
export interface ExecutionOutcome {
  /**
   * Violations of the executed steps, by the step's index in the scenario; a step that broke
   * nothing may be left out.
   */
  readonly steps: readonly { readonly index: number; readonly violations: readonly OutcomeViolation[] }[];
  /** Final-state violations; `stepIndex` names the step a violation is best located at. */
  readonly final: readonly (OutcomeViolation & { readonly stepIndex?: number })[];
  readonly recovered: boolean;
  readonly historyLost: readonly string[];
}

/**
 * Executes a resolved scenario on the models. An executor may also judge the other orders a
 * parallel scenario's `after:` fields allow (`analyseOrder`, see `order-analysis.ts`).
 */
export type ScenarioExecutor = ((scenario: Scenario) => ExecutionOutcome) & {
  readonly analyseOrder?: OrderAnalyser;
};

export interface CheckOptions {
  readonly execute: ScenarioExecutor;
  readonly version: string;
  /** The date to judge at, epoch milliseconds; defaults to the environment's `asOf`, else 0. */
  readonly asOfMillis?: number;
}

/** The plan rules `check` evaluates: every plan rule of the catalog. */
export const PLAN_RULE_IDS: readonly string[] = RULES.filter((rule) => rule.category === 'plan').map(
  (rule) => rule.id,
);

function severityOf(ruleId: string): Finding['severity'] {
  const rule = getRule(ruleId);
  if (!rule) throw new Error(`unknown rule id ${ruleId}`);
  return rule.severity;
}

function describeStep(step: PlanStep): string {
  const values = Object.entries(step.params).map(([name, value]) => `${name}=${value}`);
  return `${step.action}${values.length > 0 ? ` ${values.join(' ')}` : ''}`;
}

/**
 * The most steps a finding's trace holds: the violating step and the ones right before it. A
 * trace of every earlier step made `check` quadratic in the steps (a plan whose 10,000 steps
 * each broke a rule held 50 million trace entries), and a reader learns nothing from the
 * 9,000th step before a violation that the plan file does not show. Every bundled scenario is
 * shorter, so its traces are whole. A shortened trace starts at a later step, and its first
 * `index` says how many steps were left out.
 */
export const TRACE_STEP_LIMIT = 50;

/**
 * The traces of one scenario's findings. Each step's `TraceStep` is built once, when a trace
 * first needs it, and shared by every trace that contains it.
 */
function traceBuilder(scenario: Scenario): (lastIndex: number) => TraceStep[] {
  const built: TraceStep[] = [];
  return (lastIndex) => {
    const trace: TraceStep[] = [];
    for (let index = Math.max(0, lastIndex + 1 - TRACE_STEP_LIMIT); index <= lastIndex; index++) {
      let entry = built[index];
      if (entry === undefined) {
        const step = scenario.steps[index]!;
        entry = {
          index: step.index,
          action: step.action,
          summary: describeStep(step),
          location: step.location,
        };
        built[index] = entry;
      }
      trace.push(entry);
    }
    return trace;
  };
}

/** Orders findings by file, line and column, then rule id, so output is stable. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    a.location.file.localeCompare(b.location.file) ||
    a.location.line - b.location.line ||
    a.location.column - b.location.column ||
    a.ruleId.localeCompare(b.ruleId) ||
    a.message.localeCompare(b.message)
  );
}

/**
 * The declared computers a loss takes down, with sites expanded to their computers, in
 * declaration order. The one place scenarios, disruptions and the engine expand a loss.
 */
export function computersLost(
  environment: Environment,
  loss: { readonly computers: readonly string[]; readonly sites: readonly string[] },
): string[] {
  const lost = new Set(loss.computers);
  const sites = new Set(loss.sites);
  return environment.computers
    .filter(
      (computer) => lost.has(computer.name) || (computer.site !== undefined && sites.has(computer.site)),
    )
    .map((computer) => computer.name);
}

/** The computers a scenario's loss takes down, with sites expanded to their computers. */
export function lostComputers(environment: Environment, scenario: Scenario): string[] {
  return computersLost(environment, {
    computers: scenario.lost.computers.map((entry) => entry.name),
    sites: scenario.lost.sites.map((entry) => entry.name),
  });
}

/**
 * Checks a plan against an environment (`scsm-dr check`, docs/check.md): resolves references, executes every
 * scenario on the models, applies the final-state rules, compares the estimated duration
 * with the RTO, and reports every single-computer loss no scenario handles. This is a pure
 * function given a pure executor.
 */
export function checkPlan(environment: Environment, plan: Plan, options: CheckOptions): CheckResult {
  const findings: Finding[] = [];
  const scenarios: ScenarioResult[] = [];
  const { plan: resolved, unresolved } = resolvePlanReferences(plan, environmentNames(environment));

  const unresolvedScenarios = new Set<string>();
  for (const reference of unresolved) {
    unresolvedScenarios.add(reference.scenario);
    findings.push({
      ruleId: 'unknown-reference',
      severity: severityOf('unknown-reference'),
      message: `${reference.kind} '${reference.value}' is not declared in ${environment.file}${
        reference.suggestion ? `; did you mean '${reference.suggestion}'?` : ''
      }`,
      location: reference.location,
      path: reference.path,
      scenario: reference.scenario,
    });
  }

  for (const scenario of resolved.scenarios) {
    const scenarioFindings: Finding[] = [];
    const add = (finding: Finding): void => {
      scenarioFindings.push(finding);
      findings.push(finding);
    };
    let recovered = false;
    let historyLost: readonly string[] = [];
    // A scenario with unresolved names cannot be executed meaningfully: its unknown-reference
    // findings already say what to fix, and executing would only add noise.
    if (!unresolvedScenarios.has(scenario.id)) {
      const outcome = options.execute(scenario);
      recovered = outcome.recovered;
      historyLost = outcome.historyLost;
      const traceUpTo = traceBuilder(scenario);
      for (const executed of outcome.steps) {
        const step = scenario.steps[executed.index];
        if (!step) continue;
        for (const violation of executed.violations) {
          add({
            ruleId: violation.ruleId,
            severity: severityOf(violation.ruleId),
            message: violation.message,
            location: step.location,
            path: step.path,
            scenario: scenario.id,
            trace: traceUpTo(step.index),
          });
        }
      }
      // Final-state findings carry no trace: they are about what the plan leaves undone, and
      // the whole scenario would be the trace.
      for (const violation of outcome.final) {
        const step = violation.stepIndex === undefined ? undefined : scenario.steps[violation.stepIndex];
        add({
          ruleId: violation.ruleId,
          severity: severityOf(violation.ruleId),
          message: violation.message,
          location: step?.location ?? scenario.location,
          path: step?.path ?? scenario.path,
          scenario: scenario.id,
        });
      }
      for (const missing of options.execute.analyseOrder?.(scenario) ?? []) {
        const step = scenario.steps[missing.stepIndex];
        const first = scenario.steps[missing.beforeIndex];
        if (!step || !first) continue;
        const fix =
          first.id === undefined
            ? `give step ${first.index + 1} an \`id:\` and add it to this step's \`after:\``
            : `add \`after: [${[...(step.after ?? []).map((entry) => entry.id), first.id].join(', ')}]\``;
        add({
          ruleId: missing.ruleId,
          severity: severityOf(missing.ruleId),
          message: `missing dependency: step ${step.index + 1} (${describeStep(step)}) may run before step ${first.index + 1} (${describeStep(first)}, line ${first.location.line}), and then ${missing.message}; ${fix}`,
          location: step.location,
          path: step.path,
          scenario: scenario.id,
        });
      }
    }

    const sources = { step: 0, environment: 0, 'database-size': 0, default: 0 };
    for (const step of scenario.steps) sources[estimateStepSeconds(environment, step).source]++;
    // The critical path under the teams' capacity; a sequential scenario's is the sum of its steps.
    const schedule = scheduleScenario(environment, scenario);
    const estimatedSeconds = schedule.makespanSeconds;
    const parallel = isParallel(scenario);
    const rtoSeconds = environment.objectives.rtoSeconds;
    if (estimatedSeconds > rtoSeconds) {
      const basis = [
        sources.step > 0 ? `${sources.step} stated in the plan` : '',
        sources.environment > 0 ? `${sources.environment} from the environment's durations` : '',
        sources['database-size'] > 0 ? `${sources['database-size']} from database sizes` : '',
        sources.default > 0 ? `${sources.default} from the default table` : '',
      ].filter((part) => part !== '');
      add({
        ruleId: 'rto-exceeded',
        severity: severityOf('rto-exceeded'),
        message: `scenario '${scenario.id}' is estimated at ${formatDuration(estimatedSeconds)}${
          parallel ? ` (critical path of ${schedule.criticalPath.length} steps)` : ''
        }, over the RTO of ${formatDuration(rtoSeconds)} (step durations: ${basis.join(', ')}); shorten the slowest steps, run independent ones in parallel (\`team:\` and \`after:\`), or set \`duration\` on steps whose default is pessimistic`,
        location: scenario.location,
        path: scenario.path,
        scenario: scenario.id,
      });
    }

    scenarios.push({
      id: scenario.id,
      ...(scenario.title ? { title: scenario.title } : {}),
      location: scenario.location,
      lost: {
        computers: scenario.lost.computers.map((entry) => entry.name),
        databases: scenario.lost.databases.map((entry) => entry.name),
        sites: scenario.lost.sites.map((entry) => entry.name),
      },
      recovered,
      historyLost,
      steps: scenario.steps.length,
      estimatedSeconds,
      rtoSeconds,
      findings: [...scenarioFindings].sort(compareFindings),
    });
  }

  // One by one: a large estate can have more uncovered losses than a call takes arguments.
  for (const finding of coverageFindings(environment, resolved)) findings.push(finding);
  const asOfMillis = options.asOfMillis ?? environment.asOf ?? 0;
  return withFindings(
    {
      tool: { name: 'scsm-dr', version: options.version },
      asOf: new Date(asOfMillis).toISOString().slice(0, 10),
      environment: { file: environment.file, name: environment.name },
      plan: { file: plan.file },
      findings: [],
      scenarios,
      rulesEvaluated: PLAN_RULE_IDS,
      summary: { error: 0, warning: 0, note: 0, suppressed: 0, scenarios: 0, recovered: 0 },
    },
    applyWaivers(findings, { environment, plan, asOfMillis }, 'plan'),
  );
}

/**
 * A check result with its findings replaced (after waivers, or the baseline, marked some as
 * suppressed): the findings sorted, each scenario's own list re-derived, and the summary
 * recounted, suppressed findings apart. The one place a result's summary is counted.
 */
export function withFindings(result: CheckResult, findings: readonly Finding[]): CheckResult {
  const sorted = [...findings].sort(compareFindings);
  const count = (severity: Finding['severity']) =>
    sorted.filter((finding) => finding.suppression === undefined && finding.severity === severity).length;
  const scenarios = result.scenarios.map((scenario) => ({
    ...scenario,
    findings: sorted.filter((finding) => finding.scenario === scenario.id),
  }));
  return {
    ...result,
    findings: sorted,
    scenarios,
    summary: {
      error: count('error'),
      warning: count('warning'),
      note: count('note'),
      suppressed: sorted.filter((finding) => finding.suppression !== undefined).length,
      scenarios: scenarios.length,
      recovered: scenarios.filter((scenario) => scenario.recovered).length,
    },
  };
}

/**
 * One `plan-coverage` finding per loss of the universe without pairs (each computer, each
 * site, each database with its host intact, deduplicated by canonical key) that stops a
 * service and that no scenario handles: the same losses the score marks "the plan has no
 * scenario for this disruption". A scenario handles a loss when it takes exactly the same
 * computers and databases (`scenarioFor`): a scenario for a larger loss is a different
 * runbook, because the order and the available servers differ, so it is not counted. A loss
 * that stops nothing (a computer that hosts nothing the groups need) needs no scenario.
 */
export function coverageFindings(environment: Environment, plan: Plan): Finding[] {
  const at: { location: SourceLocation; path: NodePath } = {
    location: plan.scenariosLocation,
    path: ['scenarios'],
  };
  return lossUniverse(environment, { pairs: false })
    .filter((candidate) => servicesStopped(environment, candidate.loss).length > 0)
    .filter((candidate) => scenarioFor(environment, plan, candidate.loss) === undefined)
    .map((candidate) => ({
      ruleId: 'plan-coverage',
      severity: severityOf('plan-coverage'),
      message: coverageMessage(environment, candidate),
      location: at.location,
      path: at.path,
      subject: candidate.loss.computers[0] ?? candidate.loss.sites[0] ?? candidate.loss.databases[0] ?? '',
    }));
}

/** The message of a coverage gap: the loss, and the scenario to add with the command that proposes one. */
function coverageMessage(environment: Environment, candidate: LossCandidate): string {
  const { loss } = candidate;
  const add = (lost: string, argument: string): string =>
    `add a scenario with \`lost: { ${lost} }\` (\`scsm-dr plan --lost ${argument}\` proposes one)`;
  const site = loss.sites[0];
  if (site !== undefined) {
    const members = effectiveLoss(environment, loss).computers;
    return `no scenario handles the loss of site ${site} (${members.join(', ')}); ${add(`sites: [${site}]`, `site:${site}`)}`;
  }
  const database = loss.databases[0];
  if (database !== undefined) {
    const host = environment.databases.find((entry) => entry.name === database)?.computer;
    const intact = host === undefined ? '' : ` (its host ${host} intact)`;
    return `no scenario handles the corruption of database ${database}${intact}; ${add(`databases: [${database}]`, `database:${database}`)}`;
  }
  const computer = loss.computers[0] ?? '';
  return `no scenario handles the loss of ${computer} (${describeComputer(environment, computer)}); ${add(`computers: [${computer}]`, computer)}`;
}

function describeComputer(environment: Environment, computer: string): string {
  const parts: string[] = [];
  for (const server of environment.managementServers) {
    if (server.computer === computer) {
      parts.push(
        server.role === 'data-warehouse'
          ? 'data warehouse management server'
          : `${server.role} management server`,
      );
    }
  }
  for (const group of environment.managementGroups) {
    if (group.type === 'service-manager' && group.selfServicePortal?.computer === computer)
      parts.push(`Self-Service Portal of ${group.name}`);
  }
  const databases = environment.databases
    .filter((database) => database.computer === computer)
    .map((d) => d.name);
  if (databases.length > 0) parts.push(`databases ${databases.join(', ')}`);
  return parts.length > 0 ? parts.join('; ') : 'hosts nothing declared';
}
