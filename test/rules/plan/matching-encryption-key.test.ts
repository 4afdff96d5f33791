/**
 * matching-encryption-key (D-GUIDE, D-OV; F6, open question 3): the key restored on a
 * replacement is the one backed up from that very server.
 */

import { ruleTester } from '../../check/harness.js';
import { plan, REPLACE_DW01, REPLACE_SM01_STEPS } from '../../check/plans.js';
import { positionOf } from '../../helpers/text.js';

/** The data warehouse key restored on the Service Manager management server SM01. */
const DW_KEY_ON_SM = `version: 1
scenarios:
  - id: workflow-server-lost
    lost: { computers: [SM01] }
    steps:
      - { action: provision-computer, computer: SM01 }
      - { action: restore-encryption-key, computer: SM01, from: DW01 }
      - { action: install-management-server, computer: SM01, database: ServiceManager, role: workflow }
`;

/** The Service Manager key restored on the data warehouse management server DW01. */
const SM_KEY_ON_DW = plan('dw-server-lost', '{ computers: [DW01] }', [
  '{ action: provision-computer, computer: DW01 }',
  '{ action: restore-encryption-key, computer: DW01, from: SM01 }',
  "{ action: install-data-warehouse-server, computer: DW01, database: DWStagingAndConfig, reportingUrl: 'http://dw01/ReportServer' }",
]);

/** SM02's key (another server of the same group) restored on SM01 (open question 3, conservative). */
const OTHER_SERVER_KEY = plan('workflow-server-lost', '{ computers: [SM01] }', [
  '{ action: provision-computer, computer: SM01 }',
  '{ action: restore-encryption-key, computer: SM01, from: SM02 }',
]);

/** The right key first, then a second restore of another server's key over it. */
const SECOND_RESTORE = plan('workflow-server-lost', '{ computers: [SM01] }', [
  '{ action: provision-computer, computer: SM01 }',
  '{ action: restore-encryption-key, computer: SM01 }',
  '{ action: restore-encryption-key, computer: SM01, from: DW01 }',
]);

/** R-REPLACE-MS with `from` written out: the server's own key. */
const OWN_KEY_EXPLICIT = plan(
  'workflow-server-lost',
  '{ computers: [SM01] }',
  REPLACE_SM01_STEPS.map((step) =>
    step === '{ action: restore-encryption-key, computer: SM01 }'
      ? '{ action: restore-encryption-key, computer: SM01, from: SM01 }'
      : step,
  ),
);

ruleTester('matching-encryption-key', {
  valid: [
    { name: 'R-REPLACE-MS with `from: SM01`, the server being rebuilt', plan: OWN_KEY_EXPLICIT },
    { name: 'R-REPLACE-DW with the DW key (from defaults to DW01)', plan: REPLACE_DW01 },
  ],
  invalid: [
    {
      name: 'the DW key restored on an SM management server (F6)',
      plan: DW_KEY_ON_SM,
      // Literal position: the restore-encryption-key step is on line 7.
      errors: [
        { line: 7, column: 9, message: 'management server SM01: the key backup restored is not the one' },
      ],
    },
    {
      name: 'the SM key restored on the DW management server (F6)',
      plan: SM_KEY_ON_DW,
      errors: [
        {
          ...positionOf(SM_KEY_ON_DW, '{ action: restore-encryption-key'),
          message: 'data warehouse management server DW01',
        },
      ],
    },
    {
      name: "another server's key of the same group",
      plan: OTHER_SERVER_KEY,
      errors: [
        { ...positionOf(OTHER_SERVER_KEY, '{ action: restore-encryption-key'), message: 'SM02’s backup' },
      ],
    },
    {
      name: "a second restore of another server's key after the right one",
      plan: SECOND_RESTORE,
      errors: [
        {
          ...positionOf(SECOND_RESTORE, '{ action: restore-encryption-key, computer: SM01, from: DW01 }'),
          message: 'DW01’s backup',
        },
      ],
    },
  ],
});
