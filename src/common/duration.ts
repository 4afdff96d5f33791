/**
 * Durations in the input files: `90s`, `30m`, `8h`, `2d`, `1w`, combinations such as `1h30m`,
 * or ISO 8601 (`PT8H`, `P1DT2H`). Internally every duration is a whole number of seconds.
 */

const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

const SHORT_FORM = /^(?:\d+(?:\.\d+)?[smhdw])+$/;
const SHORT_PART = /(\d+(?:\.\d+)?)([smhdw])/g;
const ISO_FORM =
  /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** What a duration field accepts, for error messages. */
export const DURATION_EXPECTED =
  "a duration such as '90s', '30m', '8h', '2d', '1w', '1h30m' or ISO 8601 'PT8H'";

/**
 * Parses a duration to whole seconds, or returns `undefined` when the text is not one.
 * Years and months are refused on purpose: their length in seconds is ambiguous.
 */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  if (SHORT_FORM.test(trimmed)) {
    let total = 0;
    for (const match of trimmed.matchAll(SHORT_PART)) {
      total += Number(match[1]) * UNIT_SECONDS[match[2]!]!;
    }
    return Math.round(total);
  }
  const iso = ISO_FORM.exec(trimmed.toUpperCase());
  if (iso && trimmed.length > 1 && !trimmed.toUpperCase().endsWith('T')) {
    const [, weeks, days, hours, minutes, seconds] = iso;
    if ([weeks, days, hours, minutes, seconds].every((part) => part === undefined)) return undefined;
    const total =
      Number(weeks ?? 0) * UNIT_SECONDS.w! +
      Number(days ?? 0) * UNIT_SECONDS.d! +
      Number(hours ?? 0) * UNIT_SECONDS.h! +
      Number(minutes ?? 0) * UNIT_SECONDS.m! +
      Number(seconds ?? 0);
    return Math.round(total);
  }
  return undefined;
}

/** Formats seconds compactly for people: `4h 30m`, `2d 1h`, `45s`. */
export function formatDuration(totalSeconds: number): string {
  if (!Number.isFinite(totalSeconds)) return '∞';
  return durationUnits(totalSeconds).slice(0, 2).join(' ');
}

/**
 * A duration in the compact form `parseDuration` reads back to the same seconds: `2h`,
 * `1h27m12s`, `45m`, every unit kept (`formatDuration` rounds to two units for people; a
 * plan must not).
 */
export function exactDuration(totalSeconds: number): string {
  return durationUnits(totalSeconds).join('');
}

/** Whole seconds as their days, hours, minutes and seconds, largest first, zero units left out (`['0s']` for none). */
function durationUnits(totalSeconds: number): string[] {
  let rest = Math.max(0, Math.round(totalSeconds));
  if (rest === 0) return ['0s'];
  const parts: string[] = [];
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts;
}
