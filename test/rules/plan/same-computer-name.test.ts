/**
 * same-computer-name (D-OV, D-BKMS, N-LAB; F8): a lost management server comes back under its
 * original computer name; its key restored on a computer of another name is the violation.
 */

import { ruleTester } from '../../check/harness.js';
import { PROMOTE_SM02_STEPS, plan, REPLACE_DW01, REPLACE_SM01 } from '../../check/plans.js';
import { positionOf } from '../../helpers/text.js';

/** SM01's role rebuilt on a new computer SM03 with SM01's key. */
const SM01_ON_SM03 = `version: 1
scenarios:
  - id: workflow-server-lost
    lost: { computers: [SM01] }
    steps:
      - { action: provision-computer, computer: SM03 }
      - { action: restore-encryption-key, computer: SM03, from: SM01 }
      - { action: install-management-server, computer: SM03, database: ServiceManager, role: workflow }
      - { action: import-management-packs, computer: SM03 }
      - { action: backup-encryption-key, computer: SM03 }
`;

/** The data warehouse management server rebuilt as DW02 with DW01's key. */
const DW01_ON_DW02 = plan('dw-server-lost', '{ computers: [DW01] }', [
  '{ action: provision-computer, computer: DW02 }',
  '{ action: restore-encryption-key, computer: DW02, from: DW01 }',
  "{ action: install-data-warehouse-server, computer: DW02, database: DWStagingAndConfig, reportingUrl: 'http://dw01/ReportServer' }",
  '{ action: backup-encryption-key, computer: DW02 }',
]);

/** After promoting SM02, the lost SM01 is "replaced" by SM03 from SM01's key as a workflow server. */
const PROMOTE_THEN_NEW_NAME = plan('workflow-server-lost', '{ computers: [SM01] }', [
  ...PROMOTE_SM02_STEPS,
  '{ action: provision-computer, computer: SM03 }',
  '{ action: restore-encryption-key, computer: SM03, from: SM01 }',
  '{ action: install-management-server, computer: SM03, database: ServiceManager, role: additional }',
]);

/** Both management servers of the group lost; each rebuilt under a new name from its own key. */
const SWAPPED = plan('both-management-servers-lost', '{ computers: [SM01, SM02] }', [
  '{ action: provision-computer, computer: SM11 }',
  '{ action: restore-encryption-key, computer: SM11, from: SM01 }',
  '{ action: provision-computer, computer: SM12 }',
  '{ action: restore-encryption-key, computer: SM12, from: SM02 }',
]);

ruleTester('same-computer-name', {
  valid: [
    { name: 'R-REPLACE-MS under the original name SM01', plan: REPLACE_SM01 },
    { name: 'R-REPLACE-DW under the original name DW01', plan: REPLACE_DW01 },
  ],
  invalid: [
    {
      name: "SM01's key restored onto a computer named SM03",
      plan: SM01_ON_SM03,
      // Literal position: the restore-encryption-key step is on line 7.
      errors: [{ line: 7, column: 9, message: 'restore-encryption-key on management server SM03' }],
    },
    {
      name: "DW01's key restored onto a computer named DW02",
      plan: DW01_ON_DW02,
      errors: [
        {
          ...positionOf(DW01_ON_DW02, '{ action: restore-encryption-key'),
          message: 'data warehouse management server DW02',
        },
      ],
    },
    {
      name: 'after a promotion, the old workflow server rebuilt under a new name from its key',
      plan: PROMOTE_THEN_NEW_NAME,
      errors: [
        {
          ...positionOf(PROMOTE_THEN_NEW_NAME, '{ action: restore-encryption-key'),
          message: 'SM01’s backup',
        },
      ],
    },
    {
      name: 'both lost servers rebuilt under new names: one finding per server',
      plan: SWAPPED,
      errors: [
        { ...positionOf(SWAPPED, '{ action: restore-encryption-key, computer: SM11'), message: 'SM11' },
        { ...positionOf(SWAPPED, '{ action: restore-encryption-key, computer: SM12'), message: 'SM12' },
      ],
    },
  ],
});
