/**
 * backup-new-server-key (D-BKKEY, P-ADDMSI): every Setup the plan runs, replacements included, is
 * followed by a backup of that server's encryption key.
 */

import { ruleTester } from '../../check/harness.js';
import { ADD_SM02, PROMOTE_SM02, plan, REPLACE_DW01, REPLACE_SM01 } from '../../check/plans.js';
import { positionOf } from '../../helpers/text.js';

/** R-ADD for SM02 without the key backup. */
const ADD_NO_BACKUP = `version: 1
scenarios:
  - id: additional-server-lost
    lost: { computers: [SM02] }
    steps:
      - { action: provision-computer, computer: SM02 }
      - { action: install-management-server, computer: SM02, database: ServiceManager, role: additional }
`;

/** R-REPLACE-MS: the restored key is not backed up again after Setup. */
const REPLACE_NO_BACKUP = plan('workflow-server-lost', '{ computers: [SM01] }', [
  '{ action: provision-computer, computer: SM01 }',
  '{ action: restore-encryption-key, computer: SM01 }',
  '{ action: install-management-server, computer: SM01, database: ServiceManager, role: workflow }',
  '{ action: import-management-packs, computer: SM01 }',
]);

/** R-REPLACE-DW without the key backup. */
const DW_NO_BACKUP = plan('dw-server-lost', '{ computers: [DW01] }', [
  '{ action: provision-computer, computer: DW01 }',
  '{ action: restore-encryption-key, computer: DW01 }',
  "{ action: install-data-warehouse-server, computer: DW01, database: DWStagingAndConfig, reportingUrl: 'http://dw01/ReportServer' }",
]);

/** Both SM servers rebuilt; only SM01's new key is backed up. */
const ONE_OF_TWO = plan('both-management-servers-lost', '{ computers: [SM01, SM02] }', [
  '{ action: provision-computer, computer: SM01 }',
  '{ action: restore-encryption-key, computer: SM01 }',
  '{ action: install-management-server, computer: SM01, database: ServiceManager, role: workflow }',
  '{ action: import-management-packs, computer: SM01 }',
  '{ action: backup-encryption-key, computer: SM01 }',
  '{ action: provision-computer, computer: SM02 }',
  '{ action: install-management-server, computer: SM02, database: ServiceManager, role: additional }',
]);

ruleTester('backup-new-server-key', {
  valid: [
    { name: 'R-ADD with the key backup', plan: ADD_SM02 },
    { name: 'R-REPLACE-MS with the key backup', plan: REPLACE_SM01 },
    { name: 'R-REPLACE-DW with the key backup', plan: REPLACE_DW01 },
    { name: 'R-PROMOTE then R-ADD with the key backup', plan: PROMOTE_SM02 },
  ],
  invalid: [
    {
      name: 'a fresh additional server without a key backup',
      plan: ADD_NO_BACKUP,
      // Literal position: located at the Setup (line 7).
      errors: [{ line: 7, column: 9, message: 'Setup installed management server SM02' }],
    },
    {
      name: 'a replacement: its key is backed up again after Setup',
      plan: REPLACE_NO_BACKUP,
      errors: [{ ...positionOf(REPLACE_NO_BACKUP, '{ action: install-management-server'), message: 'SM01' }],
    },
    {
      name: 'the DW replacement without a key backup',
      plan: DW_NO_BACKUP,
      errors: [
        {
          ...positionOf(DW_NO_BACKUP, '{ action: install-data-warehouse-server'),
          message: 'data warehouse management server DW01',
        },
      ],
    },
    {
      name: 'two servers installed, one key backed up',
      plan: ONE_OF_TWO,
      errors: [
        { ...positionOf(ONE_OF_TWO, '{ action: install-management-server, computer: SM02'), message: 'SM02' },
      ],
    },
  ],
});
