/**
 * The pure core of a drill: a state machine over journal events.
 *
 * A drill is event-sourced. {@link evolve} folds one event into the {@link DrillState} (the
 * position in the scenario, the model state, what has been announced); {@link nextEvent}
 * says which event the drill produces on its own next (a violation warning, an injected fault,
 * the next step, the end), or that it waits for the team; {@link interpret} turns a line the
 * team typed into events. The session (`session.ts`) only stamps events with the clock,
 * appends them to the journal, and prints them. Replaying a journal is folding its events
 * again, so a resumed drill is the same drill, and everything the drill derives by itself
 * (warnings, faults, the next step) is re-derived and checked against what the journal says.
 *
 * Nothing here reads a clock, a file or the terminal.
 */
import { createHash } from 'node:crypto';
import type { DrillOutcome, Environment } from '../environment/types.js';
import {
  initialState,
  type ModelSystem,
  step as modelStep,
  type SystemState,
  type Violation,
  verdict,
  verdictMessage,
} from '../models/system.js';
import { ACTIONS } from '../plan/actions.js';
import { isParallel, stepPredecessors } from '../plan/dependencies.js';
import { estimateStepSeconds } from '../plan/durations.js';
import type { Scenario } from '../plan/types.js';
import { getRule } from '../rules/catalog.js';
import {
  type RunningStep,
  resolveStepReference,
  startableSteps,
  stepLabel,
  unmetDependencies,
} from './concurrent.js';
import { NameResolver, parseDeviation } from './deviation.js';
import {
  type EventBody,
  JOURNAL_FORMAT,
  type JournalEvent,
  type StartBody,
  type StartEvent,
  type StepSnapshot,
} from './events.js';
import { announceFault, applyFault, chooseFaults } from './inject.js';
import { isParallelDrill } from './schedule.js';

/** Everything fixed for the length of a drill. */
export interface DrillContext {
  readonly environment: Environment;
  readonly system: ModelSystem;
  /** The plan scenario, with its references resolved (`resolvePlanReferences`). */
  readonly scenario: Scenario;
  /** The drill's first event: the scenario snapshot and the injected faults. */
  readonly start: StartBody;
}

/** A rule a step or deviation broke, waiting to be announced. */
export interface PendingViolation {
  /** `seq` of the answer or deviation that broke it. */
  readonly cause: number;
  readonly step: number;
  readonly violation: Violation;
}

/** Where a drill stands: everything the events so far determine. Plain data. */
export interface DrillState {
  /** `seq` of the last event (0 before the start event). */
  readonly seq: number;
  /** Drill time of the last event. */
  readonly elapsedMs: number;
  /** The component models' state. */
  readonly model: SystemState;
  /**
   * The current step (0-based); equal to the step count once every step is answered. In a
   * plan with `team:`/`after:` it is the step in focus: the one presented last that is still
   * in progress, which deviations, notes and a quit are recorded against.
   */
  readonly position: number;
  /** The current step has been presented and waits for an answer. */
  readonly presented: boolean;
  /** How often the current step has been presented (retries after a failure count). */
  readonly attempts: number;
  /** Indices into `start.inject.faults` already announced. */
  readonly announced: readonly number[];
  readonly pending: readonly PendingViolation[];
  /** How each answered step ended. */
  readonly results: readonly ('done' | 'skipped')[];
  /** Violations announced so far. */
  readonly violations: number;
  readonly ended: boolean;
  /**
   * In a plan with `team:`/`after:` only: the steps in progress, in the order they were last
   * presented (the last is the focus). Empty in a sequential drill.
   */
  readonly running: readonly RunningStep[];
  /** In a plan with `team:`/`after:` only: the steps answered done or skipped, in answer order. */
  readonly finished: readonly number[];
}

/** A journal that does not belong to this drill, or does not follow from its own lines. */
export class JournalMismatchError extends Error {
  /** The journal line at fault; 0 when the journal as a whole does not match. */
  readonly line: number;
  constructor(line: number, message: string) {
    super(message);
    this.name = 'JournalMismatchError';
    this.line = line;
  }
}

// ---------------------------------------------------------------------------------------
// Creating a drill
// ---------------------------------------------------------------------------------------

