/**
 * The Service Manager management server (SM MS): promotion and replacement (D-OV).
 *
 * - Promotion (R-PROMOTE, D-PROMO) on an additional server, in order: `stop-services` →
 *   `clear-health-service-state` → `promote-workflow-server` → `start-services`.
 * - Replacement (R-REPLACE-MS, D-MSDR, D-RECMS): `provision-computer` (same name) →
 *   `restore-encryption-key` (its own key) → `install-management-server` (existing database;
 *   Setup starts the services).
 * - A fresh additional server (R-ADD, P-ADDMSI, D-OV follow-up) may be installed on a
 *   provisioned computer without a key restore; a `role: workflow` Setup needs the key first.
 *
 * The role is part of the state (`operational.workflow`, `operational.additional`) rather than
 * context, so that the machine stays context-free and compiles to a flat table.
 */
import { setup } from 'xstate';
import { ignore, ignoreAll } from './common.js';
import { flagGuards, type ModelEvent, type StateMeta, type TransitionMeta, violation } from './types.js';

const ID = 'managementServer';
const at = (path: string): string => `#${ID}.${path}`;

const PROMOTE_NOT_ADDITIONAL = violation(
  'promotion-requires-additional-server',
  'D-OV',
  'it is not a running additional management server of the group; only an additional server can be promoted',
);
const KEY_AFTER_SETUP = violation(
  'key-restored-before-setup',
  'D-MSDR',
  'Setup has already run on it; the encryption key must be restored before Setup, not after',
);
const PROMOTE_WITHOUT_DATABASE = violation(
  'database-before-setup',
  'D-PROMO',
  'p_PromoteActiveWorkflowServer runs inside the ServiceManager database, which is not online (F16)',
);
const UNUSABLE_KEY = violation(
  'step-precondition',
  'D-BKKEY',
  'its key backup is missing, was stored on a lost computer, or its password is unknown or lost (F4, F5)',
);
const NOT_EXISTING_DATABASE = violation(
  'step-precondition',
  'D-RECMS',
  "Setup must use the group's existing ServiceManager database (invariant 8)",
);

/** Transitions shared by the running, stopped and cleared states. */
const installedCommon = {
  'restore-encryption-key': { meta: KEY_AFTER_SETUP },
  'backup-encryption-key': {},
  ...ignore(['provision-computer']),
};

