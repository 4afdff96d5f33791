/**
 * Backups as assets: an encryption-key backup of a management server, or the backup of a
 * database. `usable` | `missing` (never taken) | `passwordUnknown` / `passwordLost` (key
 * backups whose password is not at hand: unusable, D-BKKEY, F5) | `destroyed` (stored on a
 * computer that was lost: the `storedOn` of the environment).
 *
 * `backup-encryption-key` on a newly installed server takes a new, usable backup (D-BKKEY).
 */
import { setup } from 'xstate';
import { ignore } from './common.js';
import type { ModelEvent, StateMeta, TransitionMeta } from './types.js';

const ID = 'backup';
const at = (path: string): string => `#${ID}.${path}`;

export const backupMachine = setup({
  types: {
    events: {} as ModelEvent,
    meta: {} as StateMeta,
    transitionMeta: {} as TransitionMeta,
  },
}).createMachine({
  id: ID,
  initial: 'usable',
  on: { 'backup-encryption-key': { target: at('usable') } },
  states: {
    usable: {
      meta: { description: 'exists, off the lost computers, password known' },
      on: { lose: { target: at('destroyed') } },
    },
    missing: {
      meta: { description: 'never taken' },
      on: ignore(['lose']),
    },
    passwordUnknown: {
      meta: { description: 'exists, but nobody knows its password (F5)' },
      on: { lose: { target: at('destroyed') } },
    },
    passwordLost: {
      meta: { description: 'exists, but its password is lost and cannot be recovered (D-BKKEY, F5)' },
      on: { lose: { target: at('destroyed') } },
    },
    destroyed: {
      meta: { description: 'stored on a computer that was lost' },
      on: ignore(['lose']),
    },
  },
});
