/**
 * `scsm-dr simulate`: recovery under faults. A fault scenario (a loss plus faults during the
 * recovery, see `faults.ts`) is judged either against the plan scenario that handles its loss
 * (every invariant on every step; recovered at the end; duration within the RTO; data loss
 * within the RPO) or, without a plan, by asking plan synthesis whether any valid recovery
 * exists at all.
 *
 * This module holds the shared vocabulary and the judgement of one fault scenario;
 * `property.ts` draws scenarios with fast-check and shrinks failures, `explore.ts` enumerates
 * every scenario up to a bound. Everything here is pure: time, randomness and the terminal
 * belong to the caller.
 */
import { formatDuration } from '../common/duration.js';
import { exitCode, type FailOn } from '../common/exit-code.js';
import type { SourceLocation } from '../common/location.js';
import type { Environment } from '../environment/types.js';
import {
  canonicalLoss,
  describeLossWithMembers,
  effectiveLoss,
  type LossCandidate,
  lossUniverse,
  scenarioLoss,
} from '../loss/index.js';
import {
  createSystem,
  type Effect,
  initialFastState,
  type Loss,
  labelOf,
  type ModelAction,
  type ModelSystem,
  verdictMessage,
} from '../models/index.js';
import type { Plan, Scenario } from '../plan/types.js';
import { getRule } from '../rules/catalog.js';
import type { Severity } from '../rules/types.js';
import {
  type BackupUnusableFault,
  canonicalScenario,
  describeFault,
  describeScenario,
  type Fault,
  type FaultScenario,
  type KeyPasswordUnknownFault,
  type LostMidPlanFault,
  normalizeScenario,
  type StepFailsFault,
} from './faults.js';
import {
  dataLossSeconds,
  endReasons,
  faultedSystem,
  loseMidPlan,
  restoredBy,
  runStep,
  type StateCounter,
  stepSeconds,
  summarizeStep,
} from './simulate-exec.js';
import { synthesisMessage } from './synthesis-messages.js';
import { type SynthesisReason, type SynthesisResult, synthesizeRecovery } from './synthesize.js';

const lower = (name: string): string => name.toLowerCase();

/** The part of a synthesis result the simulator reads. */
export type SynthesisAnswer =
  | {
      readonly ok: true;
      readonly steps: readonly ModelAction[];
      readonly totalSeconds: number;
      readonly statesExplored: number;
    }
  | {
      readonly ok: false;
      readonly reasons: readonly SynthesisReason[];
      readonly statesExplored: number;
    };

/** Answers "can this loss be recovered at all, and how?" (plan synthesis by default). */
export type Synthesizer = (system: ModelSystem, loss: Loss) => SynthesisAnswer;

/** Plan synthesis: the synthesizer of every context unless a test replaces it (worker threads use this one). */
export const defaultSynthesizer: Synthesizer = (system, loss): SynthesisResult =>
  synthesizeRecovery(system, loss);

/** Everything a simulation needs, computed once per run. */
export interface SimulationContext {
  readonly environment: Environment;
  readonly system: ModelSystem;
  /** The plan, with its references resolved; absent in synthesis mode. */
  readonly plan?: Plan;
  /** Every loss the simulator draws from, simplest first (`lossUniverse`). */
  readonly losses: readonly LossCandidate[];
  /** Canonical loss → the first plan scenario that loses exactly that. */
  readonly scenarios: ReadonlyMap<string, Scenario>;
  readonly synthesize: Synthesizer;
  /** Memoised synthesis answers, by canonical question. */
  readonly synthesisCache: Map<string, SynthesisAnswer>;
}

/**
 * Builds the context of a simulation. `plan` must have its references resolved
 * (`resolvePlanReferences`); `synthesize` can be replaced for tests. This is a pure function.
 */
export function createSimulationContext(
  environment: Environment,
  plan?: Plan,
  options: { readonly synthesize?: Synthesizer } = {},
): SimulationContext {
  const scenarios = new Map<string, Scenario>();
  for (const scenario of plan?.scenarios ?? []) {
    const key = canonicalLoss(environment, scenarioLoss(scenario));
    if (!scenarios.has(key)) scenarios.set(key, scenario);
  }
  return {
    environment,
    system: createSystem(environment),
    ...(plan === undefined ? {} : { plan }),
    losses: lossUniverse(environment),
    scenarios,
    synthesize: options.synthesize ?? defaultSynthesizer,
    synthesisCache: new Map(),
  };
}

