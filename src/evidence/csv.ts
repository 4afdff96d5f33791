/**
 * Reads the CSV of `collectors/backup-history.sql`, as two tools write it:
 * - `Invoke-Sqlcmd … | Export-Csv`: every field quoted, maybe a `#TYPE System.Data.DataRow` first
 *   line (PowerShell 5.1 without `-NoTypeInformation`), maybe DataRow's own columns (`RowError`,
 *   `RowState`, `Table`, `ItemArray`, `HasErrors`) at the end, which are ignored;
 * - `sqlcmd -s"," -W`: a header, a line of dashes, unquoted fields, `NULL` for nulls, and maybe a
 *   blank line and `(N rows affected)` at the end.
 *
 * The fields are split by `csv-parse`. sqlcmd does not quote, so a device name holding a comma
 * spills into further fields: the query puts `physical_device_name` last, and the spill is joined
 * back.
 */
import { parse } from 'csv-parse/sync';
import type { InputError, LoadResult } from '../common/errors.js';
import type { BackupRecord, TimeZoneEvidence } from './types.js';
import {
  backupRecord,
  computerOf,
  EVIDENCE_DATE_EXPECTED,
  readDate,
  readFlag,
  readGuid,
  readKind,
  readRecoveryModel,
  readSizeText,
  readTimeZone,
} from './values.js';

/** The columns of `collectors/backup-history.sql`, every one required. */
export const CSV_COLUMNS = [
  'server_name',
  'database_name',
  'type',
  'backup_start_date',
  'backup_finish_date',
  'time_zone',
  'is_copy_only',
  'database_guid',
  'last_recovery_fork_guid',
  'recovery_model',
  'backup_size',
  'physical_device_name',
] as const;

type Column = (typeof CSV_COLUMNS)[number];

const MAX_ERRORS = 20;

const ROWS_AFFECTED = /^\(\d+ rows? affected\)$/i;

/** The CSV flavour the file turned out to be. */
export type CsvFlavour = 'csv-export-csv' | 'csv-sqlcmd';

/** The start offset of 1-based `line`, for a column in an error; only computed when reporting one. */
function lineStart(source: string, line: number): number {
  let offset = 0;
  for (let current = 1; current < line; current += 1) {
    const next = source.indexOf('\n', offset);
    if (next === -1) return source.length;
    offset = next + 1;
  }
  return offset;
}

/** The 1-based column of `value` on `line`, else 1. */
function columnOf(source: string, line: number, value: string): number {
  const start = lineStart(source, line);
  const end = source.indexOf('\n', start);
  const at = value === '' ? -1 : source.slice(start, end === -1 ? undefined : end).indexOf(value);
  return at === -1 ? 1 : at + 1;
}

function isNull(value: string): boolean {
  return value === '' || value.toUpperCase() === 'NULL';
}

/**
 * Parses a backup-history CSV. Every problem is returned at its line (and the column of the
 * offending value where it can be found), never thrown.
 */
