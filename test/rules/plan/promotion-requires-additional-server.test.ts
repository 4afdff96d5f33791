/**
 * promotion-requires-additional-server (D-OV, D-PROMO; F1): only a surviving additional
 * management server of the group can be promoted.
 */

import { FOUR_COMPUTER } from '../../check/environments.js';
import { ruleTester } from '../../check/harness.js';
import { PROMOTE_SM02, plan, REPLACE_SM01 } from '../../check/plans.js';
import { positionOf } from '../../helpers/text.js';

const promotion = (computer: string) =>
  ['stop-services', 'clear-health-service-state', 'promote-workflow-server', 'start-services'].map(
    (action) => `{ action: ${action}, computer: ${computer} }`,
  );

/** No additional server exists, and the plan "promotes" the lost workflow server itself. */
const PROMOTE_LOST = `version: 1
scenarios:
  - id: workflow-server-lost
    lost: { computers: [SM01] }
    steps:
      - { action: promote-workflow-server, computer: SM01 }
`;

/** The SQL Server computer hosts no management server. */
const PROMOTE_SQL_HOST = plan('workflow-server-lost', '{ computers: [SM01] }', promotion('SQL01'));

/** SM02 is lost; the plan runs the promotion procedure on the workflow server SM01. */
const PROMOTE_WORKFLOW = plan('additional-server-lost', '{ computers: [SM02] }', promotion('SM01'));

/** The site loss takes both management servers; the additional one is promoted anyway. */
const BOTH_LOST = plan('both-management-servers-lost', '{ computers: [SM01, SM02] }', [
  '{ action: promote-workflow-server, computer: SM02 }',
]);

/** SM02 is rebuilt (provisioned, key restored) but not yet installed when it is promoted. */
const NOT_INSTALLED = plan('both-management-servers-lost', '{ computers: [SM01, SM02] }', [
  '{ action: provision-computer, computer: SM02 }',
  '{ action: restore-encryption-key, computer: SM02 }',
  '{ action: promote-workflow-server, computer: SM02 }',
]);

ruleTester('promotion-requires-additional-server', {
  valid: [
    { name: 'D-PROMO on the surviving additional server SM02, then R-ADD', plan: PROMOTE_SM02 },
    { name: 'no additional server: R-REPLACE-MS instead', environment: FOUR_COMPUTER, plan: REPLACE_SM01 },
  ],
  invalid: [
    {
      name: 'no additional server: the lost workflow server is promoted (F1)',
      environment: FOUR_COMPUTER,
      plan: PROMOTE_LOST,
      // Literal position: the only step is on line 6.
      errors: [{ line: 6, column: 9, message: 'promote-workflow-server on management server SM01' }],
    },
    {
      name: 'a computer that hosts no management server',
      plan: PROMOTE_SQL_HOST,
      errors: [
        {
          ...positionOf(PROMOTE_SQL_HOST, '{ action: promote-workflow-server'),
          message: 'management server SQL01',
        },
      ],
    },
    {
      name: 'the workflow server itself',
      plan: PROMOTE_WORKFLOW,
      errors: [
        {
          ...positionOf(PROMOTE_WORKFLOW, '{ action: promote-workflow-server'),
          message: 'management server SM01',
        },
      ],
    },
    {
      name: 'an additional server lost in the same scenario',
      plan: BOTH_LOST,
      errors: [{ ...positionOf(BOTH_LOST, '{ action: promote-workflow-server'), message: 'SM02' }],
    },
    {
      name: 'an additional server rebuilt but not yet installed',
      plan: NOT_INSTALLED,
      errors: [{ ...positionOf(NOT_INSTALLED, '{ action: promote-workflow-server'), message: 'SM02' }],
    },
  ],
});