/**
 * The hash that ties a journal to its plan scenario: SHA-256 of the scenario's content (id,
 * title, loss, and each step's action, parameters, duration, owner and note), not of its
 * layout, so reformatting the plan does not orphan a journal but changing a step does. In a
 * plan with `team:`/`after:` each step's team and the steps it waits for (by index, so that
 * renaming an `id:` changes nothing) and the scenario's `teams:` count too: a resumed drill
 * must not start steps its journal started under other dependencies. A sequential scenario
 * hashes exactly as before teams existed, so its journals stay resumable.
 * This is a pure function.
 */
export function scenarioHash(scenario: Scenario): string {
  const predecessors = isParallel(scenario) ? stepPredecessors(scenario) : undefined;
  const canonical = {
    id: scenario.id,
    title: scenario.title ?? null,
    lost: {
      computers: scenario.lost.computers.map((entry) => entry.name),
      databases: scenario.lost.databases.map((entry) => entry.name),
      sites: scenario.lost.sites.map((entry) => entry.name),
    },
    steps: scenario.steps.map((step) => ({
      action: step.action,
      params: Object.keys(step.params)
        .sort()
        .map((key) => [key, step.params[key]]),
      duration: step.durationSeconds ?? null,
      owner: step.owner ?? null,
      note: step.note ?? null,
      ...(predecessors === undefined
        ? {}
        : { team: step.team ?? null, after: predecessors[step.index] ?? [] }),
    })),
    ...(predecessors === undefined
      ? {}
      : {
          teams: Object.keys(scenario.teams ?? {})
            .sort()
            .map((team) => [team, scenario.teams?.[team]]),
        }),
  };
  return `sha256:${createHash('sha256').update(JSON.stringify(canonical), 'utf8').digest('hex')}`;
}

/** The steps as the drill presents them: expected duration and procedure citations included. */
export function stepSnapshots(environment: Environment, scenario: Scenario): StepSnapshot[] {
  // Only a plan with team:/after: writes them, so a sequential drill's journal is as before.
  const predecessors = isParallel(scenario) ? stepPredecessors(scenario) : undefined;
  return scenario.steps.map((step) => {
    const estimate = estimateStepSeconds(environment, step);
    const parallel =
      predecessors === undefined
        ? {}
        : {
            ...(step.team === undefined ? {} : { team: step.team }),
            after: predecessors[step.index] ?? [],
            ...(step.id === undefined ? {} : { id: step.id }),
          };
    return {
      index: step.index,
      action: step.action,
      params: { ...step.params },
      estimatedSeconds: estimate.seconds,
      durationSource: estimate.source,
      ...(step.owner === undefined ? {} : { owner: step.owner }),
      ...(step.note === undefined ? {} : { note: step.note }),
      citations: [...ACTIONS[step.action].citations],
      ...parallel,
    };
  });
}

/** How a new drill is set up. */
export interface NewDrillOptions {
  readonly environmentFile: string;
  readonly planFile: string;
  readonly toolVersion: string;
  /** `--inject N --seed S`. */
  readonly inject?: { readonly count: number; readonly seed: number };
}

/**
 * Sets up a new drill: the scenario snapshot, its hash, and the injected faults chosen from
 * the seed. `possibleFaults` says how many faults the scenario could take, for a warning when
 * fewer than asked were chosen. This is a pure function.
 */
export function createDrill(
  environment: Environment,
  system: ModelSystem,
  scenario: Scenario,
  options: NewDrillOptions,
): { context: DrillContext; possibleFaults: number } {
  let inject: StartBody['inject'];
  let possibleFaults = 0;
  if (options.inject !== undefined) {
    const choice = chooseFaults(environment, scenario, options.inject.count, options.inject.seed);
    possibleFaults = choice.possible;
    inject = { requested: options.inject.count, seed: options.inject.seed, faults: [...choice.faults] };
  }
  const start: StartBody = {
    type: 'start',
    journal: JOURNAL_FORMAT,
    tool: { name: 'scsm-dr', version: options.toolVersion },
    environment: { name: environment.name, file: options.environmentFile },
    plan: { file: options.planFile },
    scenario: {
      id: scenario.id,
      ...(scenario.title === undefined ? {} : { title: scenario.title }),
      hash: scenarioHash(scenario),
      lost: {
        computers: scenario.lost.computers.map((entry) => entry.name),
        databases: scenario.lost.databases.map((entry) => entry.name),
        sites: scenario.lost.sites.map((entry) => entry.name),
      },
      steps: stepSnapshots(environment, scenario),
      ...(scenario.teams === undefined ? {} : { teams: { ...scenario.teams } }),
    },
    objectives: {
      rtoSeconds: environment.objectives.rtoSeconds,
      rpoSeconds: environment.objectives.rpoSeconds,
    },
    ...(inject === undefined ? {} : { inject }),
  };
  return { context: { environment, system, scenario, start }, possibleFaults };
}

