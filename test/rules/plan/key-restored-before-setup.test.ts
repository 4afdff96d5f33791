/**
 * key-restored-before-setup (D-MSDR, D-RKEY; F7): the key restore comes between provisioning
 * the same-named computer and Setup, never after Setup.
 */

import { FOUR_COMPUTER } from '../../check/environments.js';
import { ruleTester } from '../../check/harness.js';
import { ADD_SM02, PROMOTE_SM02, plan, REPLACE_DW01, REPLACE_SM01 } from '../../check/plans.js';
import { positionOf } from '../../helpers/text.js';

/** Setup replaces the workflow server SM01 before its key is restored. */
const SETUP_FIRST = `version: 1
scenarios:
  - id: workflow-server-lost
    lost: { computers: [SM01] }
    steps:
      - { action: provision-computer, computer: SM01 }
      - { action: install-management-server, computer: SM01, database: ServiceManager, role: workflow }
      - { action: restore-encryption-key, computer: SM01 }
      - { action: import-management-packs, computer: SM01 }
      - { action: backup-encryption-key, computer: SM01 }
`;

const DW_SETUP_FIRST = plan('dw-server-lost', '{ computers: [DW01] }', [
  '{ action: provision-computer, computer: DW01 }',
  "{ action: install-data-warehouse-server, computer: DW01, database: DWStagingAndConfig, reportingUrl: 'http://dw01/ReportServer' }",
  '{ action: restore-encryption-key, computer: DW01 }',
  '{ action: backup-encryption-key, computer: DW01 }',
]);

/** R-ADD for SM02 followed by a key restore: the restore comes after Setup. */
const KEY_AFTER_ADD = plan('additional-server-lost', '{ computers: [SM02] }', [
  '{ action: provision-computer, computer: SM02 }',
  '{ action: install-management-server, computer: SM02, database: ServiceManager, role: additional }',
  '{ action: restore-encryption-key, computer: SM02 }',
  '{ action: backup-encryption-key, computer: SM02 }',
]);

/** A workflow Setup on a brand-new computer SM03 with no key restored at all. */
const NEW_NAME_NO_KEY = plan('workflow-server-lost', '{ computers: [SM01] }', [
  '{ action: provision-computer, computer: SM03 }',
  '{ action: install-management-server, computer: SM03, database: ServiceManager, role: workflow }',
]);

/** A key restored on the surviving, running SM02, whose Setup ran long ago. */
const KEY_ON_RUNNING = plan('workflow-server-lost', '{ computers: [SM01] }', [
  '{ action: restore-encryption-key, computer: SM02 }',
  ...['stop-services', 'clear-health-service-state', 'promote-workflow-server', 'start-services'].map(
    (action) => `{ action: ${action}, computer: SM02 }`,
  ),
]);

ruleTester('key-restored-before-setup', {
  valid: [
    { name: 'R-REPLACE-MS: provision, restore the key, Setup, import, back up the key', plan: REPLACE_SM01 },
    {
      name: 'R-REPLACE-MS where no additional server exists',
      environment: FOUR_COMPUTER,
      plan: REPLACE_SM01,
    },
    { name: 'R-REPLACE-DW: the DW key is restored before DW Setup', plan: REPLACE_DW01 },
    { name: 'R-ADD: a fresh additional server needs no key restore', plan: ADD_SM02 },
    {
      // The documented-gap decision ([inference], F2, Q3): the old workflow server re-added as
      // an additional server under its own name after a promotion is R-ADD, with no finding.
      name: 'R-PROMOTE then R-ADD: the old workflow server rebuilt under its name as an additional server',
      plan: PROMOTE_SM02,
    },
  ],
  invalid: [
    {
      name: 'Setup replaces the workflow server before the key restore (F7)',
      plan: SETUP_FIRST,
      // Literal position: line 7 is the install-management-server step, its flow map opens at column 9.
      errors: [{ line: 7, column: 9, message: 'install-management-server on management server SM01' }],
    },
    {
      name: 'data warehouse Setup before the DW key restore',
      plan: DW_SETUP_FIRST,
      errors: [
        {
          ...positionOf(DW_SETUP_FIRST, '{ action: install-data-warehouse-server'),
          message: 'data warehouse management server DW01',
        },
      ],
    },
    {
      name: 'a key restored after the Setup of an additional server',
      plan: KEY_AFTER_ADD,
      errors: [
        {
          ...positionOf(KEY_AFTER_ADD, '{ action: restore-encryption-key, computer: SM02 }'),
          message: 'restore-encryption-key on management server SM02: Setup has already run on it',
        },
      ],
    },
    {
      name: 'a workflow Setup on a new computer name without any key',
      plan: NEW_NAME_NO_KEY,
      errors: [
        {
          ...positionOf(NEW_NAME_NO_KEY, '{ action: install-management-server'),
          message: 'management server SM03',
        },
      ],
    },
    {
      name: 'a key restored on a running server',
      plan: KEY_ON_RUNNING,
      errors: [{ ...positionOf(KEY_ON_RUNNING, '{ action: restore-encryption-key'), message: 'SM02' }],
    },
  ],
});
