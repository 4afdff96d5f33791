import { z } from 'zod';
import { DURATION_EXPECTED, parseDuration } from './duration.js';

/** The pattern of a duration, for the JSON Schema; {@link parseDuration} is the real judge. */
export const DURATION_PATTERN =
  /^(?:(?:\d+(?:\.\d+)?[smhdw])+|P(?:\d+(?:\.\d+)?W)?(?:\d+(?:\.\d+)?D)?(?:T(?:\d+(?:\.\d+)?H)?(?:\d+(?:\.\d+)?M)?(?:\d+(?:\.\d+)?S)?)?)$/;

/** A calendar date, optionally with a time and zone (ISO 8601). */
export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:?\d{2})?)?$/;

export const DATE_EXPECTED = "a date such as '2026-11-24' or a time such as '2026-11-23T22:00:00Z'";

/** Parses a date of {@link DATE_PATTERN} to epoch milliseconds (dates alone are midnight UTC). */
export function parseDate(text: string): number | undefined {
  if (!DATE_PATTERN.test(text)) return undefined;
  const normalized = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text.replace(' ', 'T');
  const millis = Date.parse(normalized);
  if (Number.isNaN(millis)) return undefined;
  // Date.parse rolls 2026-02-30 over to March; a real calendar date round-trips.
  const day = text.slice(0, 10);
  if (/^\d{4}-\d{2}-\d{2}$/.test(text) && new Date(millis).toISOString().slice(0, 10) !== day) return undefined;
  return millis;
}

/** A duration field in the schema. */
export const durationSchema = z
  .string()
  .regex(DURATION_PATTERN, { error: DURATION_EXPECTED })
  .refine((text) => parseDuration(text) !== undefined, { error: DURATION_EXPECTED })
  .describe("Duration: '90s', '30m', '8h', '2d', '1w', combinations like '1h30m', or ISO 8601 such as 'PT8H'.");

/** A date field in the schema. */
export const dateSchema = z
  .string()
  .regex(DATE_PATTERN, { error: DATE_EXPECTED })
  .refine((text) => parseDate(text) !== undefined, { error: DATE_EXPECTED })
  .describe("Date 'YYYY-MM-DD' or date and time 'YYYY-MM-DDThh:mm:ssZ'.");
