/**
 * The field readers both evidence formats share: backup types, recovery models, GUIDs, sizes,
 * flags and the dates `msdb`, sqlcmd and PowerShell write. Each returns `undefined` for a value
 * it cannot read, so the caller can report it at the row's position.
 */
import type { Mutable } from '../common/types.js';
import type { BackupKind, BackupRecord, RecoveryModel, TimeZoneEvidence } from './types.js';

/** `backupset.type` letters and the names dbatools (and older SMO-based exports) write. */
const KINDS: Readonly<Record<string, BackupKind>> = {
  d: 'full',
  full: 'full',
  database: 'full',
  i: 'differential',
  differential: 'differential',
  'database differential': 'differential',
  l: 'log',
  log: 'log',
  'transaction log': 'log',
  f: 'other',
  file: 'other',
  g: 'other',
  'differential file': 'other',
  p: 'other',
  'partial full': 'other',
  q: 'other',
  'partial differential': 'other',
};

/** Reads a backup type; `undefined` when it is none SQL Server records. */
export function readKind(text: string): BackupKind | undefined {
  return KINDS[text.trim().toLowerCase()];
}

/** Reads a recovery model (`FULL`, `Full`, `BULK_LOGGED`, `Bulk-Logged`, `SIMPLE`). */
export function readRecoveryModel(text: string): RecoveryModel | undefined {
  const normalized = text.trim().toUpperCase().replace('_', '-');
  return normalized === 'FULL' || normalized === 'SIMPLE' || normalized === 'BULK-LOGGED'
    ? normalized
    : undefined;
}

const GUID = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;

/** Reads a GUID in any casing, with or without braces, to lower case. */
export function readGuid(text: string): string | undefined {
  const match = GUID.exec(text.trim());
  return match?.[1]?.toLowerCase();
}

/** Reads `1`/`0`, `True`/`False` (any casing). */
export function readFlag(text: string): boolean | undefined {
  const value = text.trim().toLowerCase();
  if (value === '1' || value === 'true') return true;
  if (value === '0' || value === 'false') return false;
  return undefined;
}

const SIZE_UNITS: Readonly<Record<string, number>> = {
  b: 1,
  bytes: 1,
  kb: 1024,
  mb: 1024 ** 2,
  gb: 1024 ** 3,
  tb: 1024 ** 4,
};

/** Reads a size in bytes from a number or from dbatools' `12.5 GB` rendering. */
export function readSizeText(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]+)?\s*$/i.exec(text);
  if (!match) return undefined;
  const unit = SIZE_UNITS[(match[2] ?? 'b').toLowerCase()];
  return unit === undefined ? undefined : Math.round(Number(match[1]) * unit);
}

/** A read date: the instant (or, for an unknown zone, the local time read as UTC) and its zone. */
export interface ReadDate {
  readonly millis: number;
  readonly zone: TimeZoneEvidence;
}

/** The date forms accepted, for error messages. */
export const EVIDENCE_DATE_EXPECTED =
  "an ISO 8601 time such as '2026-11-23T22:00:00' or '2026-11-23 22:00:00.000' (optionally with an offset such as +01:00), or '/Date(1700000000000)/'";

