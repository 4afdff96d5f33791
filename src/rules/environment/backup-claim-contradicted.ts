/**
 * `backup-claim-contradicted`: environment.yaml states a backup fact that the msdb history
 * given with `--evidence` contradicts (D-BKDB, D-DBREC).
 */
import { formatDuration } from '../../common/duration.js';
import { latestInstant } from '../../evidence/interpret.js';
import { defineEnvironmentRule, type EnvironmentFindingInput } from './define.js';
import { intervalContradicts, LAST_FULL_SLACK_MS, withEvidence } from './evidence-shared.js';
import { formatDate } from './shared.js';

/**
 * Reports, at the claimed `backup` node (or the database, when it declares none), each fact
 * the evidence contradicts: a `full.last` later than the newest full backup on record, an
 * interval (`full`, `differential`, `log`) shorter than the observed one or never run, an
 * `offHost: true` where every device on record is local, and no `backup` block although the
 * history shows full backups. Only with `--evidence`.
 */
export const backupClaimContradicted = defineEnvironmentRule({
  id: 'backup-claim-contradicted',
  check(env, context) {
    return withEvidence(env, context).flatMap(({ database, evidence }) => {
      const found: EnvironmentFindingInput[] = [];
      const backup = database.backup;
      const name = database.name;
      if (backup === undefined) {
        if (evidence.full.count > 0)
          found.push({
            node: database,
            message: `${name} declares no backup, but the history shows ${evidence.full.count} full backups: describe them in a backup block`,
          });
        return found;
      }
      const newestFull = latestInstant(evidence.full);
      if (backup.lastFull !== undefined) {
        if (newestFull === undefined)
          found.push({
            node: backup,
            message: `full.last of ${name} says ${formatDate(backup.lastFull)}, but the history has no full backup of its current database`,
          });
        else if (backup.lastFull > newestFull + LAST_FULL_SLACK_MS)
          found.push({
            node: backup,
            message: `full.last of ${name} says ${formatDate(backup.lastFull)}, later than the newest full backup on record (${formatDate(newestFull)})`,
          });
      }
      const intervals = [
        ['full', backup.fullEverySeconds, evidence.full],
        ['differential', backup.differentialEverySeconds, evidence.differential],
        ['log', backup.logEverySeconds, evidence.log],
      ] as const;
      for (const [kind, claimed, observed] of intervals) {
        if (claimed === undefined) continue;
        if (observed.count === 0) {
          if (kind !== 'full' || newestFull === undefined)
            found.push({
              node: backup,
              message: `${kind}.every of ${name} says ${formatDuration(claimed)}, but the history has no ${kind} backup of its current database`,
            });
        } else if (
          observed.intervalP90Seconds !== undefined &&
          intervalContradicts(claimed, observed.intervalP90Seconds)
        )
          found.push({
            node: backup,
            message: `${kind}.every of ${name} says ${formatDuration(claimed)}, but 1 gap in 10 between ${kind} backups on record is ${formatDuration(observed.intervalP90Seconds)} or longer (longest ${formatDuration(observed.intervalMaxSeconds ?? observed.intervalP90Seconds)})`,
          });
      }
      if (backup.offHost && evidence.offHost === 'local-only')
        found.push({
          node: backup,
          message: `${name} claims offHost: true, but every backup on record was written to a local drive of ${evidence.servers.join(', ')}`,
        });
      return found;
    });
  },
});
