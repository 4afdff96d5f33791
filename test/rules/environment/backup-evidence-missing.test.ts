import { backupEvidenceMissing } from '../../../src/rules/environment/backup-evidence-missing.js';
import { BASE } from './base.js';
import { healthyServiceManager, historyCsv } from './history.js';
import { testRule } from './rule-tester.js';

const positionsOfDwBackups = () => {
  const lines = BASE.split('\n');
  const out: { line: number; column: number; message: string }[] = [];
  let current: string | undefined;
  lines.forEach((line, index) => {
    const name = /^ {2}- name: (\S+)$/.exec(line);
    if (name && lines[index + 1]?.startsWith('    instance:')) current = name[1];
    if (current && current !== 'ServiceManager' && line === '    backup:')
      out.push({ line: index + 2, column: 7, message: `has no record of ${current} on DWSQL01\\DW` });
  });
  return out;
};

testRule(backupEvidenceMissing, {
  valid: [
    { name: 'no evidence given', code: BASE },
    {
      name: 'the history covers every described database',
      code: BASE,
      evidence: historyCsv(
        [
          'ServiceManager',
          'DWStagingAndConfig',
          'DWRepository',
          'DWDataMart',
          'OMDWDataMart',
          'ReportServer',
          'DWASDataBase',
          'CMDWDataMart',
        ].map((database) => ({ database, type: 'D' as const, finish: '2026-11-23T22:00:00' })),
      ),
    },
  ],
  invalid: [
    {
      name: 'a history of ServiceManager only: every other described database is listed',
      code: BASE,
      evidence: historyCsv(healthyServiceManager()),
      errors: positionsOfDwBackups(),
    },
  ],
});
