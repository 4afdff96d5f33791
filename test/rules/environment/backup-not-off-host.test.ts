import { backupNotOffHost } from '../../../src/rules/environment/backup-not-off-host.js';
import { edit, positionOf } from '../../helpers/text.js';
import { BASE } from './base.js';
import { testRule } from './rule-tester.js';

const SM_FULL = 'full: { every: 24h, last: 2026-11-23T22:00:00Z }';
const STAGING_FULL = 'full: { every: 24h, last: 2026-11-23T23:00:00Z }';
const STAGING_LOCATION = String.raw`      location: '\\backup01\sql\dw'`;

const smOnHost = edit(
  BASE,
  '      offHost: true\n      permissionsScript: 2026-11-01',
  '      offHost: false\n      permissionsScript: 2026-11-01',
);
const uncToHost = edit(BASE, STAGING_LOCATION, String.raw`      location: '\\DWSQL01\SQLBackup'`);
const uncToHostDeclaredOff = edit(
  BASE,
  STAGING_LOCATION,
  String.raw`      location: '\\DWSQL01\SQLBackup'
      offHost: true`,
);
const falseElsewhere = edit(BASE, STAGING_LOCATION, `${STAGING_LOCATION}\n      offHost: false`);

testRule(backupNotOffHost, {
  valid: [
    { name: 'every backup off-host, declared or judged from a UNC location', code: BASE },
    {
      name: 'backups on the share of another declared computer',
      code: edit(BASE, STAGING_LOCATION, String.raw`      location: '\\SQL01\dwbackup'`),
    },
  ],
  invalid: [
    {
      name: 'offHost: false (literal position)',
      code: smOnHost,
      errors: [
        {
          line: 34,
          column: 7,
          message:
            'the backups of ServiceManager are kept only on its own computer SQL01 (offHost: false): losing SQL01 loses them too',
        },
      ],
    },
    {
      name: "a UNC location on the database's own computer is judged on-host",
      code: uncToHost,
      errors: [
        {
          ...positionOf(uncToHost, STAGING_FULL),
          message: String.raw`the backups of DWStagingAndConfig are kept only on its own computer DWSQL01 (its location '\\DWSQL01\SQLBackup' is on DWSQL01)`,
        },
      ],
    },
    {
      name: "offHost: true does not help when the location is the database's own computer",
      code: uncToHostDeclaredOff,
      errors: [
        {
          ...positionOf(uncToHostDeclaredOff, STAGING_FULL),
          message: String.raw`'\\DWSQL01\SQLBackup' is on DWSQL01`,
        },
      ],
    },
    {
      name: 'offHost: false wins over a location on another computer',
      code: falseElsewhere,
      errors: [
        {
          ...positionOf(falseElsewhere, STAGING_FULL),
          message: String.raw`DWSQL01 (offHost: false, location '\\backup01\sql\dw')`,
        },
      ],
    },
    {
      name: 'two databases, in file order',
      code: edit(smOnHost, STAGING_LOCATION, String.raw`      location: '\\DWSQL01\SQLBackup'`),
      errors: [
        { ...positionOf(smOnHost, SM_FULL), message: 'ServiceManager' },
        { ...positionOf(smOnHost, STAGING_FULL), message: 'DWStagingAndConfig' },
      ],
    },
  ],
});
