/**
 * A computer: `up` | `lost` → `provision-computer` → `provisioned` (a new computer joined to the
 * domain under the same name, D-OV). A computer the environment does not declare starts
 * `absent`; provisioning it creates a computer with a new name (useful only for R-ADD, since a
 * replacement must keep the failed computer's name).
 */
import { setup } from 'xstate';
import type { ModelEvent, StateMeta, TransitionMeta } from './types.js';
import { violation } from './types.js';

const ID = 'computer';
const at = (path: string): string => `#${ID}.${path}`;

const NOT_LOST = violation(
  'step-precondition',
  'D-OV',
  'it has not failed; provisioning builds a replacement for a lost computer',
);

export const computerMachine = setup({
  types: {
    events: {} as ModelEvent,
    meta: {} as StateMeta,
    transitionMeta: {} as TransitionMeta,
  },
}).createMachine({
  id: ID,
  initial: 'up',
  states: {
    up: {
      meta: { description: 'running' },
      on: { lose: { target: at('lost') }, 'provision-computer': { meta: NOT_LOST } },
    },
    lost: {
      meta: { description: 'failed' },
      on: { lose: {}, 'provision-computer': { target: at('provisioned') } },
    },
    provisioned: {
      meta: { description: 'rebuilt under its name and joined to the domain' },
      on: { lose: { target: at('lost') }, 'provision-computer': { meta: NOT_LOST } },
    },
    absent: {
      meta: { description: 'not declared by the environment and not provisioned' },
      on: { 'provision-computer': { target: at('provisioned') } },
    },
  },
});
