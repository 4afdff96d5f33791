/**
 * Reads the JSON of `Get-DbaDbBackupHistory … | ConvertTo-Json -Depth 4`, as PowerShell 5.1 and 7
 * write it: an array of backup sets, or a single object when there was one; dates as
 * `/Date(ms)/`, as `{ "value": "/Date(ms)/", "DateTime": … }` (5.1 with extended properties) or as
 * ISO strings (7); `Path` a string, or an array when the backup was striped; `TotalSize` a number,
 * a size object or a rendered size.
 *
 * The text is parsed by `JSON.parse`; a single linear scan finds where each top-level element
 * starts, so that a bad row is reported at its own line and column.
 */
import { type ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import type { InputError, LoadResult } from '../common/errors.js';
import type { SourceLocation } from '../common/location.js';
import type { BackupRecord } from './types.js';
import {
  backupRecord,
  computerOf,
  EVIDENCE_DATE_EXPECTED,
  lineAndColumn,
  lineLocator,
  type ReadDate,
  readDate,
  readFlag,
  readGuid,
  readKind,
  readRecoveryModel,
  readSizeText,
} from './values.js';

/** At most this many errors are reported per file; a wholly wrong file says so quickly. */
const MAX_ERRORS = 20;

/**
 * Offsets of the top-level elements: of each array element, or of the one object. Exported for
 * its test, which compares it with a scan of every character.
 */
export function elementOffsets(text: string): number[] {
  const offsets: number[] = [];
  let depth = 0;
  let inString = false;
  let expectElement = false;
  for (let index = 0; index < text.length; index += 1) {
    if (inString) {
      // Most of an export is the text of its strings: jump to the next quote, then count the
      // backslashes before it (an odd count escapes it).
      const quote = text.indexOf('"', index);
      if (quote < 0) break;
      let backslashes = 0;
      while (quote - backslashes - 1 >= index && text.charCodeAt(quote - backslashes - 1) === 92)
        backslashes += 1;
      index = quote;
      if (backslashes % 2 === 0) inString = false;
      continue;
    }
    const char = text.charCodeAt(index);
    if (char === 32 || char === 9 || char === 10 || char === 13) continue;
    if (depth === 0 && char === 123 /* { */) offsets.push(index);
    if (depth === 1 && expectElement) {
      offsets.push(index);
      expectElement = false;
    }
    if (char === 34) inString = true;
    else if (char === 91 /* [ */ || char === 123) {
      depth += 1;
      if (depth === 1 && char === 91) expectElement = true;
    } else if (char === 93 /* ] */ || char === 125 /* } */) depth -= 1;
    else if (char === 44 /* , */ && depth === 1) expectElement = true;
  }
  return offsets;
}

/**
 * Where and why the text is not JSON. `JSON.parse` does not always say where (Node 20 often
 * quotes a snippet instead of an offset), so the failure is located by `jsonc-parser`'s strict
 * mode, which reports the offset of the first error.
 */
function jsonError(text: string): { offset: number; reason: string } {
  const errors: ParseError[] = [];
  parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (first === undefined) return { offset: text.length, reason: 'unexpected end of input' };
  const reason = printParseErrorCode(first.error)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return { offset: first.offset, reason };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A property by name, in any casing (ConvertTo-Json keeps .NET's, hand edits may not). */
function property(row: Record<string, unknown>, name: string): unknown {
  if (Object.hasOwn(row, name)) return row[name];
  const lower = name.toLowerCase();
  for (const key of Object.keys(row)) if (key.toLowerCase() === lower) return row[key];
  return undefined;
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** A dbatools date: a string, epoch milliseconds, or PowerShell 5.1's `{ value, DateTime }` wrapper. */
function dateOf(value: unknown): ReadDate | undefined {
  if (typeof value === 'string') return readDate(value);
  if (typeof value === 'number' && Number.isSafeInteger(value))
    return { millis: value, zone: { kind: 'instant' } };
  if (isObject(value)) {
    const inner = property(value, 'value') ?? property(value, 'DateTime');
    if (inner !== undefined && inner !== value) return dateOf(inner);
  }
  return undefined;
}

function sizeOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  if (typeof value === 'string') return readSizeText(value);
  if (isObject(value)) {
    const bytes = property(value, 'Byte') ?? property(value, 'Bytes');
    if (typeof bytes === 'number') return bytes;
  }
  return undefined;
}

function pathsOf(value: unknown): string[] | undefined {
  if (value === null || value === undefined) return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value as string[];
  return undefined;
}

function guidOf(value: unknown): string | undefined {
  if (typeof value === 'string') return readGuid(value);
  if (isObject(value)) return guidOf(property(value, 'Guid'));
  return undefined;
}

/** Where the key `name` of the row at `offset` is, else the row itself. */
function keyLocation(
  file: string,
  source: string,
  offset: number,
  end: number | undefined,
  name: string,
): SourceLocation {
  const window = source.slice(offset, end);
  const at = window.search(new RegExp(`"${name}"\\s*:`, 'i'));
  return { file, ...lineAndColumn(source, at === -1 ? offset : offset + at) };
}

/**
 * Parses a dbatools backup-history export. Every problem is returned at its position (the
 * syntax error's, or the offending property's), never thrown.
 */
export function parseDbatoolsJson(file: string, source: string): LoadResult<BackupRecord[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(source);
  } catch {
    const { offset, reason } = jsonError(source);
    return {
      ok: false,
      errors: [
        {
          location: { file, ...lineAndColumn(source, offset) },
          path: [],
          message: `not valid JSON: ${reason}`,
          expected: 'the output of Get-DbaDbBackupHistory … | ConvertTo-Json -Depth 4',
        },
      ],
    };
  }
  const rows = Array.isArray(parsed) ? parsed : [parsed];
  const offsets = elementOffsets(source);
  const locate = lineLocator(source);
  const records: BackupRecord[] = [];
  const errors: InputError[] = [];
  const readRow = (row: unknown, index: number): void => {
    const offset = offsets[index] ?? 0;
    const rowLocation: SourceLocation = { file, ...locate(offset) };
    const fail = (name: string | undefined, message: string, expected: string): void => {
      errors.push({
        location:
          name === undefined ? rowLocation : keyLocation(file, source, offset, offsets[index + 1], name),
        path: Array.isArray(parsed) ? [index, ...(name ? [name] : [])] : name ? [name] : [],
        message,
        expected,
      });
    };
    if (!isObject(row)) {
      fail(
        undefined,
        'a backup history entry must be an object',
        'an object with Database, Start, End, Type…',
      );
      return;
    }
    const database = text(property(row, 'Database'));
    const server = text(property(row, 'SqlInstance')) ?? text(property(row, 'Server'));
    const rawType = text(property(row, 'Type'));
    const kind = rawType === undefined ? undefined : readKind(rawType);
    const start = dateOf(property(row, 'Start'));
    const finish = dateOf(property(row, 'End'));
    const devices = pathsOf(property(row, 'Path'));
    const copyOnlyValue = property(row, 'IsCopyOnly');
    const copyOnly =
      copyOnlyValue === undefined || copyOnlyValue === null
        ? false
        : typeof copyOnlyValue === 'boolean'
          ? copyOnlyValue
          : readFlag(String(copyOnlyValue));
    if (database === undefined || database === '') {
      fail(undefined, 'the entry has no Database', 'a Database name');
      return;
    }
    if (server === undefined || server === '') {
      fail(undefined, 'the entry has no SqlInstance', "a SqlInstance such as 'SQL01' or 'SQL01\\DW'");
      return;
    }
    if (kind === undefined) {
      fail('Type', `'${rawType ?? ''}' is not a backup type`, 'Full, Differential or Log');
      return;
    }
    if (start === undefined) {
      fail('Start', `Start ${JSON.stringify(property(row, 'Start'))} is not a date`, EVIDENCE_DATE_EXPECTED);
      return;
    }
    if (finish === undefined) {
      fail('End', `End ${JSON.stringify(property(row, 'End'))} is not a date`, EVIDENCE_DATE_EXPECTED);
      return;
    }
    if (devices === undefined) {
      fail('Path', 'Path is neither a string nor a list of strings', 'a file path or URL');
      return;
    }
    if (copyOnly === undefined) {
      fail('IsCopyOnly', 'IsCopyOnly is not true or false', 'true or false');
      return;
    }
    const recoveryModel = text(property(row, 'RecoveryModel'));
    const model = recoveryModel === undefined ? undefined : readRecoveryModel(recoveryModel);
    const fork = guidOf(property(row, 'LastRecoveryForkGuid'));
    const databaseGuid = guidOf(property(row, 'DatabaseGuid'));
    const size = sizeOf(property(row, 'TotalSize'));
    const computer = text(property(row, 'ComputerName')) ?? computerOf(server);
    records.push(
      backupRecord({
        source: rowLocation,
        server,
        computer,
        database,
        kind,
        rawType: rawType ?? '',
        startMillis: start.millis,
        finishMillis: finish.millis,
        zone: finish.zone,
        copyOnly,
        databaseGuid,
        recoveryForkGuid: fork,
        recoveryModel: model,
        devices,
        sizeBytes: size,
      }),
    );
  };
  for (const [index, row] of rows.entries()) {
    if (errors.length >= MAX_ERRORS) break;
    readRow(row, index);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: records };
}
