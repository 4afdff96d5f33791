/**
 * restore-redundancy (D-OV, P-ADDMSI): after a promotion the group gets an additional
 * management server back (R-ADD).
 */

import { ruleTester } from '../../check/harness.js';
import {
  ADD_SM02,
  PROMOTE_SM02,
  PROMOTE_SM02_STEPS,
  plan,
  REBUILD_SQL01_STEPS,
  SQL01_AND_SM01,
} from '../../check/plans.js';
import { positionOf } from '../../helpers/text.js';

/** SM02 promoted; SM01 is never re-added. */
const PROMOTION_ONLY = `version: 1
scenarios:
  - id: workflow-server-lost
    lost: { computers: [SM01] }
    steps:
      - { action: stop-services, computer: SM02 }
      - { action: clear-health-service-state, computer: SM02 }
      - { action: promote-workflow-server, computer: SM02 }
      - { action: start-services, computer: SM02 }
`;

/** SQL01 and SM01 lost: R-DB and R-PROMOTE, then the plan ends. */
const COMBINED = plan('sql-and-workflow-server-lost', '{ computers: [SQL01, SM01] }', [
  ...REBUILD_SQL01_STEPS,
  ...PROMOTE_SM02_STEPS,
  '{ action: import-management-packs, computer: SM02 }',
]);

ruleTester('restore-redundancy', {
  valid: [
    { name: 'R-PROMOTE followed by R-ADD of SM01', plan: PROMOTE_SM02 },
    { name: 'combined loss: R-DB, R-PROMOTE, R-ADD', plan: SQL01_AND_SM01 },
    { name: 'no promotion: the additional server itself is re-added', plan: ADD_SM02 },
  ],
  invalid: [
    {
      name: 'a promotion with no additional server re-added',
      plan: PROMOTION_ONLY,
      // Literal position: located at the promotion (line 8).
      errors: [
        {
          line: 8,
          column: 9,
          message: 'after the promotion in SMMG no additional management server was re-added',
        },
      ],
    },
    {
      name: 'a combined loss that ends after the promotion',
      plan: COMBINED,
      errors: [{ ...positionOf(COMBINED, '{ action: promote-workflow-server'), message: 'SMMG' }],
    },
  ],
});
