import { databaseBackupMissing } from '../../../src/rules/environment/database-backup-missing.js';
import { edit, positionOf } from '../../helpers/text.js';
import { BASE } from './base.js';
import { testRule, withoutBackup } from './rule-tester.js';

const REPORT_SERVER = String.raw`  - name: ReportServer
    instance: 'DWSQL01\DW'
`;

const noServiceManager = withoutBackup(BASE, 'ServiceManager');
const noRepository = withoutBackup(BASE, 'DWRepository');
const reportServer = edit(BASE, '\nmanagementGroups:', `${REPORT_SERVER}\nmanagementGroups:`);
const reportServerRole = edit(
  reportServer,
  'datamart: DWDataMart }',
  'datamart: DWDataMart, reportServer: ReportServer }',
);
const none = withoutBackup(
  withoutBackup(withoutBackup(withoutBackup(BASE, 'ServiceManager'), 'DWStagingAndConfig'), 'DWRepository'),
  'DWDataMart',
);

testRule(databaseBackupMissing, {
  valid: [
    { name: 'every database has a backup block', code: BASE },
    {
      name: 'a backup without last date, script or test still exists',
      code: edit(BASE, '      permissionsScript: 2026-11-03\n      lastRestoreTest: 2026-09-03\n', ''),
    },
  ],
  invalid: [
    {
      name: 'the ServiceManager database has no backup (literal position)',
      code: noServiceManager,
      errors: [
        {
          line: 30,
          column: 5,
          message:
            'database ServiceManager on SQL01 has no backup: the ServiceManager database of SMMG cannot be restored',
        },
      ],
    },
    {
      name: 'a data warehouse database can only be recreated without its history (F13)',
      code: noRepository,
      errors: [
        {
          ...positionOf(noRepository, 'name: DWRepository'),
          message: String.raw`database DWRepository on DWSQL01\DW has no backup: recreating it is the last resort left, and it loses the history (D-DBREC, F13)`,
        },
      ],
    },
    {
      name: 'an SSRS catalog the groups do not reference',
      code: reportServer,
      errors: [
        { ...positionOf(reportServer, 'name: ReportServer'), message: 'losing it leaves nothing to restore' },
      ],
    },
    {
      name: 'the SSRS catalog of the data warehouse group',
      code: reportServerRole,
      errors: [
        {
          ...positionOf(reportServerRole, 'name: ReportServer'),
          message: 'ReportServer on DWSQL01\\DW has no backup',
        },
      ],
    },
    {
      name: 'no database is backed up: one finding each, in file order',
      code: none,
      errors: [
        { ...positionOf(none, 'name: ServiceManager'), message: 'ServiceManager' },
        { ...positionOf(none, 'name: DWStagingAndConfig'), message: 'DWStagingAndConfig' },
        { ...positionOf(none, 'name: DWRepository'), message: 'DWRepository' },
        { ...positionOf(none, 'name: DWDataMart'), message: 'DWDataMart' },
      ],
    },
  ],
});
