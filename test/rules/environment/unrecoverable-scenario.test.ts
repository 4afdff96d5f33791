import { unrecoverableScenario } from '../../../src/rules/environment/unrecoverable-scenario.js';
import { edit, positionOf } from '../../helpers/text.js';
import { BASE } from './base.js';
import { testRule } from './rule-tester.js';

const SM02_SERVER = String.raw`      - computer: SM02
        role: additional
        keyBackup: { file: '\\backup01\scsm\keys\SM02.bin', taken: 2026-01-13, offHost: true, password: escrowed }
`;
const DW01_KEY_FILE = String.raw`'\\backup01\scsm\keys\DW01.bin', taken: 2026-01-14`;

/** ServiceManager moved onto SM01 (D-STRAT, F3). */
const colocated = edit(edit(BASE, '  - id: SQL01\n', '  - id: SM01\n'), 'instance: SQL01', 'instance: SM01');
/** The only DW key backup on the DWStagingAndConfig host: fine alone, lost with the hq site. */
const dwKeyOnDatabaseHost = edit(
  BASE,
  DW01_KEY_FILE,
  String.raw`'\\DWSQL01\keys\DW01.bin', taken: 2026-01-14`,
);
/** The DW key password lost (F5): the data warehouse management server cannot be replaced. */
const dwKeyLost = edit(
  BASE,
  'taken: 2026-01-14, offHost: true, password: escrowed',
  'taken: 2026-01-14, offHost: true, password: lost',
);
/** A ReportServer catalog that was never backed up. */
const reportServer = edit(
  BASE,
  '\nmanagementGroups:',
  "  - name: ReportServer\n    instance: 'DWSQL01\\DW'\n\nmanagementGroups:",
);
/** The workflow server alone, with a lost key password: no promotion, no replacement (F1, F5). */
const loneWorkflowKeyLost = edit(
  edit(
    BASE,
    'taken: 2026-01-12, offHost: true, password: escrowed',
    'taken: 2026-01-12, offHost: true, password: lost',
  ),
  SM02_SERVER,
  '',
);

testRule(unrecoverableScenario, {
  valid: [
    { name: 'every computer, site and database loss has a way back', code: BASE },
    {
      name: 'the workflow server key password lost, but SM02 can be promoted (F4 inference)',
      code: edit(
        BASE,
        'taken: 2026-01-12, offHost: true, password: escrowed',
        'taken: 2026-01-12, offHost: true, password: lost',
      ),
    },
    {
      name: 'DWRepository without backup is recreated, losing history (F13), not unrecoverable',
      code: edit(
        BASE,
        '    backup:\n      full: { every: 24h, last: 2026-11-23T23:30:00Z }\n      log: { every: 30m }\n      offHost: true\n      permissionsScript: 2026-11-03\n      lastRestoreTest: 2026-09-03\n',
        '',
      ),
    },
  ],
  invalid: [
    {
      name: 'the workflow server and its database share SM01 (literal position)',
      code: colocated,
      errors: [
        {
          line: 10,
          column: 5,
          message:
            'SM01 lost: no valid recovery exists; management server SM01 and its database ServiceManager were on the same lost computer SM01',
        },
        {
          line: 10,
          column: 5,
          message:
            'site hq lost (SM01, SQL01, DW01, DWSQL01): no valid recovery exists; management server SM01',
        },
      ],
    },
    {
      name: 'a site loss takes the key backup with its server; located at the first computer of the site',
      code: dwKeyOnDatabaseHost,
      errors: [
        {
          ...positionOf(dwKeyOnDatabaseHost, 'name: SM01'),
          message:
            'site hq lost (SM01, SQL01, DW01, DWSQL01): no valid recovery exists; data warehouse management server DW01 can only be replaced, which needs its encryption key restored first, but its only key backup was stored on the lost computer DWSQL01 (F4)',
        },
      ],
    },
    {
      name: 'a lost key password makes the data warehouse management server unrecoverable',
      code: dwKeyLost,
      errors: [
        { ...positionOf(dwKeyLost, 'name: SM01'), message: 'site hq lost' },
        {
          line: 18,
          column: 5,
          message: 'DW01 lost: no valid recovery exists; data warehouse management server DW01',
        },
      ],
    },
    {
      name: 'a database loss is located at the database',
      code: reportServer,
      errors: [
        { ...positionOf(reportServer, 'name: SM01'), message: 'site hq lost' },
        {
          ...positionOf(reportServer, 'name: DWSQL01'),
          message: 'DWSQL01 lost: no valid recovery exists; database ReportServer',
        },
        {
          ...positionOf(reportServer, 'name: ReportServer'),
          message:
            'database ReportServer corrupt: no valid recovery exists; database ReportServer is lost and it has never been backed up',
        },
      ],
    },
    {
      name: 'the first reason carries its citation, and the count of the others',
      code: loneWorkflowKeyLost,
      errors: [
        {
          ...positionOf(loneWorkflowKeyLost, 'name: SM01'),
          message: '(F4, D-OV, D-PROMO) [D-BKKEY] (and 1 more reason)',
        },
        { ...positionOf(loneWorkflowKeyLost, 'name: SM01'), message: 'site hq lost' },
      ],
    },
  ],
});
