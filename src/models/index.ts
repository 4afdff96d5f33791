/**
 * The component models: one XState machine per component kind, the system they compose into
 * for an environment, the two execution paths (XState and compiled tables) and their diagrams.
 */
export { backupMachine } from './backup-assets.js';
export { ALL_EVENT_TYPES } from './common.js';
export {
  type CompiledMachine,
  type CompiledTransition,
  checkTableAgreement,
  compiledMachine,
  compileMachine,
  type FastOutcome,
  fastTransition,
  TableEngine,
} from './compile.js';
export { computerMachine } from './computer.js';
export { dataWarehouseServerMachine } from './data-warehouse-server.js';
export { databaseMachine } from './database.js';
export { escapeLabel, type MachineDiagram, machineDiagram, machineDiagrams } from './diagram.js';
export {
  ADDITIONAL_SERVER_PATH,
  componentId,
  instanceHost,
  isAdditionalServer,
  isDatabaseHealthy,
  isDatabaseId,
  isDataWarehouseGroupId,
  isDataWarehouseServerId,
  isInstanceAvailable,
  isManagementServerId,
  isOperational,
  isServiceManagerGroupId,
  isSqlInstanceId,
  isWorkflowServer,
  nameOf,
  WORKFLOW_SERVER_PATH,
} from './ids.js';
export { MACHINES, pathToValue, START_STATES, valueToPath } from './machines.js';
export { dataWarehouseGroupMachine, serviceManagerGroupMachine } from './management-group.js';
export { managementServerMachine } from './management-server.js';
export { ROUTES, type Route, type RouteTable } from './routes/index.js';
export { sqlInstanceMachine } from './sql-instance.js';
export {
  type ComponentInfo,
  checkPathsAgree,
  createSystem,
  type Effect,
  type FastState,
  fastStateKey,
  fastStep,
  fromFastState,
  initialFastState,
  initialState,
  instanceKey,
  kindOf,
  type Loss,
  labelOf,
  type ModelAction,
  type ModelSystem,
  type StepResult,
  type SystemNotes,
  type SystemState,
  stateKey,
  step,
  toFastState,
  type Verdict,
  type VerdictCause,
  type VerdictReason,
  type Violation,
  verdict,
  verdictMessage,
} from './system.js';
export {
  FLAGS,
  type Flag,
  INTERNAL_EVENT_TYPES,
  MACHINE_KINDS,
  type MachineKind,
  type ModelEvent,
  type ModelEventType,
  type StateMeta,
  type TransitionMeta,
  type ViolationMeta,
} from './types.js';
export { type Engine, stateMeta, type TransitionOutcome, XStateEngine } from './xstate-engine.js';
