/**
 * The recovery plan (docs/plan.md): the action table, the schema, the loader and reference
 * resolution against an environment.
 */
export {
  ACTION_NAMES,
  ACTIONS,
  type ActionName,
  type ActionSpec,
  COMMON_STEP_FIELDS,
  DEFAULT_RESTORE_THROUGHPUT_GB_PER_HOUR,
  isActionName,
  type ParameterKind,
  type ParameterSpec,
  RESTORE_OVERHEAD_SECONDS,
} from './actions.js';
export {
  loadPlanFile,
  loadPlanText,
  type PlanReferenceNames,
  resolvePlanReferences,
  type UnresolvedReference,
} from './load.js';
export { planSchema, type RawPlan, type RawStep, SCENARIO_ID_PATTERN } from './schema.js';
export type { LossSpec, Plan, PlanStep, Scenario } from './types.js';
