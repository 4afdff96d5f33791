/**
 * The management groups (§1.1).
 *
 * - A Service Manager group has exactly one active workflow server (W-TARGET): the system
 *   sends `workflow-count` after every step, and a second operational workflow server breaks the
 *   group (`single-workflow-server`).
 * - A data warehouse group is registered with a Service Manager group or not (R-DWREG, P-REG).
 *   Registration needs both management servers operational; a recreated DWStagingAndConfig
 *   loses it (the registration tables live there, §1.4).
 */
import { setup } from 'xstate';
import { ignore, ignoreAll } from './common.js';
import { flagGuards, type ModelEvent, type StateMeta, type TransitionMeta, violation } from './types.js';

const SM_ID = 'serviceManagerGroup';

const countTransitions = [
  {
    guard: 'severalWorkflowServers' as const,
    target: `#${SM_ID}.broken.severalWorkflowServers`,
    meta: violation(
      'single-workflow-server',
      'W-TARGET',
      'a second management server became active workflow server; "a workflow runs on exactly one server"',
    ),
  },
  { guard: 'noWorkflowServer' as const, target: `#${SM_ID}.noWorkflowServer` },
  { target: `#${SM_ID}.active` },
];

export const serviceManagerGroupMachine = setup({
  types: {
    events: {} as ModelEvent,
    meta: {} as StateMeta,
    transitionMeta: {} as TransitionMeta,
  },
  guards: flagGuards(['severalWorkflowServers', 'noWorkflowServer']),
}).createMachine({
  id: SM_ID,
  initial: 'active',
  states: {
    active: {
      meta: { description: 'exactly one operational workflow server' },
      on: { 'workflow-count': countTransitions },
    },
    noWorkflowServer: {
      meta: { description: 'no operational workflow server: workflows do not run' },
      on: { 'workflow-count': countTransitions },
    },
    broken: {
      meta: { description: 'left in a state no document describes' },
      on: ignoreAll(),
      initial: 'severalWorkflowServers',
      states: {
        severalWorkflowServers: {
          meta: {
            description: 'two management servers act as workflow server (F17)',
            ruleId: 'single-workflow-server',
            citation: 'W-TARGET',
          },
        },
      },
    },
  },
});

const DW_ID = 'dataWarehouseGroup';

const NOT_READY = violation(
  'step-precondition',
  'P-REG',
  'registration needs both the Service Manager and the data warehouse management server operational',
);

export const dataWarehouseGroupMachine = setup({
  types: {
    events: {} as ModelEvent,
    meta: {} as StateMeta,
    transitionMeta: {} as TransitionMeta,
  },
  guards: flagGuards(['serversOperational']),
}).createMachine({
  id: DW_ID,
  initial: 'registered',
  states: {
    registered: {
      meta: { description: 'registered with its Service Manager management group' },
      on: {
        'register-data-warehouse': [{ guard: 'notServersOperational', meta: NOT_READY }, {}],
        'registration-lost': { target: `#${DW_ID}.unregistered` },
      },
    },
    unregistered: {
      meta: { description: 'not registered with a Service Manager management group' },
      on: {
        'register-data-warehouse': [
          { guard: 'notServersOperational', meta: NOT_READY },
          { target: `#${DW_ID}.registered` },
        ],
        ...ignore(['registration-lost']),
      },
    },
  },
});
