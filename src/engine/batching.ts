/**
 * How the worker threads cut work into batches, in a module of its own so that a caller can
 * measure its first batches before it loads the pool (and `node:worker_threads`).
 */

/**
 * The one batching rule of the worker threads: a batch is sized to take about
 * {@link BATCH_MILLISECONDS}, from the time per item measured on the batches answered so far
 * (one item until something is measured, at most {@link LARGEST_BATCH}). An item takes from
 * well under a millisecond (a plan's steps, one cluster's recovery of a loss) to seconds
 * (synthesis on a large environment), so no fixed size fits: large batches of slow items keep
 * a thread busy while the others idle at the end, small batches of fast ones cost a round trip
 * each.
 */
export class BatchSizer {
  private items = 0;
  private milliseconds = 0;

  /** The size of the next batch. */
  next(): number {
    if (this.items === 0) return 1;
    return Math.max(
      1,
      Math.min(LARGEST_BATCH, Math.floor((BATCH_MILLISECONDS * this.items) / this.milliseconds)),
    );
  }

  /** Records that a batch of `items` took `milliseconds` to answer. */
  record(items: number, milliseconds: number): void {
    this.items += items;
    this.milliseconds += Math.max(milliseconds, 1e-3);
  }
}

/** About how long a batch should take, milliseconds (see {@link BatchSizer}). */
export const BATCH_MILLISECONDS = 25;
/** The most items a batch holds. */
export const LARGEST_BATCH = 64;
