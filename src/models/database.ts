/**
 * One SCSM database (R-DB, D-OV, D-DBREC, D-BKDB): `online` | `lost` → `restore-database` onto
 * its ORIGINAL instance (installed, backup usable) → `restored` → `run-permissions-script` →
 * (`awaitingClr` until `enable-clr` when the instance was rebuilt) → `online`.
 *
 * `recreate-database` is the last resort for data warehouse databases only and ends in
 * `recreated` (online, history lost: D-DBREC, F13). A database lost alone (corrupt, host fine)
 * is restored onto its running instance, whose CLR is on, so it needs no CLR step.
 */
import { setup } from 'xstate';
import { ignore, ignoreAll } from './common.js';
import { flagGuards, type ModelEvent, type StateMeta, type TransitionMeta, violation } from './types.js';

const ID = 'database';
const at = (path: string): string => `#${ID}.${path}`;

const healthy = {
  // Re-running the permissions script on a working database is harmless.
  ...ignore(['use', 'enable-clr', 'run-permissions-script']),
};

export const databaseMachine = setup({
  types: {
    events: {} as ModelEvent,
    meta: {} as StateMeta,
    transitionMeta: {} as TransitionMeta,
  },
  guards: flagGuards([
    'instanceAvailable',
    'originalInstance',
    'partnerSameInstance',
    'backupUsable',
    'clrEnabled',
    'dataWarehouse',
  ]),
}).createMachine({
  id: ID,
  initial: 'online',
  on: { lose: { target: '.lost' } },
  states: {
    online: {
      meta: { description: 'online on its original instance' },
      on: healthy,
    },
    recreated: {
      meta: { description: 'recreated empty: online, but the data warehouse history is lost (F13)' },
      on: healthy,
    },
    lost: {
      meta: { description: 'lost or corrupt; must be restored' },
      on: {
        'restore-database': [
          {
            guard: 'notInstanceAvailable',
            meta: violation(
              'step-precondition',
              'D-DBREC',
              'the target instance is not installed and running',
            ),
          },
          {
            guard: 'notOriginalInstance',
            target: at('broken.wrongInstance'),
            meta: violation(
              'same-sql-instance',
              'D-DBREC',
              'the database must be restored "using the same instance name as the original" (F9)',
            ),
          },
          {
            guard: 'notPartnerSameInstance',
            target: at('broken.stagingRepositorySplit'),
            meta: violation(
              'staging-repository-same-instance',
              'P-MVDW',
              'DWStagingAndConfig and DWRepository "have to be restored on the same instance" (F14)',
            ),
          },
          {
            guard: 'notBackupUsable',
            meta: violation(
              'step-precondition',
              'D-DBREC',
              'it has no usable backup: none exists, or it was stored on a lost computer',
            ),
          },
          { target: at('restored') },
        ],
        'recreate-database': [
          {
            guard: 'notDataWarehouse',
            meta: violation(
              'step-precondition',
              'D-DBREC',
              'only data warehouse databases may be recreated (last resort); this one must be restored from backup',
            ),
          },
          {
            guard: 'notInstanceAvailable',
            meta: violation('step-precondition', 'D-DBREC', 'its instance is not installed and running'),
          },
          { target: at('recreated') },
        ],
        ...ignore(['use', 'enable-clr']),
      },
    },
    restored: {
      meta: { description: 'restored from backup; logins and permissions not yet re-applied' },
      on: {
        'run-permissions-script': [
          // D-BKDB: a rebuilt instance needs CLR enabled by hand; until then the database is
          // not functional. The order of the two steps is free (§4.9 puts CLR last).
          { guard: 'notClrEnabled', target: at('awaitingClr') },
          { target: at('online') },
        ],
        use: {
          meta: violation(
            'permissions-after-restore',
            'D-DBREC',
            'the permissions script was not run after the restore (F11)',
          ),
        },
        ...ignore(['enable-clr']),
      },
    },
    awaitingClr: {
      meta: { description: 'restored with permissions, on a rebuilt instance whose CLR is still off' },
      on: {
        'enable-clr': { target: at('online') },
        // The instance reports clr-after-sql-rebuild for the same use.
        ...ignore(['use', 'run-permissions-script']),
      },
    },
    broken: {
      meta: { description: 'left in a state no document describes' },
      on: ignoreAll(),
      initial: 'wrongInstance',
      states: {
        wrongInstance: {
          meta: {
            description: 'restored onto another instance than its original one (F9)',
            ruleId: 'same-sql-instance',
            citation: 'D-DBREC',
          },
        },
        stagingRepositorySplit: {
          meta: {
            description: 'DWStagingAndConfig and DWRepository restored onto different instances (F14)',
            ruleId: 'staging-repository-same-instance',
            citation: 'P-MVDW',
          },
        },
      },
    },
  },
});
