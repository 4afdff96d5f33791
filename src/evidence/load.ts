/**
 * Loading backup evidence files: reading and decoding (PowerShell 5.1's `Out-File` writes
 * UTF-16 with a byte-order mark, everything else UTF-8), telling JSON from CSV, parsing, and
 * merging the media families of one backup set into one record.
 */
import { readFile, stat } from 'node:fs/promises';
import type { InputError, LoadResult } from '../common/errors.js';
import { parseBackupCsv } from './csv.js';
import { parseDbatoolsJson } from './dbatools.js';
import { mergeMediaFamilies } from './merge.js';
import type { EvidenceFile } from './types.js';

/**
 * The largest evidence file read: a year of 15-minute log backups of a dozen databases is about
 * 400,000 rows, some 400 MiB of dbatools JSON.
 */
export const MAX_EVIDENCE_BYTES = 512 * 1024 * 1024;

function failure(file: string, message: string, line = 1, expected?: string): LoadResult<never> {
  const error: InputError = {
    location: { file, line, column: 1 },
    path: [],
    message,
    ...(expected ? { expected } : {}),
  };
  return { ok: false, errors: [error] };
}

/** Decodes UTF-8 (with or without a byte-order mark) and UTF-16 with one. */
export function decodeEvidence(bytes: Uint8Array, file: string): LoadResult<string> {
  try {
    if (bytes[0] === 0xff && bytes[1] === 0xfe) {
      return { ok: true, value: new TextDecoder('utf-16le', { fatal: true }).decode(bytes.subarray(2)) };
    }
    if (bytes[0] === 0xfe && bytes[1] === 0xff) {
      return { ok: true, value: new TextDecoder('utf-16be', { fatal: true }).decode(bytes.subarray(2)) };
    }
    const nul = bytes.indexOf(0);
    if (nul >= 0) {
      let line = 1;
      for (let index = 0; index < nul; index += 1) if (bytes[index] === 0x0a) line += 1;
      return failure(
        file,
        'file contains a NUL byte: this looks like a binary file',
        line,
        'a UTF-8 or UTF-16 text file',
      );
    }
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { ok: true, value: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  } catch {
    return failure(file, 'file is neither UTF-8 nor UTF-16 with a byte-order mark', 1, 'a text file');
  }
}

/** Parses evidence text: JSON when it starts with `[` or `{`, otherwise CSV. */
export function parseEvidenceText(file: string, text: string): LoadResult<EvidenceFile> {
  const first = /\S/.exec(text);
  if (first === null)
    return failure(file, 'the file is empty', 1, 'dbatools JSON or the CSV of collectors/backup-history.sql');
  if (first[0] === '[' || first[0] === '{') {
    const parsed = parseDbatoolsJson(file, text);
    if (!parsed.ok) return parsed;
    return { ok: true, value: { file, format: 'dbatools-json', records: mergeMediaFamilies(parsed.value) } };
  }
  const parsed = parseBackupCsv(file, text);
  if (!parsed.ok) return parsed;
  return {
    ok: true,
    value: { file, format: parsed.value.flavour, records: mergeMediaFamilies(parsed.value.records) },
  };
}

/** Reads and parses one evidence file; every problem is a located error, never an exception. */
export async function loadEvidenceFile(file: string): Promise<LoadResult<EvidenceFile>> {
  let bytes: Uint8Array;
  try {
    const info = await stat(file);
    if (!info.isFile()) return failure(file, 'not a regular file');
    if (info.size > MAX_EVIDENCE_BYTES)
      return failure(file, `file is ${info.size} bytes, over the limit of ${MAX_EVIDENCE_BYTES}`);
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return failure(
      file,
      code === 'ENOENT'
        ? 'file not found'
        : code === 'EACCES'
          ? 'permission denied'
          : `cannot read file (${code})`,
    );
  }
  const text = decodeEvidence(bytes, file);
  if (!text.ok) return text;
  return parseEvidenceText(file, text.value);
}
