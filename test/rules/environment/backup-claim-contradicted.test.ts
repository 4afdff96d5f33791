import { backupClaimContradicted } from '../../../src/rules/environment/backup-claim-contradicted.js';
import { positionOf } from '../../helpers/text.js';
import { BASE } from './base.js';
import { every, healthyServiceManager, historyCsv } from './history.js';
import { testRule } from './rule-tester.js';

const SM_BACKUP = positionOf(BASE, 'full: { every: 24h, last: 2026-11-23T22:00:00Z }');
const healthy = healthyServiceManager();
const withoutLogs = healthy.filter((row) => row.type !== 'L');

testRule(backupClaimContradicted, {
  valid: [
    { name: 'no evidence given: nothing to contradict', code: BASE },
    { name: 'the history matches every claim', code: BASE, evidence: historyCsv(healthy) },
    {
      name: 'log backups 18 minutes apart against a claim of 15 minutes (drift, not contradiction)',
      code: BASE,
      evidence: historyCsv([
        ...withoutLogs,
        ...every('ServiceManager', 'L', '2026-11-20T00:00:00', '2026-11-24T00:00:00', 18),
      ]),
    },
  ],
  invalid: [
    {
      name: 'full.last later than the newest full on record',
      code: BASE,
      evidence: historyCsv(healthy.filter((row) => !(row.type === 'D' && row.finish >= '2026-11-21'))),
      errors: [
        {
          ...SM_BACKUP,
          message:
            'full.last of ServiceManager says 2026-11-23 22:00 UTC, later than the newest full backup on record (2026-11-20 22:00 UTC)',
        },
      ],
    },
    {
      name: 'log.every shorter than the observed gap',
      code: BASE,
      evidence: historyCsv([
        ...withoutLogs,
        ...every('ServiceManager', 'L', '2026-11-20T00:00:00', '2026-11-24T00:00:00', 60),
      ]),
      errors: [
        {
          ...SM_BACKUP,
          message:
            'log.every of ServiceManager says 15m, but 1 gap in 10 between log backups on record is 1h or longer',
        },
      ],
    },
    {
      name: 'a claimed log backup that never ran',
      code: BASE,
      evidence: historyCsv(withoutLogs),
      errors: [
        {
          ...SM_BACKUP,
          message:
            'log.every of ServiceManager says 15m, but the history has no log backup of its current database',
        },
      ],
    },
    {
      name: 'offHost claimed, every device local',
      code: BASE,
      evidence: historyCsv(healthy.map((row) => ({ ...row, device: 'E:\\Backup\\sm.bak' }))),
      errors: [
        {
          ...SM_BACKUP,
          message:
            'ServiceManager claims offHost: true, but every backup on record was written to a local drive of SQL01',
        },
      ],
    },
  ],
});
