/**
 * The memory check of `score` and `report` before they score: with `--pairs` the rows grow
 * with the square of the computers, and a run that cannot fit should say so at once rather
 * than end in V8's fatal out-of-memory error. Imported by the commands when they run, so that
 * `--help` loads no implementation.
 */
import { getHeapStatistics } from 'node:v8';
import { UserError } from '../common/errors.js';
import { maxOf } from '../common/numbers.js';
import type { Environment } from '../environment/types.js';
import { disruptionCount } from '../loss/universe.js';

/**
 * Memory a scored disruption takes until its report is written, by report format, in bytes:
 * the peak resident size of `score`/`report --pairs` on the generated 1,300-computer estate
 * (846,690 disruptions) divided by its rows, measured per format (docs/performance.md).
 */
const BYTES_PER_DISRUPTION: Readonly<Record<string, number>> = {
  json: 2_600,
  text: 3_100,
  markdown: 3_400,
  html: 6_100,
};
/** The formats not measured (SARIF, JUnit, GitHub, GitLab) hold every row as JSON does. */
const DEFAULT_BYTES_PER_DISRUPTION = 3_100;

/**
 * Refuses, before any scoring, a run whose disruptions would need more memory than this
 * process may use: with `--pairs`, n computers give n(n−1)/2 more disruptions, and 2,000
 * computers ran out of memory after 83 s in `JSON.stringify` with a fatal V8 error instead
 * of an answer. The estimate is what the heap holds already plus the number of disruptions
 * times what one takes in the heaviest of `formats`; the limit is V8's heap limit, which
 * `--max-old-space-size` raises.
 *
 * @throws {@link UserError} naming the counts, the estimate, the limit and both ways out.
 */
export function refuseOversizedScore(
  environment: Environment,
  pairs: boolean,
  formats: readonly string[],
  heapLimit: number = getHeapStatistics().heap_size_limit,
  heapUsed: number = process.memoryUsage().heapUsed,
): void {
  const computers = environment.computers.length;
  const disruptions = disruptionCount(environment, { pairs });
  const perDisruption = maxOf(
    formats.map((format) => BYTES_PER_DISRUPTION[format] ?? DEFAULT_BYTES_PER_DISRUPTION),
    0,
  );
  // What is held already (the modules, the loaded inputs) stays held while the rows grow.
  const needed = heapUsed + disruptions * perDisruption;
  if (needed <= heapLimit) return;
  const megabytes = (bytes: number): string => `${Math.ceil(bytes / 2 ** 20).toLocaleString('en-US')} MB`;
  const suggested = Math.ceil((needed * 1.25) / 2 ** 20);
  throw new UserError(
    `${pairs ? `--pairs on ${computers.toLocaleString('en-US')} computers gives` : 'the environment gives'} ${disruptions.toLocaleString('en-US')} disruptions to score, which need about ${megabytes(needed)} of memory for this report, more than this process may use (${megabytes(heapLimit)}); ${pairs ? 'score without --pairs, or ' : ''}give Node more memory: NODE_OPTIONS=--max-old-space-size=${suggested}`,
  );
}