/**
 * The context of a drill resumed from its journal's `start` event. The journal must belong to
 * this environment and to this plan scenario as it is now (same hash); otherwise replaying it
 * would rebuild a state the plan no longer describes. Throws {@link JournalMismatchError}.
 */
export function resumeDrill(
  environment: Environment,
  system: ModelSystem,
  scenario: Scenario,
  start: StartEvent,
): DrillContext {
  const { seq: _seq, at: _at, elapsedMs: _elapsed, ...body } = start;
  if (start.scenario.id !== scenario.id)
    throw new JournalMismatchError(
      1,
      `the journal is a drill of scenario '${start.scenario.id}', not of '${scenario.id}'`,
    );
  if (start.environment.name !== environment.name)
    throw new JournalMismatchError(
      1,
      `the journal is a drill of environment '${start.environment.name}', not of '${environment.name}'`,
    );
  const hash = scenarioHash(scenario);
  if (start.scenario.hash !== hash)
    throw new JournalMismatchError(
      1,
      `the journal was started from another version of scenario '${scenario.id}' (plan hash ${start.scenario.hash.slice(0, 19)}…, the plan now has ${hash.slice(0, 19)}…): its steps changed since, so the drill cannot be resumed`,
    );
  for (const injected of start.inject?.faults ?? [])
    if (injected.step >= scenario.steps.length)
      throw new JournalMismatchError(
        1,
        `an injected fault is set at step ${injected.step + 1}, beyond the scenario's end`,
      );
  return { environment, system, scenario, start: body };
}

// ---------------------------------------------------------------------------------------
// The state machine
// ---------------------------------------------------------------------------------------

/** The state before any event: the models right after the scenario's loss. This is a pure function. */
export function initialDrillState(context: DrillContext): DrillState {
  const lost = context.scenario.lost;
  return {
    seq: 0,
    elapsedMs: 0,
    model: initialState(context.system, {
      computers: lost.computers.map((entry) => entry.name),
      databases: lost.databases.map((entry) => entry.name),
      sites: lost.sites.map((entry) => entry.name),
    }),
    position: 0,
    presented: false,
    attempts: 0,
    announced: [],
    pending: [],
    results: [],
    violations: 0,
    ended: false,
    running: [],
    finished: [],
  };
}

const severityOf = (ruleId: string) => getRule(ruleId)?.severity ?? 'error';

/** The inputs of a drill's outcome. */
export interface OutcomeInput {
  readonly recovered: boolean;
  /** Warning- or note-level reasons of the final verdict (missing key backup, …). */
  readonly warnings: number;
  readonly violations: number;
  readonly skipped: number;
  readonly elapsedMs: number;
  readonly rtoSeconds: number;
}

/**
 * The outcome recorded in an environment's `drills:` history (docs/environment.md): `failed` when the
 * models do not judge the system recovered at the end; `partial` when it is recovered but the
 * team broke a rule on the way, skipped a step, left a warning (such as a key not backed up)
 * or overran the RTO; `passed` otherwise. This is a pure function.
 */
export function drillOutcome(input: OutcomeInput): DrillOutcome {
  if (!input.recovered) return 'failed';
  if (
    input.violations > 0 ||
    input.skipped > 0 ||
    input.warnings > 0 ||
    input.elapsedMs > input.rtoSeconds * 1000
  )
    return 'partial';
  return 'passed';
}

