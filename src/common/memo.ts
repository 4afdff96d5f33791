/**
 * The one shape of the caches that hold a value per object or key for as long as the object
 * lives or the process runs: compiled machines, synthesis contexts, search bounds, XState
 * outcomes. A cached value must be a pure function of its key.
 */

/** What `memoized` reads and writes: a `Map` or a `WeakMap`. */
export interface MemoCache<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): unknown;
}

/**
 * The value of `key` in `cache`, computed by `compute` and stored on first use. `compute` must
 * be a pure function of the key (and of what does not change while the cache lives), and must
 * not return undefined.
 */
export function memoized<K, V>(cache: MemoCache<K, V>, key: K, compute: (key: K) => V): V {
  let value = cache.get(key);
  if (value === undefined) {
    value = compute(key);
    cache.set(key, value);
  }
  return value;
}
