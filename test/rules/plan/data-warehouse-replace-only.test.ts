/**
 * data-warehouse-replace-only (D-OV, D-RECDW): the data warehouse management server is never
 * promoted, nor rebuilt as a Service Manager management server; it is only replaced.
 */

import { FOUR_COMPUTER } from '../../check/environments.js';
import { ruleTester } from '../../check/harness.js';
import { plan, REPLACE_DW01, REPLACE_SM01 } from '../../check/plans.js';
import { positionOf } from '../../helpers/text.js';

/** No additional server; the plan runs the promotion procedure on DW01 instead. */
const PROMOTE_DW = `version: 1
scenarios:
  - id: workflow-server-lost
    lost: { computers: [SM01] }
    steps:
      - { action: stop-services, computer: DW01 }
      - { action: clear-health-service-state, computer: DW01 }
      - { action: promote-workflow-server, computer: DW01 }
      - { action: start-services, computer: DW01 }
`;

/** DW01 lost; its computer is rebuilt as a Service Manager management server, from its own key. */
const SM_SETUP_ON_DW = plan('dw-server-lost', '{ computers: [DW01] }', [
  '{ action: provision-computer, computer: DW01 }',
  '{ action: restore-encryption-key, computer: DW01 }',
  '{ action: install-management-server, computer: DW01, database: ServiceManager, role: additional }',
]);

/** DW01 lost; SM Setup on the provisioned computer without any key. */
const SM_SETUP_ON_NEW_DW = plan('dw-server-lost', '{ computers: [DW01] }', [
  '{ action: provision-computer, computer: DW01 }',
  '{ action: install-management-server, computer: DW01, database: ServiceManager, role: additional }',
]);

/** SM Setup run on the healthy, running DW01 (Setup refuses both on one server, P-SCEN). */
const SM_SETUP_ON_RUNNING_DW = plan('workflow-server-lost', '{ computers: [SM01] }', [
  '{ action: install-management-server, computer: DW01, database: ServiceManager, role: workflow }',
]);

/** DW01 lost; the plan "promotes" it. */
const PROMOTE_LOST_DW = plan('dw-server-lost', '{ computers: [DW01] }', [
  '{ action: clear-health-service-state, computer: DW01 }',
  '{ action: promote-workflow-server, computer: DW01 }',
]);

ruleTester('data-warehouse-replace-only', {
  valid: [
    { name: 'R-REPLACE-DW under the original name', plan: REPLACE_DW01 },
    {
      name: 'the workflow server is replaced, not the DW server promoted',
      environment: FOUR_COMPUTER,
      plan: REPLACE_SM01,
    },
  ],
  invalid: [
    {
      name: 'the promotion procedure on the DW server: the deletion and the promotion',
      environment: FOUR_COMPUTER,
      plan: PROMOTE_DW,
      // Literal positions: clear-health-service-state on line 7, promote-workflow-server on line 8.
      errors: [
        {
          line: 7,
          column: 9,
          message: 'clear-health-service-state on data warehouse management server DW01',
        },
        { line: 8, column: 9, message: 'promote-workflow-server on data warehouse management server DW01' },
      ],
    },
    {
      name: 'a lost DW server rebuilt as an SM management server after its key restore',
      plan: SM_SETUP_ON_DW,
      errors: [
        {
          ...positionOf(SM_SETUP_ON_DW, '{ action: install-management-server'),
          message: 'data warehouse management server DW01',
        },
      ],
    },
    {
      name: 'a lost DW server rebuilt as an SM management server without a key',
      plan: SM_SETUP_ON_NEW_DW,
      errors: [{ ...positionOf(SM_SETUP_ON_NEW_DW, '{ action: install-management-server'), message: 'DW01' }],
    },
    {
      name: 'SM Setup on the running DW server',
      plan: SM_SETUP_ON_RUNNING_DW,
      errors: [
        {
          ...positionOf(SM_SETUP_ON_RUNNING_DW, '{ action: install-management-server'),
          message:
            'Service Manager Setup cannot install a management server on the data warehouse management server',
        },
      ],
    },
    {
      name: 'a lost DW server "promoted"',
      plan: PROMOTE_LOST_DW,
      errors: [
        { ...positionOf(PROMOTE_LOST_DW, '{ action: clear-health-service-state'), message: 'DW01' },
        { ...positionOf(PROMOTE_LOST_DW, '{ action: promote-workflow-server'), message: 'DW01' },
      ],
    },
  ],
});
