/**
 * The one batching rule of the worker threads (`src/engine/batching.ts`): a batch takes about
 * 25 ms by the time per item measured so far, one item before anything is measured, 64 at most.
 * `score --workers` and `simulate --workers` both cut their work by it
 * (`test/engine/workers.test.ts` and `test/simulator/property-parallel.test.ts` check that the
 * answers are the single-threaded ones whatever the cut).
 */
import { describe, expect, it } from 'vitest';
import { BATCH_MILLISECONDS, BatchSizer, LARGEST_BATCH } from '../../src/engine/batching.js';

describe('BatchSizer', () => {
  it('starts with one item, then sizes a batch to take about 25 ms', () => {
    const sizer = new BatchSizer();
    expect(sizer.next()).toBe(1);
    sizer.record(10, 5); // 0.5 ms an item
    expect(sizer.next()).toBe(Math.floor(BATCH_MILLISECONDS / 0.5));
    sizer.record(40, 35); // 50 items in 40 ms: 0.8 ms an item
    expect(sizer.next()).toBe(Math.floor((BATCH_MILLISECONDS * 50) / 40));
  });

  it('never gives fewer than one item, nor more than 64', () => {
    const slow = new BatchSizer();
    slow.record(1, 2_000);
    expect(slow.next()).toBe(1);
    const fast = new BatchSizer();
    fast.record(1_000, 1);
    expect(fast.next()).toBe(LARGEST_BATCH);
    const instant = new BatchSizer();
    instant.record(3, 0);
    expect(instant.next()).toBe(LARGEST_BATCH);
  });
});
