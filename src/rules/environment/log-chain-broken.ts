/**
 * `log-chain-broken`: a database in the FULL (or BULK_LOGGED) recovery model whose history
 * shows no log backup since its last full backup (D-DBREC, D-BKDB).
 */
import { formatDuration } from '../../common/duration.js';
import { defineEnvironmentRule } from './define.js';
import { withEvidence } from './evidence-shared.js';
import { formatDate, SECOND_MS } from './shared.js';

/** Without an observed log interval, a log backup is overdue after this long. */
const DEFAULT_LOG_GRACE_SECONDS = 3600;

/**
 * Reports, at the database's `backup` node (or the database), a database whose newest row
 * says FULL or BULK-LOGGED recovery and that has no log backup on record at all, or none
 * finished after its newest full backup although twice the observed log interval (one hour
 * without one) has passed since. Only with `--evidence`.
 */
export const logChainBroken = defineEnvironmentRule({
  id: 'log-chain-broken',
  check(env, context) {
    return withEvidence(env, context).flatMap(({ database, evidence }) => {
      if (evidence.recoveryModel !== 'FULL' && evidence.recoveryModel !== 'BULK-LOGGED') return [];
      const node = database.backup ?? database;
      const model = evidence.recoveryModel;
      if (evidence.log.count === 0) {
        return [
          {
            node,
            message: `${database.name} is in the ${model} recovery model but the history shows no log backup: its log grows without bound and no restore reaches past the last full or differential backup`,
          },
        ];
      }
      const lastFull = evidence.full.newestFinishMillis;
      const lastLog = evidence.log.newestFinishMillis!;
      const grace = 2 * (evidence.log.intervalP90Seconds ?? DEFAULT_LOG_GRACE_SECONDS) * SECOND_MS;
      if (lastFull === undefined || lastLog >= lastFull || context.asOfMillis - lastFull <= grace) return [];
      return [
        {
          node,
          message: `${database.name} is in the ${model} recovery model but no log backup finished after its last full backup (${formatDate(lastFull)}); the last log backup is of ${formatDate(lastLog)}, and log backups ran every ${formatDuration(evidence.log.intervalP90Seconds ?? DEFAULT_LOG_GRACE_SECONDS)}`,
        },
      ];
    });
  },
});
