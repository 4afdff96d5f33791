import { keyBackupNotOffHost } from '../../../src/rules/environment/key-backup-not-off-host.js';
import { edit, positionOf } from '../../helpers/text.js';
import { BASE } from './base.js';
import { testRule } from './rule-tester.js';

const SM01_FILE = String.raw`file: '\\backup01\scsm\keys\SM01.bin', taken: 2026-01-12, offHost: true`;
const SM02_FILE = String.raw`file: '\\backup01\scsm\keys\SM02.bin', taken: 2026-01-13, offHost: true`;
const DW01_FILE = String.raw`file: '\\backup01\scsm\keys\DW01.bin', taken: 2026-01-14, offHost: true`;

/** BASE with the key file line of one server replaced. */
const withKey = (from: string, to: string): string => edit(BASE, from, to);

const localFalse = withKey(
  SM01_FILE,
  String.raw`file: 'C:\Backup\SM01.bin', taken: 2026-01-12, offHost: false`,
);
const localJudged = withKey(SM02_FILE, String.raw`file: 'D:\Keys\SM02.bin', taken: 2026-01-13`);
const uncToItself = withKey(
  SM01_FILE,
  String.raw`file: '\\SM01\keys$\SM01.bin', taken: 2026-01-12, offHost: true`,
);
const onSmDatabaseHost = withKey(
  SM01_FILE,
  String.raw`file: '\\SQL01\keys$\SM01.bin', taken: 2026-01-12, offHost: true`,
);
const onDwDatabaseHost = withKey(DW01_FILE, String.raw`file: '\\DWSQL01\keys$\DW01.bin', taken: 2026-01-14`);
const declaredFalseElsewhere = withKey(
  SM01_FILE,
  String.raw`file: '\\SM02\keys$\SM01.bin', taken: 2026-01-12, offHost: false`,
);

const falseOnUndeclaredShare = withKey(
  SM02_FILE,
  String.raw`file: '\\backup01\scsm\keys\SM02.bin', taken: 2026-01-13, offHost: false`,
);

const at = (text: string, server: string) => positionOf(text, `{ file: '`, keyIndex(server));
function keyIndex(server: string): number {
  return ['SM01', 'SM02', 'DW01'].indexOf(server) + 1;
}

testRule(keyBackupNotOffHost, {
  valid: [
    { name: 'every key backup on a share of an undeclared backup server', code: BASE },
    {
      name: "the key of SM01 on the other management server's share",
      code: withKey(SM01_FILE, String.raw`file: '\\SM02\keys$\SM01.bin', taken: 2026-01-12, offHost: true`),
    },
    {
      name: 'a UNC path to another computer without offHost is judged off-host',
      code: withKey(DW01_FILE, String.raw`file: '\\SM02\keys$\DW01.bin', taken: 2026-01-14`),
    },
    {
      name: 'a server without a key backup (key-backup-missing reports it)',
      code: edit(
        BASE,
        String.raw`
      keyBackup: { file: '\\backup01\scsm\keys\DW01.bin', taken: 2026-01-14, offHost: true, password: escrowed }`,
        '',
      ),
    },
  ],
  invalid: [
    {
      name: 'a local path declared offHost: false (literal position)',
      code: localFalse,
      errors: [
        {
          line: 73,
          column: 20,
          message: String.raw`the encryption key backup of workflow management server SM01 of SMMG ('C:\Backup\SM01.bin') is kept on SM01 itself (offHost: false)`,
        },
      ],
    },
    {
      name: 'a local path with offHost omitted is judged on the server',
      code: localJudged,
      errors: [
        {
          ...at(localJudged, 'SM02'),
          message: 'is kept on SM02 itself (offHost: false): it is lost together',
        },
      ],
    },
    {
      name: "a UNC share on the server's own computer, even with offHost: true",
      code: uncToItself,
      errors: [{ ...at(uncToItself, 'SM01'), message: 'is kept on SM01 itself: it is lost together' }],
    },
    {
      name: 'on the computer of the ServiceManager database',
      code: onSmDatabaseHost,
      errors: [
        {
          ...at(onSmDatabaseHost, 'SM01'),
          message:
            'is kept on SQL01, which hosts its database ServiceManager: losing SM01 and SQL01 together',
        },
      ],
    },
    {
      name: 'on the computer of DWStagingAndConfig, for the data warehouse management server',
      code: onDwDatabaseHost,
      errors: [
        {
          ...at(onDwDatabaseHost, 'DW01'),
          message: 'data warehouse management server DW01 of DW_SMMG',
        },
      ],
    },
    {
      name: 'declared offHost: false on a share of an undeclared computer',
      code: falseOnUndeclaredShare,
      errors: [
        {
          ...at(falseOnUndeclaredShare, 'SM02'),
          message: String.raw`('\\backup01\scsm\keys\SM02.bin') is declared not off-host (offHost: false)`,
        },
      ],
    },
    {
      name: 'declared offHost: false although the path names another computer',
      code: declaredFalseElsewhere,
      errors: [
        {
          ...at(declaredFalseElsewhere, 'SM01'),
          message: 'is declared not off-host (offHost: false): no copy is known to survive the loss of SM01',
        },
      ],
    },
  ],
});