/**
 * The plan scenario that handles a loss, if any: `scenarioFor` of `src/loss/` (the first
 * scenario with the same canonical key), memoised in the context.
 */
export function scenarioFor(context: SimulationContext, loss: Loss): Scenario | undefined {
  return context.scenarios.get(canonicalLoss(context.environment, loss));
}

// ---------------------------------------------------------------------------------------
// Fault candidates
// ---------------------------------------------------------------------------------------

/** Every single fault that can strike the recovery of one loss, in a fixed order. */
export interface FaultCandidates {
  readonly stepFails: readonly StepFailsFault[];
  readonly lostMidPlan: readonly LostMidPlanFault[];
  readonly backupUnusable: readonly BackupUnusableFault[];
  readonly keyPasswordUnknown: readonly KeyPasswordUnknownFault[];
}

/**
 * The faults that can strike the recovery of `loss`. With a plan: a failure of any of its
 * scenario's steps, the loss of any computer the disaster spared after any step but the last
 * (after the last step the recovery is over), the newest backup of any backed-up database, the
 * key password of any server whose password is escrowed. Without a plan there are no steps:
 * mid-plan losses have no position and no step can fail. A loss no scenario handles has no
 * faults (there is no recovery to disturb). This is a pure function.
 */
export function faultCandidates(context: SimulationContext, loss: Loss): FaultCandidates {
  const { environment } = context;
  const spared = environment.computers
    .map((computer) => computer.name)
    .filter((name) => !effectiveLoss(environment, loss).computers.includes(name));
  const backupUnusable = environment.databases
    .filter((database) => database.backup !== undefined)
    .map((database): BackupUnusableFault => ({ kind: 'backup-unusable', database: database.name }));
  const keyPasswordUnknown = environment.managementServers
    .filter((server) => server.keyBackup?.password === 'escrowed')
    .map((server): KeyPasswordUnknownFault => ({ kind: 'key-password-unknown', server: server.computer }));
  if (context.plan === undefined) {
    return {
      stepFails: [],
      lostMidPlan: spared.map((computer): LostMidPlanFault => ({ kind: 'lost-mid-plan', computer })),
      backupUnusable,
      keyPasswordUnknown,
    };
  }
  const scenario = scenarioFor(context, loss);
  if (scenario === undefined)
    return { stepFails: [], lostMidPlan: [], backupUnusable: [], keyPasswordUnknown: [] };
  const n = scenario.steps.length;
  const lostMidPlan: LostMidPlanFault[] = [];
  for (const computer of spared)
    for (let afterStep = 0; afterStep < n - 1; afterStep++)
      lostMidPlan.push({ kind: 'lost-mid-plan', computer, afterStep });
  return {
    stepFails: scenario.steps.map((_, step): StepFailsFault => ({ kind: 'step-fails', step })),
    lostMidPlan,
    backupUnusable,
    keyPasswordUnknown,
  };
}

// ---------------------------------------------------------------------------------------
// Evaluation
// ---------------------------------------------------------------------------------------

/**
 * A broken invariant: the rule, its severity in the rule catalog (the same in every command:
 * `rto-exceeded` is a warning here as in `check`), and what happened, with the concrete names.
 */
export interface Failure {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
}

/** A failure of a rule, with the rule's catalog severity (an unknown id counts as an error). */
export function failure(ruleId: string, message: string): Failure {
  return { ruleId, severity: getRule(ruleId)?.severity ?? 'error', message };
}

/**
 * The lowest severity a fault scenario must break to be a counterexample, for a `--fail-on`
 * level: `error` searches for errors only; `warning` for warnings too; `never` reports what
 * `warning` finds and fails on nothing (the exit code is decided by `exitCode`), the way
 * `check --fail-on never` still lists every finding.
 */
