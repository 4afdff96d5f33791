import { logChainBroken } from '../../../src/rules/environment/log-chain-broken.js';
import { positionOf } from '../../helpers/text.js';
import { BASE } from './base.js';
import { every, healthyServiceManager, historyCsv } from './history.js';
import { testRule } from './rule-tester.js';

const SM_BACKUP = positionOf(BASE, 'full: { every: 24h, last: 2026-11-23T22:00:00Z }');
const healthy = healthyServiceManager();
const fullsOnly = healthy.filter((row) => row.type === 'D');

testRule(logChainBroken, {
  valid: [
    { name: 'no evidence given', code: BASE },
    { name: 'log backups every 15 minutes', code: BASE, evidence: historyCsv(healthy) },
    {
      name: 'the SIMPLE recovery model needs no log backup',
      code: BASE,
      evidence: historyCsv(fullsOnly.map((row) => ({ ...row, model: 'SIMPLE' }))),
    },
  ],
  invalid: [
    {
      name: 'FULL recovery model and no log backup at all',
      code: BASE,
      evidence: historyCsv(fullsOnly),
      errors: [
        {
          ...SM_BACKUP,
          message: 'ServiceManager is in the FULL recovery model but the history shows no log backup',
        },
      ],
    },
    {
      name: 'no log backup since the last full',
      code: BASE,
      evidence: historyCsv([
        ...fullsOnly,
        ...every('ServiceManager', 'L', '2026-11-20T00:00:00', '2026-11-22T00:00:00', 15),
      ]),
      errors: [
        {
          ...SM_BACKUP,
          message:
            'no log backup finished after its last full backup (2026-11-23 22:00 UTC); the last log backup is of 2026-11-21 23:45 UTC',
        },
      ],
    },
  ],
});
