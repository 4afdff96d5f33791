/**
 * `drill-overdue`: no recovery drill recorded in the year before the as-of date (D-PREP,
 * N-PREP, D-OV).
 */
import { defineEnvironmentRule } from './define.js';
import { DAY_MS, formatDate, formatDays } from './shared.js';

/** How old the newest drill may be, in days. */
export const DRILL_WINDOW_DAYS = 365;

/**
 * Reports an environment with no drill dated within {@link DRILL_WINDOW_DAYS} days (or the
 * config file's `thresholds.drillWindowDays`) up to the
 * as-of date, whatever the drill's scenario or outcome. It is located at the newest drill up to
 * the as-of date, or at the document root when there is none. A drill exactly 365 days old
 * still counts; drills dated after the as-of date are not counted.
 */
export const drillOverdue = defineEnvironmentRule({
  id: 'drill-overdue',
  check(env, { asOfMillis, thresholds }) {
    const window = thresholds?.drillWindowDays ?? DRILL_WINDOW_DAYS;
    const past = env.drills.filter((drill) => drill.date <= asOfMillis);
    const newest = past.reduce<(typeof past)[number] | undefined>(
      (best, drill) => (best === undefined || drill.date > best.date ? drill : best),
      undefined,
    );
    if (newest === undefined) {
      return [
        {
          node: env,
          message: `${env.name} has no recovery drill recorded up to ${formatDate(asOfMillis)}: the recovery procedures have never been rehearsed in this environment`,
        },
      ];
    }
    const age = asOfMillis - newest.date;
    if (age <= window * DAY_MS) return [];
    return [
      {
        node: newest,
        message: `the last recovery drill of ${env.name} (${newest.scenario}, ${formatDate(newest.date)}, ${newest.outcome}) is ${formatDays(
          age,
        )} old as of ${formatDate(asOfMillis)}, more than the ${window}-day window`,
      },
    ];
  },
});