export function searchLevel(failOn: FailOn): 'error' | 'warning' {
  return failOn === 'error' ? 'error' : 'warning';
}

/** Whether a rule breaks a run at a search level: its catalog severity is at or above it. */
export function ruleCounts(ruleId: string, level: 'error' | 'warning'): boolean {
  return exitCode([{ severity: getRule(ruleId)?.severity ?? 'error' }], level) === 1;
}

/**
 * Whether an evaluation is a counterexample at a search level: its loss is handled and it
 * breaks a rule at or above the level. A coverage gap is never a counterexample.
 */
export function isCounterexample(evaluation: Evaluation, level: 'error' | 'warning'): boolean {
  return evaluation.handled && exitCode(evaluation.failures, level) === 1;
}

/** One entry of a counterexample trace. */
export type TraceEvent =
  | { readonly kind: 'loss'; readonly description: string }
  | {
      readonly kind: 'fault';
      readonly fault: Fault;
      readonly description: string;
      /** Component changes the fault caused, `ms:SM02: servicesStopped.additional → lost`. */
      readonly changes: readonly string[];
    }
  | {
      readonly kind: 'step';
      /** 0-based index of the step in its scenario. */
      readonly index: number;
      readonly action: string;
      readonly summary: string;
      readonly location: SourceLocation;
      readonly seconds: number;
      /** The step failed once and was retried (`step-fails`): it costs `seconds` twice. */
      readonly retried: boolean;
      readonly violations: readonly (Failure & { readonly citation: string; readonly component: string })[];
    }
  | {
      readonly kind: 'end';
      /** Plan mode: the scenario's estimated duration, retries included; synthesis mode: the synthesised plan's. */
      readonly estimatedSeconds?: number;
      readonly rtoSeconds: number;
      /** Worst-case data loss of each database restored from backup. */
      readonly dataLoss: readonly { readonly database: string; readonly seconds: number }[];
      readonly rpoSeconds: number;
      /** Synthesis mode: how many steps the synthesised recovery has, or undefined if none exists. */
      readonly synthesizedSteps?: number;
    };

/** The judgement of one fault scenario. */
export interface Evaluation {
  /** The scenario as judged: normalised (`normalizeScenario`). */
  readonly scenario: FaultScenario;
  readonly canonical: string;
  readonly description: string;
  /** Plan mode: the plan scenario that handles the loss; undefined when none does. */
  readonly handledBy?: { readonly id: string; readonly location: SourceLocation };
  /** Plan mode: false when no scenario handles the loss (a coverage gap, not a counterexample). */
  readonly handled: boolean;
  /** Empty when every invariant holds. */
  readonly failures: readonly Failure[];
  /** The trace, ending at the first violating step (TLC style) or with the end state. */
  readonly trace: readonly TraceEvent[];
  /** Distinct states the synthesis explored for this scenario (synthesis mode). */
  readonly synthesisStates: number;
}

function describeEffect(effect: Effect): string {
  return `${effect.component}: ${effect.from} → ${effect.to}`;
}

/**
 * Judges one fault scenario (see the module comment). `counter` counts the states the
 * execution visits. This is a pure function apart from the counter and the context's caches.
 */
