/**
 * `backup-older-than-rpo`: the newest backup on record of a database is older than the RPO
 * allows as of the as-of date (D-DBREC, D-BKDB).
 */
import { formatDuration } from '../../common/duration.js';
import { earliestInstant } from '../../evidence/interpret.js';
import { defineEnvironmentRule } from './define.js';
import { withEvidence } from './evidence-shared.js';
import { formatDate, formatDays, SECOND_MS } from './shared.js';

/**
 * Reports, at the database's `backup` node (or the database), a database whose newest restore
 * point on record, full, differential or log (copy-only fulls included: they restore), is
 * older than `objectives.rpo` as of the as-of date. Unknown time zones are judged at their
 * earliest possible instant. Only with `--evidence`: the claims record no newest log backup.
 */
export const backupOlderThanRpo = defineEnvironmentRule({
  id: 'backup-older-than-rpo',
  check(env, context) {
    const rpo = env.objectives.rpoSeconds;
    return withEvidence(env, context).flatMap(({ database, evidence }) => {
      const points = [evidence.full, evidence.copyOnlyFull, evidence.differential, evidence.log].flatMap(
        (kind) => {
          const at = earliestInstant(kind);
          return at === undefined ? [] : [at];
        },
      );
      const newest = points.length > 0 ? Math.max(...points) : undefined;
      const node = database.backup ?? database;
      if (newest === undefined) return [];
      const age = context.asOfMillis - newest;
      if (age <= rpo * SECOND_MS) return [];
      return [
        {
          node,
          message: `the newest backup of ${database.name} on record (${formatDate(newest)}${evidence.zoneUnknown ? ', time zone unknown, judged at its earliest' : ''}) is ${age >= 86_400_000 ? formatDays(age) : formatDuration(age / SECOND_MS)} old as of ${formatDate(context.asOfMillis)}, over the RPO of ${formatDuration(rpo)}: a loss now loses more than the RPO allows`,
        },
      ];
    });
  },
});
