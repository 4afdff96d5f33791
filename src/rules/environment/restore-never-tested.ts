/**
 * `restore-never-tested`: a backed-up database whose restore was never tested, or not within
 * the last year (D-DBREC, D-BKDB).
 */
import { defineEnvironmentRule } from './define.js';
import { DAY_MS, formatDate, formatDays } from './shared.js';

/** How old the last restore test may be, in days, before the rule asks for a new one. */
export const RESTORE_TEST_WINDOW_DAYS = 365;

/**
 * Reports, at the `backup` node, a backup with no `lastRestoreTest`, or whose last test is
 * more than {@link RESTORE_TEST_WINDOW_DAYS} days (or the config file's
 * `thresholds.restoreTestWindowDays`) before the as-of date. A test exactly 365
 * days old still counts.
 */
export const restoreNeverTested = defineEnvironmentRule({
  id: 'restore-never-tested',
  check(env, { asOfMillis, thresholds }) {
    const window = thresholds?.restoreTestWindowDays ?? RESTORE_TEST_WINDOW_DAYS;
    return env.databases.flatMap((database) => {
      const backup = database.backup;
      if (backup === undefined) return [];
      if (backup.lastRestoreTest === undefined) {
        return [
          {
            node: backup,
            message: `no restore of ${database.name} has ever been tested (no lastRestoreTest): nobody has shown that its backups restore`,
          },
        ];
      }
      const age = asOfMillis - backup.lastRestoreTest;
      if (age <= window * DAY_MS) return [];
      return [
        {
          node: backup,
          message: `the last restore test of ${database.name} (${formatDate(backup.lastRestoreTest)}) is ${formatDays(
            age,
          )} old as of ${formatDate(asOfMillis)}, outside the ${window}-day window`,
        },
      ];
    });
  },
});