/**
 * The event the drill produces by itself next, or `undefined` when it waits for the team (or
 * has ended). In order: the start; the warnings of the last answer or deviation; the faults
 * met at the current step (before its first presentation); the current step; the end once
 * every step is answered. `elapsedMs` is the drill time the event will carry (the end judges
 * the RTO by it). This is a pure function.
 */
export function nextEvent(
  context: DrillContext,
  state: DrillState,
  elapsedMs: number,
): EventBody | undefined {
  if (state.seq === 0) return context.start;
  if (state.ended) return undefined;
  const pending = state.pending[0];
  if (pending !== undefined) {
    const { violation } = pending;
    return {
      type: 'violation',
      cause: pending.cause,
      step: pending.step,
      ruleId: violation.ruleId,
      citation: violation.citation,
      severity: severityOf(violation.ruleId),
      component: violation.component,
      message: violation.message,
    };
  }
  const steps = context.start.scenario.steps;
  if (isParallelDrill(context.start.scenario)) {
    if (state.finished.length < steps.length) {
      // A step begun or failed is presented (again) first. With nothing in progress the drill
      // presents the first step not started, as a sequential drill presents the next one: a
      // team that answers one step at a time runs the plan in its written order.
      const waiting = state.running.find((entry) => !entry.presented);
      const candidate =
        waiting ??
        (state.running.length === 0
          ? { step: steps.findIndex((snapshot) => !state.finished.includes(snapshot.index)), attempts: 0 }
          : undefined);
      if (candidate === undefined || candidate.step < 0) return undefined;
      return presentation(context, state, candidate.step, candidate.attempts);
    }
  } else if (state.position < steps.length) {
    if (state.presented) return undefined;
    return presentation(context, state, state.position, state.attempts);
  }
  const judged = verdict(context.system, state.model);
  const reasons = judged.reasons.map((reason) => ({
    ruleId: reason.ruleId,
    severity: severityOf(reason.ruleId),
    component: reason.component,
    message: verdictMessage(reason),
  }));
  return {
    type: 'end',
    outcome: drillOutcome({
      recovered: judged.recovered,
      warnings: reasons.filter((reason) => reason.severity !== 'error').length,
      violations: state.violations,
      skipped: state.results.filter((result) => result === 'skipped').length,
      elapsedMs,
      rtoSeconds: context.start.objectives.rtoSeconds,
    }),
    recovered: judged.recovered,
    reasons,
  };
}

/**
 * A step's presentation, preceded by the surprises met at it (before its first presentation
 * only).
 */
function presentation(context: DrillContext, state: DrillState, step: number, attempts: number): EventBody {
  if (attempts === 0) {
    const faults = context.start.inject?.faults ?? [];
    const index = faults.findIndex((injected, i) => injected.step === step && !state.announced.includes(i));
    const injected = faults[index];
    if (injected !== undefined) {
      return {
        type: 'fault',
        step,
        injected: index,
        fault: injected.fault,
        description: announceFault(context.environment, injected.fault),
        changes: applyFault(context.system, state.model, injected.fault).changes,
      };
    }
  }
  return { type: 'step', step, attempt: attempts + 1 };
}

/**
 * True when the drill waits for the team's answer to the current step (in a plan with
 * `team:`/`after:`: every step in progress has been presented). This is a pure function.
 */
export function awaitingAnswer(context: DrillContext, state: DrillState): boolean {
  if (isParallelDrill(context.start.scenario))
    return (
      state.seq > 0 &&
      !state.ended &&
      state.pending.length === 0 &&
      state.running.length > 0 &&
      state.running.every((entry) => entry.presented)
    );
  return (
    state.seq > 0 &&
    !state.ended &&
    state.presented &&
    state.pending.length === 0 &&
    state.position < context.start.scenario.steps.length
  );
}

/** A short description of an event, for mismatch messages. */
function describe(event: EventBody | undefined): string {
  if (event === undefined) return "the team's answer";
  switch (event.type) {
    case 'step':
      return `step ${event.step + 1} presented (attempt ${event.attempt})`;
    case 'fault':
      return `injected fault #${event.injected + 1} at step ${event.step + 1}`;
    case 'violation':
      return `the warning ${event.ruleId} on ${event.component}`;
    default:
      return `a '${event.type}' event`;
  }
}

