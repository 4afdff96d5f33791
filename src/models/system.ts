/**
 * The system: the component machines composed for one loaded `Environment`.
 *
 * `createSystem(env)` compiles the per-environment lookup tables once. A `SystemState` is
 * plain JSON: the state path of every component, keyed by component id, plus a few notes the
 * final-state rules need (which servers were installed and still await a key backup, …).
 *
 * `step` routes one plan action to the machines it concerns, computing every cross-component
 * fact (is the database online? whose key backup is restored? is this the computer's original
 * name?) and passing it in the event, so each machine stays a pure function of (state, event).
 * Violations come from the machines: the transition taken carries `{ ruleId, citation }`, or
 * no transition accepts the event (`step-precondition`).
 *
 * Two execution paths run the same routing over the same machines: `step` uses XState itself
 * (`XStateEngine`), `fastStep` the compiled integer tables (`compile.ts`).
 * `checkPathsAgree` compares them.
 *
 * This module compiles the system (`createSystem`) and re-exports the rest of the model's
 * public API, which lives in files of its own: the types (`system-types.ts`), component ids and
 * state predicates (`ids.ts`), the stores of the two paths (`stores.ts`), the notes
 * (`notes.ts`), the router (`router.ts`) with one route per plan action (`routes/`), the step
 * API (`step.ts`) and the verdict (`verdict.ts`).
 */
import type { Database, DataWarehouseGroup, Environment, ServiceManagerGroup } from '../environment/types.js';
import { componentId, instanceKey, key, kindOf, labelOf } from './ids.js';
import { START_STATES } from './machines.js';
import type { ComponentInfo, ModelSystem } from './system-types.js';

export { instanceKey, kindOf, labelOf } from './ids.js';
export { applyNoteOps, type NoteOp, notesKey } from './notes.js';
export {
  checkPathsAgree,
  fastStep,
  fromFastState,
  initialFastState,
  initialState,
  type StepTrace,
  stateKey,
  step,
  toFastState,
  tracedFastStep,
} from './step.js';
export { fastStateKey } from './stores.js';
export type {
  ComponentInfo,
  Effect,
  FastState,
  Loss,
  ModelAction,
  ModelSystem,
  StepResult,
  SystemNotes,
  SystemState,
  Verdict,
  VerdictCause,
  VerdictReason,
  Violation,
} from './system-types.js';
export { verdict } from './verdict.js';
export { verdictMessage } from './verdict-messages.js';

/**
 * Compiles the lookup tables of an environment once. This is a pure function.
 */
export function createSystem(env: Environment): ModelSystem {
  const components: ComponentInfo[] = [];
  const start: string[] = [];
  const add = (id: string, path: string): void => {
    components.push({ id, kind: kindOf(id), label: labelOf(id) });
    start.push(path);
  };
  const hosted = new Map<string, string[]>();
  const host = (computer: string, id: string): void => {
    const list = hosted.get(key(computer)) ?? [];
    list.push(id);
    hosted.set(key(computer), list);
  };
  const passwordState = { escrowed: 'usable', unknown: 'passwordUnknown', lost: 'passwordLost' } as const;

  for (const computer of env.computers) add(componentId.computer(computer.name), 'up');
  for (const server of env.managementServers) {
    if (server.role === 'data-warehouse')
      add(componentId.dataWarehouseServer(server.computer), 'operational');
    else add(componentId.managementServer(server.computer), `operational.${server.role}`);
    host(
      server.computer,
      server.role === 'data-warehouse'
        ? componentId.dataWarehouseServer(server.computer)
        : componentId.managementServer(server.computer),
    );
    add(
      componentId.keyBackup(server.computer),
      server.keyBackup === undefined ? 'missing' : passwordState[server.keyBackup.password],
    );
  }
  for (const instance of env.sqlInstances) {
    add(componentId.sqlInstance(instance.id), 'running');
    host(instance.computer, componentId.sqlInstance(instance.id));
  }
  const databasesOn = new Map<string, Database[]>();
  for (const database of env.databases) {
    add(componentId.database(database.name), 'online');
    add(componentId.databaseBackup(database.name), database.backup === undefined ? 'missing' : 'usable');
    const list = databasesOn.get(instanceKey(database.instance)) ?? [];
    list.push(database);
    databasesOn.set(instanceKey(database.instance), list);
  }
  const smGroups = new Map<string, ServiceManagerGroup>();
  const dwGroups = new Map<string, DataWarehouseGroup>();
  for (const group of env.managementGroups) {
    if (group.type === 'service-manager') {
      smGroups.set(key(group.name), group);
      add(componentId.serviceManagerGroup(group.name), 'active');
    } else {
      dwGroups.set(key(group.name), group);
      add(
        componentId.dataWarehouseGroup(group.name),
        group.registeredWith === undefined ? 'unregistered' : 'registered',
      );
    }
  }
  for (let i = 0; i < components.length; i++) {
    const component = components[i]!;
    if (!START_STATES[component.kind].includes(start[i]!)) {
      throw new Error(`${component.id} cannot start in ${start[i]}`);
    }
  }
  return {
    env,
    components,
    componentIndex: new Map(components.map((component, index) => [component.id, index])),
    start,
    computers: new Map(env.computers.map((computer) => [key(computer.name), computer])),
    servers: new Map(env.managementServers.map((server) => [key(server.computer), server])),
    instances: new Map(env.sqlInstances.map((instance) => [instanceKey(instance.id), instance])),
    databases: new Map(env.databases.map((database) => [key(database.name), database])),
    smGroups,
    dwGroups,
    hosted,
    databasesOn,
  };
}