export const managementServerMachine = setup({
  types: {
    events: {} as ModelEvent,
    meta: {} as StateMeta,
    transitionMeta: {} as TransitionMeta,
  },
  guards: flagGuards([
    'databaseColocated',
    'keyUsable',
    'keyMatches',
    'originalName',
    'databaseOnline',
    'existingDatabase',
    'roleWorkflow',
  ]),
}).createMachine({
  id: ID,
  initial: 'operational',
  on: {
    // D-STRAT, invariant 7: when the server and its database shared the failed computer,
    // recovery is "impossible". Q4 leaves open whether a rebuilt same-named database host would
    // help; the conservative reading keeps the server unrecoverable.
    lose: [{ guard: 'databaseColocated', target: '.unrecoverable' }, { target: '.lost' }],
    demote: {},
  },
  states: {
    operational: {
      meta: { description: 'installed, services running' },
      initial: 'workflow',
      on: {
        'start-services': {},
        'stop-services': {},
        // Clearing Health Service State belongs to the promotion, after the services stop (D-PROMO, F19).
        'clear-health-service-state': {
          target: at('broken.healthStateClearedWhileRunning'),
          meta: violation(
            'promotion-order',
            'D-PROMO',
            'the services are still running; stop them before deleting Health Service State',
          ),
        },
        'import-management-packs': [
          {
            guard: 'notDatabaseOnline',
            meta: violation('step-precondition', 'D-IMPMP', 'its ServiceManager database is not online'),
          },
          {},
        ],
        ...installedCommon,
      },
      states: {
        workflow: {
          meta: { description: 'the active workflow server of its group' },
          on: {
            'stop-services': { target: at('servicesStopped.workflow') },
            'promote-workflow-server': { meta: PROMOTE_NOT_ADDITIONAL },
            demote: { target: at('operational.additional') },
          },
        },
        additional: {
          meta: { description: 'an additional management server' },
          on: {
            'stop-services': { target: at('servicesStopped.additional') },
            'promote-workflow-server': {
              target: at('broken.promotedWhileRunning'),
              meta: violation(
                'promotion-order',
                'D-PROMO',
                'its services are still running; stop them and delete Health Service State before promoting',
              ),
            },
          },
        },
      },
    },
    servicesStopped: {
      meta: { description: 'installed, the three SCSM services stopped' },
      initial: 'workflow',
      on: { 'stop-services': {}, ...installedCommon },
      states: {
        workflow: {
          meta: { description: 'the workflow server, services stopped' },
          on: {
            'start-services': { target: at('operational.workflow') },
            'clear-health-service-state': { target: at('healthStateCleared.workflow') },
            'promote-workflow-server': { meta: PROMOTE_NOT_ADDITIONAL },
            demote: { target: at('servicesStopped.additional') },
          },
        },
        additional: {
          meta: { description: 'an additional server, services stopped' },
          on: {
            'start-services': { target: at('operational.additional') },
            'clear-health-service-state': { target: at('healthStateCleared.additional') },
            'promote-workflow-server': {
              target: at('broken.promotedWithoutClearingHealthState'),
              meta: violation(
                'promotion-order',
                'D-PROMO',
                'Health Service State was not deleted before p_PromoteActiveWorkflowServer',
              ),
            },
          },
        },
      },
    },
    healthStateCleared: {
      meta: { description: 'services stopped, Health Service State deleted' },
      initial: 'workflow',
      on: { 'stop-services': {}, 'clear-health-service-state': {}, ...installedCommon },
      states: {
        workflow: {
          meta: { description: 'the workflow server, services stopped, Health Service State deleted' },
          on: {
            'start-services': { target: at('operational.workflow') },
            'promote-workflow-server': { meta: PROMOTE_NOT_ADDITIONAL },
            demote: { target: at('healthStateCleared.additional') },
          },
        },
        additional: {
          meta: { description: 'an additional server ready to be promoted' },
          on: {
            // Restarting without promoting abandons the promotion; the health service rebuilds
            // its state, which is harmless.
            'start-services': { target: at('operational.additional') },
            'promote-workflow-server': [
              { guard: 'notDatabaseOnline', meta: PROMOTE_WITHOUT_DATABASE },
              { target: at('promoted') },
            ],
          },
        },
      },
    },
    promoted: {
      meta: { description: 'named active workflow server in the database; services still stopped' },
      on: {
        'start-services': { target: at('operational.workflow') },
        'stop-services': {},
        'clear-health-service-state': {},
        'promote-workflow-server': {},
        demote: { target: at('servicesStopped.additional') },
        ...installedCommon,
      },
    },
    lost: {
      meta: { description: 'the computer failed; the server is gone' },
      on: {
        'provision-computer': { target: at('provisioned') },
        'promote-workflow-server': { meta: PROMOTE_NOT_ADDITIONAL },
      },
    },
    provisioned: {
      meta: { description: 'a computer with this name exists; no management server is installed on it' },
      on: {
        'restore-encryption-key': [
          { guard: 'notKeyUsable', meta: UNUSABLE_KEY },
          // The catalog reports a lost server's key restored under another name as a name
          // error (F8) rather than a key error.
          {
            guard: 'notOriginalName',
            target: at('broken.differentComputerName'),
            meta: violation(
              'same-computer-name',
              'D-OV',
              'the key belongs to a server of another name; a replacement must take the failed computer’s name',
            ),
          },
          {
            guard: 'notKeyMatches',
            target: at('broken.wrongKey'),
            meta: violation(
              'matching-encryption-key',
              'D-GUIDE',
              'the key backup restored is not the one taken from this server',
            ),
          },
          { target: at('keyRestored') },
        ],
        'install-management-server': [
          { guard: 'notExistingDatabase', meta: NOT_EXISTING_DATABASE },
          {
            guard: 'roleWorkflow',
            target: at('broken.setupBeforeKeyRestore'),
            meta: violation(
              'key-restored-before-setup',
              'D-MSDR',
              'Setup replaces the workflow server before its encryption key was restored',
            ),
          },
          {
            guard: 'notDatabaseOnline',
            target: at('broken.setupWithoutDatabase'),
            meta: violation(
              'database-before-setup',
              'D-STRAT',
              'Setup ran while its database was not online',
            ),
          },
          // R-ADD: a fresh additional server needs no key restore (P-ADDMSI); its new key must
          // be backed up afterwards (backup-new-server-key, checked on the final state).
          { target: at('operational.additional') },
        ],
        'promote-workflow-server': { meta: PROMOTE_NOT_ADDITIONAL },
        ...ignore(['provision-computer']),
      },
    },
    keyRestored: {
      meta: { description: 'provisioned under its name, its own encryption key restored' },
      on: {
        'restore-encryption-key': [
          { guard: 'notKeyUsable', meta: UNUSABLE_KEY },
          {
            guard: 'notKeyMatches',
            target: at('broken.wrongKey'),
            meta: violation(
              'matching-encryption-key',
              'D-GUIDE',
              'the key backup restored is not the one taken from this server',
            ),
          },
          {},
        ],
        'install-management-server': [
          { guard: 'notExistingDatabase', meta: NOT_EXISTING_DATABASE },
          {
            guard: 'notDatabaseOnline',
            target: at('broken.setupWithoutDatabase'),
            meta: violation(
              'database-before-setup',
              'D-STRAT',
              'Setup ran while its database was not online',
            ),
          },
          { guard: 'roleWorkflow', target: at('operational.workflow') },
          { target: at('operational.additional') },
        ],
        'promote-workflow-server': { meta: PROMOTE_NOT_ADDITIONAL },
        ...ignore(['provision-computer']),
      },
    },
    unrecoverable: {
      meta: {
        description:
          'lost together with its own database on one computer: "Recovery of a management server is impossible" (invariant 7)',
        ruleId: 'scenario-recovered',
        citation: 'D-STRAT',
      },
      on: {
        ...ignore(['lose', 'demote', 'provision-computer']),
        'restore-encryption-key': {
          meta: violation(
            'step-precondition',
            'D-STRAT',
            'it shared the lost computer with its database (F3)',
          ),
        },
        'install-management-server': {
          meta: violation(
            'step-precondition',
            'D-STRAT',
            'it shared the lost computer with its database (F3)',
          ),
        },
        'promote-workflow-server': { meta: PROMOTE_NOT_ADDITIONAL },
      },
    },
    broken: {
      meta: { description: 'left in a state no document describes' },
      on: ignoreAll(),
      initial: 'setupBeforeKeyRestore',
      states: {
        setupBeforeKeyRestore: {
          meta: {
            description: 'Setup ran before the encryption key was restored (F7)',
            ruleId: 'key-restored-before-setup',
            citation: 'D-MSDR',
          },
        },
        differentComputerName: {
          meta: {
            description: 'a lost server’s key was restored on a computer with another name (F8)',
            ruleId: 'same-computer-name',
            citation: 'D-OV',
          },
        },
        wrongKey: {
          meta: {
            description: 'the key of another server was restored (F6)',
            ruleId: 'matching-encryption-key',
            citation: 'D-GUIDE',
          },
        },
        setupWithoutDatabase: {
          meta: {
            description: 'Setup ran without a functioning database',
            ruleId: 'database-before-setup',
            citation: 'D-STRAT',
          },
        },
        healthStateClearedWhileRunning: {
          meta: {
            description: 'Health Service State deleted while the services ran (F19)',
            ruleId: 'promotion-order',
            citation: 'D-PROMO',
          },
        },
        promotedWhileRunning: {
          meta: {
            description: 'promoted while its services ran (F19)',
            ruleId: 'promotion-order',
            citation: 'D-PROMO',
          },
        },
        promotedWithoutClearingHealthState: {
          meta: {
            description: 'promoted without deleting Health Service State (F19)',
            ruleId: 'promotion-order',
            citation: 'D-PROMO',
          },
        },
      },
    },
  },
});
