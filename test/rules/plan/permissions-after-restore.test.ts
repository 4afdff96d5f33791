/**
 * permissions-after-restore (D-DBREC, D-BKDB; F11): the permissions script runs after every
 * restore, before anything uses the database.
 */

import { ruleTester } from '../../check/harness.js';
import { plan, REBUILD_DWSQL01, REBUILD_SQL01, RESTORE_SERVICEMANAGER } from '../../check/plans.js';
import { positionOf } from '../../helpers/text.js';

/** ServiceManager restored in place, services started, no permissions script. */
const NO_SCRIPT = `version: 1
scenarios:
  - id: servicemanager-corrupt
    lost: { databases: [ServiceManager] }
    steps:
      - { action: stop-services, computer: SM01 }
      - { action: restore-database, database: ServiceManager, instance: SQL01 }
      - { action: start-services, computer: SM01 }
      - { action: import-management-packs, computer: SM01 }
`;

/** The script is run, but only after the services were started on the restored database. */
const SCRIPT_TOO_LATE = plan('servicemanager-corrupt', '{ databases: [ServiceManager] }', [
  '{ action: stop-services, computer: SM01 }',
  '{ action: restore-database, database: ServiceManager, instance: SQL01 }',
  '{ action: start-services, computer: SM01 }',
  '{ action: run-permissions-script, database: ServiceManager }',
  '{ action: import-management-packs, computer: SM01 }',
]);

/** DWRepository restored with the others; its script is forgotten and nothing uses it afterwards. */
const ONE_FORGOTTEN = plan('dw-sql-host-lost', '{ computers: [DWSQL01] }', [
  '{ action: provision-computer, computer: DWSQL01 }',
  "{ action: install-sql-server, instance: 'DWSQL01\\DW' }",
  "{ action: enable-clr, instance: 'DWSQL01\\DW' }",
  "{ action: restore-database, database: DWStagingAndConfig, instance: 'DWSQL01\\DW' }",
  "{ action: restore-database, database: DWRepository, instance: 'DWSQL01\\DW' }",
  "{ action: restore-database, database: DWDataMart, instance: 'DWSQL01\\DW' }",
  '{ action: run-permissions-script, database: DWStagingAndConfig }',
  '{ action: run-permissions-script, database: DWDataMart }',
]);

ruleTester('permissions-after-restore', {
  valid: [
    { name: 'R-DB in place: restore, permissions script, start', plan: RESTORE_SERVICEMANAGER },
    { name: 'R-DB on a rebuilt host', plan: REBUILD_SQL01 },
    { name: 'R-DB of every DW database', plan: REBUILD_DWSQL01 },
  ],
  invalid: [
    {
      name: 'services started on a restored database without the script: the step and the end state',
      plan: NO_SCRIPT,
      errors: [
        // Literal positions: the final-state finding sits at the scenario (`id` on line 3,
        // column 5), the step finding at start-services on line 8.
        {
          line: 3,
          column: 5,
          message: 'database ServiceManager was restored but the permissions script was never run',
        },
        { line: 8, column: 9, message: 'start-services on management server SM01: database ServiceManager' },
      ],
    },
    {
      name: 'the script after the services already use the database',
      plan: SCRIPT_TOO_LATE,
      errors: [
        { ...positionOf(SCRIPT_TOO_LATE, '{ action: start-services'), message: 'database ServiceManager' },
      ],
    },
    {
      name: 'one of several restored databases left without its script',
      plan: ONE_FORGOTTEN,
      errors: [{ ...positionOf(ONE_FORGOTTEN, 'id: dw-sql-host-lost'), message: 'database DWRepository' }],
    },
  ],
});
