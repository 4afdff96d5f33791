/**
 * The scsm-dr library API. The command-line tool is a thin shell over these functions: load
 * the inputs, run an analysis, hand the data to a reporter.
 *
 * @example
 * ```ts
 * import { checkPlan, createSystem, loadEnvironmentFile, loadPlanFile, modelExecutor } from 'scsm-dr';
 * const environment = await loadEnvironmentFile('environment.yaml');
 * const plan = await loadPlanFile('plan.yaml');
 * if (environment.ok && plan.ok) {
 *   const system = createSystem(environment.value);
 *   const result = checkPlan(environment.value, plan.value, { execute: modelExecutor(system), version: '1' });
 * }
 * ```
 */
export { checkPlan, coverageFindings, type ExecutionOutcome, type ScenarioExecutor } from './check/check.js';
export { modelExecutor } from './check/model-executor.js';
export type { CheckResult, ScenarioResult } from './check/types.js';
export { formatDuration, parseDuration } from './common/duration.js';
export { formatInputError, type InputError, type LoadResult, UserError } from './common/errors.js';
export type { NodePath, SourceLocation } from './common/location.js';
export * from './drill/index.js';
export { loadEnvironmentFile, loadEnvironmentText } from './environment/load.js';
export { environmentNames } from './environment/names.js';
export { environmentSchema } from './environment/schema.js';
export type * from './environment/types.js';
export * from './models/index.js';
export { ACTIONS, type ActionName, type ActionSpec } from './plan/actions.js';
export { estimateStepSeconds } from './plan/durations.js';
export { loadPlanFile, loadPlanText, resolvePlanReferences } from './plan/load.js';
export { planSchema } from './plan/schema.js';
export type { LossSpec, Plan, PlanStep, Scenario } from './plan/types.js';
export { REPORTERS, type ReporterName } from './report/reporters/index.js';
export { getRule, RULE_IDS, RULES } from './rules/catalog.js';
export type { Finding, RuleMeta, Severity, TraceStep } from './rules/types.js';
export {
  type ParallelScoreOptions,
  type Readiness,
  scoreReadiness,
  scoreReadinessParallel,
} from './score/index.js';
export { executeScenario } from './simulator/execute.js';
export { synthesisMessage } from './simulator/synthesis-messages.js';
export {
  type SynthesisCause,
  type SynthesisReason,
  type SynthesisResult,
  synthesizeRecovery,
} from './simulator/synthesize.js';
