/**
 * The journal: one JSON line per event, appended and flushed; read back with a cut-short tail
 * recovered and damage in the middle refused with its line number.
 */
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { replay } from '../../src/drill/core.js';
import { parseJournal } from '../../src/drill/journal.js';
import { JournalFile, JournalFileError, readJournalFile } from '../../src/drill/journal-file.js';
import { allDone, drillOf, runInMemory, withoutClock } from './fixtures.js';

const directory = mkdtempSync(join(tmpdir(), 'scsm-dr-journal-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const bytes = (text: string): Uint8Array => Buffer.from(text, 'utf8');

async function sampleJournal(): Promise<string> {
  const context = await drillOf('workflow-server-lost');
  const run = await runInMemory(context, [[60, 'd'], [60, 'n checked the event log'], [60, 'd'], 'q']);
  return run.journal.text();
}

describe('parseJournal', () => {
  it('reads back what the session wrote, one event per line', async () => {
    const text = await sampleJournal();
    const parsed = parseJournal(bytes(text));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.events.map((event) => event.type)).toEqual([
      'start',
      'step',
      'answer',
      'step',
      'note',
      'answer',
      'step',
      'quit',
    ]);
    expect(parsed.validBytes).toBe(Buffer.byteLength(text));
    expect(parsed.recoveredTail).toBeUndefined();
    expect(text.split('\n').every((line) => line === '' || JSON.parse(line).seq > 0)).toBe(true);
  });

  it('recovers a cut-short last line (a write interrupted by a crash) up to the last complete line', async () => {
    const text = await sampleJournal();
    const lines = text.split('\n');
    const keep = `${lines.slice(0, 6).join('\n')}\n`;
    for (const cut of [1, 10, lines[6]!.length]) {
      const parsed = parseJournal(bytes(keep + lines[6]!.slice(0, cut)));
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) return;
      expect(parsed.events).toHaveLength(6);
      expect(parsed.validBytes).toBe(Buffer.byteLength(keep));
      expect(parsed.recoveredTail).toEqual({
        line: 7,
        message: 'line 7 is incomplete (a write was interrupted); recovered the 6 events before it',
      });
    }
  });

  it('recovers a tail cut in the middle of a UTF-8 character', async () => {
    const context = await drillOf('workflow-server-lost');
    const run = await runInMemory(context, [[60, 'n Größe: 40 GB — 💾'], 'q']);
    const text = run.journal.text();
    const all = Buffer.from(text, 'utf8');
    const noteStart = all.indexOf(Buffer.from('{"seq":3'));
    const emoji = all.indexOf(Buffer.from('💾', 'utf8'));
    const parsed = parseJournal(all.subarray(0, emoji + 2));
    expect(parsed.ok && parsed.validBytes).toBe(noteStart);
  });

  it('chains every line to the one before, and refuses a line changed after it was written', async () => {
    const text = await sampleJournal();
    const lines = text.split('\n').filter((line) => line !== '');
    expect(lines.every((line) => /,"hash":"[0-9a-f]{64}"\}$/.test(line))).toBe(true);
    const parsed = parseJournal(bytes(text));
    expect(parsed.ok && parsed.lastHash).toBe(JSON.parse(lines.at(-1)!).hash);
    // Change an answer's note in the middle, and the last line: each is named.
    const answer = lines.findIndex((line) => line.includes('"type":"answer"'));
    expect(answer).toBeGreaterThan(0);
    for (const index of [answer, lines.length - 1]) {
      const changed = [...lines];
      changed[index] = changed[index]!.replace('"seq":', '"seq": ');
      expect(parseJournal(bytes(`${changed.join('\n')}\n`))).toEqual({
        ok: false,
        problem: {
          line: index + 1,
          message: 'record changed after it was written',
          kind: 'changed',
          ...(index === lines.length - 1 ? { lastLine: true } : {}),
        },
      });
    }
    // A journal without hashes (an older scsm-dr's, or one stripped of them) cannot be verified.
    const unhashed = lines.map((line) => line.replace(/,"hash":"[0-9a-f]{64}"\}$/, '}'));
    expect(parseJournal(bytes(`${unhashed.join('\n')}\n`))).toMatchObject({
      ok: false,
      problem: { line: 1, kind: 'unverifiable' },
    });
  });

  it('refuses damage in the middle, naming the line', async () => {
    const lines = (await sampleJournal()).split('\n');
    const withGarbage = [...lines.slice(0, 3), 'this is not json', ...lines.slice(3)].join('\n');
    expect(parseJournal(bytes(withGarbage))).toEqual({
      ok: false,
      problem: { line: 4, message: 'not a JSON object', kind: 'invalid' },
    });
    const wrongShape = [...lines.slice(0, 3), '{"seq":4,"type":"answer"}', ...lines.slice(4)].join('\n');
    const parsed = parseJournal(bytes(wrongShape));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem.line).toBe(4);
    if (!parsed.ok) expect(parsed.problem.message).toMatch(/^not a journal event \(/);
    const renumbered = [...lines.slice(0, 2), lines[3]!, ...lines.slice(3)].join('\n');
    expect(parseJournal(bytes(renumbered))).toEqual({
      ok: false,
      problem: { line: 3, message: 'event number 4 on line 3', kind: 'invalid' },
    });
    const badBytes = Buffer.concat([
      Buffer.from(`${lines[0]}\n`),
      Buffer.from([0xff, 0xfe, 0x0a]),
      Buffer.from(lines.slice(1).join('\n')),
    ]);
    expect(parseJournal(badBytes)).toEqual({
      ok: false,
      problem: { line: 2, message: 'not valid UTF-8', kind: 'invalid' },
    });
    expect(parseJournal(bytes(''))).toEqual({
      ok: false,
      problem: { line: 0, message: 'the journal is empty' },
    });
  });
});

