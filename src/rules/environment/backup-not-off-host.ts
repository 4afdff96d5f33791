/**
 * `backup-not-off-host`: database backups kept only on the database's own computer (D-OV,
 * D-BKDB, D-BKMP).
 */
import { uncHost } from '../../environment/load.js';
import { defineEnvironmentRule } from './define.js';
import { sameName } from './shared.js';

/**
 * Reports, at the `backup` node, a backup with `offHost: false`, or whose location is on the
 * database's own computer.
 */
export const backupNotOffHost = defineEnvironmentRule({
  id: 'backup-not-off-host',
  check(env) {
    return env.databases.flatMap((database) => {
      const backup = database.backup;
      if (backup === undefined) return [];
      const onHost = sameName(backup.storedOn, database.computer);
      if (backup.offHost && !onHost) return [];
      const locationOnHost =
        backup.target !== undefined && sameName(uncHost(backup.target), database.computer);
      const how = locationOnHost
        ? `its location '${backup.target}' is on ${database.computer}`
        : backup.target === undefined
          ? 'offHost: false'
          : `offHost: false, location '${backup.target}'`;
      return [
        {
          node: backup,
          message: `the backups of ${database.name} are kept only on its own computer ${database.computer} (${how}): losing ${database.computer} loses them too (D-OV, D-BKMP)`,
        },
      ];
    });
  },
});
