/**
 * database-before-setup (D-STRAT, D-PROMO; invariant 6, F16): Setup and promotion need their
 * database online.
 */

import { ruleTester } from '../../check/harness.js';
import {
  ADD_SM01_STEPS,
  DWSQL01_AND_DW01,
  PROMOTE_SM02_STEPS,
  plan,
  REBUILD_DWSQL01_STEPS,
  REBUILD_SQL01_STEPS,
  REPLACE_DW01_STEPS,
  SQL01_AND_SM01,
} from '../../check/plans.js';
import { positionOf } from '../../helpers/text.js';

/** SQL01 and SM01 lost; SM01 is replaced before its database is back. */
const SETUP_FIRST = `version: 1
scenarios:
  - id: sql-and-workflow-server-lost
    lost: { computers: [SQL01, SM01] }
    steps:
      - { action: provision-computer, computer: SM01 }
      - { action: restore-encryption-key, computer: SM01 }
      - { action: install-management-server, computer: SM01, database: ServiceManager, role: workflow }
      - { action: provision-computer, computer: SQL01 }
      - { action: install-sql-server, instance: SQL01 }
      - { action: enable-clr, instance: SQL01 }
      - { action: restore-database, database: ServiceManager, instance: SQL01 }
      - { action: run-permissions-script, database: ServiceManager }
`;

/** SQL01 and SM01 lost; SM02 is promoted while ServiceManager is still lost (F16). */
const PROMOTE_FIRST = plan('sql-and-workflow-server-lost', '{ computers: [SQL01, SM01] }', [
  ...PROMOTE_SM02_STEPS,
  ...REBUILD_SQL01_STEPS,
  ...ADD_SM01_STEPS,
]);

/** DWSQL01 and DW01 lost; DW Setup runs before DWStagingAndConfig is restored. */
const DW_SETUP_FIRST = plan('data-warehouse-lost', '{ computers: [DWSQL01, DW01] }', [
  ...REPLACE_DW01_STEPS,
  ...REBUILD_DWSQL01_STEPS,
]);

/** ServiceManager restored but its permissions not yet re-applied when SM01 is replaced: not online. */
const SETUP_ON_RESTORED = plan('sql-and-workflow-server-lost', '{ computers: [SQL01, SM01] }', [
  '{ action: provision-computer, computer: SQL01 }',
  '{ action: install-sql-server, instance: SQL01 }',
  '{ action: enable-clr, instance: SQL01 }',
  '{ action: restore-database, database: ServiceManager, instance: SQL01 }',
  '{ action: provision-computer, computer: SM01 }',
  '{ action: restore-encryption-key, computer: SM01 }',
  '{ action: install-management-server, computer: SM01, database: ServiceManager, role: workflow }',
]);

ruleTester('database-before-setup', {
  valid: [
    { name: 'SQL01 and SM01 lost: R-DB, then R-PROMOTE, then R-ADD', plan: SQL01_AND_SM01 },
    { name: 'DWSQL01 and DW01 lost: R-DB, then R-REPLACE-DW', plan: DWSQL01_AND_DW01 },
  ],
  invalid: [
    {
      name: 'SM Setup before ServiceManager is restored (invariant 6)',
      plan: SETUP_FIRST,
      // Literal position: the install-management-server step is on line 8.
      errors: [{ line: 8, column: 9, message: 'install-management-server on management server SM01' }],
    },
    {
      name: 'promotion while the ServiceManager database is down (F16)',
      plan: PROMOTE_FIRST,
      errors: [
        {
          ...positionOf(PROMOTE_FIRST, '{ action: promote-workflow-server'),
          message: 'promote-workflow-server on management server SM02: p_PromoteActiveWorkflowServer',
        },
      ],
    },
    {
      name: 'DW Setup before DWStagingAndConfig is restored',
      plan: DW_SETUP_FIRST,
      errors: [
        {
          ...positionOf(DW_SETUP_FIRST, '{ action: install-data-warehouse-server'),
          message: 'data warehouse management server DW01',
        },
      ],
    },
    {
      name: 'a replacement Setup on a restored database whose permissions are not re-applied',
      plan: SETUP_ON_RESTORED,
      errors: [
        {
          ...positionOf(SETUP_ON_RESTORED, '{ action: install-management-server'),
          message:
            'install-management-server on management server SM01: Setup ran while its database was not online',
        },
      ],
    },
  ],
});
