import { keyPasswordUnavailable } from '../../../src/rules/environment/key-password-unavailable.js';
import { edit, positionOf } from '../../helpers/text.js';
import { BASE } from './base.js';
import { testRule } from './rule-tester.js';

const SM01_KEY = String.raw`{ file: '\\backup01\scsm\keys\SM01.bin'`;
const DW01_KEY = String.raw`{ file: '\\backup01\scsm\keys\DW01.bin'`;

const sm01Unknown = edit(
  BASE,
  'taken: 2026-01-12, offHost: true, password: escrowed',
  'taken: 2026-01-12, offHost: true, password: unknown',
);
const dwLost = edit(
  BASE,
  'taken: 2026-01-14, offHost: true, password: escrowed',
  'taken: 2026-01-14, offHost: true, password: lost',
);
const both = edit(
  sm01Unknown,
  'taken: 2026-01-14, offHost: true, password: escrowed',
  'taken: 2026-01-14, offHost: true, password: lost',
);
const untaken = edit(
  BASE,
  'taken: 2026-01-13, offHost: true, password: escrowed',
  'offHost: true, password: lost',
);

testRule(keyPasswordUnavailable, {
  valid: [
    { name: 'every password is escrowed', code: BASE },
    {
      name: 'a server without any key backup (key-backup-missing reports it)',
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
      name: 'nobody knows the workflow server key password (literal position)',
      code: sm01Unknown,
      errors: [
        {
          line: 73,
          column: 20,
          message: String.raw`workflow management server SM01 of SMMG ('\\backup01\scsm\keys\SM01.bin', taken 2026-01-12) has an unknown password (password: unknown)`,
        },
      ],
    },
    {
      name: 'the data warehouse key password is lost',
      code: dwLost,
      errors: [
        {
          ...positionOf(dwLost, DW01_KEY),
          message: 'data warehouse management server DW01 of DW_SMMG',
        },
      ],
    },
    {
      name: 'both, in file order',
      code: both,
      errors: [
        { ...positionOf(both, SM01_KEY), message: 'an unknown password' },
        {
          ...positionOf(both, DW01_KEY),
          message: 'a lost password (password: lost): the restore wizard cannot open it',
        },
      ],
    },
    {
      name: 'a key backup without a taken date',
      code: untaken,
      errors: [
        {
          ...positionOf(untaken, String.raw`{ file: '\\backup01\scsm\keys\SM02.bin'`),
          message: "SM02.bin') has a lost password",
        },
      ],
    },
  ],
});
