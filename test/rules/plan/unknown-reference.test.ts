/**
 * unknown-reference (D-OV, D-DBREC, D-BKMS): a plan names only what the environment declares;
 * a misspelt name is reported at the value, with the nearest declared name.
 */
import { describe, expect, it } from 'vitest';
import { FOUR_COMPUTER } from '../../check/environments.js';
import { checkTexts, ruleTester, runRule } from '../../check/harness.js';
import { PROMOTE_SM02, plan, REBUILD_SQL01, REPLACE_SM01, REPLACE_SM01_STEPS } from '../../check/plans.js';
import { edit, positionOf } from '../../helpers/text.js';

/** SMO1 (letter O) for SM01 in the key restore. */
const MISSPELT_COMPUTER = `version: 1
scenarios:
  - id: workflow-server-lost
    lost: { computers: [SM01] }
    steps:
      - { action: provision-computer, computer: SM01 }
      - { action: restore-encryption-key, computer: SMO1 }
      - { action: install-management-server, computer: SM01, database: ServiceManager, role: workflow }
      - { action: import-management-packs, computer: SM01 }
      - { action: backup-encryption-key, computer: SM01 }
`;

/** A misspelt `lost` entry, database and instance. */
const MISSPELT_SQL = edit(
  edit(REBUILD_SQL01, '{ computers: [SQL01] }', '{ computers: [SQL1] }'),
  '{ action: restore-database, database: ServiceManager, instance: SQL01 }',
  '{ action: restore-database, database: ServiceManger, instance: SQL01 }',
);

/** A misspelt `from` and a misspelt management group. */
const MISSPELT_FROM_AND_GROUP = plan('workflow-server-lost', '{ computers: [SM01] }', [
  ...REPLACE_SM01_STEPS.map((step) =>
    step === '{ action: restore-encryption-key, computer: SM01 }'
      ? '{ action: restore-encryption-key, computer: SM01, from: SM10 }'
      : step,
  ),
  '{ action: register-data-warehouse, managementGroup: SMGM, dataWarehouse: DW_SMMG }',
]);

/** Names in another letter case, and the default instance spelt out, resolve to the declared ones. */
const OTHER_SPELLINGS = edit(
  edit(REBUILD_SQL01, '{ computers: [SQL01] }', '{ computers: [sql01] }'),
  '{ action: restore-database, database: ServiceManager, instance: SQL01 }',
  "{ action: restore-database, database: servicemanager, instance: 'SQL01\\MSSQLSERVER' }",
);

ruleTester('unknown-reference', {
  valid: [
    { name: 'declared names only', plan: REPLACE_SM01 },
    {
      name: 'names in other letter case and SQL01\\MSSQLSERVER for the default instance',
      plan: OTHER_SPELLINGS,
    },
  ],
  invalid: [
    {
      name: 'a misspelt computer: SMO1 for SM01',
      plan: MISSPELT_COMPUTER,
      // Literal position: the value `SMO1` on line 7, column 53.
      errors: [
        {
          line: 7,
          column: 53,
          message: "computer 'SMO1' is not declared in environment.yaml; did you mean 'SM01'?",
        },
      ],
    },
    {
      name: 'a misspelt lost computer and database',
      plan: MISSPELT_SQL,
      errors: [
        {
          ...positionOf(MISSPELT_SQL, 'SQL1]'),
          message: "computer 'SQL1' is not declared in environment.yaml; did you mean 'SQL01'?",
        },
        {
          ...positionOf(MISSPELT_SQL, 'ServiceManger'),
          message:
            "database 'ServiceManger' is not declared in environment.yaml; did you mean 'ServiceManager'?",
        },
      ],
    },
    {
      name: 'a misspelt key owner and management group',
      plan: MISSPELT_FROM_AND_GROUP,
      errors: [
        {
          ...positionOf(MISSPELT_FROM_AND_GROUP, 'SM10'),
          message: "'SM10' is not declared in environment.yaml; did you mean 'SM01'?",
        },
        {
          ...positionOf(MISSPELT_FROM_AND_GROUP, 'SMGM'),
          message: "'SMGM' is not declared in environment.yaml; did you mean 'SMMG'?",
        },
      ],
    },
    {
      name: 'a plan written for a group with SM02, checked against one without',
      environment: FOUR_COMPUTER,
      plan: PROMOTE_SM02,
      errors: [1, 2, 3, 4].map((occurrence) => ({
        ...positionOf(PROMOTE_SM02, 'SM02', occurrence),
        message: "computer 'SM02' is not declared in environment.yaml; did you mean 'SM01'?",
      })),
    },
  ],
});

describe('unknown-reference: what is not a reference', () => {
  it('does not execute a scenario with an unknown name, so it reports nothing else about it', () => {
    const result = checkTexts({ environment: FOUR_COMPUTER, plan: PROMOTE_SM02 });
    expect(
      result.findings.filter((f) => f.ruleId !== 'unknown-reference' && f.ruleId !== 'plan-coverage'),
    ).toEqual([]);
    expect(result.scenarios[0]?.recovered).toBe(false);
  });

  it('accepts a new computer name in provision-computer (R-ADD may use one), even one a letter off', () => {
    const typo = edit(
      REPLACE_SM01,
      '{ action: provision-computer, computer: SM01 }',
      '{ action: provision-computer, computer: SMO1 }',
    );
    const input = { environment: FOUR_COMPUTER, plan: typo };
    expect(runRule('unknown-reference', input)).toEqual([]);
    // The typo shows up as the next step failing on the computer that was never provisioned.
    expect(runRule('step-precondition', input)[0]?.location).toMatchObject(
      positionOf(typo, '{ action: restore-encryption-key'),
    );
  });
});
