/**
 * `database-backup-missing`: a declared database with no `backup` block (B3, D-BKDB,
 * D-DBREC; failure mode F13 for the data warehouse databases).
 */
import type { Database, DatabaseRole } from '../../environment/types.js';
import { defineEnvironmentRule } from './define.js';

/** The data warehouse databases D-DBREC allows to be recreated, losing their history (F13). */
const RECREATABLE: ReadonlySet<DatabaseRole> = new Set([
  'dw-staging',
  'dw-repository',
  'dw-datamart',
  'om-datamart',
  'cm-datamart',
]);

function consequence(database: Database): string {
  if (RECREATABLE.has(database.role)) {
    return 'recreating it is the last resort left, and it loses the history (D-DBREC, F13)';
  }
  if (database.role === 'service-manager') {
    const group = database.managementGroup === undefined ? '' : ` of ${database.managementGroup}`;
    return `the ServiceManager database${group} cannot be restored, and no other recovery is documented (D-DBREC)`;
  }
  return 'losing it leaves nothing to restore (D-DBREC)';
}

/** Reports every database without a backup, at the database's node. */
export const databaseBackupMissing = defineEnvironmentRule({
  id: 'database-backup-missing',
  check(env) {
    return env.databases
      .filter((database) => database.backup === undefined)
      .map((database) => ({
        node: database,
        message: `database ${database.name} on ${database.instance} has no backup: ${consequence(database)}`,
      }));
  },
});
