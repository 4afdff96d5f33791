/** Type helpers shared by the layers. */

/**
 * `T` with its properties writable: for a value built property by property (an optional key
 * set only when present, in its place), then handed out as the read-only `T`.
 */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };
