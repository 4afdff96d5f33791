/**
 * same-sql-instance (D-DBREC, D-OV; F9): a database comes back on its declared instance, on a
 * host rebuilt under the same computer name and instance name.
 */

import { NAMED_INSTANCE } from '../../check/environments.js';
import { ruleTester } from '../../check/harness.js';
import { plan, REBUILD_DWSQL01, REBUILD_SQL01, RESTORE_SERVICEMANAGER } from '../../check/plans.js';
import { positionOf } from '../../helpers/text.js';

/** ServiceManager corrupt; restored onto the surviving data warehouse instance to save time. */
const ONTO_DW_INSTANCE = `version: 1
scenarios:
  - id: servicemanager-corrupt
    lost: { databases: [ServiceManager] }
    steps:
      - { action: stop-services, computer: SM01 }
      - { action: restore-database, database: ServiceManager, instance: 'DWSQL01\\DW' }
`;

/** SQL01 lost; ServiceManager restored onto a new SQL Server on a new computer SQL02. */
const ONTO_NEW_COMPUTER = plan('sm-sql-host-lost', '{ computers: [SQL01] }', [
  '{ action: stop-services, computer: SM01 }',
  '{ action: provision-computer, computer: SQL02 }',
  '{ action: install-sql-server, instance: SQL02 }',
  '{ action: enable-clr, instance: SQL02 }',
  '{ action: restore-database, database: ServiceManager, instance: SQL02 }',
  '{ action: run-permissions-script, database: ServiceManager }',
  '{ action: start-services, computer: SM01 }',
]);

/** The named-instance variant: ServiceManager, declared on SQL01\SCSM, restored onto DWSQL01\DW. */
const NAMED_ONTO_OTHER = plan('servicemanager-corrupt', '{ databases: [ServiceManager] }', [
  "{ action: restore-database, database: ServiceManager, instance: 'DWSQL01\\DW' }",
]);

/** The named-instance variant rebuilt properly: same computer name, same instance name SQL01\SCSM. */
const NAMED_REBUILD = plan('sm-sql-host-lost', '{ computers: [SQL01] }', [
  '{ action: stop-services, computer: SM01 }',
  '{ action: stop-services, computer: SM02 }',
  '{ action: provision-computer, computer: SQL01 }',
  "{ action: install-sql-server, instance: 'SQL01\\SCSM' }",
  "{ action: enable-clr, instance: 'SQL01\\SCSM' }",
  "{ action: restore-database, database: ServiceManager, instance: 'SQL01\\SCSM' }",
  '{ action: run-permissions-script, database: ServiceManager }',
  '{ action: start-services, computer: SM01 }',
  '{ action: start-services, computer: SM02 }',
  '{ action: import-management-packs, computer: SM01 }',
]);

/** DWRepository restored onto the ServiceManager instance SQL01 while its own host is rebuilt. */
const DW_DATABASE_MOVED = plan('dw-sql-host-lost', '{ computers: [DWSQL01] }', [
  '{ action: stop-services, computer: DW01 }',
  '{ action: provision-computer, computer: DWSQL01 }',
  "{ action: install-sql-server, instance: 'DWSQL01\\DW' }",
  "{ action: enable-clr, instance: 'DWSQL01\\DW' }",
  "{ action: restore-database, database: DWStagingAndConfig, instance: 'DWSQL01\\DW' }",
  '{ action: restore-database, database: DWRepository, instance: SQL01 }',
  "{ action: restore-database, database: DWDataMart, instance: 'DWSQL01\\DW' }",
]);

/**
 * SQL01 rebuilt under the right computer name but the default instance `SQL01`, where the
 * environment declares the named instance `SQL01\SCSM` (named → default). The install is the
 * mistake; the restore onto the renamed instance is a second one.
 */
const NAMED_TO_DEFAULT = plan('sm-sql-host-lost', '{ computers: [SQL01] }', [
  '{ action: stop-services, computer: SM01 }',
  '{ action: stop-services, computer: SM02 }',
  '{ action: provision-computer, computer: SQL01 }',
  '{ action: install-sql-server, instance: SQL01 }',
  '{ action: enable-clr, instance: SQL01 }',
  '{ action: restore-database, database: ServiceManager, instance: SQL01 }',
  '{ action: run-permissions-script, database: ServiceManager }',
  '{ action: start-services, computer: SM01 }',
]);