/** True when an automatic event in a journal is the one the drill would produce. */
function sameAutomatic(expected: EventBody | undefined, event: JournalEvent): boolean {
  if (expected === undefined || expected.type !== event.type) return false;
  if (expected.type === 'step' && event.type === 'step')
    return expected.step === event.step && expected.attempt === event.attempt;
  if (expected.type === 'fault' && event.type === 'fault')
    return expected.injected === event.injected && expected.step === event.step;
  if (expected.type === 'violation' && event.type === 'violation')
    return (
      expected.ruleId === event.ruleId &&
      expected.component === event.component &&
      expected.cause === event.cause
    );
  return true;
}

/**
 * Folds one event into the state. Events the drill produces by itself must be exactly the
 * ones {@link nextEvent} expects, and answers, deviations, notes and quits may only come
 * while the drill waits for the team; anything else means the journal does not follow from
 * its own lines (hand-edited, or from another version of the plan) and throws
 * {@link JournalMismatchError} naming the line. Done steps and deviations are applied to the
 * models with `step`; the rules they break become pending warnings. This is a pure function.
 */
export function evolve(context: DrillContext, state: DrillState, event: JournalEvent): DrillState {
  const line = event.seq;
  if (event.seq !== state.seq + 1)
    throw new JournalMismatchError(
      line,
      `line ${line}: expected event number ${state.seq + 1}, found ${event.seq}`,
    );
  const base = { ...state, seq: event.seq, elapsedMs: event.elapsedMs };
  if (event.type === 'start') {
    if (state.seq !== 0) throw new JournalMismatchError(line, `line ${line}: a second 'start' event`);
    return base;
  }
  if (state.seq === 0)
    throw new JournalMismatchError(line, `line ${line}: the journal does not begin with a 'start' event`);
  if (state.ended) throw new JournalMismatchError(line, `line ${line}: an event after the drill's end`);

  if (event.type === 'step' || event.type === 'fault' || event.type === 'violation' || event.type === 'end') {
    const expected = nextEvent(context, state, event.elapsedMs);
    if (!sameAutomatic(expected, event))
      throw new JournalMismatchError(
        line,
        `line ${line}: found ${describe(event)}, but the drill expects ${describe(expected)} here`,
      );
    switch (event.type) {
      case 'step':
        return {
          ...base,
          presented: true,
          attempts: event.attempt,
          ...(isParallelDrill(context.start.scenario)
            ? {
                position: event.step,
                running: [
                  ...state.running.filter((entry) => entry.step !== event.step),
                  { step: event.step, attempts: event.attempt, presented: true },
                ],
              }
            : {}),
        };
      case 'fault':
        return {
          ...base,
          model: applyFault(context.system, state.model, event.fault).model,
          announced: [...state.announced, event.injected],
        };
      case 'violation':
        return { ...base, pending: state.pending.slice(1), violations: state.violations + 1 };
      case 'end':
        return { ...base, ended: true };
    }
  }

  if (!awaitingAnswer(context, state))
    throw new JournalMismatchError(
      line,
      `line ${line}: found a '${event.type}' event, but the drill expects ${describe(nextEvent(context, state, event.elapsedMs))} here`,
    );
  if (isParallelDrill(context.start.scenario)) return evolveConcurrent(context, state, base, event);
  if (event.type === 'begin')
    throw new JournalMismatchError(
      line,
      `line ${line}: a 'begin' event, but the scenario has no team:/after:, so its steps are taken one at a time`,
    );
  if (event.step !== state.position)
    throw new JournalMismatchError(
      line,
      `line ${line}: the '${event.type}' event is for step ${event.step + 1}, but step ${state.position + 1} is current`,
    );
  switch (event.type) {
    case 'answer': {
      if (event.answer === 'failed') return { ...base, presented: false };
      const next = { ...base, position: state.position + 1, presented: false, attempts: 0 };
      if (event.answer === 'skipped') return { ...next, results: [...state.results, 'skipped'] };
      return { ...next, ...applyDone(context, state, event.seq, state.position) };
    }
    case 'deviation':
      return { ...base, ...applyDeviation(context, state, event) };
    case 'note':
    case 'quit':
      return base;
  }
}

