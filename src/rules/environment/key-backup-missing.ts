/**
 * `key-backup-missing`: a Service Manager or data warehouse management server without an
 * encryption key backup (B1, D-BKKEY, D-GUIDE; failure mode F4).
 */
import { defineEnvironmentRule } from './define.js';
import { describeServer } from './shared.js';

/** Reports every management server with no `keyBackup` block, at the server's node. */
export const keyBackupMissing = defineEnvironmentRule({
  id: 'key-backup-missing',
  check(env) {
    return env.managementServers
      .filter((server) => server.keyBackup === undefined)
      .map((server) => ({
        node: server,
        message:
          server.role === 'data-warehouse'
            ? `${describeServer(server)} has no encryption key backup: it can only be replaced, and replacement starts with restoring that key (D-OV, D-MSDR, F4)`
            : `${describeServer(server)} has no encryption key backup: replacing ${server.computer} starts with restoring that key (D-MSDR, F4)`,
      }));
  },
});
