/**
 * `key-backup-missing`: a Service Manager or data warehouse management server without an
 * encryption key backup (B1, D-BKKEY, D-GUIDE; failure mode F4).
 */
import { selfServicePortals } from '../../environment/names.js';
import { defineEnvironmentRule } from './define.js';
import { describePortal, describeServer } from './shared.js';

/**
 * Reports every management server and Self-Service Portal server with no `keyBackup` block,
 * at the server's node.
 */
export const keyBackupMissing = defineEnvironmentRule({
  id: 'key-backup-missing',
  check(env) {
    const portals = selfServicePortals(env)
      .filter((portal) => portal.keyBackup === undefined)
      .map((portal) => ({
        node: portal,
        message: `${describePortal(portal)} has no encryption key backup: the key backup page asks for one on the Self-Service Portal server too (D-BKKEY, N-KEY), and the DR guide gives no other way to bring the portal back; run SecureStorageBackup on ${portal.computer} and record it as selfServicePortal.keyBackup`,
      }));
    const servers = env.managementServers
      .filter((server) => server.keyBackup === undefined)
      .map((server) => ({
        node: server,
        message:
          server.role === 'data-warehouse'
            ? `${describeServer(server)} has no encryption key backup: it can only be replaced, and replacement starts with restoring that key (D-OV, D-MSDR, F4)`
            : `${describeServer(server)} has no encryption key backup: replacing ${server.computer} starts with restoring that key (D-MSDR, F4)`,
      }));
    return [...servers, ...portals];
  },
});
