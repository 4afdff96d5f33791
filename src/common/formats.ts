import { z } from 'zod';
import { DURATION_EXPECTED, parseDuration } from './duration.js';

/** The pattern of a duration, for the JSON Schema; {@link parseDuration} is the real judge. */
export const DURATION_PATTERN =
  /^(?:(?:\d+(?:\.\d+)?[smhdw])+|P(?:\d+(?:\.\d+)?W)?(?:\d+(?:\.\d+)?D)?(?:T(?:\d+(?:\.\d+)?H)?(?:\d+(?:\.\d+)?M)?(?:\d+(?:\.\d+)?S)?)?)$/;

/** A calendar date, optionally with a time and zone (ISO 8601). */
export const DATE_PATTERN =
  /^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:?\d{2})?)?$/;

export const DATE_EXPECTED = "a date such as '2026-11-24' or a time such as '2026-11-23T22:00:00Z'";

/**
 * Parses a date of {@link DATE_PATTERN} to epoch milliseconds. A date alone is midnight UTC and a
 * time without a zone is read as UTC, so the result never depends on the machine's time zone.
 */
export function parseDate(text: string): number | undefined {
  if (!DATE_PATTERN.test(text)) return undefined;
  const year = Number(text.slice(0, 4));
  const month = Number(text.slice(5, 7));
  const day = Number(text.slice(8, 10));
  // Date.parse rolls 2026-02-30 over to March; a real calendar date round-trips.
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (
    calendar.getUTCFullYear() !== year ||
    calendar.getUTCMonth() !== month - 1 ||
    calendar.getUTCDate() !== day
  ) {
    return undefined;
  }
  if (text.length === 10) return calendar.getTime();
  let normalized = `${text.slice(0, 10)}T${text.slice(11).toUpperCase()}`;
  if (/[+-]\d{4}$/.test(normalized)) normalized = `${normalized.slice(0, -2)}:${normalized.slice(-2)}`;
  else if (!/(?:Z|[+-]\d{2}:\d{2})$/.test(normalized)) normalized += 'Z';
  const millis = Date.parse(normalized);
  return Number.isNaN(millis) ? undefined : millis;
}

/** A duration field in the schema. */
export const durationSchema = z
  .string()
  .regex(DURATION_PATTERN, { error: DURATION_EXPECTED, abort: true })
  .refine((text) => parseDuration(text) !== undefined, { error: DURATION_EXPECTED })
  .describe(
    "Duration: '90s', '30m', '8h', '2d', '1w', combinations like '1h30m', or ISO 8601 such as 'PT8H'.",
  );

/** A date field in the schema. */
export const dateSchema = z
  .string()
  .regex(DATE_PATTERN, { error: DATE_EXPECTED, abort: true })
  .refine((text) => parseDate(text) !== undefined, { error: DATE_EXPECTED })
  .describe("Date 'YYYY-MM-DD' or date and time 'YYYY-MM-DDThh:mm:ssZ'.");
