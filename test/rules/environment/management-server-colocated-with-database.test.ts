import { managementServerColocatedWithDatabase } from '../../../src/rules/environment/management-server-colocated-with-database.js';
import { edit, positionOf } from '../../helpers/text.js';
import { BASE } from './base.js';
import { testRule } from './rule-tester.js';

/** ServiceManager moved onto a default instance of SM01 (the two-computer layout, P-2C). */
const smOnWorkflowServer = edit(
  edit(BASE, '  - id: SQL01\n', '  - id: SM01\n'),
  'instance: SQL01',
  'instance: SM01',
);
/** The additional server installed on the SQL Server computer of ServiceManager. */
const additionalOnSql = edit(
  edit(BASE, '  - name: SM02\n    fqdn: sm02.contoso.example\n    site: dr\n', ''),
  '      - computer: SM02',
  '      - computer: SQL01',
);
/** The data warehouse management server on the computer of DWStagingAndConfig. */
const dwOnStagingHost = edit(
  edit(BASE, '    managementServer:\n      computer: DW01', '    managementServer:\n      computer: DWSQL01'),
  '  - name: DW01\n    site: hq\n',
  '',
);
/** DWDataMart alone on an instance of DW01, the data warehouse management server. */
const datamartOnDwServer = edit(
  edit(
    BASE,
    "  - id: 'DWSQL01\\DW'\n",
    "  - id: DW01\n    collation: SQL_Latin1_General_CP1_CI_AS\n  - id: 'DWSQL01\\DW'\n",
  ),
  "  - name: DWDataMart\n    instance: 'DWSQL01\\DW'",
  '  - name: DWDataMart\n    instance: DW01',
);

testRule(managementServerColocatedWithDatabase, {
  valid: [
    { name: 'every management server on its own computer', code: BASE },
    {
      name: 'the data warehouse management server shares a computer with DWDataMart only',
      code: datamartOnDwServer,
    },
  ],
  invalid: [
    {
      name: 'the workflow server and ServiceManager on one computer (literal position)',
      code: smOnWorkflowServer,
      errors: [
        {
          line: 71,
          column: 9,
          message:
            'workflow management server SM01 of SMMG shares computer SM01 with its database ServiceManager (instance SM01): if SM01 fails, recovery of the management server is impossible (D-STRAT, F3)',
        },
      ],
    },
    {
      name: 'an additional server on the ServiceManager host',
      code: additionalOnSql,
      errors: [
        {
          ...positionOf(additionalOnSql, 'computer: SQL01'),
          message:
            'additional management server SQL01 of SMMG shares computer SQL01 with its database ServiceManager',
        },
      ],
    },
    {
      name: 'the data warehouse management server on the DWStagingAndConfig host',
      code: dwOnStagingHost,
      errors: [
        {
          ...positionOf(dwOnStagingHost, 'computer: DWSQL01\n'),
          message: String.raw`data warehouse management server DWSQL01 of DW_SMMG shares computer DWSQL01 with its database DWStagingAndConfig (instance DWSQL01\DW)`,
        },
      ],
    },
  ],
});
