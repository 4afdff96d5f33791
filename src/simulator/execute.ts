/**
 * Executes a scenario of a recovery plan on the component models, step by step.
 */
import {
  initialState,
  type ModelSystem,
  step as modelStep,
  type SystemState,
  type Verdict,
  type Violation,
  verdict,
} from '../models/system.js';
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
  const initial = initialState(system, {
    computers: scenario.lost.computers.map((entry) => entry.name),
    databases: scenario.lost.databases.map((entry) => entry.name),
    sites: scenario.lost.sites.map((entry) => entry.name),
  });
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
