/**
 * import-management-packs (N-IMPL, D-IMPMP): the unsealed management packs are imported after a
 * replacement Setup (on that server) and after a restore of the ServiceManager database (on any
 * server of the group); a promotion or a fresh additional server needs no import.
 */

import { FOUR_COMPUTER } from '../../check/environments.js';
import { ruleTester } from '../../check/harness.js';
import {
  ADD_SM02,
  PROMOTE_SM02,
  plan,
  REBUILD_SQL01,
  REPLACE_DW01,
  REPLACE_SM01,
  RESTORE_SERVICEMANAGER,
  SQL01_AND_SM01,
} from '../../check/plans.js';
import { positionOf } from '../../helpers/text.js';

/** R-REPLACE-MS that stops after Setup and the key backup. */
const NO_IMPORT = `version: 1
scenarios:
  - id: workflow-server-lost
    lost: { computers: [SM01] }
    steps:
      - { action: provision-computer, computer: SM01 }
      - { action: restore-encryption-key, computer: SM01 }
      - { action: install-management-server, computer: SM01, database: ServiceManager, role: workflow }
      - { action: backup-encryption-key, computer: SM01 }
`;

/** The import runs, but on SM02 instead of the replaced SM01. */
const IMPORT_ELSEWHERE = plan('workflow-server-lost', '{ computers: [SM01] }', [
  '{ action: provision-computer, computer: SM01 }',
  '{ action: restore-encryption-key, computer: SM01 }',
  '{ action: install-management-server, computer: SM01, database: ServiceManager, role: workflow }',
  '{ action: import-management-packs, computer: SM02 }',
  '{ action: backup-encryption-key, computer: SM01 }',
]);

/** ServiceManager restored in place and the services restarted, without an import. */
const RESTORE_NO_IMPORT = plan('servicemanager-corrupt', '{ databases: [ServiceManager] }', [
  '{ action: stop-services, computer: SM01 }',
  '{ action: stop-services, computer: SM02 }',
  '{ action: restore-database, database: ServiceManager, instance: SQL01 }',
  '{ action: run-permissions-script, database: ServiceManager }',
  '{ action: start-services, computer: SM01 }',
  '{ action: start-services, computer: SM02 }',
]);

/** SQL01 and SM01 lost: restore, promotion and R-ADD, but no import after the restore. */
const COMBINED_NO_IMPORT = plan(
  'sql-and-workflow-server-lost',
  '{ computers: [SQL01, SM01] }',
  SQL01_AND_SM01.split('\n')
    .filter((line) => line.startsWith('      - '))
    .map((line) => line.slice('      - '.length))
    .filter((step) => !step.includes('import-management-packs')),
);

ruleTester('import-management-packs', {
  valid: [
    { name: 'R-REPLACE-MS followed by R-MP on the replaced server', plan: REPLACE_SM01 },
    {
      name: 'R-REPLACE-MS in a group without an additional server',
      environment: FOUR_COMPUTER,
      plan: REPLACE_SM01,
    },
    { name: 'R-DB of ServiceManager followed by R-MP', plan: REBUILD_SQL01 },
    { name: 'ServiceManager restored in place, then R-MP', plan: RESTORE_SERVICEMANAGER },
    { name: 'a promotion and R-ADD need no import', plan: PROMOTE_SM02 },
    { name: 'a fresh additional server (R-ADD) needs no import', plan: ADD_SM02 },
    { name: 'the DW replacement needs no import', plan: REPLACE_DW01 },
    { name: 'combined loss: R-DB, R-PROMOTE, R-ADD, then R-MP on SM02', plan: SQL01_AND_SM01 },
  ],
  invalid: [
    {
      name: 'a replaced workflow server without an import',
      plan: NO_IMPORT,
      // Literal position: located at the Setup the import should follow (line 8).
      errors: [{ line: 8, column: 9, message: 'management server SM01 was replaced by Setup' }],
    },
    {
      name: 'the import on another server than the replaced one',
      plan: IMPORT_ELSEWHERE,
      errors: [{ ...positionOf(IMPORT_ELSEWHERE, '{ action: install-management-server'), message: 'SM01' }],
    },
    {
      name: 'a ServiceManager restore without an import: located at the scenario',
      plan: RESTORE_NO_IMPORT,
      errors: [
        {
          ...positionOf(RESTORE_NO_IMPORT, 'id: servicemanager-corrupt'),
          message: 'the ServiceManager database of SMMG was restored but no import-management-packs followed',
        },
      ],
    },
    {
      name: 'a combined loss without an import: located at the last Setup',
      plan: COMBINED_NO_IMPORT,
      errors: [
        {
          ...positionOf(COMBINED_NO_IMPORT, '{ action: install-management-server, computer: SM01'),
          message: 'ServiceManager database of SMMG',
        },
      ],
    },
  ],
});
