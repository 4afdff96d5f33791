/**
 * original-reporting-url (D-RECDW; F21): the replacement data warehouse Setup is given the
 * original Reporting Server URL.
 */

import { ruleTester } from '../../check/harness.js';
import { plan, REPLACE_DW01, REPLACE_DW01_STEPS } from '../../check/plans.js';
import { positionOf } from '../../helpers/text.js';

const withUrl = (url: string) =>
  plan(
    'dw-server-lost',
    '{ computers: [DW01] }',
    REPLACE_DW01_STEPS.map((step) => step.replace("'http://dw01/ReportServer'", `'${url}'`)),
  );

/** The new SSRS site of a consolidated reporting farm instead of the original URL. */
const OTHER_URL = `version: 1
scenarios:
  - id: dw-server-lost
    lost: { computers: [DW01] }
    steps:
      - { action: provision-computer, computer: DW01 }
      - { action: restore-encryption-key, computer: DW01 }
      - { action: install-data-warehouse-server, computer: DW01, database: DWStagingAndConfig, reportingUrl: 'https://reports.contoso.example/ReportServer' }
      - { action: backup-encryption-key, computer: DW01 }
`;

const OTHER_PATH = withUrl('http://dw01/Reports');
const OTHER_HOST = withUrl('http://dwsql01/ReportServer');

ruleTester('original-reporting-url', {
  valid: [
    { name: 'R-REPLACE-DW with the original URL', plan: REPLACE_DW01 },
    {
      name: 'the original URL in other letter case, with a trailing slash',
      plan: withUrl('HTTP://DW01/ReportServer/'),
    },
  ],
  invalid: [
    {
      name: 'another host and site',
      plan: OTHER_URL,
      // Literal position: install-data-warehouse-server on line 8.
      errors: [
        {
          line: 8,
          column: 9,
          message:
            'reportingUrl: https://reports.contoso.example/ReportServer, originalUrl: http://dw01/ReportServer',
        },
      ],
    },
    {
      name: 'the Report Manager path instead of the web service URL',
      plan: OTHER_PATH,
      errors: [
        {
          ...positionOf(OTHER_PATH, '{ action: install-data-warehouse-server'),
          message: 'install-data-warehouse-server on data warehouse management server DW01',
        },
      ],
    },
    {
      name: 'the SQL host name instead of the reporting server name',
      plan: OTHER_HOST,
      errors: [
        {
          ...positionOf(OTHER_HOST, '{ action: install-data-warehouse-server'),
          message: 'http://dwsql01/ReportServer',
        },
      ],
    },
  ],
});
