/**
 * single-workflow-server (W-TARGET, D-PROMO; F17): each Service Manager group keeps exactly one
 * operational workflow server.
 */

import { ruleTester } from '../../check/harness.js';
import { PROMOTE_SM02, PROMOTE_SM02_STEPS, plan, REPLACE_SM01, SQL01_AND_SM01 } from '../../check/plans.js';
import { positionOf } from '../../helpers/text.js';

/** SM02 promoted, then SM01 rebuilt from its key as a workflow server as well. */
const TWO_WORKFLOW = `version: 1
scenarios:
  - id: workflow-server-lost
    lost: { computers: [SM01] }
    steps:
      - { action: stop-services, computer: SM02 }
      - { action: clear-health-service-state, computer: SM02 }
      - { action: promote-workflow-server, computer: SM02 }
      - { action: start-services, computer: SM02 }
      - { action: provision-computer, computer: SM01 }
      - { action: restore-encryption-key, computer: SM01 }
      - { action: install-management-server, computer: SM01, database: ServiceManager, role: workflow }
      - { action: import-management-packs, computer: SM01 }
      - { action: backup-encryption-key, computer: SM01 }
`;

/** SM01 replaced from its key, but with `role: additional`: no workflow server is left. */
const NONE_LEFT = plan('workflow-server-lost', '{ computers: [SM01] }', [
  '{ action: provision-computer, computer: SM01 }',
  '{ action: restore-encryption-key, computer: SM01 }',
  '{ action: install-management-server, computer: SM01, database: ServiceManager, role: additional }',
  '{ action: import-management-packs, computer: SM01 }',
  '{ action: backup-encryption-key, computer: SM01 }',
]);

/** SM02 lost and rebuilt with `role: workflow` next to the running SM01. */
const SECOND_ON_ADD = plan('additional-server-lost', '{ computers: [SM02] }', [
  '{ action: provision-computer, computer: SM02 }',
  '{ action: restore-encryption-key, computer: SM02 }',
  '{ action: install-management-server, computer: SM02, database: ServiceManager, role: workflow }',
  '{ action: import-management-packs, computer: SM02 }',
  '{ action: backup-encryption-key, computer: SM02 }',
]);

/** The promotion without its final service start: the role moved, but nothing runs it. */
const NOT_STARTED = plan('workflow-server-lost', '{ computers: [SM01] }', PROMOTE_SM02_STEPS.slice(0, 3));

ruleTester('single-workflow-server', {
  valid: [
    { name: 'R-PROMOTE: the role moves to SM02, SM01 comes back as additional', plan: PROMOTE_SM02 },
    { name: 'R-REPLACE-MS: SM01 comes back as the workflow server', plan: REPLACE_SM01 },
    { name: 'combined loss: R-DB, R-PROMOTE, R-ADD', plan: SQL01_AND_SM01 },
  ],
  invalid: [
    {
      name: 'the old primary rebuilt as a second workflow server after a promotion (F17)',
      plan: TWO_WORKFLOW,
      // Literal positions: the end state at the scenario (line 3), the Setup at line 12.
      errors: [
        { line: 3, column: 5, message: 'SMMG ends with 2 operational workflow servers (SM01, SM02)' },
        {
          line: 12,
          column: 9,
          message: 'install-management-server on management server SM01: management group SMMG',
        },
      ],
    },
    {
      name: 'the workflow server replaced as an additional server: none is left',
      plan: NONE_LEFT,
      errors: [
        {
          ...positionOf(NONE_LEFT, 'id: workflow-server-lost'),
          message: 'SMMG ends with 0 operational workflow servers',
        },
      ],
    },
    {
      name: 'the additional server rebuilt as a second workflow server',
      plan: SECOND_ON_ADD,
      errors: [
        { ...positionOf(SECOND_ON_ADD, 'id: additional-server-lost'), message: '(SM01, SM02)' },
        {
          ...positionOf(SECOND_ON_ADD, '{ action: install-management-server'),
          message: 'workflow servers: SM01, SM02',
        },
      ],
    },
    {
      name: 'a promotion never completed by start-services',
      plan: NOT_STARTED,
      errors: [
        {
          ...positionOf(NOT_STARTED, 'id: workflow-server-lost'),
          message: 'SMMG ends with 0 operational workflow servers',
        },
      ],
    },
  ],
});
