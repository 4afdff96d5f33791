import { permissionsScriptMissing } from '../../../src/rules/environment/permissions-script-missing.js';
import { edit, positionOf } from '../../helpers/text.js';
import { BASE } from './base.js';
import { testRule, withoutBackup } from './rule-tester.js';

const SM_FULL = 'full: { every: 24h, last: 2026-11-23T22:00:00Z }';
const DATAMART_FULL = 'full: { every: 7d, last: 2026-11-22T02:00:00Z }';

const scriptFalse = edit(BASE, 'permissionsScript: 2026-11-01', 'permissionsScript: false');
const scriptAbsent = edit(BASE, '      permissionsScript: 2026-11-04\n', '');
const both = edit(scriptFalse, '      permissionsScript: 2026-11-04\n', '');

testRule(permissionsScriptMissing, {
  valid: [
    { name: 'every backup has a permissions script', code: BASE },
    {
      name: 'a database without backup (database-backup-missing reports it)',
      code: withoutBackup(scriptFalse, 'ServiceManager'),
    },
  ],
  invalid: [
    {
      name: 'permissionsScript: false (literal position)',
      code: scriptFalse,
      errors: [
        {
          line: 34,
          column: 7,
          message:
            'ServiceManager has no SQL permissions script (permissionsScript: false): after a restore its logins and roles must be recreated by hand (D-DBREC, F11)',
        },
      ],
    },
    {
      name: 'no permissionsScript recorded',
      code: scriptAbsent,
      errors: [
        {
          ...positionOf(scriptAbsent, DATAMART_FULL),
          message: 'DWDataMart has no SQL permissions script (no permissionsScript recorded)',
        },
      ],
    },
    {
      name: 'both, in file order',
      code: both,
      errors: [
        { ...positionOf(both, SM_FULL), message: 'ServiceManager' },
        { ...positionOf(both, DATAMART_FULL), message: 'DWDataMart' },
      ],
    },
  ],
});
