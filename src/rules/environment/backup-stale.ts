/**
 * `backup-stale`: a database whose last full backup is older than its own interval as of the
 * as-of date, or whose last full backup is not recorded (D-BKDB, D-DBREC).
 */
import { formatDuration } from '../../common/duration.js';
import { defineEnvironmentRule } from './define.js';
import { formatDate, formatDays, SECOND_MS } from './shared.js';

/**
 * Reports, at the `backup` node, a backup with no `full.last`, or whose `full.last` is before
 * `asOf − full.every`. There is no grace period unless the config file sets
 * `thresholds.backupStaleGraceHours`: a full backup exactly one interval old is
 * current, one a moment older is stale.
 */
export const backupStale = defineEnvironmentRule({
  id: 'backup-stale',
  check(env, { asOfMillis, thresholds }) {
    // The config file's grace (docs/config.md); without one, none, as the procedures say nothing of one.
    const graceMs = (thresholds?.backupStaleGraceHours ?? 0) * 3600 * SECOND_MS;
    return env.databases.flatMap((database) => {
      const backup = database.backup;
      if (backup === undefined) return [];
      const interval = formatDuration(backup.fullEverySeconds);
      if (backup.lastFull === undefined) {
        return [
          {
            node: backup,
            message: `the backup of ${database.name} records no last full backup (full.last), so nobody can show that the ${interval} job runs`,
          },
        ];
      }
      const age = asOfMillis - backup.lastFull;
      if (age <= backup.fullEverySeconds * SECOND_MS + graceMs) return [];
      return [
        {
          node: backup,
          message: `the last full backup of ${database.name} (${formatDate(backup.lastFull)}) is ${formatDays(
            age,
          )} old as of ${formatDate(asOfMillis)}, older than its interval of ${interval}: a loss now loses everything since then`,
        },
      ];
    });
  },
});
