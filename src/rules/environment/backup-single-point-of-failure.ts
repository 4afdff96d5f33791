/**
 * `backup-single-point-of-failure`: one computer holds every backup of a management group's
 * databases or of its encryption keys (D-BKDB, D-BKKEY, D-BKMP).
 */
import type { Computer, Environment, ManagementGroup } from '../../environment/types.js';
import { defineEnvironmentRule, type EnvironmentFindingInput } from './define.js';
import { listNames, sameName } from './shared.js';

/** The backups of one group that one computer holds, by kind. */
interface HeldBackups {
  /** Databases whose every backup copy is on the computer, when that is all of them. */
  readonly databases: readonly string[];
  /** Management servers whose key backup is on the computer, when that is all of them. */
  readonly keys: readonly string[];
}

/**
 * The computers that host a role of the group: its management servers and its databases'
 * computers. Losing one of them together with the backups is the disaster the rule warns of.
 */
function roleHosts(env: Environment, group: ManagementGroup): string[] {
  const servers = env.managementServers
    .filter((server) => sameName(server.managementGroup, group.name))
    .map((server) => server.computer);
  const databases = env.databases
    .filter((database) => sameName(database.managementGroup, group.name))
    .map((database) => database.computer);
  return [...servers, ...databases];
}

/** A group's backed-up databases and key-backed-up servers: what one computer may hold all of. */
function groupBackups(env: Environment, group: ManagementGroup) {
  return {
    backedUp: env.databases.filter(
      (database) => sameName(database.managementGroup, group.name) && database.backup !== undefined,
    ),
    keyed: env.managementServers.filter(
      (server) => sameName(server.managementGroup, group.name) && server.keyBackup !== undefined,
    ),
  };
}

/**
 * What `computer` holds of a group's backups (`groupBackups`). Where a backup lives is the
 * loader's `storedOn`, the same fact the score's loss model destroys backups by: a backup
 * without a known `storedOn` is taken to survive the computer's loss, as the score takes it.
 */
function heldBackups({ backedUp, keyed }: ReturnType<typeof groupBackups>, computer: Computer): HeldBackups {
  const allOn = <T>(items: readonly T[], storedOn: (item: T) => string | undefined): boolean =>
    items.length > 0 && items.every((item) => sameName(storedOn(item), computer.name));
  return {
    databases: allOn(backedUp, (database) => database.backup?.storedOn)
      ? backedUp.map((database) => database.name)
      : [],
    keys: allOn(keyed, (server) => server.keyBackup?.storedOn) ? keyed.map((server) => server.computer) : [],
  };
}

/**
 * Reports, at the computer's node, each (computer, management group) where that one computer
 * holds every backup of the group's databases, or every encryption-key backup of its
 * management servers, or both. The finding's `subject` is the computer, so reporters can put
 * it next to the pairs of losses it makes fatal.
 */
export const backupSinglePointOfFailure = defineEnvironmentRule({
  id: 'backup-single-point-of-failure',
  check(env) {
    return env.managementGroups.flatMap((group) => {
      // Listed once per group, not once per computer: the rule runs on every score of a large estate.
      const backups = groupBackups(env, group);
      return env.computers.flatMap((computer): EnvironmentFindingInput[] => {
        const held = heldBackups(backups, computer);
        if (held.databases.length === 0 && held.keys.length === 0) return [];
        const what = [
          ...(held.databases.length > 0 ? [`the database backups of ${listNames(held.databases)}`] : []),
          ...(held.keys.length > 0 ? [`the encryption key backups of ${listNames(held.keys)}`] : []),
        ].join(' and ');
        const isRoleHost = roleHosts(env, group).some((host) => sameName(host, computer.name));
        const consequence = isRoleHost
          ? `${computer.name} also hosts a role of ${group.name}, so its loss is a disaster and takes the backups it needs with it`
          : `losing ${computer.name} leaves ${group.name} without them, and losing it together with a role host of ${group.name} is a disaster`;
        return [
          {
            node: computer,
            subject: computer.name,
            message: `${computer.name} holds every copy of ${what} of ${group.name}: ${consequence}; store a copy on another computer, for example in a second site (D-BKDB, D-BKKEY, D-BKMP)`,
          },
        ];
      });
    });
  },
});
