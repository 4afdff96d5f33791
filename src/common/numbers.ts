/**
 * The largest of many numbers. `Math.max(...values)` passes every value as an argument, and
 * V8 overflows its stack at about 100,000 of them: the terminal score of 1,300 computers with
 * pairs (846,690 rows) stopped with "Maximum call stack size exceeded". This loops instead,
 * whatever the count.
 */

/** The largest of `values`, or `floor` when it is larger or there are none. This is a pure function. */
export function maxOf(values: Iterable<number>, floor = Number.NEGATIVE_INFINITY): number {
  let max = floor;
  // As Math.max: NaN wins, and +0 is larger than −0 (which `>` does not tell apart).
  for (const value of values)
    if (value > max || Number.isNaN(value) || (value === 0 && Object.is(max, -0))) max = value;
  return max;
}
