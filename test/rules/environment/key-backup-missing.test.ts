import { keyBackupMissing } from '../../../src/rules/environment/key-backup-missing.js';
import { edit, positionOf } from '../../helpers/text.js';
import { BASE } from './base.js';
import { testRule } from './rule-tester.js';

const SM01_KEY = String.raw`
        keyBackup: { file: '\\backup01\scsm\keys\SM01.bin', taken: 2026-01-12, offHost: true, password: escrowed }`;
const SM02_KEY = String.raw`
        keyBackup: { file: '\\backup01\scsm\keys\SM02.bin', taken: 2026-01-13, offHost: true, password: escrowed }`;
const DW01_KEY = String.raw`
      keyBackup: { file: '\\backup01\scsm\keys\DW01.bin', taken: 2026-01-14, offHost: true, password: escrowed }`;

const noSm01Key = edit(BASE, SM01_KEY, '');
const noSm02Key = edit(BASE, SM02_KEY, '');
const noDwKey = edit(BASE, DW01_KEY, '');
const noKeys = edit(edit(edit(BASE, SM01_KEY, ''), SM02_KEY, ''), DW01_KEY, '');

testRule(keyBackupMissing, {
  valid: [
    { name: 'every management server has a key backup', code: BASE },
    {
      name: 'a key backup with a lost password still exists (key-password-unavailable reports it)',
      code: edit(
        BASE,
        "SM01.bin', taken: 2026-01-12, offHost: true, password: escrowed",
        "SM01.bin', password: lost",
      ),
    },
  ],
  invalid: [
    {
      name: 'the workflow server has no key backup (literal position)',
      code: noSm01Key,
      errors: [
        {
          line: 71,
          column: 9,
          message: 'workflow management server SM01 of SMMG has no encryption key backup',
        },
      ],
    },
    {
      name: 'the additional server has no key backup',
      code: noSm02Key,
      errors: [
        {
          ...positionOf(noSm02Key, 'computer: SM02'),
          message:
            'additional management server SM02 of SMMG has no encryption key backup: replacing SM02 starts',
        },
      ],
    },
    {
      name: 'the data warehouse management server has no key backup',
      code: noDwKey,
      errors: [
        {
          ...positionOf(noDwKey, 'computer: DW01'),
          message:
            'data warehouse management server DW01 of DW_SMMG has no encryption key backup: it can only be replaced',
        },
      ],
    },
    {
      name: 'no server has a key backup: one finding each, in file order',
      code: noKeys,
      errors: [
        { ...positionOf(noKeys, 'computer: SM01'), message: 'SM01' },
        { ...positionOf(noKeys, 'computer: SM02'), message: 'SM02' },
        { line: 81, column: 7, message: 'DW01' },
      ],
    },
  ],
});
