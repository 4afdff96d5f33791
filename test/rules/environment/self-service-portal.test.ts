/**
 * The Self-Service Portal of a Service Manager group (D-BKKEY, N-KEY, D-BKMS): its declaration
 * in environment.yaml, and the key backup rules that apply to its encryption key.
 */
import { describe, expect, it } from 'vitest';
import { loadEnvironmentText } from '../../../src/environment/load.js';
import { keyBackupMissing } from '../../../src/rules/environment/key-backup-missing.js';
import { keyBackupNotOffHost } from '../../../src/rules/environment/key-backup-not-off-host.js';
import { keyPasswordUnavailable } from '../../../src/rules/environment/key-password-unavailable.js';
import { edit, positionOf } from '../../helpers/text.js';
import { BASE } from './base.js';
import { testRule } from './rule-tester.js';

const PORTAL_KEY = String.raw`{ file: '\\backup01\scsm\keys\SSP01.bin', taken: 2026-01-15, offHost: true, password: escrowed }`;

/** BASE with the portal server SSP01 and its key backup. */
function withPortal(portal: string): string {
  return edit(
    edit(BASE, '  - name: DWSQL01\n', '  - name: SSP01\n    site: hq\n  - name: DWSQL01\n'),
    '    unsealedManagementPacks: { lastExport: 2026-11-20, offHost: true }\n',
    `    unsealedManagementPacks: { lastExport: 2026-11-20, offHost: true }\n${portal}`,
  );
}

const WITH_KEY = withPortal(
  `    selfServicePortal:\n      computer: SSP01\n      keyBackup: ${PORTAL_KEY}\n`,
);
const NO_KEY = withPortal('    selfServicePortal:\n      computer: SSP01\n');
const KEY_ON_PORTAL = withPortal(
  String.raw`    selfServicePortal:
      computer: SSP01
      keyBackup: { file: 'C:\Keys\SSP01.bin', password: escrowed }
`,
);
const KEY_NOT_OFF_HOST = withPortal(
  String.raw`    selfServicePortal:
      computer: SSP01
      keyBackup: { file: '\\backup01\scsm\keys\SSP01.bin', offHost: false, password: escrowed }
`,
);
const KEY_PASSWORD_LOST = withPortal(
  String.raw`    selfServicePortal:
      computer: SSP01
      keyBackup: { file: '\\backup01\scsm\keys\SSP01.bin', taken: 2026-01-15, password: lost }
`,
);

describe('selfServicePortal in environment.yaml', () => {
  it('loads the portal with its computer and key backup', () => {
    const loaded = loadEnvironmentText(WITH_KEY, 'environment.yaml');
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    const group = loaded.value.managementGroups.find((g) => g.name === 'SMMG');
    expect(group?.type === 'service-manager' && group.selfServicePortal).toMatchObject({
      computer: 'SSP01',
      managementGroup: 'SMMG',
      keyBackup: { offHost: true, password: 'escrowed' },
    });
  });

  it('refuses an undeclared portal computer at its position, with a did-you-mean', () => {
    const text = withPortal('    selfServicePortal: { computer: SSP10 }\n');
    const loaded = loadEnvironmentText(text, 'environment.yaml');
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.errors).toHaveLength(1);
    const [error] = loaded.errors;
    expect(error!.location).toMatchObject(positionOf(text, 'SSP10'));
    expect(error!.message).toBe("unknown computer 'SSP10'");
    expect(error!.suggestion).toBe("did you mean 'SSP01'?");
  });

  it('refuses an unknown field of the portal with a did-you-mean', () => {
    const text = withPortal('    selfServicePortal: { computer: SSP01, keyBakup: {} }\n');
    const loaded = loadEnvironmentText(text, 'environment.yaml');
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.errors.map((error) => error.suggestion)).toContain("did you mean 'keyBackup'?");
  });
});

testRule(keyBackupMissing, {
  valid: [{ name: 'the portal has a key backup', code: WITH_KEY }],
  invalid: [
    {
      name: 'the Self-Service Portal server has no key backup',
      code: NO_KEY,
      errors: [
        {
          ...positionOf(NO_KEY, 'computer: SSP01'),
          message:
            'Self-Service Portal server SSP01 of SMMG has no encryption key backup: the key backup page asks for one on the Self-Service Portal server too (D-BKKEY, N-KEY)',
        },
      ],
    },
  ],
});

testRule(keyBackupNotOffHost, {
  valid: [{ name: 'the portal key backup is on a share of another computer', code: WITH_KEY }],
  invalid: [
    {
      name: 'the portal key backup is on the portal server itself',
      code: KEY_ON_PORTAL,
      errors: [
        {
          ...positionOf(KEY_ON_PORTAL, "{ file: 'C:"),
          message:
            "the encryption key backup of Self-Service Portal server SSP01 of SMMG ('C:\\Keys\\SSP01.bin') is kept on SSP01 itself",
        },
      ],
    },
    {
      name: 'the portal key backup is declared not off-host',
      code: KEY_NOT_OFF_HOST,
      errors: [
        {
          ...positionOf(KEY_NOT_OFF_HOST, "{ file: '\\\\backup01\\scsm\\keys\\SSP01.bin', offHost: false"),
          message: 'no copy is known to survive the loss of SSP01',
        },
      ],
    },
  ],
});

testRule(keyPasswordUnavailable, {
  valid: [{ name: 'the portal key password is escrowed', code: WITH_KEY }],
  invalid: [
    {
      name: 'the portal key backup has a lost password',
      code: KEY_PASSWORD_LOST,
      errors: [
        {
          ...positionOf(KEY_PASSWORD_LOST, "{ file: '\\\\backup01\\scsm\\keys\\SSP01.bin', taken"),
          message:
            "the encryption key backup of Self-Service Portal server SSP01 of SMMG ('\\\\backup01\\scsm\\keys\\SSP01.bin', taken 2026-01-15) has a lost password",
        },
      ],
    },
  ],
});
