/**
 * The one seedable pseudo-random generator of the program (mulberry32): the drill's surprises
 * and the benchmark estates must come out the same for the same seed on every platform and
 * Node version, which `Math.random` cannot give.
 */

/** A generator of integers in `[0, 2^32)` from `seed`. This is a pure function of the seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** A generator of numbers in `[0, 1)` from `seed`: {@link seededRandom} scaled. This is a pure function of the seed. */
export function seededFraction(seed: number): () => number {
  const next = seededRandom(seed);
  return () => next() / 4294967296;
}
