/**
 * promotion-order (D-PROMO; F19): stop the services, delete Health Service State, run
 * p_PromoteActiveWorkflowServer, start the services, in that order, on the promoted server.
 */

import { ruleTester } from '../../check/harness.js';
import { ADD_SM01_STEPS, PROMOTE_SM02, plan, SQL01_AND_SM01 } from '../../check/plans.js';
import { positionOf } from '../../helpers/text.js';

const step = (action: string) => `{ action: ${action}, computer: SM02 }`;
const promotion = (...actions: string[]) =>
  plan('workflow-server-lost', '{ computers: [SM01] }', [...actions.map(step), ...ADD_SM01_STEPS]);

/** The service stop is skipped: Health Service State is deleted while the services run. */
const NO_STOP = `version: 1
scenarios:
  - id: workflow-server-lost
    lost: { computers: [SM01] }
    steps:
      - { action: clear-health-service-state, computer: SM02 }
      - { action: promote-workflow-server, computer: SM02 }
      - { action: start-services, computer: SM02 }
`;

/** The deletion of Health Service State is skipped. */
const NO_CLEAR = promotion('stop-services', 'promote-workflow-server', 'start-services');

/** Nothing before the stored procedure: promoted while running. */
const PROMOTE_ONLY = promotion('promote-workflow-server', 'start-services');

/** Promoted first, the other steps afterwards. */
const PROMOTE_FIRST = promotion(
  'promote-workflow-server',
  'stop-services',
  'clear-health-service-state',
  'start-services',
);

/** Health Service State deleted before the services stop. */
const CLEAR_BEFORE_STOP = promotion(
  'clear-health-service-state',
  'stop-services',
  'promote-workflow-server',
  'start-services',
);

/** The services restarted between the deletion and the stored procedure. */
const START_BEFORE_PROMOTE = promotion(
  'stop-services',
  'clear-health-service-state',
  'start-services',
  'promote-workflow-server',
);

ruleTester('promotion-order', {
  valid: [
    { name: 'D-PROMO in order on SM02, then R-ADD for SM01', plan: PROMOTE_SM02 },
    { name: 'D-PROMO in order after the database is restored', plan: SQL01_AND_SM01 },
  ],
  invalid: [
    {
      name: 'services not stopped: Health Service State deleted while they run',
      plan: NO_STOP,
      // Literal position: the clear-health-service-state step is the first step, line 6.
      errors: [{ line: 6, column: 9, message: 'clear-health-service-state on management server SM02' }],
    },
    {
      name: 'Health Service State not deleted before the promotion',
      plan: NO_CLEAR,
      errors: [
        {
          ...positionOf(NO_CLEAR, step('promote-workflow-server')),
          message: 'management server SM02: Health Service State was not deleted',
        },
      ],
    },
    {
      name: 'promoted without stopping the services or deleting Health Service State',
      plan: PROMOTE_ONLY,
      errors: [
        {
          ...positionOf(PROMOTE_ONLY, step('promote-workflow-server')),
          message: 'management server SM02: its services are still running',
        },
      ],
    },
    {
      name: 'promoted first, the preparation afterwards',
      plan: PROMOTE_FIRST,
      errors: [{ ...positionOf(PROMOTE_FIRST, step('promote-workflow-server')), message: 'SM02' }],
    },
    {
      name: 'Health Service State deleted before the services stop',
      plan: CLEAR_BEFORE_STOP,
      errors: [{ ...positionOf(CLEAR_BEFORE_STOP, step('clear-health-service-state')), message: 'SM02' }],
    },
    {
      name: 'services restarted before the stored procedure',
      plan: START_BEFORE_PROMOTE,
      errors: [
        {
          ...positionOf(START_BEFORE_PROMOTE, step('promote-workflow-server')),
          message: 'management server SM02: its services are still running',
        },
      ],
    },
  ],
});