describe('JournalFile', () => {
  it('appends events durably and never writes into an existing file', async () => {
    const file = join(directory, 'append.jsonl');
    const context = await drillOf('workflow-server-lost');
    const run = await runInMemory(context, [[60, 'd'], 'q']);
    const journal = JournalFile.create(file);
    journal.append(run.events.slice(0, 2));
    // Each append is on disk at once: another reader sees it before the journal is closed.
    expect(readFileSync(file, 'utf8').split('\n')).toHaveLength(3);
    journal.append(run.events.slice(2));
    journal.close();
    expect(readFileSync(file, 'utf8')).toBe(run.journal.text());
    expect(() => JournalFile.create(file)).toThrow(JournalFileError);
    expect(() => JournalFile.create(file)).toThrow(`${file} already exists`);
  });

  it('continues a journal after cutting off a partial last line', async () => {
    const file = join(directory, 'continue.jsonl');
    const context = await drillOf('workflow-server-lost');
    const full = await runInMemory(context, [[60, 'd'], [60, 'd'], [60, 'd'], 'q']);
    const text = full.journal.text();
    writeFileSync(file, text);
    const lines = text.split('\n');
    const keepBytes = Buffer.byteLength(`${lines.slice(0, 5).join('\n')}\n`);
    truncateSync(file, keepBytes + 17); // a crash in the middle of line 6
    const parsed = readJournalFile(file);
    expect(parsed.ok && parsed.recoveredTail?.line).toBe(6);
    if (!parsed.ok) return;
    const journal = JournalFile.continue(file, parsed.validBytes, parsed.lastHash);
    const resumed = await runInMemory(context, [[60, 'd'], 'q'], { history: parsed.events });
    journal.append(resumed.events.slice(parsed.events.length));
    journal.close();
    const again = readJournalFile(file);
    expect(again.ok).toBe(true);
    if (!again.ok) return;
    expect(again.recoveredTail).toBeUndefined();
    // The events lost with the cut line are produced again: the same drill, whatever the crash.
    expect(withoutClock(again.events)).toEqual(withoutClock(full.events));
    expect(replay(context, again.events).position).toBe(3);
  });

  it('reports a missing journal as a user problem', () => {
    expect(() => readJournalFile(join(directory, 'missing.jsonl'))).toThrow(JournalFileError);
  });
});

describe('a crash at any line', () => {
  it('loses nothing: resuming from every prefix of the journal gives the same drill', async () => {
    const context = await drillOf('dw-server-lost');
    const answers = [
      [60, 'd'],
      [
        60,
        'x install-data-warehouse-server computer=CVL-DW01 database=DWStagingAndConfig reportingUrl=http://cvl-dwsql01/ReportServer',
      ],
      [60, 'd'],
      [60, 'f wrong URL'],
      [60, 'd'],
      [60, 'd'],
      [60, 'd'],
    ] as const;
    const full = await runInMemory(context, [...answers]);
    expect(full.result.status).toBe('ended');
    const inputs = new Set(['answer', 'deviation', 'note', 'quit']);
    for (let cut = 1; cut < full.events.length; cut++) {
      const history = full.events.slice(0, cut);
      const given = history.filter((event) => inputs.has(event.type)).length;
      const resumed = await runInMemory(context, answers.slice(given), { history });
      expect(withoutClock(resumed.events), `crash after line ${cut}`).toEqual(withoutClock(full.events));
    }
  });

  it('an uninterrupted drill ends with the same journal as one that was stopped and resumed', async () => {
    const context = await drillOf('workflow-server-lost');
    const full = await runInMemory(context, allDone(9));
    const first = await runInMemory(context, allDone(2));
    const second = await runInMemory(context, allDone(7), { history: first.events });
    expect(withoutClock(second.events)).toEqual(withoutClock(full.events));
  });
});
