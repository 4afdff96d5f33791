/**
 * rto-exceeded (D-OV, P-REG): the estimated duration of each scenario (step durations, else the
 * environment's overrides, database sizes or the default table, added up) stays within
 * `objectives.rto`. The finding sits at the scenario. `SHORT_RTO` has an RTO of 2h.
 */

import { SHORT_RTO } from '../../check/environments.js';
import { ruleTester } from '../../check/harness.js';
import { ADD_SM02, PROMOTE_SM02, plan, REPLACE_SM01 } from '../../check/plans.js';
import { edit, positionOf } from '../../helpers/text.js';

/** R-REPLACE-MS with the default durations: 4h. */
const DEFAULTS = `version: 1
scenarios:
  - id: workflow-server-lost
    lost: { computers: [SM01] }
    steps:
      - { action: provision-computer, computer: SM01 }
      - { action: restore-encryption-key, computer: SM01 }
      - { action: install-management-server, computer: SM01, database: ServiceManager, role: workflow }
      - { action: import-management-packs, computer: SM01 }
      - { action: backup-encryption-key, computer: SM01 }
`;

/** R-PROMOTE and R-ADD with measured durations: 25m + 1h30m = 1h55m. */
const MEASURED = plan('workflow-server-lost', '{ computers: [SM01] }', [
  '{ action: stop-services, computer: SM02, duration: 5m }',
  '{ action: clear-health-service-state, computer: SM02, duration: 5m }',
  '{ action: promote-workflow-server, computer: SM02, duration: 5m }',
  '{ action: start-services, computer: SM02, duration: 10m }',
  '{ action: provision-computer, computer: SM01, duration: 45m }',
  '{ action: install-management-server, computer: SM01, database: ServiceManager, role: additional, duration: 40m }',
  '{ action: backup-encryption-key, computer: SM01, duration: 5m }',
]);

/** The same with a slower Setup: 2h 5m. */
const SLOW = edit(MEASURED, 'role: additional, duration: 40m', 'role: additional, duration: 50m');

/** Two scenarios; only the one with default durations (R-ADD of SM02) is too long. */
const TWO_SCENARIOS = `${MEASURED}${ADD_SM02.slice('version: 1\nscenarios:\n'.length)}`;

ruleTester('rto-exceeded', {
  valid: [
    { name: 'R-REPLACE-MS within an RTO of 24h', plan: REPLACE_SM01 },
    {
      name: 'R-PROMOTE and R-ADD measured at 1h55m within an RTO of 2h',
      environment: SHORT_RTO,
      plan: MEASURED,
    },
  ],
  invalid: [
    {
      name: 'R-REPLACE-MS with default durations over an RTO of 2h',
      environment: SHORT_RTO,
      plan: DEFAULTS,
      // Literal position: the scenario's `id` on line 3, column 5.
      errors: [
        {
          line: 3,
          column: 5,
          message:
            "scenario 'workflow-server-lost' is estimated at 4h, over the RTO of 2h (step durations: 5 from the default table)",
        },
      ],
    },
    {
      name: 'stated durations adding up to 2h 5m',
      environment: SHORT_RTO,
      plan: SLOW,
      errors: [
        {
          ...positionOf(SLOW, 'id: workflow-server-lost'),
          message: 'estimated at 2h 5m, over the RTO of 2h (step durations: 7 stated in the plan)',
        },
      ],
    },
    {
      name: 'only the scenario over the RTO is reported',
      environment: SHORT_RTO,
      plan: TWO_SCENARIOS,
      errors: [
        {
          ...positionOf(TWO_SCENARIOS, 'id: additional-server-lost'),
          message: "scenario 'additional-server-lost' is estimated at",
        },
      ],
    },
    {
      name: 'the documented promotion with default durations',
      environment: SHORT_RTO,
      plan: PROMOTE_SM02,
      errors: [
        {
          ...positionOf(PROMOTE_SM02, 'id: workflow-server-lost'),
          message: "scenario 'workflow-server-lost'",
        },
      ],
    },
  ],
});
