/**
 * scenario-recovered (D-OV, D-DBREC, D-RECMS, D-RECDW, D-PROMO): after the last step every
 * server, instance and database is operational and the data warehouse still registered.
 * Final-state findings are located at the scenario (its `id`).
 */

import { ruleTester } from '../../check/harness.js';
import {
  ADD_SM02,
  DWSQL01_AND_DW01,
  PROMOTE_SM02,
  PROMOTE_SM02_STEPS,
  plan,
  REBUILD_DWSQL01,
  REBUILD_SQL01,
  REPLACE_DW01,
  REPLACE_SM01,
  RESTORE_SERVICEMANAGER,
  SQL01_AND_SM01,
} from '../../check/plans.js';
import { edit, positionOf } from '../../helpers/text.js';

/** SQL01 lost: the management servers are stopped and the host rebuilt, but ServiceManager is never restored. */
const NEVER_RESTORED = `version: 1
scenarios:
  - id: sm-sql-host-lost
    lost: { computers: [SQL01] }
    steps:
      - { action: stop-services, computer: SM01 }
      - { action: provision-computer, computer: SQL01 }
      - { action: install-sql-server, instance: SQL01 }
      - { action: enable-clr, instance: SQL01 }
`;

/** ServiceManager restored in place, but the services stopped for it are never started again. */
const NOT_RESTARTED = edit(
  RESTORE_SERVICEMANAGER,
  '      - { action: start-services, computer: SM02 }\n',
  '',
);

/** The promotion without its final start-services (and SM01 never re-added). */
const NOT_STARTED = plan('workflow-server-lost', '{ computers: [SM01] }', PROMOTE_SM02_STEPS.slice(0, 3));

/** DW databases recreated (last resort): the registration with SMMG is lost and never redone. */
const RECREATED = plan('dw-sql-host-lost', '{ computers: [DWSQL01] }', [
  '{ action: stop-services, computer: DW01 }',
  '{ action: provision-computer, computer: DWSQL01 }',
  "{ action: install-sql-server, instance: 'DWSQL01\\DW' }",
  "{ action: enable-clr, instance: 'DWSQL01\\DW' }",
  '{ action: recreate-database, database: DWStagingAndConfig }',
  '{ action: recreate-database, database: DWRepository }',
  '{ action: recreate-database, database: DWDataMart }',
  '{ action: start-services, computer: DW01 }',
]);

/** The same, with the data warehouse registered again (R-DWREG). */
const RECREATED_AND_REGISTERED = `${RECREATED}      - { action: register-data-warehouse, managementGroup: SMMG, dataWarehouse: DW_SMMG }\n`;

/** The whole DW lost; only the databases are brought back. */
const DW_SERVER_FORGOTTEN = plan('data-warehouse-lost', '{ computers: [DWSQL01, DW01] }', [
  '{ action: provision-computer, computer: DWSQL01 }',
  "{ action: install-sql-server, instance: 'DWSQL01\\DW' }",
  "{ action: enable-clr, instance: 'DWSQL01\\DW' }",
  "{ action: restore-database, database: DWStagingAndConfig, instance: 'DWSQL01\\DW' }",
  "{ action: restore-database, database: DWRepository, instance: 'DWSQL01\\DW' }",
  "{ action: restore-database, database: DWDataMart, instance: 'DWSQL01\\DW' }",
  '{ action: run-permissions-script, database: DWStagingAndConfig }',
  '{ action: run-permissions-script, database: DWRepository }',
  '{ action: run-permissions-script, database: DWDataMart }',
]);

ruleTester('scenario-recovered', {
  valid: [
    { name: 'R-PROMOTE and R-ADD', plan: PROMOTE_SM02 },
    { name: 'R-REPLACE-MS', plan: REPLACE_SM01 },
    { name: 'R-ADD', plan: ADD_SM02 },
    { name: 'R-REPLACE-DW', plan: REPLACE_DW01 },
    { name: 'R-DB of SQL01', plan: REBUILD_SQL01 },
    { name: 'R-DB in place', plan: RESTORE_SERVICEMANAGER },
    { name: 'R-DB of DWSQL01', plan: REBUILD_DWSQL01 },
    { name: 'R-DB, R-PROMOTE, R-ADD', plan: SQL01_AND_SM01 },
    { name: 'R-DB of the DW, then R-REPLACE-DW', plan: DWSQL01_AND_DW01 },
    {
      name: 'DW databases recreated (last resort, history lost) and the DW registered again',
      plan: RECREATED_AND_REGISTERED,
    },
  ],
  invalid: [
    {
      name: 'a lost database never restored',
      plan: NEVER_RESTORED,
      // Literal positions: every final-state finding sits at the scenario's `id` (line 3, column 5),
      // sorted by message.
      errors: [
        {
          line: 3,
          column: 5,
          message: 'database ServiceManager is not operational: lost or corrupt; must be restored',
        },
        {
          line: 3,
          column: 5,
          message: 'management server SM01 is not operational: the workflow server, services stopped',
        },
      ],
    },
    {
      name: 'services stopped for the restore and never started again',
      plan: NOT_RESTARTED,
      errors: [
        {
          ...positionOf(NOT_RESTARTED, 'id: servicemanager-corrupt'),
          message: 'management server SM02 is not operational: an additional server, services stopped',
        },
      ],
    },
    {
      name: 'a promoted server whose services are never started',
      plan: NOT_STARTED,
      errors: [
        {
          ...positionOf(NOT_STARTED, 'id: workflow-server-lost'),
          message: 'management server SM01 is not operational: the computer failed; the server is gone',
        },
        {
          ...positionOf(NOT_STARTED, 'id: workflow-server-lost'),
          message:
            'management server SM02 is not operational: named active workflow server in the database; services still stopped',
        },
      ],
    },
    {
      name: 'recreated DW databases without a new registration',
      plan: RECREATED,
      errors: [
        {
          ...positionOf(RECREATED, 'id: dw-sql-host-lost'),
          message: 'DW_SMMG is no longer registered with SMMG',
        },
      ],
    },
    {
      name: 'a lost data warehouse management server never replaced',
      plan: DW_SERVER_FORGOTTEN,
      errors: [
        {
          ...positionOf(DW_SERVER_FORGOTTEN, 'id: data-warehouse-lost'),
          message:
            'data warehouse management server DW01 is not operational: the computer failed; the server is gone',
        },
      ],
    },
  ],
});
