/**
 * A SQL Server instance on its host (R-DB, D-OV, D-DBREC, D-BKDB): `running` (CLR enabled by
 * the original SCSM Setup) | `lost` → (host provisioned) → `install-sql-server` with the SAME
 * instance name → `installed` (CLR off) → `enable-clr` → `ready`.
 *
 * A rebuild under another instance name breaks the instance (`same-sql-instance`); the system
 * then creates the new instance as installed, so that later steps are judged on it. Using an
 * `installed` instance (CLR still off) for Setup, promotion or service start is reported as
 * `clr-after-sql-rebuild` but changes nothing: enabling CLR later still works.
 */
import { setup } from 'xstate';
import { ignore, ignoreAll } from './common.js';
import { flagGuards, type ModelEvent, type StateMeta, type TransitionMeta, violation } from './types.js';

const ID = 'sqlInstance';
const at = (path: string): string => `#${ID}.${path}`;

export const sqlInstanceMachine = setup({
  types: {
    events: {} as ModelEvent,
    meta: {} as StateMeta,
    transitionMeta: {} as TransitionMeta,
  },
  guards: flagGuards(['sameInstanceName']),
}).createMachine({
  id: ID,
  initial: 'running',
  on: { lose: { target: '.lost' }, ...ignore(['provision-computer']) },
  states: {
    running: {
      meta: { description: 'the original instance, CLR enabled by SCSM Setup' },
      on: ignore(['enable-clr', 'use']),
    },
    lost: {
      meta: { description: 'the host failed; the instance is gone' },
      // A consumer of a lost instance reports its own rule (database-before-setup).
      on: { 'provision-computer': { target: at('provisioned') }, ...ignore(['use']) },
    },
    provisioned: {
      meta: { description: 'the host is rebuilt under its name; SQL Server is not installed' },
      on: {
        'install-sql-server': [
          {
            guard: 'notSameInstanceName',
            target: at('broken.differentInstanceName'),
            meta: violation(
              'same-sql-instance',
              'D-DBREC',
              'SQL Server was installed under another instance name than the original, and a rebuilt database host must "use the same instance name" (D-DBREC): change the step\'s instance to the original one',
            ),
          },
          { target: at('installed') },
        ],
        ...ignore(['use']),
      },
    },
    installed: {
      meta: { description: 'SQL Server reinstalled with the original instance name; CLR disabled' },
      on: {
        'enable-clr': { target: at('ready') },
        use: {
          meta: violation(
            'clr-after-sql-rebuild',
            'D-BKDB',
            'CLR is not enabled on the rebuilt instance; "you must enable CLR manually" (F10)',
          ),
        },
      },
    },
    ready: {
      meta: { description: 'rebuilt instance with CLR enabled' },
      on: ignore(['enable-clr', 'use']),
    },
    broken: {
      meta: { description: 'left in a state no document describes' },
      on: ignoreAll(),
      initial: 'differentInstanceName',
      states: {
        differentInstanceName: {
          meta: {
            description: 'the host was rebuilt with another SQL instance name (F9)',
            ruleId: 'same-sql-instance',
            citation: 'D-DBREC',
          },
        },
      },
    },
  },
});
