import { restoreNeverTested } from '../../../src/rules/environment/restore-never-tested.js';
import { edit, positionOf } from '../../helpers/text.js';
import { BASE } from './base.js';
import { testRule, withoutBackup } from './rule-tester.js';

const SM_FULL = 'full: { every: 24h, last: 2026-11-23T22:00:00Z }';
const REPOSITORY_FULL = 'full: { every: 24h, last: 2026-11-23T23:30:00Z }';

const never = edit(BASE, '      lastRestoreTest: 2026-09-01\n', '');
const atLimit = edit(BASE, 'lastRestoreTest: 2026-09-01', 'lastRestoreTest: 2025-11-24');
const dayOver = edit(BASE, 'lastRestoreTest: 2026-09-01', 'lastRestoreTest: 2025-11-23');
const oldRepository = edit(never, 'lastRestoreTest: 2026-09-03', 'lastRestoreTest: 2024-02-14');

testRule(restoreNeverTested, {
  valid: [
    {
      name: 'a test exactly at a configured window (thresholds.restoreTestWindowDays)',
      code: BASE,
      thresholds: { restoreTestWindowDays: 84 },
    },
    { name: 'every backup test-restored this year', code: BASE },
    { name: 'a test exactly 365 days old', code: atLimit },
    { name: 'a test exactly 365 days before an injected as-of', code: BASE, asOf: '2027-09-01' },
    {
      name: 'a database without backup (database-backup-missing reports it)',
      code: withoutBackup(never, 'ServiceManager'),
    },
  ],
  invalid: [
    {
      name: 'a test one day outside a configured window (thresholds.restoreTestWindowDays)',
      code: BASE,
      thresholds: { restoreTestWindowDays: 83 },
      errors: [
        {
          ...positionOf(BASE, SM_FULL),
          message: 'is 84 days old as of 2026-11-24, outside the 83-day window',
        },
      ],
    },
    {
      name: 'never tested (literal position)',
      code: never,
      errors: [
        {
          line: 34,
          column: 7,
          message: 'no restore of ServiceManager has ever been tested (no lastRestoreTest)',
        },
      ],
    },
    {
      name: 'a test one day outside the window',
      code: dayOver,
      errors: [
        {
          ...positionOf(dayOver, SM_FULL),
          message:
            'the last restore test of ServiceManager (2025-11-23) is 366 days old as of 2026-11-24, outside the 365-day window',
        },
      ],
    },
    {
      name: 'one day outside the window at an injected as-of',
      code: BASE,
      asOf: '2027-09-02',
      errors: [
        {
          ...positionOf(BASE, SM_FULL),
          message: 'ServiceManager (2026-09-01) is 366 days old as of 2027-09-02',
        },
      ],
    },
    {
      name: 'never and long ago, in file order',
      code: oldRepository,
      errors: [
        { ...positionOf(oldRepository, SM_FULL), message: 'ServiceManager has ever been tested' },
        {
          ...positionOf(oldRepository, REPOSITORY_FULL),
          message: 'DWRepository (2024-02-14) is 1014 days old',
        },
      ],
    },
  ],
});
