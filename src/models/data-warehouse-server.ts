/**
 * The data warehouse management server (DW MS). "Only one recovery scenario is possible":
 * replace it (D-OV, R-REPLACE-DW): `provision-computer` under the same name →
 * `restore-encryption-key` with the DW key (not an SM key, D-GUIDE) → `install-data-warehouse-server`
 * against the existing DWStagingAndConfig with the original Reporting Server URL (D-RECDW).
 *
 * Promotion is a violation (`data-warehouse-replace-only`). Stopping and starting its services
 * is not: the DW database move stops the three services on the DW MS (P-MVDW step 2), and the
 * scenario plans stop them while the DW databases are rebuilt. Deleting Health Service State is
 * reported (it only belongs to the promotion procedure) but changes nothing.
 */
import { setup } from 'xstate';
import { ignore, ignoreAll } from './common.js';
import { flagGuards, type ModelEvent, type StateMeta, type TransitionMeta, violation } from './types.js';

const ID = 'dataWarehouseServer';
const at = (path: string): string => `#${ID}.${path}`;

const REPLACE_ONLY = violation(
  'data-warehouse-replace-only',
  'D-OV',
  'the data warehouse management server cannot be promoted; its only recovery path is replacement',
);
const PROMOTE_BREAKS = {
  target: at('broken.promoted'),
  meta: violation(
    'data-warehouse-replace-only',
    'D-OV',
    'p_PromoteActiveWorkflowServer names a data warehouse management server; it can only be replaced',
  ),
};
const SM_SETUP_REFUSED = violation(
  'data-warehouse-replace-only',
  'P-SCEN',
  'Service Manager Setup cannot install a management server on the data warehouse management server (invariant 19)',
);
const KEY_AFTER_SETUP = violation(
  'key-restored-before-setup',
  'D-MSDR',
  'Setup has already run on it; the encryption key must be restored before Setup, not after',
);
const UNUSABLE_KEY = violation(
  'step-precondition',
  'D-BKKEY',
  'its key backup is missing, was stored on a lost computer, or its password is unknown or lost (F4, F5)',
);
const WRONG_KEY = {
  target: at('broken.wrongKey'),
  meta: violation(
    'matching-encryption-key',
    'D-GUIDE',
    'the key restored is not the data warehouse key backed up from this server',
  ),
};
const NOT_STAGING = violation(
  'step-precondition',
  'D-RECDW',
  'data warehouse Setup must use the existing DWStagingAndConfig database of its group (invariant 8)',
);

const installedCommon = {
  'restore-encryption-key': { meta: KEY_AFTER_SETUP },
  'install-management-server': { meta: SM_SETUP_REFUSED },
  'clear-health-service-state': { meta: REPLACE_ONLY },
  'promote-workflow-server': PROMOTE_BREAKS,
  'backup-encryption-key': {},
  ...ignore(['provision-computer']),
};

