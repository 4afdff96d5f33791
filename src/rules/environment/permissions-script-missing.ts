/**
 * `permissions-script-missing`: a backed-up database without the SQL permissions script
 * database recovery runs after the restore (B4, D-BKDB, D-DBREC; failure mode F11).
 */
import { defineEnvironmentRule } from './define.js';

/**
 * Reports, at the `backup` node, a backup whose `permissionsScript` is `false` or absent.
 * Databases without a backup are left to `database-backup-missing`.
 */
export const permissionsScriptMissing = defineEnvironmentRule({
  id: 'permissions-script-missing',
  check(env) {
    return env.databases.flatMap((database) => {
      const backup = database.backup;
      if (backup === undefined || typeof backup.permissionsScript === 'number') return [];
      const how =
        backup.permissionsScript === false ? 'permissionsScript: false' : 'no permissionsScript recorded';
      return [
        {
          node: backup,
          message: `${database.name} has no SQL permissions script (${how}): after a restore its logins and roles must be recreated by hand (D-DBREC, F11)`,
        },
      ];
    });
  },
});