/** SQL01, a default instance in the environment, rebuilt as the named instance `SQL01\SCSM` (default → named). */
const DEFAULT_TO_NAMED = plan('sm-sql-host-lost', '{ computers: [SQL01] }', [
  '{ action: stop-services, computer: SM01 }',
  '{ action: provision-computer, computer: SQL01 }',
  "{ action: install-sql-server, instance: 'SQL01\\SCSM' }",
  "{ action: enable-clr, instance: 'SQL01\\SCSM' }",
  "{ action: restore-database, database: ServiceManager, instance: 'SQL01\\SCSM' }",
]);

/** DWSQL01\DW rebuilt as another named instance DWSQL01\DW2, with nothing restored onto it. */
const NAMED_TO_OTHER_NAMED = plan('dw-sql-host-lost', '{ computers: [DWSQL01] }', [
  '{ action: stop-services, computer: DW01 }',
  '{ action: provision-computer, computer: DWSQL01 }',
  "{ action: install-sql-server, instance: 'DWSQL01\\DW2' }",
]);

ruleTester('same-sql-instance', {
  valid: [
    { name: 'R-DB: SQL01 rebuilt with its default instance', plan: REBUILD_SQL01 },
    { name: 'R-DB: DWSQL01 rebuilt with its named instance DWSQL01\\DW', plan: REBUILD_DWSQL01 },
    { name: 'R-DB in place: ServiceManager corrupt, restored onto SQL01', plan: RESTORE_SERVICEMANAGER },
    { name: 'R-DB for a named instance SQL01\\SCSM', environment: NAMED_INSTANCE, plan: NAMED_REBUILD },
  ],
  invalid: [
    {
      name: 'named instance SQL01\\SCSM rebuilt as the default instance SQL01, then restored onto it',
      environment: NAMED_INSTANCE,
      plan: NAMED_TO_DEFAULT,
      errors: [
        {
          ...positionOf(NAMED_TO_DEFAULT, '{ action: install-sql-server'),
          message:
            'install-sql-server on SQL instance SQL01\\SCSM: SQL Server was installed under another instance name than the original',
        },
        {
          ...positionOf(NAMED_TO_DEFAULT, '{ action: restore-database'),
          message: 'database: ServiceManager, instance: SQL01, original: SQL01\\SCSM',
        },
      ],
    },
    {
      name: 'default instance SQL01 rebuilt as the named instance SQL01\\SCSM, then restored onto it',
      plan: DEFAULT_TO_NAMED,
      errors: [
        {
          ...positionOf(DEFAULT_TO_NAMED, '{ action: install-sql-server'),
          message: 'installed: SQL01\\SCSM, original: SQL01, databases it held: ServiceManager',
        },
        {
          ...positionOf(DEFAULT_TO_NAMED, '{ action: restore-database'),
          message: 'instance: SQL01\\SCSM, original: SQL01',
        },
      ],
    },
    {
      name: 'named instance DWSQL01\\DW rebuilt under another name DWSQL01\\DW2',
      plan: NAMED_TO_OTHER_NAMED,
      errors: [
        {
          ...positionOf(NAMED_TO_OTHER_NAMED, '{ action: install-sql-server'),
          message: 'databases it held: DWStagingAndConfig, DWRepository, DWDataMart',
        },
      ],
    },
    {
      name: 'ServiceManager restored onto another declared instance',
      plan: ONTO_DW_INSTANCE,
      // Literal position: the restore-database step is on line 7.
      errors: [
        { line: 7, column: 9, message: 'database: ServiceManager, instance: DWSQL01\\DW, original: SQL01' },
      ],
    },
    {
      name: 'ServiceManager restored onto a new computer SQL02 (F9)',
      plan: ONTO_NEW_COMPUTER,
      errors: [
        {
          ...positionOf(ONTO_NEW_COMPUTER, '{ action: restore-database'),
          message: 'instance: SQL02, original: SQL01',
        },
      ],
    },
    {
      name: 'a database of a named instance restored onto another instance',
      environment: NAMED_INSTANCE,
      plan: NAMED_ONTO_OTHER,
      errors: [
        {
          ...positionOf(NAMED_ONTO_OTHER, '{ action: restore-database'),
          message: 'original: SQL01\\SCSM',
        },
      ],
    },
    {
      name: 'DWRepository restored onto the ServiceManager instance',
      plan: DW_DATABASE_MOVED,
      errors: [
        {
          ...positionOf(DW_DATABASE_MOVED, '{ action: restore-database, database: DWRepository'),
          message: 'database DWRepository',
        },
      ],
    },
  ],
});
