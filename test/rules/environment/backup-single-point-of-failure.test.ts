import { backupSinglePointOfFailure } from '../../../src/rules/environment/backup-single-point-of-failure.js';
import { edit, positionOf } from '../../helpers/text.js';
import { BASE } from './base.js';
import { healthyServiceManager, historyCsv } from './history.js';
import { testRule } from './rule-tester.js';

const FS01 = '  - name: FS01\n    site: hq\n';
/** The base environment with a declared file server FS01 that backups can be stored on. */
const withFileServer = edit(
  BASE,
  '  - name: DWSQL01\n    site: hq\n',
  `  - name: DWSQL01\n    site: hq\n${FS01}`,
);
const FS01_NODE = 'name: FS01';

/** Every key backup on the declared file server FS01. */
const keysOnFs01 = withFileServer.replaceAll(String.raw`\\backup01\scsm\keys`, String.raw`\\FS01\scsm\keys`);
/** SM01's key on FS01, SM02's on the undeclared share \\backup01: two places. */
const keysSplit = edit(
  withFileServer,
  String.raw`\\backup01\scsm\keys\SM01.bin`,
  String.raw`\\FS01\scsm\keys\SM01.bin`,
);
/** Every data warehouse database backed up to FS01. */
const dwOnFs01 = edit(
  edit(
    edit(
      withFileServer,
      String.raw`      location: '\\backup01\sql\dw'`,
      String.raw`      location: '\\FS01\sql\dw'`,
    ),
    '      log: { every: 30m }\n      offHost: true\n      permissionsScript: 2026-11-03',
    String.raw`      log: { every: 30m }
      location: '\\FS01\sql\dw'
      permissionsScript: 2026-11-03`,
  ),
  '      log: { every: 1h }\n      offHost: true',
  String.raw`      log: { every: 1h }
      location: '\\FS01\sql\dw'`,
);
/** ServiceManager's only backup kept on its own computer SQL01. */
const smOnHost = edit(
  BASE,
  '      offHost: true\n      permissionsScript: 2026-11-01',
  '      offHost: false\n      permissionsScript: 2026-11-01',
);
/** Everything on FS01: the example. */
const everythingOnFs01 = edit(
  dwOnFs01.replaceAll(String.raw`\\backup01\scsm\keys`, String.raw`\\FS01\scsm\keys`),
  '      offHost: true\n      permissionsScript: 2026-11-01',
  String.raw`      location: '\\FS01\sql\sm'
      permissionsScript: 2026-11-01`,
);
/** Two data warehouse databases on FS01, one on the undeclared share: not every copy. */
const dwPartlyOnFs01 = edit(
  withFileServer,
  String.raw`      location: '\\backup01\sql\dw'`,
  String.raw`      location: '\\FS01\sql\dw'`,
);

testRule(backupSinglePointOfFailure, {
  valid: [
    { name: 'backups on a share that is not a declared computer', code: BASE },
    { name: 'a declared file server that holds nothing', code: withFileServer },
    { name: "the group's key backups are on two computers", code: keysSplit },
    { name: 'one database backup of three on the file server', code: dwPartlyOnFs01 },
    {
      name: 'evidence that the backups went to a share confirms the off-host claim',
      code: BASE,
      evidence: historyCsv(healthyServiceManager()),
    },
  ],
  invalid: [
    {
      name: 'every key backup on one file server: one finding per group',
      code: keysOnFs01,
      errors: [
        {
          ...positionOf(keysOnFs01, FS01_NODE),
          message:
            'FS01 holds every copy of the encryption key backups of SM01 and SM02 of SMMG: losing FS01 leaves SMMG without them, and losing it together with a role host of SMMG is a disaster; store a copy on another computer, for example in a second site',
        },
        {
          ...positionOf(keysOnFs01, FS01_NODE),
          message: 'FS01 holds every copy of the encryption key backups of DW01 of DW_SMMG',
        },
      ],
    },
    {
      name: 'every data warehouse database backup on one file server',
      code: dwOnFs01,
      errors: [
        {
          ...positionOf(dwOnFs01, FS01_NODE),
          message:
            'FS01 holds every copy of the database backups of DWStagingAndConfig, DWRepository and DWDataMart of DW_SMMG',
        },
      ],
    },
    {
      name: 'all database and key backups on one file server (the issue example)',
      code: everythingOnFs01,
      errors: [
        {
          ...positionOf(everythingOnFs01, FS01_NODE),
          message:
            'FS01 holds every copy of the database backups of ServiceManager and the encryption key backups of SM01 and SM02 of SMMG',
        },
        {
          ...positionOf(everythingOnFs01, FS01_NODE),
          message:
            'FS01 holds every copy of the database backups of DWStagingAndConfig, DWRepository and DWDataMart and the encryption key backups of DW01 of DW_SMMG',
        },
      ],
    },
    {
      name: "a role host holding its group's only database backups says so",
      code: smOnHost,
      errors: [
        {
          ...positionOf(smOnHost, 'name: SQL01\n    site'),
          message:
            'SQL01 holds every copy of the database backups of ServiceManager of SMMG: SQL01 also hosts a role of SMMG, so its loss is a disaster and takes the backups it needs with it',
        },
      ],
    },
    {
      name: 'evidence of local backup devices replaces the off-host claim before the rule runs',
      code: BASE,
      evidence: historyCsv(
        healthyServiceManager().map((row) => ({ ...row, device: 'D:\\SQLBackup\\sm.bak' })),
      ),
      errors: [
        {
          ...positionOf(BASE, 'name: SQL01\n    site'),
          message:
            'SQL01 holds every copy of the database backups of ServiceManager of SMMG: SQL01 also hosts',
        },
      ],
    },
  ],
});
