/**
 * step-precondition (D-OV, D-DBREC, D-RECMS, D-PROMO): each step runs only when its target is
 * in a state where the action is possible.
 */

import { FOUR_COMPUTER_HA } from '../../check/environments.js';
import { ruleTester } from '../../check/harness.js';
import { ADD_SM02, plan, REBUILD_SQL01, REPLACE_SM01, RESTORE_SERVICEMANAGER } from '../../check/plans.js';
import { edit, positionOf } from '../../helpers/text.js';

/** SQL Server installed on SQL01 before the computer is provisioned. */
const NOT_PROVISIONED = `version: 1
scenarios:
  - id: sm-sql-host-lost
    lost: { computers: [SQL01] }
    steps:
      - { action: install-sql-server, instance: SQL01 }
      - { action: provision-computer, computer: SQL01 }
`;

/** Services started on the lost SM01. */
const START_LOST = plan('workflow-server-lost', '{ computers: [SM01] }', [
  '{ action: start-services, computer: SM01 }',
]);

/** A computer that did not fail is "provisioned". */
const PROVISION_HEALTHY = plan('workflow-server-lost', '{ computers: [SM01] }', [
  '{ action: provision-computer, computer: SM02 }',
]);

/** ServiceManager is not a data warehouse database: it cannot be recreated (D-DBREC). */
const RECREATE_SM = plan('servicemanager-corrupt', '{ databases: [ServiceManager] }', [
  '{ action: recreate-database, database: ServiceManager }',
]);

/** A restore onto the rebuilt host before SQL Server is installed on it. */
const RESTORE_BEFORE_INSTALL = plan('sm-sql-host-lost', '{ computers: [SQL01] }', [
  '{ action: provision-computer, computer: SQL01 }',
  '{ action: restore-database, database: ServiceManager, instance: SQL01 }',
]);

/** SM01's key backup password is unknown (F5): its restore cannot happen. */
const PASSWORD_UNKNOWN = edit(
  FOUR_COMPUTER_HA,
  "keyBackup: { file: '\\\\backup01\\keys\\SM01.bin', taken: 2026-01-12, offHost: true, password: escrowed }",
  "keyBackup: { file: '\\\\backup01\\keys\\SM01.bin', taken: 2026-01-12, offHost: true, password: unknown }",
);

/** ServiceManager has no backup at all: nothing to restore. */
const NO_DATABASE_BACKUP = edit(
  FOUR_COMPUTER_HA,
  '{ name: ServiceManager, instance: SQL01, backup: { full: { every: 24h, last: 2026-11-23T22:00:00Z }, offHost: true, permissionsScript: 2026-11-01 } }',
  '{ name: ServiceManager, instance: SQL01 }',
);

/** Setup pointed at a data warehouse database instead of the group's ServiceManager (invariant 8). */
const WRONG_DATABASE = edit(
  ADD_SM02,
  'computer: SM02, database: ServiceManager, role: additional',
  'computer: SM02, database: DWStagingAndConfig, role: additional',
);

/** The unsealed management packs imported while ServiceManager is still lost. */
const IMPORT_WHILE_LOST = plan('servicemanager-corrupt', '{ databases: [ServiceManager] }', [
  '{ action: import-management-packs, computer: SM01 }',
]);

ruleTester('step-precondition', {
  valid: [
    { name: 'R-DB: provision, install, CLR, restore, permissions, start', plan: REBUILD_SQL01 },
    { name: 'R-REPLACE-MS', plan: REPLACE_SM01 },
    { name: 'R-DB in place', plan: RESTORE_SERVICEMANAGER },
  ],
  invalid: [
    {
      name: 'SQL Server installed on a computer not yet provisioned',
      plan: NOT_PROVISIONED,
      // Literal position: the first step, line 6.
      errors: [
        {
          line: 6,
          column: 9,
          message:
            'install-sql-server on SQL instance SQL01: the host failed; the instance is gone, so install-sql-server is not possible; add `provision-computer SQL01` before this step',
        },
      ],
    },
    {
      name: 'services started on a lost server',
      plan: START_LOST,
      errors: [
        {
          ...positionOf(START_LOST, '{ action: start-services'),
          message: 'start-services on management server SM01',
        },
      ],
    },
    {
      name: 'a computer that did not fail provisioned',
      plan: PROVISION_HEALTHY,
      errors: [
        {
          ...positionOf(PROVISION_HEALTHY, '{ action: provision-computer'),
          message: 'computer SM02: it has not failed',
        },
      ],
    },
    {
      name: 'ServiceManager recreated instead of restored',
      plan: RECREATE_SM,
      errors: [
        { ...positionOf(RECREATE_SM, '{ action: recreate-database'), message: 'database ServiceManager' },
      ],
    },
    {
      name: 'a restore before SQL Server is installed',
      plan: RESTORE_BEFORE_INSTALL,
      errors: [
        {
          ...positionOf(RESTORE_BEFORE_INSTALL, '{ action: restore-database'),
          message: 'database ServiceManager: the target instance is not installed and running',
        },
      ],
    },
    {
      name: 'a key restore whose password is unknown (F5)',
      environment: PASSWORD_UNKNOWN,
      plan: REPLACE_SM01,
      errors: [
        // The Setup that follows is reported as key-restored-before-setup.
        {
          ...positionOf(REPLACE_SM01, '{ action: restore-encryption-key'),
          message: 'restore-encryption-key on management server SM01: its key backup is missing',
        },
      ],
    },
    {
      name: 'a restore of a database that has no backup',
      environment: NO_DATABASE_BACKUP,
      plan: RESTORE_SERVICEMANAGER,
      errors: [
        {
          ...positionOf(RESTORE_SERVICEMANAGER, '{ action: restore-database'),
          message: 'database ServiceManager: it has no usable backup',
        },
        {
          ...positionOf(RESTORE_SERVICEMANAGER, '{ action: run-permissions-script'),
          message: 'database ServiceManager',
        },
        {
          ...positionOf(RESTORE_SERVICEMANAGER, '{ action: import-management-packs'),
          message: 'its ServiceManager database is not online',
        },
      ],
    },
    {
      name: "Setup pointed at another database than the group's (invariant 8)",
      plan: WRONG_DATABASE,
      errors: [
        {
          ...positionOf(WRONG_DATABASE, '{ action: install-management-server'),
          message: 'database: DWStagingAndConfig',
        },
        {
          ...positionOf(WRONG_DATABASE, '{ action: backup-encryption-key'),
          message: 'management server SM02',
        },
      ],
    },
    {
      name: 'management packs imported while the database is lost',
      plan: IMPORT_WHILE_LOST,
      errors: [
        {
          ...positionOf(IMPORT_WHILE_LOST, '{ action: import-management-packs'),
          message:
            'import-management-packs on management server SM01: its ServiceManager database is not online',
        },
      ],
    },
  ],
});
