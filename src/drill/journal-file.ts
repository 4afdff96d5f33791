/**
 * The journal on disk: the one place the drill writes a file as it goes.
 *
 * Every batch of events is written with one `write` and then `fsync`ed before the session
 * prints it or prompts again, so a killed process (or a power cut) loses at most a line it had
 * not shown yet, and that line can only be cut short at the end of the file, which the reader
 * recovers (`parseJournal`). A new journal is created exclusively, so a drill never writes
 * into an existing file, and its directory is synced so the file itself survives a crash.
 */
import { closeSync, constants, fsyncSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { JournalEvent } from './events.js';
import { type JournalSink, type ParsedJournal, parseJournal, serializeEvents } from './journal.js';

/** Why a journal file could not be opened, in words, or `undefined` for an unexpected error. */
function describeOpenError(error: unknown, file: string): string | undefined {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EEXIST') return `${file} already exists`;
  if (code === 'ENOENT') return `${file}: no such file or directory`;
  if (code === 'EACCES' || code === 'EPERM') return `${file}: permission denied`;
  if (code === 'EISDIR') return `${file} is a directory`;
  if (code === 'EROFS') return `${file}: read-only file system`;
  return undefined;
}

/** A journal file could not be opened or read: a user's problem, with the reason. */
export class JournalFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JournalFileError';
  }
}

function rethrow(error: unknown, file: string): never {
  const message = describeOpenError(error, file);
  if (message !== undefined) throw new JournalFileError(message);
  throw error;
}

/** Syncs a directory so that a newly created entry in it is durable (best effort: not every platform allows it). */
function syncDirectory(directory: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(directory, constants.O_RDONLY);
    fsyncSync(fd);
  } catch {
    // Some file systems refuse to fsync a directory; the file's own fsync still holds.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** A journal file open for appending. */
export class JournalFile implements JournalSink {
  private constructor(
    private fd: number | undefined,
    readonly file: string,
    /** The hash of the journal's last line, which the next line is chained to. */
    private lastHash: string | undefined,
  ) {}

  /** Creates a new journal; fails if the file exists (a drill never writes into an existing file). */
  static create(file: string): JournalFile {
    try {
      const fd = openSync(file, 'wx', 0o644);
      syncDirectory(dirname(file));
      return new JournalFile(fd, file, undefined);
    } catch (error) {
      return rethrow(error, file);
    }
  }

  /**
   * Opens an existing journal to continue it, first cutting off whatever follows its last
   * complete line (`validBytes`), so that new lines never join a half-written one. New lines
   * are chained to `lastHash`, the hash of that last complete line (`parseJournal` gives both).
   */
  static continue(file: string, validBytes: number, lastHash: string | undefined): JournalFile {
    try {
      const fd = openSync(file, 'r+');
      try {
        ftruncateSync(fd, validBytes);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      return new JournalFile(openSync(file, 'a'), file, lastHash);
    } catch (error) {
      return rethrow(error, file);
    }
  }

  /** Appends the events as lines in one write and flushes them to disk. */
  append(events: readonly JournalEvent[]): void {
    if (this.fd === undefined) throw new Error(`journal ${this.file} is closed`);
    const { text, lastHash } = serializeEvents(events, this.lastHash);
    const bytes = Buffer.from(text, 'utf8');
    let written = 0;
    while (written < bytes.length) written += writeSync(this.fd, bytes, written, bytes.length - written);
    fsyncSync(this.fd);
    this.lastHash = lastHash;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

/** Reads and parses a journal file. Throws {@link JournalFileError} when it cannot be read. */
export function readJournalFile(file: string): ParsedJournal {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    return rethrow(error, file);
  }
  return parseJournal(bytes);
}
