import { collationMismatch } from '../../../src/rules/environment/collation-mismatch.js';
import { edit, positionOf } from '../../helpers/text.js';
import { BASE } from './base.js';
import { testRule } from './rule-tester.js';

const DW_INSTANCE = "  - id: 'DWSQL01\\DW'\n    collation: SQL_Latin1_General_CP1_CI_AS\n";
const SM_INSTANCE = '  - id: SQL01\n    collation: SQL_Latin1_General_CP1_CI_AS\n';

const ukDefault = edit(BASE, DW_INSTANCE, "  - id: 'DWSQL01\\DW'\n    collation: Latin1_General_CI_AS\n");
const smOdd = edit(BASE, SM_INSTANCE, '  - id: SQL01\n    collation: Latin1_General_CI_AS\n');
/** A third instance (on DW01) for DWDataMart, with a third collation. */
const threeWays = edit(
  edit(ukDefault, '\ndatabases:', '  - id: DW01\n    collation: Latin1_General_BIN\n\ndatabases:'),
  "  - name: DWDataMart\n    instance: 'DWSQL01\\DW'",
  '  - name: DWDataMart\n    instance: DW01',
);

testRule(collationMismatch, {
  valid: [
    { name: 'one collation everywhere', code: BASE },
    {
      name: 'an instance without a declared collation is not compared',
      code: edit(BASE, DW_INSTANCE, "  - id: 'DWSQL01\\DW'\n"),
    },
    {
      name: 'an instance hosting no database is not compared',
      code: edit(BASE, '\ndatabases:', '  - id: DW01\n    collation: Latin1_General_CI_AS\n\ndatabases:'),
    },
    {
      name: 'collation names compare case-insensitively',
      code: edit(BASE, DW_INSTANCE, "  - id: 'DWSQL01\\DW'\n    collation: sql_latin1_general_cp1_ci_as\n"),
    },
  ],
  invalid: [
    {
      name: 'the data warehouse instance on the UK default (literal position)',
      code: ukDefault,
      errors: [
        {
          line: 26,
          column: 5,
          message: String.raw`SQL instance DWSQL01\DW (DWStagingAndConfig, DWRepository and DWDataMart) uses collation Latin1_General_CI_AS, but SQL01 (ServiceManager) uses SQL_Latin1_General_CP1_CI_AS: the collation must match across the SCSM database hosts (P-SCEN)`,
        },
      ],
    },
    {
      name: 'the ServiceManager instance is the reference even when it is the odd one',
      code: smOdd,
      errors: [
        {
          ...positionOf(smOdd, "id: 'DWSQL01\\DW'"),
          message: 'but SQL01 (ServiceManager) uses Latin1_General_CI_AS',
        },
      ],
    },
    {
      name: 'three collations: every instance unlike the ServiceManager one, in file order',
      code: threeWays,
      errors: [
        {
          ...positionOf(threeWays, "id: 'DWSQL01\\DW'"),
          message: 'DWStagingAndConfig and DWRepository) uses collation Latin1_General_CI_AS',
        },
        {
          ...positionOf(threeWays, 'id: DW01'),
          message: 'SQL instance DW01 (DWDataMart) uses collation Latin1_General_BIN',
        },
      ],
    },
  ],
});