export function parseBackupCsv(
  file: string,
  source: string,
): LoadResult<{ flavour: CsvFlavour; records: BackupRecord[] }> {
  const firstLineEnd = source.indexOf('\n');
  const firstLine = (firstLineEnd === -1 ? source : source.slice(0, firstLineEnd)).trim();
  const fromLine = firstLine.startsWith('#TYPE') ? 2 : 1;
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(source, {
      from_line: fromLine,
      info: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      trim: false,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    const failure = error as Error & { lines?: number; code?: string };
    return {
      ok: false,
      errors: [
        {
          location: { file, line: failure.lines ?? 1, column: 1 },
          path: [],
          message: `not valid CSV: ${failure.message.replace(/^[^:]*:\s*/, '')}`,
          expected: 'the CSV of collectors/backup-history.sql from Export-Csv or sqlcmd -s"," -W',
        },
      ],
    };
  }
  const header = rows[0];
  if (header === undefined) {
    return {
      ok: false,
      errors: [
        {
          location: { file, line: 1, column: 1 },
          path: [],
          message: 'the file is empty',
          expected: `a header line with ${CSV_COLUMNS.join(', ')}`,
        },
      ],
    };
  }
  const names = header.record.map((name) => name.trim().toLowerCase());
  const index = new Map<Column, number>();
  const missing: string[] = [];
  for (const column of CSV_COLUMNS) {
    const at = names.indexOf(column);
    if (at === -1) missing.push(column);
    else index.set(column, at);
  }
  if (missing.length > 0) {
    return {
      ok: false,
      errors: [
        {
          location: { file, line: header.info.lines, column: 1 },
          path: [],
          message: `the header has no column ${missing.join(', ')}`,
          expected: `the columns of collectors/backup-history.sql: ${CSV_COLUMNS.join(', ')}`,
          ...(names.includes('database') && names.includes('start')
            ? { suggestion: 'this looks like dbatools output: export it with ConvertTo-Json, not Export-Csv' }
            : {}),
        },
      ],
    };
  }
  let body = rows.slice(1);
  let flavour: CsvFlavour = 'csv-export-csv';
  if (body[0]?.record.every((field) => /^-+$/.test(field.trim()))) {
    flavour = 'csv-sqlcmd';
    body = body.slice(1);
  }
  const deviceColumn = index.get('physical_device_name')!;
  const lastColumn = deviceColumn === header.record.length - 1;
  const records: BackupRecord[] = [];
  const errors: InputError[] = [];
  for (const { record, info } of body) {
    if (errors.length >= MAX_ERRORS) break;
    const line = info.lines;
    if (record.length === 1 && ROWS_AFFECTED.test(record[0]!.trim())) continue;
    if (record.length < header.record.length) {
      errors.push({
        location: { file, line, column: 1 },
        path: [],
        message: `the row has ${record.length} fields, the header ${header.record.length}`,
        expected: 'one field per column of the header',
      });
      continue;
    }
    if (record.length > header.record.length && !lastColumn) {
      errors.push({
        location: { file, line, column: 1 },
        path: [],
        message: `the row has ${record.length} fields, the header ${header.record.length}`,
        expected: 'one field per column; with sqlcmd, keep physical_device_name the last column',
      });
      continue;
    }
    const field = (column: Column): string => {
      const at = index.get(column)!;
      if (column === 'physical_device_name' && lastColumn) return record.slice(at).join(',').trim();
      return (record[at] ?? '').trim();
    };
    const fail = (column: Column, message: string, expected: string) =>
      errors.push({
        location: { file, line, column: columnOf(source, line, field(column)) },
        path: [column],
        message,
        expected,
      });
    const server = field('server_name');
    const database = field('database_name');
    const rawType = field('type');
    const kind = readKind(rawType);
    const zone: TimeZoneEvidence | undefined = readTimeZone(field('time_zone'));
    if (isNull(server)) {
      fail('server_name', 'server_name is empty', 'the @@SERVERNAME of the instance');
      continue;
    }
    if (isNull(database)) {
      fail('database_name', 'database_name is empty', 'a database name');
      continue;
    }
    if (kind === undefined) {
      fail('type', `'${rawType}' is not a backup type`, 'D, I or L (backupset.type)');
      continue;
    }
    if (zone === undefined) {
      fail(
        'time_zone',
        `time_zone '${field('time_zone')}' is not a time zone`,
        'a number of 15-minute units from −48 to 56, or 127',
      );
      continue;
    }
    const start = readDate(field('backup_start_date'), zone);
    const finish = readDate(field('backup_finish_date'), zone);
    if (start === undefined) {
      fail(
        'backup_start_date',
        `backup_start_date '${field('backup_start_date')}' is not a date`,
        EVIDENCE_DATE_EXPECTED,
      );
      continue;
    }
    if (finish === undefined) {
      fail(
        'backup_finish_date',
        `backup_finish_date '${field('backup_finish_date')}' is not a date`,
        EVIDENCE_DATE_EXPECTED,
      );
      continue;
    }
    const copyOnlyText = field('is_copy_only');
    const copyOnly = isNull(copyOnlyText) ? false : readFlag(copyOnlyText);
    if (copyOnly === undefined) {
      fail('is_copy_only', `is_copy_only '${copyOnlyText}' is not 0 or 1`, '0 or 1');
      continue;
    }
    const databaseGuid = readGuid(field('database_guid'));
    const fork = readGuid(field('last_recovery_fork_guid'));
    const model = readRecoveryModel(field('recovery_model'));
    const sizeText = field('backup_size');
    const size = isNull(sizeText) ? undefined : readSizeText(sizeText);
    const device = field('physical_device_name');
    records.push(
      backupRecord({
        source: { file, line, column: 1 },
        server,
        computer: computerOf(server),
        database,
        kind,
        rawType,
        startMillis: start.millis,
        finishMillis: finish.millis,
        zone: finish.zone,
        copyOnly,
        databaseGuid,
        recoveryForkGuid: fork,
        recoveryModel: model,
        devices: isNull(device) ? [] : [device],
        sizeBytes: size,
      }),
    );
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: { flavour, records } };
}