/** A done step applied to the models, and the rules it broke as pending warnings. */
function applyDone(
  context: DrillContext,
  state: DrillState,
  cause: number,
  step: number,
): Pick<DrillState, 'model' | 'results' | 'pending'> {
  const result = modelStep(context.system, state.model, context.scenario.steps[step]!);
  return {
    model: result.state,
    results: [...state.results, 'done'],
    pending: result.violations.map((violation) => ({ cause, step, violation })),
  };
}

/** A deviation applied to the models, and the rules it broke as pending warnings. */
function applyDeviation(
  context: DrillContext,
  state: DrillState,
  event: Extract<JournalEvent, { type: 'deviation' }>,
): Pick<DrillState, 'model' | 'pending'> {
  const result = modelStep(context.system, state.model, { action: event.action, params: event.params });
  return {
    model: result.state,
    pending: result.violations.map((violation) => ({ cause: event.seq, step: event.step, violation })),
  };
}

/**
 * The team's events in a plan with `team:`/`after:`: an answer closes (or fails) any step in
 * progress, a `begin` starts a step whose dependencies are done, and deviations, notes and a
 * quit belong to a step in progress. Anything else does not follow and throws.
 */
function evolveConcurrent(
  context: DrillContext,
  state: DrillState,
  base: DrillState,
  event: Extract<JournalEvent, { type: 'answer' | 'begin' | 'deviation' | 'note' | 'quit' }>,
): DrillState {
  const line = event.seq;
  const steps = context.start.scenario.steps;
  if (event.type === 'begin') {
    const problem = beginProblem(steps, state, event.step);
    if (problem !== undefined) throw new JournalMismatchError(line, `line ${line}: ${problem}`);
    return { ...base, running: [...state.running, { step: event.step, attempts: 0, presented: false }] };
  }
  const entry = state.running.find((running) => running.step === event.step);
  if (entry === undefined)
    throw new JournalMismatchError(
      line,
      `line ${line}: the '${event.type}' event is for step ${event.step + 1}, which is not in progress`,
    );
  switch (event.type) {
    case 'answer': {
      if (event.answer === 'failed')
        return {
          ...base,
          presented: false,
          running: state.running.map((running) =>
            running.step === event.step ? { ...running, presented: false } : running,
          ),
        };
      const running = state.running.filter((other) => other.step !== event.step);
      const next = {
        ...base,
        running,
        finished: [...state.finished, event.step],
        position: running.at(-1)?.step ?? event.step,
        presented: running.length > 0,
        attempts: running.at(-1)?.attempts ?? 0,
      };
      if (event.answer === 'skipped') return { ...next, results: [...state.results, 'skipped'] };
      return { ...next, ...applyDone(context, state, event.seq, event.step) };
    }
    case 'deviation':
      return { ...base, ...applyDeviation(context, state, event) };
    case 'note':
    case 'quit':
      return base;
  }
}

/**
 * Why a step cannot start now (already in progress, already done, or waiting for steps not
 * done yet), or undefined when it can. The message names the steps it waits for.
 */
function beginProblem(
  steps: DrillContext['start']['scenario']['steps'],
  state: DrillState,
  step: number,
): string | undefined {
  if (step >= steps.length) return `there is no step ${step + 1}`;
  const label = stepLabel(steps, step);
  if (state.running.some((entry) => entry.step === step)) return `step ${label} is already in progress`;
  if (state.finished.includes(step)) return `step ${label} is already answered`;
  const unmet = unmetDependencies(steps, state.finished, step);
  if (unmet.length === 0) return undefined;
  const described = unmet.map(
    (parent) =>
      `${stepLabel(steps, parent)} (${state.running.some((entry) => entry.step === parent) ? 'in progress' : 'not started'})`,
  );
  return `step ${label} cannot start yet: it waits for step${unmet.length === 1 ? '' : 's'} ${described.join(', ')}; it can start when ${unmet.length === 1 ? 'that step is' : 'they are'} done`;
}

/**
 * Replays a journal's events from the start and returns the state they lead to. Throws
 * {@link JournalMismatchError} when they do not follow from each other. This is a pure function.
 */
