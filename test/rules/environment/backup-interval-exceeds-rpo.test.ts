import { backupIntervalExceedsRpo } from '../../../src/rules/environment/backup-interval-exceeds-rpo.js';
import { edit, positionOf } from '../../helpers/text.js';
import { BASE } from './base.js';
import { testRule } from './rule-tester.js';

const SM_FULL = 'full: { every: 24h, last: 2026-11-23T22:00:00Z }';
const STAGING_FULL = 'full: { every: 24h, last: 2026-11-23T23:00:00Z }';
const REPOSITORY_FULL = 'full: { every: 24h, last: 2026-11-23T23:30:00Z }';
const DATAMART_FULL = 'full: { every: 7d, last: 2026-11-22T02:00:00Z }';

const fullOnly = edit(BASE, '      differential: { every: 6h }\n      log: { every: 15m }\n', '');
const differentialOnly = edit(
  BASE,
  '      differential: { every: 6h }\n      log: { every: 15m }\n',
  '      differential: { every: 6h }\n',
);
const minuteOver = edit(BASE, '      log: { every: 1h }\n', '      log: { every: 61m }\n');
const tightRpo = edit(BASE, 'rpo: 1h', 'rpo: 10m');

testRule(backupIntervalExceedsRpo, {
  valid: [
    { name: 'every shortest interval within the 1h RPO; DWDataMart logs exactly at it', code: BASE },
    { name: 'an ISO 8601 RPO equal to the longest interval', code: edit(BASE, 'rpo: 1h', 'rpo: PT60M') },
    { name: 'a 24h RPO met by full backups alone', code: edit(fullOnly, 'rpo: 1h', 'rpo: 24h') },
  ],
  invalid: [
    {
      name: 'daily full backups only, against a 1h RPO (literal position)',
      code: fullOnly,
      errors: [
        {
          line: 34,
          column: 7,
          message:
            'the most frequent backup of ServiceManager runs every 1d (full), longer than the RPO of 1h: a loss just before the next backup loses up to 1d of data',
        },
      ],
    },
    {
      name: 'differentials are the most frequent backup',
      code: differentialOnly,
      errors: [{ ...positionOf(differentialOnly, SM_FULL), message: 'runs every 6h (differential)' }],
    },
    {
      name: 'log backups one minute longer than the RPO',
      code: minuteOver,
      errors: [
        {
          ...positionOf(minuteOver, DATAMART_FULL),
          message: 'DWDataMart runs every 1h 1m (log), longer than the RPO of 1h',
        },
      ],
    },
    {
      name: 'a 10-minute RPO: every database, in file order',
      code: tightRpo,
      errors: [
        {
          ...positionOf(tightRpo, SM_FULL),
          message: 'ServiceManager runs every 15m (log), longer than the RPO of 10m',
        },
        { ...positionOf(tightRpo, STAGING_FULL), message: 'DWStagingAndConfig runs every 30m (log)' },
        { ...positionOf(tightRpo, REPOSITORY_FULL), message: 'DWRepository runs every 30m (log)' },
        { ...positionOf(tightRpo, DATAMART_FULL), message: 'DWDataMart runs every 1h (log)' },
      ],
    },
  ],
});
