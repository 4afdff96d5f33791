import { backupOlderThanRpo } from '../../../src/rules/environment/backup-older-than-rpo.js';
import { positionOf } from '../../helpers/text.js';
import { BASE } from './base.js';
import { healthyServiceManager, historyCsv } from './history.js';
import { testRule } from './rule-tester.js';

const SM_BACKUP = positionOf(BASE, 'full: { every: 24h, last: 2026-11-23T22:00:00Z }');
const healthy = healthyServiceManager();

testRule(backupOlderThanRpo, {
  valid: [
    { name: 'no evidence given', code: BASE },
    {
      name: 'a log backup 15 minutes before the as-of date, RPO 1h',
      code: BASE,
      evidence: historyCsv(healthy),
    },
    { name: 'exactly one RPO old', code: BASE, evidence: historyCsv(healthy), asOf: '2026-11-24T00:45:00Z' },
  ],
  invalid: [
    {
      name: 'the log job stopped a day ago',
      code: BASE,
      evidence: historyCsv(healthy.filter((row) => row.finish < '2026-11-23T00:00')),
      errors: [
        {
          ...SM_BACKUP,
          message:
            'the newest backup of ServiceManager on record (2026-11-22 23:45 UTC) is 1 day old as of 2026-11-24, over the RPO of 1h',
        },
      ],
    },
    {
      name: 'one minute over the RPO',
      code: BASE,
      evidence: historyCsv(healthy),
      asOf: '2026-11-24T00:46:00Z',
      errors: [{ ...SM_BACKUP, message: 'is 1h 1m old as of 2026-11-24 00:46 UTC' }],
    },
    {
      name: 'an unknown time zone is judged at its earliest possible instant',
      code: BASE,
      evidence: historyCsv(healthy.map((row) => ({ ...row, timeZone: 127 }))),
      errors: [
        {
          ...SM_BACKUP,
          message: '(2026-11-23 09:45 UTC, time zone unknown, judged at its earliest) is 14h 15m old',
        },
      ],
    },
  ],
});
