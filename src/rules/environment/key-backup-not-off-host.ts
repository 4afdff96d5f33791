/**
 * `key-backup-not-off-host`: a key backup kept on the server it protects, or on the computer
 * of the database that server is recovered with (D-BKKEY, D-BKMP).
 */
import { uncHost } from '../../environment/load.js';
import { selfServicePortals } from '../../environment/names.js';
import { defineEnvironmentRule, type EnvironmentFindingInput } from './define.js';
import { describePortal, describeServer, sameName, serverDatabase } from './shared.js';

/**
 * Reports, at the `keyBackup` node, a key backup that is not off-host (`offHost: false`, or
 * stored on the server's own computer) or that is stored on the computer hosting the server's
 * database (ServiceManager, or DWStagingAndConfig for the data warehouse management server).
 * One finding per key backup; a Self-Service Portal server's key backup is judged against its
 * own computer only.
 */
export const keyBackupNotOffHost = defineEnvironmentRule({
  id: 'key-backup-not-off-host',
  check(env) {
    // The portal's key has no database counterpart the documents name, so only its own host counts.
    const portals = selfServicePortals(env).flatMap((portal): EnvironmentFindingInput[] => {
      const key = portal.keyBackup;
      if (key === undefined) return [];
      const subject = `the encryption key backup of ${describePortal(portal)} ('${key.file}')`;
      const fileHost = uncHost(key.file);
      const onServer =
        (key.storedOn === undefined ? !key.offHost : sameName(key.storedOn, portal.computer)) &&
        (fileHost === undefined || sameName(fileHost, portal.computer));
      const flag = key.offHost ? '' : ' (offHost: false)';
      if (onServer)
        return [
          {
            node: key,
            message: `${subject} is kept on ${portal.computer} itself${flag}: it is lost together with the portal server it must restore (D-BKKEY, D-BKMP)`,
          },
        ];
      if (!key.offHost)
        return [
          {
            node: key,
            message: `${subject} is declared not off-host (offHost: false): no copy is known to survive the loss of ${portal.computer} (D-BKKEY, D-BKMP)`,
          },
        ];
      return [];
    });
    const servers = env.managementServers.flatMap((server): EnvironmentFindingInput[] => {
      const key = server.keyBackup;
      if (key === undefined) return [];
      const database = serverDatabase(env, server);
      const subject = `the encryption key backup of ${describeServer(server)} ('${key.file}')`;
      const fileHost = uncHost(key.file);
      // On the server itself: a local path or a share of the server, and not declared elsewhere.
      const onServer =
        (key.storedOn === undefined ? !key.offHost : sameName(key.storedOn, server.computer)) &&
        (fileHost === undefined || sameName(fileHost, server.computer));
      const onDatabaseHost =
        database !== undefined &&
        !sameName(database.computer, server.computer) &&
        sameName(key.storedOn, database.computer);
      const flag = key.offHost ? '' : ' (offHost: false)';
      if (onServer) {
        return [
          {
            node: key,
            message: `${subject} is kept on ${server.computer} itself${flag}: it is lost together with the server it must restore (D-BKKEY, D-BKMP)`,
          },
        ];
      }
      if (onDatabaseHost && database !== undefined) {
        return [
          {
            node: key,
            message: `${subject} is kept on ${database.computer}${flag}, which hosts its database ${database.name}: losing ${server.computer} and ${database.computer} together loses the key with the database it matches (D-BKKEY, D-BKMP)`,
          },
        ];
      }
      if (!key.offHost) {
        return [
          {
            node: key,
            message: `${subject} is declared not off-host (offHost: false): no copy is known to survive the loss of ${server.computer} (D-BKKEY, D-BKMP)`,
          },
        ];
      }
      return [];
    });
    return [...servers, ...portals];
  },
});
