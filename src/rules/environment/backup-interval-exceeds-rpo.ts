/**
 * `backup-interval-exceeds-rpo`: a database whose most frequent backup runs less often than
 * `objectives.rpo` allows (D-BKDB, D-DBREC).
 */
import { formatDuration } from '../../common/duration.js';
import type { DatabaseBackup } from '../../environment/types.js';
import { defineEnvironmentRule } from './define.js';

/** Which kind of backup gives the shortest interval: log, then differential, then full. */
function shortestKind(backup: DatabaseBackup): string {
  if (backup.logEverySeconds === backup.rpoSeconds) return 'log';
  if (backup.differentialEverySeconds === backup.rpoSeconds) return 'differential';
  return 'full';
}

/**
 * Reports, at the `backup` node, a database whose shortest interval among full, differential
 * and log backups (`rpoSeconds`) is longer than `objectives.rpo`. An interval equal to the RPO
 * meets it.
 */
export const backupIntervalExceedsRpo = defineEnvironmentRule({
  id: 'backup-interval-exceeds-rpo',
  check(env) {
    const rpo = env.objectives.rpoSeconds;
    return env.databases.flatMap((database) => {
      const backup = database.backup;
      if (backup === undefined || backup.rpoSeconds <= rpo) return [];
      return [
        {
          node: backup,
          message: `the most frequent backup of ${database.name} runs every ${formatDuration(backup.rpoSeconds)} (${shortestKind(
            backup,
          )}), longer than the RPO of ${formatDuration(rpo)}: a loss just before the next backup loses up to ${formatDuration(
            backup.rpoSeconds,
          )} of data`,
        },
      ];
    });
  },
});
