import { describe, expect, it } from 'vitest';
import { DATE_EXPECTED, dateSchema, parseDate } from '../../src/common/formats.js';

describe('parseDate', () => {
  it('reads a date alone as midnight UTC', () => {
    expect(parseDate('2026-11-24')).toBe(Date.UTC(2026, 10, 24));
    expect(parseDate('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
  });

  it('reads a date and time with a zone', () => {
    expect(parseDate('2026-11-23T22:00:00Z')).toBe(Date.UTC(2026, 10, 23, 22));
    expect(parseDate('2026-11-23t22:00:00z')).toBe(Date.UTC(2026, 10, 23, 22));
    expect(parseDate('2026-11-23T22:00:00.250Z')).toBe(Date.UTC(2026, 10, 23, 22, 0, 0, 250));
    expect(parseDate('2026-11-24T10:00:00+05:30')).toBe(Date.UTC(2026, 10, 24, 4, 30));
    expect(parseDate('2026-11-24T10:00:00+0530')).toBe(Date.UTC(2026, 10, 24, 4, 30));
    expect(parseDate('2026-11-24T10:00:00-02:00')).toBe(Date.UTC(2026, 10, 24, 12));
  });

  it('reads a time without a zone as UTC, whatever the machine time zone', () => {
    expect(parseDate('2026-11-24T10:00')).toBe(Date.UTC(2026, 10, 24, 10));
    expect(parseDate('2026-11-24 10:00:00')).toBe(Date.UTC(2026, 10, 24, 10));
  });

  it.each([
    '2026-02-30',
    '2026-02-30T10:00:00Z',
    '2025-02-29',
    '2026-04-31',
    '2026-04-31T00:00:00Z',
    '2026-13-01',
    '2026-00-10',
    '2026-11-00',
    '2026-11-24T25:00:00Z',
    '2026-11-24T10:61:00Z',
    '24.11.2026',
    '2026/11/24',
    '2026-11-24T',
    '26-11-24',
    'today',
    '',
  ])('refuses %j', (text) => {
    expect(parseDate(text)).toBeUndefined();
  });
});

describe('dateSchema', () => {
  it('accepts a date and a date-time', () => {
    expect(dateSchema.safeParse('2026-11-24').success).toBe(true);
    expect(dateSchema.safeParse('2026-11-23T22:00:00Z').success).toBe(true);
  });

  it('refuses Feb 30 and malformed dates with exactly one issue', () => {
    for (const text of ['2026-02-30', '24.11.2026']) {
      const result = dateSchema.safeParse(text);
      expect(result.success).toBe(false);
      expect(result.error?.issues).toHaveLength(1);
      expect(result.error?.issues[0]?.message).toBe(DATE_EXPECTED);
    }
  });
});