export const dataWarehouseServerMachine = setup({
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
    'originalReportingUrl',
  ]),
}).createMachine({
  id: ID,
  initial: 'operational',
  on: {
    // Invariant 7 (D-STRAT) applied to the DW MS and DWStagingAndConfig; see managementServer.
    lose: [{ guard: 'databaseColocated', target: '.unrecoverable' }, { target: '.lost' }],
  },
  states: {
    operational: {
      meta: { description: 'installed, services running' },
      on: { 'stop-services': { target: at('servicesStopped') }, 'start-services': {}, ...installedCommon },
    },
    servicesStopped: {
      meta: { description: 'installed, the three services stopped' },
      on: { 'start-services': { target: at('operational') }, 'stop-services': {}, ...installedCommon },
    },
    lost: {
      meta: { description: 'the computer failed; the server is gone' },
      on: {
        'provision-computer': { target: at('provisioned') },
        'promote-workflow-server': { meta: REPLACE_ONLY },
        'clear-health-service-state': { meta: REPLACE_ONLY },
      },
    },
    provisioned: {
      meta: { description: 'a computer with this name exists; no data warehouse server is installed on it' },
      on: {
        'restore-encryption-key': [
          { guard: 'notKeyUsable', meta: UNUSABLE_KEY },
          {
            guard: 'notOriginalName',
            target: at('broken.differentComputerName'),
            meta: violation(
              'same-computer-name',
              'D-OV',
              'the key belongs to a server of another name; a replacement must take the failed computer’s name',
            ),
          },
          { guard: 'notKeyMatches', ...WRONG_KEY },
          { target: at('keyRestored') },
        ],
        'install-data-warehouse-server': {
          target: at('broken.setupBeforeKeyRestore'),
          meta: violation(
            'key-restored-before-setup',
            'D-MSDR',
            'data warehouse Setup ran before the data warehouse key was restored',
          ),
        },
        'install-management-server': {
          target: at('broken.serviceManagerSetup'),
          meta: violation(
            'data-warehouse-replace-only',
            'D-OV',
            'a Service Manager management server was installed in place of the data warehouse management server',
          ),
        },
        'promote-workflow-server': { meta: REPLACE_ONLY },
        'clear-health-service-state': { meta: REPLACE_ONLY },
        ...ignore(['provision-computer']),
      },
    },
    keyRestored: {
      meta: { description: 'provisioned under its name, the data warehouse key restored' },
      on: {
        'restore-encryption-key': [
          { guard: 'notKeyUsable', meta: UNUSABLE_KEY },
          { guard: 'notKeyMatches', ...WRONG_KEY },
          {},
        ],
        'install-data-warehouse-server': [
          { guard: 'notExistingDatabase', meta: NOT_STAGING },
          {
            guard: 'notDatabaseOnline',
            target: at('broken.setupWithoutDatabase'),
            meta: violation(
              'database-before-setup',
              'D-STRAT',
              'data warehouse Setup ran while DWStagingAndConfig was not online',
            ),
          },
          {
            guard: 'notOriginalReportingUrl',
            target: at('broken.reportingUrlChanged'),
            meta: violation(
              'original-reporting-url',
              'D-RECDW',
              'Setup was given another Reporting Server URL than the original one (F21)',
            ),
          },
          { target: at('operational') },
        ],
        'install-management-server': {
          target: at('broken.serviceManagerSetup'),
          meta: violation(
            'data-warehouse-replace-only',
            'D-OV',
            'a Service Manager management server was installed in place of the data warehouse management server',
          ),
        },
        'promote-workflow-server': { meta: REPLACE_ONLY },
        'clear-health-service-state': { meta: REPLACE_ONLY },
        ...ignore(['provision-computer']),
      },
    },
    unrecoverable: {
      meta: {
        description:
          'lost together with DWStagingAndConfig on one computer: "Recovery of a management server is impossible" (invariant 7)',
        ruleId: 'scenario-recovered',
        citation: 'D-STRAT',
      },
      on: {
        ...ignore(['lose', 'provision-computer']),
        'restore-encryption-key': {
          meta: violation(
            'step-precondition',
            'D-STRAT',
            'it shared the lost computer with DWStagingAndConfig (F3)',
          ),
        },
        'install-data-warehouse-server': {
          meta: violation(
            'step-precondition',
            'D-STRAT',
            'it shared the lost computer with DWStagingAndConfig (F3)',
          ),
        },
        'promote-workflow-server': { meta: REPLACE_ONLY },
      },
    },
    broken: {
      meta: { description: 'left in a state no document describes' },
      on: ignoreAll(),
      initial: 'setupBeforeKeyRestore',
      states: {
        setupBeforeKeyRestore: {
          meta: {
            description: 'data warehouse Setup ran before the key was restored (F7)',
            ruleId: 'key-restored-before-setup',
            citation: 'D-MSDR',
          },
        },
        differentComputerName: {
          meta: {
            description: 'the key was restored on a computer with another name (F8)',
            ruleId: 'same-computer-name',
            citation: 'D-OV',
          },
        },
        wrongKey: {
          meta: {
            description: 'a key other than its own data warehouse key was restored (F6)',
            ruleId: 'matching-encryption-key',
            citation: 'D-GUIDE',
          },
        },
        setupWithoutDatabase: {
          meta: {
            description: 'Setup ran without a functioning DWStagingAndConfig',
            ruleId: 'database-before-setup',
            citation: 'D-STRAT',
          },
        },
        reportingUrlChanged: {
          meta: {
            description: 'reinstalled with another Reporting Server URL (F21)',
            ruleId: 'original-reporting-url',
            citation: 'D-RECDW',
          },
        },
        promoted: {
          meta: {
            description: 'promotion attempted on the data warehouse management server',
            ruleId: 'data-warehouse-replace-only',
            citation: 'D-OV',
          },
        },
        serviceManagerSetup: {
          meta: {
            description: 'replaced by a Service Manager management server',
            ruleId: 'data-warehouse-replace-only',
            citation: 'D-OV',
          },
        },
      },
    },
  },
});