export function replay(context: DrillContext, events: readonly JournalEvent[]): DrillState {
  let state = initialDrillState(context);
  for (const event of events) state = evolve(context, state, event);
  return state;
}

// ---------------------------------------------------------------------------------------
// The team's answers
// ---------------------------------------------------------------------------------------

/** What a typed line means. */
export type Interpretation =
  | { readonly kind: 'events'; readonly events: readonly EventBody[] }
  | { readonly kind: 'help' }
  /** `l`: list the steps in progress and the steps that can start (a plan with `team:`/`after:`). */
  | { readonly kind: 'list' }
  | { readonly kind: 'error'; readonly message: string };

/** The answer keys, for help and for did-you-mean. */
export const ANSWER_KEYS = [
  { key: 'd', usage: 'd [note]', meaning: 'the step is done (applied to the models)' },
  {
    key: 'f',
    usage: 'f <note>',
    meaning: 'the step failed: say what happened; then retry it (d, f) or skip it (s)',
  },
  { key: 's', usage: 's [note]', meaning: 'skip the step (not applied to the models)' },
  {
    key: 'x',
    usage: 'x <action> key=value …',
    meaning:
      'record an action the plan does not list (applied to the models), e.g. x stop-services computer=SM02',
  },
  { key: 'n', usage: 'n <text>', meaning: 'add a note to the journal' },
  { key: '?', usage: '?', meaning: 'this help' },
  { key: 'q', usage: 'q', meaning: 'quit now and resume later with --resume' },
] as const;

/**
 * The answer keys a drill of a plan with `team:`/`after:` adds: starting a step while others
 * are in progress, and the list of what is in progress and what can start.
 */
export const CONCURRENT_ANSWER_KEYS = [
  {
    key: 'b',
    usage: 'b <step>',
    meaning: 'begin a step (its number or id) while others are in progress; its after: steps must be done',
  },
  {
    key: 'd',
    usage: 'd <step> [note]',
    meaning: 'with several steps in progress, d, f and s name the step first (d 7, f sm-db <note>)',
  },
  { key: 'l', usage: 'l', meaning: 'list the steps in progress and the steps that can start, per team' },
] as const;

/** The long forms of {@link CONCURRENT_ANSWER_KEYS}. */
const CONCURRENT_ALIASES: Readonly<Record<string, string>> = {
  b: 'b',
  begin: 'b',
  start: 'b',
  l: 'l',
  list: 'l',
};

const ALIASES: Readonly<Record<string, string>> = {
  d: 'd',
  done: 'd',
  f: 'f',
  fail: 'f',
  failed: 'f',
  s: 's',
  skip: 's',
  skipped: 's',
  x: 'x',
  n: 'n',
  note: 'n',
  '?': '?',
  h: '?',
  help: '?',
  q: 'q',
  quit: 'q',
};

/**
 * What a line typed by the team means while the drill waits for an answer: events to append
 * (an answer, a deviation, a note, a quit), the help, or an error to show (nothing is
 * recorded). Deviations are parsed and checked here, against the action table and the names
 * the environment and the models know. This is a pure function.
 */
