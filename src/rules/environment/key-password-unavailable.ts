/**
 * `key-password-unavailable`: a key backup whose password is `unknown` or `lost` (B2,
 * D-BKKEY; failure mode F5).
 */
import { defineEnvironmentRule } from './define.js';
import { describeServer, formatDate } from './shared.js';

/** Reports every key backup whose password is not escrowed, at the `keyBackup` node. */
export const keyPasswordUnavailable = defineEnvironmentRule({
  id: 'key-password-unavailable',
  check(env) {
    return env.managementServers.flatMap((server) => {
      const key = server.keyBackup;
      if (key === undefined || key.password === 'escrowed') return [];
      const taken = key.taken === undefined ? '' : `, taken ${formatDate(key.taken)}`;
      return [
        {
          node: key,
          message: `the encryption key backup of ${describeServer(server)} ('${key.file}'${taken}) has ${key.password === 'unknown' ? 'an unknown' : 'a lost'} password (password: ${key.password}): the restore wizard cannot open it, so it is as good as no backup (D-BKKEY, F5)`,
        },
      ];
    });
  },
});
