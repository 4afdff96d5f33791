import { copyOnlyOnlyFull } from '../../../src/rules/environment/copy-only-only-full.js';
import { positionOf } from '../../helpers/text.js';
import { BASE } from './base.js';
import { healthyServiceManager, historyCsv } from './history.js';
import { testRule } from './rule-tester.js';

const SM_BACKUP = positionOf(BASE, 'full: { every: 24h, last: 2026-11-23T22:00:00Z }');
const healthy = healthyServiceManager();
const copyOnly = {
  database: 'ServiceManager',
  type: 'D',
  finish: '2026-11-23T12:00:00',
  copyOnly: true,
} as const;

testRule(copyOnlyOnlyFull, {
  valid: [
    { name: 'no evidence given', code: BASE },
    {
      name: 'a copy-only full beside the nightly full',
      code: BASE,
      evidence: historyCsv([...healthy, copyOnly]),
    },
    {
      name: 'an old copy-only full outside the interval',
      code: BASE,
      evidence: historyCsv([
        ...healthy.filter((row) => row.type !== 'D' || row.finish < '2026-11-22'),
        { ...copyOnly, finish: '2026-11-20T12:00:00' },
      ]),
      asOf: '2026-11-24',
    },
  ],
  invalid: [
    {
      name: 'the nightly full stopped, an ad hoc copy-only full is the only recent one',
      code: BASE,
      evidence: historyCsv([
        ...healthy.filter((row) => row.type !== 'D' || row.finish < '2026-11-22'),
        copyOnly,
      ]),
      errors: [
        {
          ...SM_BACKUP,
          message:
            'the only full backup of ServiceManager within its interval of 1d is copy-only (2026-11-23 12:00 UTC); the last regular full is of 2026-11-21 22:00 UTC',
        },
      ],
    },
  ],
});