export function interpret(context: DrillContext, state: DrillState, line: string): Interpretation {
  const trimmed = line.trim();
  if (trimmed === '')
    return { kind: 'error', message: 'answer d, f <note>, s, x <action> …, n <text>, ? or q' };
  const space = trimmed.search(/\s/);
  const word = (space < 0 ? trimmed : trimmed.slice(0, space)).toLowerCase();
  const rest = space < 0 ? '' : trimmed.slice(space + 1).trim();
  const concurrent = isParallelDrill(context.start.scenario);
  const key = ALIASES[word] ?? (concurrent ? CONCURRENT_ALIASES[word] : undefined);
  if (key === undefined)
    return { kind: 'error', message: `unknown answer '${word}'; type ? for the answer keys` };
  if (key === '?') return { kind: 'help' };
  if (key === 'l') return { kind: 'list' };
  if (!awaitingAnswer(context, state))
    return { kind: 'error', message: 'the drill is not waiting for an answer' };
  if (concurrent && (key === 'b' || key === 'd' || key === 'f' || key === 's'))
    return interpretConcurrent(context, state, key, rest);
  const step = state.position;
  switch (key) {
    case 'd':
      return {
        kind: 'events',
        events: [{ type: 'answer', step, answer: 'done', ...(rest === '' ? {} : { note: rest }) }],
      };
    case 's':
      return {
        kind: 'events',
        events: [{ type: 'answer', step, answer: 'skipped', ...(rest === '' ? {} : { note: rest }) }],
      };
    case 'f':
      if (rest === '') return { kind: 'error', message: 'f needs a note: what failed? (f <note>)' };
      return { kind: 'events', events: [{ type: 'answer', step, answer: 'failed', note: rest }] };
    case 'n':
      if (rest === '') return { kind: 'error', message: 'n needs the text of the note (n <text>)' };
      return { kind: 'events', events: [{ type: 'note', step, text: rest }] };
    case 'q':
      return { kind: 'events', events: [{ type: 'quit', step }] };
    default: {
      const parsed = parseDeviation(rest, new NameResolver(context.environment, state.model));
      if (!parsed.ok) return { kind: 'error', message: parsed.message };
      const { action, params, note, owner } = parsed.value;
      return {
        kind: 'events',
        events: [
          {
            type: 'deviation',
            step,
            action,
            params: { ...params },
            ...(note === undefined ? {} : { note }),
            ...(owner === undefined ? {} : { owner }),
            text: rest,
          },
        ],
      };
    }
  }
}

/**
 * `b`, `d`, `f` and `s` in a plan with `team:`/`after:`. `b <step>` starts a step. An answer
 * names its step first (`d 7 note`, `f sm-db what failed`) when its first word is a step in
 * progress; with one step in progress it may leave it out, as in a sequential drill, and then
 * every word is the note. A word that can only be a step reference (`#7`, or a step's id) but
 * names no step in progress is refused rather than taken as a note. This is a pure function.
 */
function interpretConcurrent(
  context: DrillContext,
  state: DrillState,
  key: 'b' | 'd' | 'f' | 's',
  rest: string,
): Interpretation {
  const steps = context.start.scenario.steps;
  const inProgress = state.running.map((entry) => stepLabel(steps, entry.step)).join(', ');
  const space = rest.search(/\s/);
  const first = space < 0 ? rest : rest.slice(0, space);
  const after = space < 0 ? '' : rest.slice(space + 1).trim();
  const named = first === '' ? undefined : resolveStepReference(steps, first);
  if (key === 'b') {
    if (first === '') {
      const startable = startableSteps(steps, state.running, state.finished);
      return {
        kind: 'error',
        message: `b needs the step to begin (its number or id)${startable.length === 0 ? '; no step can start now' : `; can start now: ${startable.map((index) => stepLabel(steps, index)).join(', ')}`}`,
      };
    }
    if (named === undefined) return { kind: 'error', message: `there is no step '${first}'` };
    const problem = beginProblem(steps, state, named);
    if (problem !== undefined) return { kind: 'error', message: problem };
    return { kind: 'events', events: [{ type: 'begin', step: named }] };
  }
  const running = named !== undefined && state.running.some((entry) => entry.step === named);
  let step: number;
  let note: string;
  if (running) {
    step = named!;
    note = after;
  } else if (named !== undefined && !/^\d+$/.test(first)) {
    return {
      kind: 'error',
      message: `step ${stepLabel(steps, named)} is not in progress (in progress: ${inProgress})`,
    };
  } else if (state.running.length === 1) {
    step = state.running[0]!.step;
    note = rest;
  } else {
    return {
      kind: 'error',
      message: `${state.running.length} steps are in progress (${inProgress}): name the step first, e.g. ${key} ${state.running.at(-1)!.step + 1}${key === 'f' ? ' <note>' : ''}`,
    };
  }
  if (key === 'f') {
    if (note === '') return { kind: 'error', message: `f needs a note: what failed? (f ${step + 1} <note>)` };
    return { kind: 'events', events: [{ type: 'answer', step, answer: 'failed', note }] };
  }
  return {
    kind: 'events',
    events: [
      { type: 'answer', step, answer: key === 'd' ? 'done' : 'skipped', ...(note === '' ? {} : { note }) },
    ],
  };
}