export function evaluateFaultScenario(
  context: SimulationContext,
  input: FaultScenario,
  counter?: StateCounter,
): Evaluation {
  const { environment } = context;
  const scenario = normalizeScenario(environment, input);
  const base = {
    scenario,
    canonical: canonicalScenario(environment, scenario),
    description: describeScenario(environment, scenario),
  };
  const trace: TraceEvent[] = [
    { kind: 'loss', description: describeLossWithMembers(environment, scenario.loss) },
  ];
  const keys = scenario.faults.filter((f): f is KeyPasswordUnknownFault => f.kind === 'key-password-unknown');
  const unusable = new Set(
    scenario.faults
      .filter((f): f is BackupUnusableFault => f.kind === 'backup-unusable')
      .map((f) => lower(f.database)),
  );
  const mids = scenario.faults.filter((f): f is LostMidPlanFault => f.kind === 'lost-mid-plan');
  const system = faultedSystem(
    context.system,
    keys.map((fault) => fault.server),
  );
  // Conditions that exist from the start (a corrupt backup, a forgotten password) come first.
  for (const fault of scenario.faults)
    if (fault.kind === 'key-password-unknown' || fault.kind === 'backup-unusable')
      trace.push({ kind: 'fault', fault, description: describeFault(fault), changes: [] });

  if (context.plan === undefined)
    return { ...base, ...synthesisJudgement(context, system, scenario, mids, unusable, trace) };

  const planScenario = scenarioFor(context, scenario.loss);
  if (planScenario === undefined) return { ...base, handled: false, failures: [], trace, synthesisStates: 0 };
  const handledBy = { id: planScenario.id, location: planScenario.location };
  const retried = new Set(
    scenario.faults.filter((f): f is StepFailsFault => f.kind === 'step-fails').map((f) => f.step),
  );
  const seconds = stepSeconds(environment, planScenario);
  let state = initialFastState(system, scenario.loss);
  counter?.visit(state);
  const restored: string[] = [];
  for (const [index, step] of planScenario.steps.entries()) {
    const result = runStep(system, state, step);
    counter?.visit(result.state);
    state = result.state;
    restored.push(...restoredBy(result.effects));
    const violations = result.violations.map((violation) => ({
      ...failure(violation.ruleId, violation.message),
      citation: violation.citation,
      component: violation.component,
    }));
    trace.push({
      kind: 'step',
      index,
      action: step.action,
      summary: summarizeStep(step),
      location: step.location,
      seconds: seconds[index]!,
      retried: retried.has(index),
      violations,
    });
    if (violations.length > 0) {
      const failures = violations.map(({ ruleId, severity, message }) => ({ ruleId, severity, message }));
      return { ...base, handledBy, handled: true, failures, trace, synthesisStates: 0 };
    }
    for (const fault of mids) {
      if (fault.afterStep !== index) continue;
      const lost = loseMidPlan(system, state, fault.computer);
      counter?.visit(lost.state);
      state = lost.state;
      trace.push({
        kind: 'fault',
        fault,
        description: describeFault(fault),
        changes: lost.effects.map(describeEffect),
      });
    }
  }
  const failures: Failure[] = endReasons(system, state).map((reason) => {
    const { ruleId, component } = reason;
    const message = verdictMessage(reason);
    return failure(
      ruleId,
      message.includes(component.slice(component.indexOf(':') + 1))
        ? message
        : `${labelOf(component)}: ${message}`,
    );
  });
  let estimatedSeconds = 0;
  seconds.forEach((value, index) => {
    estimatedSeconds += retried.has(index) ? 2 * value : value;
  });
  const rtoSeconds = environment.objectives.rtoSeconds;
  if (estimatedSeconds > rtoSeconds)
    failures.push(rtoFailure(planScenario.id, estimatedSeconds, rtoSeconds, retried));
  const dataLoss = dataLossOf(environment, restored, unusable);
  failures.push(...rpoFailures(environment, dataLoss, unusable));
  trace.push({
    kind: 'end',
    estimatedSeconds,
    rtoSeconds,
    dataLoss,
    rpoSeconds: environment.objectives.rpoSeconds,
  });
  return { ...base, handledBy, handled: true, failures, trace, synthesisStates: 0 };
}

/** Worst-case data loss of each restored database (each listed once, first restore order). */
function dataLossOf(
  environment: Environment,
  restored: readonly string[],
  unusable: ReadonlySet<string>,
): { database: string; seconds: number }[] {
  const out: { database: string; seconds: number }[] = [];
  for (const database of restored) {
    if (out.some((entry) => lower(entry.database) === lower(database))) continue;
    const seconds = dataLossSeconds(environment, database, unusable.has(lower(database)));
    if (seconds !== undefined) out.push({ database, seconds });
  }
  return out;
}

