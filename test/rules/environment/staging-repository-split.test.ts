import { stagingRepositorySplit } from '../../../src/rules/environment/staging-repository-split.js';
import { edit, positionOf } from '../../helpers/text.js';
import { BASE } from './base.js';
import { testRule } from './rule-tester.js';

const REPOSITORY = "  - name: DWRepository\n    instance: 'DWSQL01\\DW'";

const otherComputer = edit(BASE, REPOSITORY, '  - name: DWRepository\n    instance: SQL01');
const otherInstance = edit(
  edit(BASE, REPOSITORY, "  - name: DWRepository\n    instance: 'DWSQL01\\DW2'"),
  '\ndatabases:',
  "  - id: 'DWSQL01\\DW2'\n    collation: SQL_Latin1_General_CP1_CI_AS\n\ndatabases:",
);

testRule(stagingRepositorySplit, {
  valid: [
    { name: 'staging and repository on one named instance', code: BASE },
    {
      name: 'the same instance spelt in another case',
      code: edit(BASE, REPOSITORY, "  - name: DWRepository\n    instance: 'dwsql01\\dw'"),
    },
    {
      name: 'DWDataMart on another instance is allowed',
      code: edit(
        BASE,
        "  - name: DWDataMart\n    instance: 'DWSQL01\\DW'",
        '  - name: DWDataMart\n    instance: SQL01',
      ),
    },
  ],
  invalid: [
    {
      name: 'the repository on another computer (literal position)',
      code: otherComputer,
      errors: [
        {
          line: 79,
          column: 5,
          message: String.raw`DW_SMMG keeps DWStagingAndConfig on DWSQL01\DW and DWRepository on SQL01: the two must reside on the same instance`,
        },
      ],
    },
    {
      name: 'another named instance of the same computer',
      code: otherInstance,
      errors: [
        {
          ...positionOf(otherInstance, 'name: DW_SMMG'),
          message: String.raw`DWStagingAndConfig on DWSQL01\DW and DWRepository on DWSQL01\DW2`,
        },
      ],
    },
  ],
});
