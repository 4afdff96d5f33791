import { backupStale } from '../../../src/rules/environment/backup-stale.js';
import { edit, positionOf } from '../../helpers/text.js';
import { BASE } from './base.js';
import { testRule } from './rule-tester.js';

const SM_FULL = 'full: { every: 24h, last: 2026-11-23T22:00:00Z }';
const DATAMART_FULL = 'full: { every: 7d, last: 2026-11-22T02:00:00Z }';

const stale = edit(BASE, SM_FULL, 'full: { every: 24h, last: 2026-09-27T23:00:00Z }');
const dailyAtLimit = edit(BASE, SM_FULL, 'full: { every: 24h, last: 2026-11-23 }');
const dailyDayOver = edit(BASE, SM_FULL, 'full: { every: 24h, last: 2026-11-22 }');
const weeklyAtLimit = edit(BASE, DATAMART_FULL, 'full: { every: 7d, last: 2026-11-17T00:00:00Z }');
const weeklyDayOver = edit(BASE, DATAMART_FULL, 'full: { every: 7d, last: 2026-11-16T00:00:00Z }');
const noLast = edit(BASE, SM_FULL, 'full: { every: 24h }');

testRule(backupStale, {
  valid: [
    {
      name: 'a daily backup one day over, within a configured grace of 24 hours',
      code: dailyDayOver,
      thresholds: { backupStaleGraceHours: 24 },
    },
    { name: 'every last full backup within its interval', code: BASE },
    { name: 'a daily backup exactly one day old', code: dailyAtLimit },
    { name: 'a weekly backup exactly seven days old', code: weeklyAtLimit },
    { name: 'judged at an earlier --as-of, before the last backups', code: BASE, asOf: '2026-11-20' },
    {
      name: 'judged at a later --as-of exactly one interval after the daily backup',
      code: dailyAtLimit,
      asOf: '2026-11-24T00:00:00Z',
    },
    {
      name: 'a database without backup (database-backup-missing reports it)',
      code: edit(
        BASE,
        '    backup:\n      full: { every: 7d, last: 2026-11-22T02:00:00Z }\n      differential: { every: 24h }\n      log: { every: 1h }\n      offHost: true\n      permissionsScript: 2026-11-04\n      lastRestoreTest: 2026-09-04\n',
        '',
      ),
    },
  ],
  invalid: [
    {
      name: 'a daily backup one day over, past a configured grace of 23 hours',
      code: dailyDayOver,
      thresholds: { backupStaleGraceHours: 23 },
      errors: [
        {
          ...positionOf(dailyDayOver, 'full: { every: 24h, last: 2026-11-22 }'),
          message: '(2026-11-22) is 2 days old',
        },
      ],
    },
    {
      name: 'the job stopped two months ago (literal position)',
      code: stale,
      errors: [
        {
          line: 34,
          column: 7,
          message:
            'the last full backup of ServiceManager (2026-09-27 23:00 UTC) is 57 days old as of 2026-11-24, older than its interval of 1d',
        },
      ],
    },
    {
      name: 'a daily backup one day over its interval',
      code: dailyDayOver,
      errors: [
        {
          ...positionOf(dailyDayOver, 'full: { every: 24h, last: 2026-11-22 }'),
          message: '(2026-11-22) is 2 days old',
        },
      ],
    },
    {
      name: 'a weekly backup one day over its interval',
      code: weeklyDayOver,
      errors: [
        {
          ...positionOf(weeklyDayOver, 'full: { every: 7d, last: 2026-11-16T00:00:00Z }'),
          message:
            'the last full backup of DWDataMart (2026-11-16) is 8 days old as of 2026-11-24, older than its interval of 7d',
        },
      ],
    },
    {
      name: 'no last full backup recorded',
      code: noLast,
      errors: [
        {
          ...positionOf(noLast, 'full: { every: 24h }'),
          message: 'the backup of ServiceManager records no last full backup (full.last)',
        },
      ],
    },
    {
      name: 'the same file judged two days later (--as-of): the daily backups are stale, the weekly one is not',
      code: BASE,
      asOf: '2026-11-26',
      errors: [
        { ...positionOf(BASE, SM_FULL), message: 'is 2.1 days old as of 2026-11-26' },
        {
          ...positionOf(BASE, 'full: { every: 24h, last: 2026-11-23T23:00:00Z }'),
          message: 'DWStagingAndConfig',
        },
        { ...positionOf(BASE, 'full: { every: 24h, last: 2026-11-23T23:30:00Z }'), message: 'DWRepository' },
      ],
    },
    {
      name: 'one day over the daily limit at an injected as-of',
      code: dailyAtLimit,
      asOf: '2026-11-25',
      errors: [
        {
          ...positionOf(dailyAtLimit, 'full: { every: 24h, last: 2026-11-23 }'),
          message: 'is 2 days old as of 2026-11-25',
        },
        {
          ...positionOf(dailyAtLimit, 'full: { every: 24h, last: 2026-11-23T23:00:00Z }'),
          message: 'is 1 day old',
        },
        {
          ...positionOf(dailyAtLimit, 'full: { every: 24h, last: 2026-11-23T23:30:00Z }'),
          message: 'is 1 day old',
        },
      ],
    },
  ],
});
