/**
 * `key-password-unavailable`: a key backup whose password is `unknown` or `lost` (B2,
 * D-BKKEY; failure mode F5).
 */
import { selfServicePortals } from '../../environment/names.js';
import type { KeyBackup, Located } from '../../environment/types.js';
import { defineEnvironmentRule } from './define.js';
import { describePortal, describeServer, formatDate } from './shared.js';

/**
 * Reports every key backup (of a management server or a Self-Service Portal server) whose
 * password is not escrowed, at the `keyBackup` node.
 */
export const keyPasswordUnavailable = defineEnvironmentRule({
  id: 'key-password-unavailable',
  check(env) {
    const holders: { key: KeyBackup | undefined; subject: string }[] = [
      ...env.managementServers.map((server) => ({ key: server.keyBackup, subject: describeServer(server) })),
      ...selfServicePortals(env).map((portal) => ({
        key: portal.keyBackup,
        subject: describePortal(portal),
      })),
    ];
    return holders.flatMap(({ key, subject }): { node: Located; message: string }[] => {
      if (key === undefined || key.password === 'escrowed') return [];
      const taken = key.taken === undefined ? '' : `, taken ${formatDate(key.taken)}`;
      return [
        {
          node: key,
          message: `the encryption key backup of ${subject} ('${key.file}'${taken}) has ${key.password === 'unknown' ? 'an unknown' : 'a lost'} password (password: ${key.password}): the restore wizard cannot open it, so it is as good as no backup (D-BKKEY, F5)`,
        },
      ];
    });
  },
});
