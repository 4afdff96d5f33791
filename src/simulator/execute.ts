/**
 * Executes a scenario of a recovery plan on the component models, step by step.
 */
import {
  fromFastState,
  initialFastState,
  initialState,
  type Loss,
  type ModelSystem,
  step as modelStep,
  type SystemState,
  type Verdict,
  type Violation,
  verdict,
} from '../models/system.js';
import { transitionCache } from '../models/transition-cache.js';
import type { PlanStep, Scenario } from '../plan/types.js';

/** A violation located at the plan step that caused it (its YAML node is `step.location`). */
export interface StepViolation extends Violation {
  readonly step: PlanStep;
}

/** One executed step: the states before and after it, and what it broke. */
export interface TraceEntry {
  readonly index: number;
  readonly step: PlanStep;
  readonly before: SystemState;
  readonly after: SystemState;
  readonly violations: readonly StepViolation[];
}

export interface ScenarioExecution {
  /** The state right after the loss, before the first step. */
  readonly initial: SystemState;
  readonly trace: readonly TraceEntry[];
  readonly verdict: Verdict;
}

/**
 * Executes every step of `scenario` from the state its loss leaves, and judges the final
 * state. Steps after a violation still run: a broken component swallows them, and the trace
 * shows everything the plan would have done. This is a pure function.
 */
export function executeScenario(system: ModelSystem, scenario: Scenario): ScenarioExecution {
  const initial = initialState(system, scenarioLoss(scenario));
  const trace: TraceEntry[] = [];
  let state = initial;
  scenario.steps.forEach((planStep, index) => {
    const result = modelStep(system, state, planStep);
    trace.push({
      index,
      step: planStep,
      before: state,
      after: result.state,
      violations: result.violations.map((violation) => ({ ...violation, step: planStep })),
    });
    state = result.state;
  });
  return { initial, trace, verdict: verdict(system, state) };
}

/** The loss a scenario starts from, by name. */
function scenarioLoss(scenario: Scenario): Loss {
  return {
    computers: scenario.lost.computers.map((entry) => entry.name),
    databases: scenario.lost.databases.map((entry) => entry.name),
    sites: scenario.lost.sites.map((entry) => entry.name),
  };
}

/** The violations of one step that broke something. */
export interface StepViolations {
  readonly index: number;
  readonly violations: readonly Violation[];
}

/** What executing a scenario broke, without the states it went through. */
export interface ScenarioJudgement {
  /** The steps that broke something, in step order; steps without violations are left out. */
  readonly violations: readonly StepViolations[];
  readonly verdict: Verdict;
}

/**
 * Executes every step of `scenario` like `executeScenario`, but on the fast path (the
 * compiled tables, through the system's transition cache, which are tested equal to the XState
 * path) and keeping only the current state, so that time and memory grow with the number of
 * steps and violations and not with steps × components: `executeScenario` keeps two states of
 * every component per step, which on a 500-computer environment ran a 10,000-step plan out of
 * memory. This is what `check` runs. It is a pure function of the system and the scenario (the
 * cache only memoises).
 */
export function judgeScenario(system: ModelSystem, scenario: Scenario): ScenarioJudgement {
  const cache = transitionCache(system);
  let state = initialFastState(system, scenarioLoss(scenario));
  const violations: StepViolations[] = [];
  scenario.steps.forEach((planStep, index) => {
    const result = cache.fullStep(state, planStep);
    if (result.violations.length > 0) violations.push({ index, violations: result.violations });
    state = result.state;
  });
  return { violations, verdict: verdict(system, fromFastState(system, state)) };
}
