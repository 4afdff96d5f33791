/**
 * plan-coverage (D-OV, D-PREP): every single loss that stops a service (each computer, each
 * site, each database with its host intact: the universe of `src/loss/` without pairs) is
 * handled by some scenario. The findings are plan-wide and sit at the `scenarios:` key.
 */
import { describe, expect, it } from 'vitest';
import { FOUR_COMPUTER_HA } from '../../check/environments.js';
import { ruleTester, runRule } from '../../check/harness.js';
import {
  ADD_SM02,
  PROMOTE_SM02,
  plan,
  REBUILD_DWSQL01,
  REBUILD_SQL01,
  REPLACE_DW01,
  RESTORE_SERVICEMANAGER,
  SQL01_AND_SM01,
} from '../../check/plans.js';
import { edit, positionOf } from '../../helpers/text.js';

const HEADER = 'version: 1\nscenarios:\n';

/** One plan from the scenarios of several one-scenario plans. */
function combine(...plans: string[]): string {
  return HEADER + plans.map((text) => text.slice(HEADER.length)).join('');
}

/** One scenario per computer: SM01, SM02, SQL01, DW01, DWSQL01. */
const EVERY_COMPUTER = combine(PROMOTE_SM02, ADD_SM02, REBUILD_SQL01, REPLACE_DW01, REBUILD_DWSQL01);

/** A data warehouse database corrupt on its intact host: restored in place (D-DBREC). */
function restoreDwDatabase(database: string): string {
  return plan(`${database.toLowerCase()}-corrupt`, `{ databases: [${database}] }`, [
    '{ action: stop-services, computer: DW01 }',
    `{ action: restore-database, database: ${database}, instance: 'DWSQL01\\DW' }`,
    `{ action: run-permissions-script, database: ${database} }`,
    '{ action: start-services, computer: DW01 }',
  ]);
}

/** The corruption of each database, its host intact. */
const EVERY_DATABASE = [
  RESTORE_SERVICEMANAGER,
  restoreDwDatabase('DWStagingAndConfig'),
  restoreDwDatabase('DWRepository'),
  restoreDwDatabase('DWDataMart'),
];

/** Every single loss: each computer and each database. */
const EVERY_LOSS = combine(EVERY_COMPUTER, ...EVERY_DATABASE);

/** Every computer, and every database but DWRepository. */
const NO_DWREPOSITORY = combine(
  EVERY_COMPUTER,
  RESTORE_SERVICEMANAGER,
  restoreDwDatabase('DWStagingAndConfig'),
  restoreDwDatabase('DWDataMart'),
);

/** SM01 and SQL01 in the site `hq`: the site is a loss of its own, which no computer scenario covers. */
const HQ_ENVIRONMENT = edit(
  edit(FOUR_COMPUTER_HA, '  - name: SM01\n', '  - name: SM01\n    site: hq\n'),
  '  - name: SQL01\n',
  '  - name: SQL01\n    site: HQ\n',
);

/** DW01 alone in the site `reporting`: losing the site is losing DW01. */
const SITE_ENVIRONMENT = edit(FOUR_COMPUTER_HA, '  - name: DW01\n', '  - name: DW01\n    site: reporting\n');
const EVERY_COMPUTER_WITH_SITE = edit(EVERY_LOSS, '{ computers: [DW01] }', '{ sites: [reporting] }');

/** Only the loss of SM01. */
const ONLY_SM01 = PROMOTE_SM02;

/** SQL01 and SM01 are only lost together or as a corrupt database: neither counts for the single computer. */
const COMBINED_ONLY = combine(
  SQL01_AND_SM01,
  RESTORE_SERVICEMANAGER,
  ADD_SM02,
  REPLACE_DW01,
  REBUILD_DWSQL01,
);

/** Comments between `scenarios:` and its first item. */
const COMMENTED = edit(
  ONLY_SM01,
  'scenarios:\n',
  'scenarios:\n  # R-PROMOTE (D-PROMO), then R-ADD (P-ADDMSI)\n\n',
);

ruleTester('plan-coverage', {
  valid: [
    { name: 'a scenario for each computer and each database', plan: EVERY_LOSS },
    {
      name: 'a site that holds a single computer covers that computer',
      environment: SITE_ENVIRONMENT,
      plan: EVERY_COMPUTER_WITH_SITE,
    },
  ],
  invalid: [
    {
      name: 'only the workflow server is covered',
      plan: ONLY_SM01,
      // Literal positions: the `scenarios:` key on line 2, column 1; one finding per computer,
      // sorted by message.
      errors: [
        ...['DWDataMart', 'DWRepository', 'DWStagingAndConfig', 'ServiceManager'].map((database) => ({
          line: 2,
          column: 1,
          message: `no scenario handles the corruption of database ${database} (its host ${database === 'ServiceManager' ? 'SQL01' : 'DWSQL01'} intact); add a scenario with \`lost: { databases: [${database}] }\` (\`scsm-dr plan --lost database:${database}\` proposes one)`,
        })),
        {
          line: 2,
          column: 1,
          message: 'no scenario handles the loss of DW01 (data warehouse management server)',
        },
        {
          line: 2,
          column: 1,
          message:
            'no scenario handles the loss of DWSQL01 (databases DWStagingAndConfig, DWRepository, DWDataMart)',
        },
        {
          line: 2,
          column: 1,
          message: 'no scenario handles the loss of SM02 (additional management server)',
        },
        { line: 2, column: 1, message: 'no scenario handles the loss of SQL01 (databases ServiceManager)' },
      ],
    },
    {
      name: 'a combined loss and a database loss do not cover the single computers',
      plan: COMBINED_ONLY,
      errors: [
        ...['DWDataMart', 'DWRepository', 'DWStagingAndConfig'].map((database) => ({
          ...positionOf(COMBINED_ONLY, 'scenarios:'),
          message: `the corruption of database ${database} (its host DWSQL01 intact)`,
        })),
        {
          ...positionOf(COMBINED_ONLY, 'scenarios:'),
          message: 'the loss of SM01 (workflow management server)',
        },
        { ...positionOf(COMBINED_ONLY, 'scenarios:'), message: 'the loss of SQL01' },
      ],
    },
    {
      name: 'one database corruption without a scenario, every computer covered',
      plan: NO_DWREPOSITORY,
      errors: [
        {
          ...positionOf(NO_DWREPOSITORY, 'scenarios:'),
          message:
            'no scenario handles the corruption of database DWRepository (its host DWSQL01 intact); add a scenario with `lost: { databases: [DWRepository] }` (`scsm-dr plan --lost database:DWRepository` proposes one)',
        },
      ],
    },
    {
      name: 'a site of two computers is a loss of its own, named in its first spelling',
      environment: HQ_ENVIRONMENT,
      plan: EVERY_LOSS,
      errors: [
        {
          ...positionOf(EVERY_LOSS, 'scenarios:'),
          message:
            'no scenario handles the loss of site hq (SM01, SQL01); add a scenario with `lost: { sites: [hq] }` (`scsm-dr plan --lost site:hq` proposes one)',
        },
      ],
    },
  ],
});

describe('plan-coverage location', () => {
  // A comment or blank line after `scenarios:` must not move the findings off the key.
  it('points at the `scenarios:` key even when comments follow it', () => {
    const at = positionOf(COMMENTED, 'scenarios:');
    const findings = runRule('plan-coverage', { environment: FOUR_COMPUTER_HA, plan: COMMENTED });
    expect(findings).toHaveLength(8);
    for (const finding of findings)
      expect({ line: finding.location.line, column: finding.location.column }).toEqual(at);
  });
});
