/**
 * Reading a drill journal back: one JSON event per line, every line ended by `\n`.
 *
 * The writer appends whole lines and flushes them to disk before the next prompt, so a crash
 * can leave only one kind of damage: the last line cut short (no `\n`, perhaps half a JSON
 * object or half a UTF-8 character). That tail is recovered: everything up to the last
 * complete line is kept and the reader says what was dropped. Anything else that is wrong, a
 * bad line followed by more lines, is not a crash but a damaged or foreign file, and is an
 * error naming the line. This module is pure: it works on bytes already read.
 */
import type { EventBody, JournalEvent } from './events.js';
import { journalEventSchema } from './events.js';

/** The largest journal read back; a drill writes a few hundred lines, so this is a sanity guard. */
export const MAX_JOURNAL_BYTES = 16 * 1024 * 1024;

/** A problem with a journal, located at a line (0 for the whole file). */
export interface JournalProblem {
  readonly line: number;
  readonly message: string;
}

/** A journal read back. */
export type ParsedJournal =
  | {
      readonly ok: true;
      readonly events: readonly JournalEvent[];
      /** Bytes of the complete, valid lines: where appending continues. */
      readonly validBytes: number;
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

/** One line as an event, or why it is not one. */
function parseLine(bytes: Uint8Array, line: number): { event: JournalEvent } | { problem: string } {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return { problem: 'not valid UTF-8' };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { problem: 'not a JSON object' };
  }
  const result = journalEventSchema.safeParse(value);
  if (!result.success) return { problem: `not a journal event (${describeIssues(result.error.issues)})` };
  if (result.data.seq !== line) return { problem: `event number ${result.data.seq} on line ${line}` };
  return { event: result.data };
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
  while (offset < bytes.length) {
    line++;
    const newline = bytes.indexOf(0x0a, offset);
    if (newline < 0) {
      return {
        ok: true,
        events,
        validBytes: offset,
        recoveredTail: {
          line,
          message: `line ${line} is incomplete (a write was interrupted); recovered the ${events.length} events before it`,
        },
      };
    }
    const parsed = parseLine(bytes.subarray(offset, newline), line);
    if ('problem' in parsed) return { ok: false, problem: { line, message: parsed.problem } };
    events.push(parsed.event);
    offset = newline + 1;
  }
  if (events.length === 0) return { ok: false, problem: { line: 0, message: 'the journal is empty' } };
  return { ok: true, events, validBytes: offset };
}

/** One event as its journal line, with the `\n`. */
export function serializeEvent(event: JournalEvent): string {
  return `${JSON.stringify(event)}\n`;
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
    return this.events.map(serializeEvent).join('');
  }
}

/** Stamps event bodies with their sequence number and clock reading. */
export function stamp(body: EventBody, seq: number, atMs: number, elapsedMs: number): JournalEvent {
  return { seq, at: new Date(atMs).toISOString(), elapsedMs: Math.max(0, Math.round(elapsedMs)), ...body };
}