/** `backup-interval-exceeds-rpo`: a restore that loses more data than the RPO allows. */
export function rpoFailures(
  environment: Environment,
  dataLoss: readonly { readonly database: string; readonly seconds: number }[],
  unusable: ReadonlySet<string>,
): Failure[] {
  const rpo = environment.objectives.rpoSeconds;
  return dataLoss
    .filter((entry) => entry.seconds > rpo)
    .map((entry) =>
      failure(
        'backup-interval-exceeds-rpo',
        `restoring ${entry.database} loses up to ${formatDuration(entry.seconds)} of data${
          unusable.has(lower(entry.database))
            ? ' (its newest backup is unusable, so the previous full backup is restored)'
            : ''
        }, over the RPO of ${formatDuration(rpo)}`,
      ),
    );
}

/** `rto-exceeded`: the scenario's estimate, retries included, is over the RTO. */
export function rtoFailure(
  scenarioId: string,
  estimatedSeconds: number,
  rtoSeconds: number,
  retried: ReadonlySet<number>,
): Failure {
  const steps = [...retried].sort((a, b) => a - b).map((step) => step + 1);
  return failure(
    'rto-exceeded',
    `scenario '${scenarioId}' takes an estimated ${formatDuration(estimatedSeconds)}${
      steps.length > 0 ? ` with step${steps.length === 1 ? '' : 's'} ${steps.join(', ')} retried` : ''
    }, over the RTO of ${formatDuration(rtoSeconds)}`,
  );
}

/** Synthesis mode: is any valid recovery possible once the faults have struck? */
function synthesisJudgement(
  context: SimulationContext,
  system: ModelSystem,
  scenario: FaultScenario,
  mids: readonly LostMidPlanFault[],
  unusable: ReadonlySet<string>,
  trace: TraceEvent[],
): Omit<Evaluation, 'scenario' | 'canonical' | 'description'> {
  const { environment } = context;
  for (const fault of mids)
    trace.push({ kind: 'fault', fault, description: describeFault(fault), changes: [] });
  // A computer lost during the recovery is, for the question "is a recovery possible?", part
  // of the loss: any valid plan has to bring it back too.
  const loss: Loss = {
    ...scenario.loss,
    computers: [...scenario.loss.computers, ...mids.map((f) => f.computer)],
  };
  const answer = synthesize(context, system, loss);
  const rtoSeconds = environment.objectives.rtoSeconds;
  const rpoSeconds = environment.objectives.rpoSeconds;
  if (!answer.ok) {
    trace.push({ kind: 'end', rtoSeconds, dataLoss: [], rpoSeconds });
    const failures = answer.reasons.map((reason) =>
      failure('unrecoverable-scenario', `${synthesisMessage(reason)} (${reason.citation})`),
    );
    return { handled: true, failures, trace, synthesisStates: answer.statesExplored };
  }
  const restored = answer.steps
    .filter((step) => step.action === 'restore-database' && step.params.database !== undefined)
    .map((step) => step.params.database!);
  const dataLoss = dataLossOf(environment, restored, unusable);
  trace.push({
    kind: 'end',
    estimatedSeconds: answer.totalSeconds,
    rtoSeconds,
    dataLoss,
    rpoSeconds,
    synthesizedSteps: answer.steps.length,
  });
  // Synthesis returns the fastest valid recovery, so one over the RTO means none meets it.
  const failures: Failure[] =
    answer.totalSeconds > rtoSeconds
      ? [
          failure(
            'rto-exceeded',
            `the fastest valid recovery takes an estimated ${formatDuration(answer.totalSeconds)}, over the RTO of ${formatDuration(rtoSeconds)}`,
          ),
        ]
      : [];
  failures.push(...rpoFailures(environment, dataLoss, unusable));
  return {
    handled: true,
    failures,
    trace,
    synthesisStates: answer.statesExplored,
  };
}

/** Asks the synthesizer once per distinct question (a loss on a system). */
export function synthesize(context: SimulationContext, system: ModelSystem, loss: Loss): SynthesisAnswer {
  const keys = system.env.managementServers
    .filter((server) => server.keyBackup?.password === 'unknown')
    .map((server) => lower(server.computer))
    .join(',');
  const key = `${canonicalLoss(context.environment, loss)}|${keys}`;
  let answer = context.synthesisCache.get(key);
  if (answer === undefined) {
    answer = context.synthesize(system, loss);
    context.synthesisCache.set(key, answer);
  }
  return answer;
}
