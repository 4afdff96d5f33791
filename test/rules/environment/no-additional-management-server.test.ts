import { noAdditionalManagementServer } from '../../../src/rules/environment/no-additional-management-server.js';
import { edit, positionOf } from '../../helpers/text.js';
import { BASE } from './base.js';
import { testRule } from './rule-tester.js';

const SM02_SERVER = String.raw`      - computer: SM02
        role: additional
        keyBackup: { file: '\\backup01\scsm\keys\SM02.bin', taken: 2026-01-13, offHost: true, password: escrowed }
`;

const single = edit(BASE, SM02_SERVER, '');
/** A second Service Manager group with one server on a computer of its own. */
const secondGroup = edit(
  edit(
    edit(BASE, '  - name: DWSQL01\n', '  - name: SM03\n  - name: DWSQL01\n'),
    '\nmanagementGroups:\n',
    String.raw`  - name: ServiceManagerLab
    instance: SQL01
    backup: { full: { every: 24h, last: 2026-11-23T21:00:00Z }, log: { every: 15m }, offHost: true, permissionsScript: 2026-11-01, lastRestoreTest: 2026-09-01 }

managementGroups:
  - name: SMLAB
    type: service-manager
    database: ServiceManagerLab
    managementServers:
      - computer: SM03
        role: workflow
        keyBackup: { file: '\\backup01\scsm\keys\SM03.bin', taken: 2026-01-15, offHost: true, password: escrowed }
    unsealedManagementPacks: { lastExport: 2026-11-20, offHost: true }
`,
  ),
  SM02_SERVER,
  '',
);

testRule(noAdditionalManagementServer, {
  valid: [
    { name: 'a workflow server and an additional server', code: BASE },
    {
      name: 'the additional server declared first',
      code: edit(BASE, SM02_SERVER, '').replace(
        '    managementServers:\n',
        `    managementServers:\n${SM02_SERVER}`,
      ),
    },
  ],
  invalid: [
    {
      name: 'the workflow server alone (literal position)',
      code: single,
      errors: [
        {
          line: 67,
          column: 5,
          message:
            'management group SMMG has a single management server, SM01: if it fails it can only be replaced, because promotion needs an additional management server (D-OV)',
        },
      ],
    },
    {
      name: 'two groups with a single server each, in file order',
      code: secondGroup,
      errors: [
        {
          ...positionOf(secondGroup, 'name: SMLAB'),
          message: 'management group SMLAB has a single management server, SM03',
        },
        {
          ...positionOf(secondGroup, 'name: SMMG'),
          message: 'management group SMMG has a single management server, SM01',
        },
      ],
    },
  ],
});