const MS_DATE = /^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/;
const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Reads a date as the exports write it. `/Date(ms)/` (PowerShell 5.1) is an instant; an ISO time
 * with `Z` or an offset (PowerShell 7) carries its zone; an ISO time without one is local time of
 * a zone the file does not say, which `fallbackZone` (the row's `time_zone`) may supply.
 */
export function readDate(text: string, fallbackZone?: TimeZoneEvidence): ReadDate | undefined {
  const value = text.trim();
  const ms = MS_DATE.exec(value);
  if (ms) {
    const millis = Number(ms[1]);
    return Number.isSafeInteger(millis) ? { millis, zone: { kind: 'instant' } } : undefined;
  }
  const iso = ISO_DATE.exec(value);
  if (!iso) return undefined;
  const [, year, month, day, hour, minute, second, fraction, offset] = iso;
  const local = Date.UTC(
    Number(year),
    Number(month) - 1,
    Number(day),
    Number(hour),
    Number(minute),
    Number(second ?? 0),
    Math.floor(Number(`0.${fraction ?? '0'}`) * 1000),
  );
  const check = new Date(local);
  if (
    check.getUTCFullYear() !== Number(year) ||
    check.getUTCMonth() !== Number(month) - 1 ||
    check.getUTCDate() !== Number(day) ||
    Number(hour) > 23 ||
    Number(minute) > 59 ||
    Number(second ?? 0) > 59
  ) {
    return undefined;
  }
  if (offset === undefined) {
    const zone = fallbackZone ?? { kind: 'unknown' };
    return { millis: zone.kind === 'offset' ? local - zone.minutes * 60_000 : local, zone };
  }
  if (offset.toUpperCase() === 'Z') return { millis: local, zone: { kind: 'offset', minutes: 0 } };
  const sign = offset.startsWith('-') ? -1 : 1;
  const digits = offset.slice(1).replace(':', '');
  const minutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
  return { millis: local - minutes * 60_000, zone: { kind: 'offset', minutes } };
}

/**
 * Reads `backupset.time_zone`: the offset from UTC in 15-minute units, `127` for unknown. An
 * empty or NULL value is unknown too; anything else outside −48…56 is not a time zone.
 */
export function readTimeZone(text: string): TimeZoneEvidence | undefined {
  const value = text.trim();
  if (value === '' || value.toUpperCase() === 'NULL' || value === '127') return { kind: 'unknown' };
  if (!/^-?\d+$/.test(value)) return undefined;
  const units = Number(value);
  if (units < -48 || units > 56) return undefined;
  return { kind: 'offset', minutes: units * 15 };
}

/** The computer part of `COMPUTER\INSTANCE` (or of `COMPUTER,1433`, `tcp:COMPUTER`). */
export function computerOf(server: string): string {
  const withoutProtocol = server.replace(/^[a-z]+:/i, '');
  return withoutProtocol.split(/[\\,]/)[0]!.trim();
}

/** Converts a character offset of `text` to a 1-based line and column. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(Math.max(offset, 0), text.length);
  for (let index = text.indexOf('\n'); index !== -1 && index < end; index = text.indexOf('\n', index + 1)) {
    line += 1;
    lineStart = index + 1;
  }
  return { line, column: end - lineStart + 1 };
}

/**
 * Line and column of many offsets of one text: the line starts are found once, then each
 * offset is a binary search, so locating every row of a large file stays linear.
 */
export function lineLocator(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1))
    starts.push(index + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - starts[low]! + 1 };
  };
}

/** The facts of a backup record that an export may lack. */
type OptionalFacts = 'databaseGuid' | 'recoveryForkGuid' | 'recoveryModel' | 'sizeBytes';

/**
 * A backup record as both parsers build it: each optional fact the row did not give is left
 * out of the record, never present as `undefined`. This is a pure function.
 */
export function backupRecord(
  facts: Omit<BackupRecord, OptionalFacts> & { readonly [K in OptionalFacts]?: BackupRecord[K] | undefined },
): BackupRecord {
  // Field by field, not by rest and spread: those clone slowly in V8, and an msdb history of
  // 100,000 rows builds 100,000 records (bench/evidence.ts).
  const record: Mutable<BackupRecord> = {
    source: facts.source,
    server: facts.server,
    computer: facts.computer,
    database: facts.database,
    kind: facts.kind,
    rawType: facts.rawType,
    startMillis: facts.startMillis,
    finishMillis: facts.finishMillis,
    zone: facts.zone,
    copyOnly: facts.copyOnly,
    devices: facts.devices,
  };
  if (facts.databaseGuid) record.databaseGuid = facts.databaseGuid;
  if (facts.recoveryForkGuid) record.recoveryForkGuid = facts.recoveryForkGuid;
  if (facts.recoveryModel) record.recoveryModel = facts.recoveryModel;
  if (facts.sizeBytes !== undefined) record.sizeBytes = facts.sizeBytes;
  return record;
}
