/**
 * Reading a drill journal back: one JSON event per line, every line ended by `\n`.
 *
 * The writer appends whole lines and flushes them to disk before the next prompt, so a crash
 * can leave only one kind of damage: the last line cut short (no `\n`, perhaps half a JSON
 * object or half a UTF-8 character). That tail is recovered: everything up to the last
 * complete line is kept and the reader says what was dropped. Anything else that is wrong, a
 * bad line followed by more lines, is not a crash but a damaged or foreign file, and is an
 * error naming the line.
 *
 * Every line also carries `hash`, its last field: the SHA-256 (hex) of the previous line's hash,
 * a line feed and this line's own text without the field (the first line: of its own text
 * alone). Each line is thereby chained to everything before it, and a line changed after it
 * was written, the last one included, no longer matches its hash: the reader refuses it,
 * naming the line. The hash guards against edits and accidents, not against someone who
 * recomputes the chain on purpose; a journal is a record, not a signature.
 *
 * This module is pure: it works on bytes already read.
 */
import { createHash } from 'node:crypto';
import type { EventBody, JournalEvent } from './events.js';
import { journalEventSchema } from './events.js';

/** The largest journal read back; a drill writes a few hundred lines, so this is a sanity guard. */
export const MAX_JOURNAL_BYTES = 16 * 1024 * 1024;

/** A problem with a journal, located at a line (0 for the whole file). */
export interface JournalProblem {
  readonly line: number;
  readonly message: string;
  /**
   * What is wrong: a line that is not a valid event (`invalid`), a valid event whose hash does
   * not match (`changed`: edited after it was written), or an event without a hash
   * (`unverifiable`: written by an scsm-dr before journals were chained, or edited).
   */
  readonly kind?: 'invalid' | 'changed' | 'unverifiable';
  /** Set when the problem is on the file's last line, which ends with its line feed. */
  readonly lastLine?: boolean;
}

/** A journal read back. */
export type ParsedJournal =
  | {
      readonly ok: true;
      readonly events: readonly JournalEvent[];
      /** Bytes of the complete, valid lines: where appending continues. */
      readonly validBytes: number;
      /** The hash of the last complete line: what the next line is chained to. */
      readonly lastHash: string | undefined;
      /** Set when a cut-short last line was dropped. */
      readonly recoveredTail?: JournalProblem;
    }
  | { readonly ok: false; readonly problem: JournalProblem };

const decoder = new TextDecoder('utf-8', { fatal: true });

function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  const first = issues[0];
  if (first === undefined) return 'not a journal event';
  const path = first.path.map(String).join('.');
  return path === '' ? first.message : `${path}: ${first.message}`;
}

/** The `hash` field as the writer appends it: the line's last field. */
const HASH_FIELD = /,"hash":"([0-9a-f]{64})"\}$/;

/** The hash of a line whose text without its `hash` field is `body`, chained to `previous`. */
export function chainHash(previous: string | undefined, body: string): string {
  return createHash('sha256')
    .update(previous === undefined ? body : `${previous}\n${body}`, 'utf8')
    .digest('hex');
}

type LineResult =
  | { readonly event: JournalEvent; readonly hash: string }
  | { readonly problem: string; readonly kind: NonNullable<JournalProblem['kind']> };

/** One line as an event chained to `previous`, or why it is not one. */
function parseLine(bytes: Uint8Array, line: number, previous: string | undefined): LineResult {
  const invalid = (problem: string): LineResult => ({ problem, kind: 'invalid' });
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return invalid('not valid UTF-8');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return invalid('not a JSON object');
  }
  const result = journalEventSchema.safeParse(value);
  if (!result.success) return invalid(`not a journal event (${describeIssues(result.error.issues)})`);
  if (result.data.seq !== line) return invalid(`event number ${result.data.seq} on line ${line}`);
  const field = HASH_FIELD.exec(text);
  if (field === null) {
    const hasHash = typeof value === 'object' && value !== null && Object.hasOwn(value, 'hash');
    return hasHash
      ? { problem: 'record changed after it was written', kind: 'changed' }
      : {
          problem:
            'record has no integrity hash: the journal was written by an older scsm-dr, or edited, and cannot be verified',
          kind: 'unverifiable',
        };
  }
  const hash = chainHash(previous, `${text.slice(0, field.index)}}`);
  if (hash !== field[1]) return { problem: 'record changed after it was written', kind: 'changed' };
  return { event: result.data, hash };
}

/**
 * Parses a journal's bytes. A last line without its `\n` is a write cut short by a crash: it
 * is dropped (`recoveredTail` says so), even if it happens to parse, because the writer always
 * ends a line in the same write. Any other invalid line is an error with its line number.
 * This is a pure function.
 */
export function parseJournal(bytes: Uint8Array): ParsedJournal {
  if (bytes.length > MAX_JOURNAL_BYTES)
    return { ok: false, problem: { line: 0, message: `larger than ${MAX_JOURNAL_BYTES} bytes` } };
  const events: JournalEvent[] = [];
  let offset = 0;
  let line = 0;
  let lastHash: string | undefined;
  while (offset < bytes.length) {
    line++;
    const newline = bytes.indexOf(0x0a, offset);
    if (newline < 0) {
      return {
        ok: true,
        events,
        validBytes: offset,
        lastHash,
        recoveredTail: {
          line,
          message: `line ${line} is incomplete (a write was interrupted); recovered the ${events.length} events before it`,
        },
      };
    }
    const parsed = parseLine(bytes.subarray(offset, newline), line, lastHash);
    if ('problem' in parsed) {
      const lastLine = newline === bytes.length - 1;
      return {
        ok: false,
        problem: { line, message: parsed.problem, kind: parsed.kind, ...(lastLine ? { lastLine } : {}) },
      };
    }
    events.push(parsed.event);
    lastHash = parsed.hash;
    offset = newline + 1;
  }
  if (events.length === 0) return { ok: false, problem: { line: 0, message: 'the journal is empty' } };
  return { ok: true, events, validBytes: offset, lastHash };
}

/**
 * Events as journal lines, each with its `\n` and its `hash` chained to the line before
 * (`previous`: the hash of the journal's last line, `undefined` for a new journal). Returns the
 * text and the hash of its last line, which the next lines chain to. This is a pure function.
 */
export function serializeEvents(
  events: readonly JournalEvent[],
  previous: string | undefined,
): { readonly text: string; readonly lastHash: string | undefined } {
  let text = '';
  let last = previous;
  for (const event of events) {
    const body = JSON.stringify(event);
    last = chainHash(last, body);
    text += `${body.slice(0, -1)},"hash":"${last}"}\n`;
  }
  return { text, lastHash: last };
}

/** Where an event goes: the journal on disk, or memory in tests. */
export interface JournalSink {
  /** Appends the events and makes them durable before returning. */
  append(events: readonly JournalEvent[]): void;
}

/** A journal kept in memory, for tests and for the library. */
export class MemoryJournal implements JournalSink {
  readonly events: JournalEvent[] = [];
  append(events: readonly JournalEvent[]): void {
    this.events.push(...events);
  }
  /** The journal's text, as the file would hold it. */
  text(): string {
    return serializeEvents(this.events, undefined).text;
  }
}

/** Stamps event bodies with their sequence number and clock reading. */
export function stamp(body: EventBody, seq: number, atMs: number, elapsedMs: number): JournalEvent {
  return { seq, at: new Date(atMs).toISOString(), elapsedMs: Math.max(0, Math.round(elapsedMs)), ...body };
}
