/**
 * clr-after-sql-rebuild (D-BKDB; F10): a rebuilt SQL Server instance gets CLR enabled before a
 * management server uses its databases, and no instance or database is left without it.
 */

import { ruleTester } from '../../check/harness.js';
import { plan, REBUILD_DWSQL01, REBUILD_SQL01, RESTORE_SERVICEMANAGER } from '../../check/plans.js';
import { positionOf } from '../../helpers/text.js';

/** SQL01 rebuilt without enable-clr; the services are started on it. */
const NO_CLR = `version: 1
scenarios:
  - id: sm-sql-host-lost
    lost: { computers: [SQL01] }
    steps:
      - { action: stop-services, computer: SM01 }
      - { action: provision-computer, computer: SQL01 }
      - { action: install-sql-server, instance: SQL01 }
      - { action: restore-database, database: ServiceManager, instance: SQL01 }
      - { action: run-permissions-script, database: ServiceManager }
      - { action: start-services, computer: SM01 }
      - { action: import-management-packs, computer: SM01 }
`;

/** CLR is enabled, but only after the services already started on the rebuilt instance. */
const CLR_TOO_LATE = plan('sm-sql-host-lost', '{ computers: [SQL01] }', [
  '{ action: stop-services, computer: SM01 }',
  '{ action: stop-services, computer: SM02 }',
  '{ action: provision-computer, computer: SQL01 }',
  '{ action: install-sql-server, instance: SQL01 }',
  '{ action: restore-database, database: ServiceManager, instance: SQL01 }',
  '{ action: run-permissions-script, database: ServiceManager }',
  '{ action: start-services, computer: SM01 }',
  '{ action: enable-clr, instance: SQL01 }',
  '{ action: start-services, computer: SM02 }',
  '{ action: import-management-packs, computer: SM01 }',
]);

/** The DW instance rebuilt without CLR and nothing started: the end state is reported per database. */
const DW_NO_CLR = plan('dw-sql-host-lost', '{ computers: [DWSQL01] }', [
  '{ action: provision-computer, computer: DWSQL01 }',
  "{ action: install-sql-server, instance: 'DWSQL01\\DW' }",
  "{ action: restore-database, database: DWStagingAndConfig, instance: 'DWSQL01\\DW' }",
  "{ action: restore-database, database: DWRepository, instance: 'DWSQL01\\DW' }",
  "{ action: restore-database, database: DWDataMart, instance: 'DWSQL01\\DW' }",
  '{ action: run-permissions-script, database: DWStagingAndConfig }',
  '{ action: run-permissions-script, database: DWRepository }',
  '{ action: run-permissions-script, database: DWDataMart }',
]);

/** R-DB with CLR enabled last, after the permissions script (the §4.4 / §4.9 order). */
const CLR_LAST = plan('sm-sql-host-lost', '{ computers: [SQL01] }', [
  '{ action: stop-services, computer: SM01 }',
  '{ action: stop-services, computer: SM02 }',
  '{ action: provision-computer, computer: SQL01 }',
  '{ action: install-sql-server, instance: SQL01 }',
  '{ action: restore-database, database: ServiceManager, instance: SQL01 }',
  '{ action: run-permissions-script, database: ServiceManager }',
  '{ action: enable-clr, instance: SQL01 }',
  '{ action: start-services, computer: SM01 }',
  '{ action: start-services, computer: SM02 }',
  '{ action: import-management-packs, computer: SM01 }',
]);

const scenarioAt = (text: string) => positionOf(text, 'id: ');

ruleTester('clr-after-sql-rebuild', {
  valid: [
    { name: 'R-DB with enable-clr right after install-sql-server', plan: REBUILD_SQL01 },
    { name: 'R-DB with enable-clr after the permissions script', plan: CLR_LAST },
    { name: 'R-DB of the DW host with enable-clr', plan: REBUILD_DWSQL01 },
    { name: 'a restore onto the surviving instance needs no CLR step', plan: RESTORE_SERVICEMANAGER },
  ],
  invalid: [
    {
      name: 'no enable-clr at all: the start of the services and the end state',
      plan: NO_CLR,
      errors: [
        // Literal positions: the end state at the scenario (line 3, column 5), sorted by message;
        // the step at start-services (line 11).
        {
          line: 3,
          column: 5,
          message: 'database ServiceManager waits for CLR to be enabled on the rebuilt instance SQL01',
        },
        { line: 3, column: 5, message: 'SQL instance SQL01 was rebuilt but CLR was never enabled on it' },
        { line: 11, column: 9, message: 'start-services on management server SM01: SQL instance SQL01' },
      ],
    },
    {
      name: 'CLR enabled only after a management server started on the instance',
      plan: CLR_TOO_LATE,
      errors: [
        {
          ...positionOf(CLR_TOO_LATE, '{ action: start-services, computer: SM01 }'),
          message: 'SQL instance SQL01: CLR is not enabled',
        },
      ],
    },
    {
      name: 'a rebuilt DW instance left without CLR',
      plan: DW_NO_CLR,
      errors: [
        { ...scenarioAt(DW_NO_CLR), message: 'database DWDataMart waits for CLR' },
        { ...scenarioAt(DW_NO_CLR), message: 'database DWRepository waits for CLR' },
        { ...scenarioAt(DW_NO_CLR), message: 'database DWStagingAndConfig waits for CLR' },
        { ...scenarioAt(DW_NO_CLR), message: 'SQL instance DWSQL01\\DW was rebuilt' },
      ],
    },
  ],
});
