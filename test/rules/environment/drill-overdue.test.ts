import { drillOverdue } from '../../../src/rules/environment/drill-overdue.js';
import { edit, positionOf } from '../../helpers/text.js';
import { BASE } from './base.js';
import { testRule } from './rule-tester.js';

const DRILL = '  - { scenario: workflow-server-lost, date: 2026-05-14, outcome: passed, duration: 3h }\n';

const none = edit(BASE, `drills:\n${DRILL}`, '');
const atLimit = edit(BASE, 'date: 2026-05-14', 'date: 2025-11-24');
const dayOver = edit(BASE, 'date: 2026-05-14', 'date: 2025-11-23');
/** Two old drills, the newer one listed first. */
const twoOld = edit(
  BASE,
  DRILL,
  '  - { scenario: sm-sql-host-lost, date: 2025-03-10, outcome: failed }\n  - { scenario: workflow-server-lost, date: 2024-05-14, outcome: passed }\n',
);
const future = edit(BASE, 'date: 2026-05-14', 'date: 2026-12-01');

testRule(drillOverdue, {
  valid: [
    {
      name: 'a drill exactly at a configured window (thresholds.drillWindowDays)',
      code: BASE,
      thresholds: { drillWindowDays: 194 },
    },
    { name: 'a drill in May, as of November', code: BASE },
    { name: 'a drill exactly 365 days old', code: atLimit },
    {
      name: 'a failed drill counts',
      code: edit(BASE, 'outcome: passed', 'outcome: failed'),
    },
    { name: 'a drill exactly 365 days before an injected as-of', code: BASE, asOf: '2027-05-14' },
  ],
  invalid: [
    {
      name: 'a drill one day outside a configured window (thresholds.drillWindowDays)',
      code: BASE,
      thresholds: { drillWindowDays: 193 },
      errors: [
        {
          ...positionOf(BASE, '{ scenario: workflow-server-lost'),
          message: 'is 194 days old as of 2026-11-24, more than the 193-day window',
        },
      ],
    },
    {
      name: 'no drills at all: located at the document root (literal position)',
      code: none,
      errors: [
        {
          line: 1,
          column: 1,
          message:
            'contoso-production has no recovery drill recorded up to 2026-11-24: the recovery procedures have never been rehearsed in this environment',
        },
      ],
    },
    {
      name: 'the only drill one day outside the window',
      code: dayOver,
      errors: [
        {
          ...positionOf(dayOver, '{ scenario: workflow-server-lost'),
          message:
            'the last recovery drill of contoso-production (workflow-server-lost, 2025-11-23, passed) is 366 days old as of 2026-11-24, more than the 365-day window',
        },
      ],
    },
    {
      name: 'one day outside the window at an injected as-of',
      code: BASE,
      asOf: '2027-05-15',
      errors: [
        {
          ...positionOf(BASE, '{ scenario: workflow-server-lost'),
          message: 'is 366 days old as of 2027-05-15',
        },
      ],
    },
    {
      name: 'located at the newest drill, wherever it is listed',
      code: twoOld,
      errors: [
        {
          ...positionOf(twoOld, '{ scenario: sm-sql-host-lost'),
          message: '(sm-sql-host-lost, 2025-03-10, failed) is 624 days old',
        },
      ],
    },
    {
      name: 'a drill dated after the as-of date does not count',
      code: future,
      errors: [{ line: 1, column: 1, message: 'has no recovery drill recorded up to 2026-11-24' }],
    },
  ],
});
