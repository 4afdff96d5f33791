/**
 * Did-you-mean suggestions: the Damerau–Levenshtein distance (optimal string alignment) and
 * the closest candidate to a misspelt name.
 *
 * Every input is untrusted and may be megabytes long, so the work is bounded: the distance
 * takes a bound and only fills the band of the table within it (cells farther from the
 * diagonal than the bound cannot lead to a distance within it), keeps three rows instead of the
 * whole table, and stops as soon as a whole row exceeds the bound; and `didYouMean` suggests
 * nothing for inputs longer than {@link MAX_SUGGESTION_INPUT}. A 1.6 MB name used to take half
 * a minute and 1.4 GB against the action names.
 */

/**
 * The longest input `didYouMean` looks at. Every name it is asked about is at most 128
 * characters (SQL Server's `sysname`, the longest name limit of the formats), and a
 * misspelling is at most a third longer than what it misspells.
 */
export const MAX_SUGGESTION_INPUT = 256;

/**
 * Damerau–Levenshtein distance (optimal string alignment), case-insensitive. With `max`, any
 * distance above `max` is reported as `max + 1`, and the work is O(min(|left|, |right|) × max)
 * time and O(min(|left|, |right|)) memory; without it, O(|left| × |right|) time.
 */
export function editDistance(left: string, right: string, max = Number.POSITIVE_INFINITY): number {
  // The longer string indexes the rows, so the rows are as short as possible.
  const [a, b] =
    left.length >= right.length
      ? [left.toLowerCase(), right.toLowerCase()]
      : [right.toLowerCase(), left.toLowerCase()];
  return boundedDistance(a, b, max);
}

/** `editDistance` of lower-cased strings, `a` the longer. */
function boundedDistance(a: string, b: string, max: number): number {
  const over = max + 1;
  // The distance is at least the difference in length.
  if (a.length - b.length > max) return over;
  const cols = b.length + 1;
  // Cells outside the band hold `over`: any alignment through them costs more than `max`.
  let twoBack = new Array<number>(cols).fill(over);
  let previous = new Array<number>(cols).fill(over);
  let current = new Array<number>(cols).fill(over);
  for (let j = 0; j < cols && j <= max; j++) previous[j] = j;
  let previousBest = 0;
  for (let i = 1; i <= a.length; i++) {
    const from = Math.max(1, i - max);
    const to = Math.min(b.length, i + max);
    // The buffer holds a row from three rows ago: only the cells next to this row's band are
    // read before they are written, so only those are reset (not the whole row, which made
    // two long strings quadratic again).
    current[0] = i <= max ? i : over;
    if (from > 1) current[from - 1] = over;
    if (to + 1 < cols) current[to + 1] = over;
    let rowBest = current[0]!;
    for (let j = from; j <= to; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, twoBack[j - 2]! + 1);
      }
      current[j] = Math.min(best, over);
      if (current[j]! < rowBest) rowBest = current[j]!;
    }
    // Every later cell grows from this row or the one before, by at least zero: when both
    // exceed the bound, the distance does.
    if (rowBest > max && previousBest > max) return over;
    previousBest = rowBest;
    [twoBack, previous, current] = [previous, current, twoBack];
  }
  return Math.min(previous[b.length]!, over);
}

/**
 * The candidate closest to `input`, if it is close enough to be a plausible misspelling:
 * at most a third of the input's length (and at least one edit) away. Ties go to the first
 * candidate, so callers control the preference by ordering. Inputs longer than
 * {@link MAX_SUGGESTION_INPUT} get no suggestion.
 */
export function didYouMean(input: string, candidates: Iterable<string>): string | undefined {
  if (input.length > MAX_SUGGESTION_INPUT) return undefined;
  const limit = Math.max(1, Math.floor(input.length / 3));
  const lower = input.toLowerCase();
  let best: string | undefined;
  // Only a candidate strictly closer than the best so far can replace it, so the bound
  // tightens as candidates are found.
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    const other = candidate.toLowerCase();
    if (other === lower) return candidate;
    const distance =
      lower.length >= other.length
        ? boundedDistance(lower, other, bestDistance - 1)
        : boundedDistance(other, lower, bestDistance - 1);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
