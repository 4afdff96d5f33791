/**
 * `copy-only-only-full`: the only full backup of a database within its full-backup interval is
 * a copy-only one (D-DBREC, D-BKDB).
 */
import { formatDuration } from '../../common/duration.js';
import { defineEnvironmentRule } from './define.js';
import { withEvidence } from './evidence-shared.js';
import { formatDate, SECOND_MS } from './shared.js';

/** Without a claimed or observed interval, a full backup is recent for a week. */
const DEFAULT_FULL_WINDOW_SECONDS = 7 * 86_400;

/**
 * Reports, at the database's `backup` node (or the database), a database with a copy-only full
 * backup within the last full interval (claimed `full.every`, else the observed one, else a
 * week) as of the as-of date and no regular full backup in that window. Only with `--evidence`.
 */
export const copyOnlyOnlyFull = defineEnvironmentRule({
  id: 'copy-only-only-full',
  check(env, context) {
    return withEvidence(env, context).flatMap(({ database, evidence }) => {
      const copyOnly = evidence.copyOnlyFull.newestFinishMillis;
      if (copyOnly === undefined) return [];
      const window =
        (database.backup?.fullEverySeconds ??
          evidence.full.intervalP90Seconds ??
          DEFAULT_FULL_WINDOW_SECONDS) * SECOND_MS;
      const since = context.asOfMillis - window;
      const regular = evidence.full.newestFinishMillis;
      if (copyOnly < since || copyOnly > context.asOfMillis) return [];
      if (regular !== undefined && regular >= since) return [];
      return [
        {
          node: database.backup ?? database,
          message: `the only full backup of ${database.name} within its interval of ${formatDuration(window / SECOND_MS)} is copy-only (${formatDate(copyOnly)})${regular === undefined ? ' and no regular full is on record' : `; the last regular full is of ${formatDate(regular)}`}: no differential can be based on it and the backup jobs are not running`,
        },
      ];
    });
  },
});
