/**
 * The machine of every component kind, and the states an environment may start each of them
 * in (a key backup may start without a known password, an additional server starts as
 * `operational.additional`, …).
 */
import type { AnyStateMachine, StateValue } from 'xstate';
import { backupMachine } from './backup-assets.js';
import { computerMachine } from './computer.js';
import { dataWarehouseServerMachine } from './data-warehouse-server.js';
import { databaseMachine } from './database.js';
import { dataWarehouseGroupMachine, serviceManagerGroupMachine } from './management-group.js';
import { managementServerMachine } from './management-server.js';
import { sqlInstanceMachine } from './sql-instance.js';
import type { MachineKind } from './types.js';

/** The machine of each component kind. */
export const MACHINES: { readonly [K in MachineKind]: AnyStateMachine } = {
  computer: computerMachine,
  managementServer: managementServerMachine,
  dataWarehouseServer: dataWarehouseServerMachine,
  sqlInstance: sqlInstanceMachine,
  database: databaseMachine,
  backup: backupMachine,
  serviceManagerGroup: serviceManagerGroupMachine,
  dataWarehouseGroup: dataWarehouseGroupMachine,
};

/**
 * The states a loaded environment may put a component in before any loss. Everything else
 * must be reachable from these by events (the graph tests check it).
 */
export const START_STATES: { readonly [K in MachineKind]: readonly string[] } = {
  computer: ['up', 'absent'],
  managementServer: ['operational.workflow', 'operational.additional', 'provisioned'],
  dataWarehouseServer: ['operational', 'provisioned'],
  sqlInstance: ['running', 'lost', 'provisioned'],
  database: ['online'],
  backup: ['usable', 'missing', 'passwordUnknown', 'passwordLost'],
  serviceManagerGroup: ['active'],
  dataWarehouseGroup: ['registered', 'unregistered'],
};

/** Renders a state value as a dotted path: `{ broken: 'wrongKey' }` → `broken.wrongKey`. */
export function valueToPath(value: StateValue): string {
  if (typeof value === 'string') return value;
  const keys = Object.keys(value);
  const key = keys[0];
  if (keys.length !== 1 || key === undefined) {
    // The machines have no parallel states; a value with several regions is a programming error.
    throw new Error(`unexpected state value ${JSON.stringify(value)}`);
  }
  const child = value[key];
  return child === undefined ? key : `${key}.${valueToPath(child)}`;
}

/** The state value of a dotted path: `broken.wrongKey` → `{ broken: 'wrongKey' }`. */
export function pathToValue(path: string): StateValue {
  const dot = path.indexOf('.');
  if (dot < 0) return path;
  return { [path.slice(0, dot)]: pathToValue(path.slice(dot + 1)) };
}
