/**
 * The notes of a system state (the bookkeeping the final-state rules need): their canonical
 * key, the mutable copies a step works on, and the record of the changes a step made, which
 * the transition cache replays.
 */
import type { SystemNotes } from './system-types.js';

/** Keys of notes already seen: notes are immutable values, and searchers share them between states. */
const notesKeys = new WeakMap<SystemNotes, string>();

/**
 * The canonical text of a state's notes, the last part of `fastStateKey`. Equal notes give
 * equal keys because every list is kept sorted. This is a pure function (memoised per object).
 */
export function notesKey(n: SystemNotes): string {
  let text = notesKeys.get(n);
  if (text === undefined) {
    const extraServers = Object.keys(n.extraServers)
      .sort()
      .map((id) => `${id}=${n.extraServers[id]}`)
      .join(',');
    text = `${n.promotedGroups.join(',')}|${n.awaitingImport.join(',')}|${n.awaitingKeyBackup.join(
      ',',
    )}|${n.historyLost.join(',')}|${extraServers}`;
    notesKeys.set(n, text);
  }
  return text;
}

/** The notes as a step changes them. */
export interface MutableNotes {
  promotedGroups: Set<string>;
  awaitingImport: Set<string>;
  awaitingKeyBackup: Set<string>;
  historyLost: Set<string>;
  extraServers: Record<string, string>;
}

/** A change a step made to one of the notes' lists, in the order the step made it. */
export interface NoteOp {
  readonly list: 'promotedGroups' | 'awaitingImport' | 'awaitingKeyBackup' | 'historyLost';
  readonly add: boolean;
  readonly value: string;
}

/** A set that logs every `add` and `delete` made after construction. */
class RecordingSet extends Set<string> {
  log: NoteOp[] | undefined;
  list: NoteOp['list'] = 'historyLost';
  override add(value: string): this {
    this.log?.push({ list: this.list, add: true, value });
    return super.add(value);
  }
  override delete(value: string): boolean {
    this.log?.push({ list: this.list, add: false, value });
    return super.delete(value);
  }
}

function recordingSet(values: readonly string[], list: NoteOp['list'], log: NoteOp[]): RecordingSet {
  const set = new RecordingSet(values);
  set.list = list;
  set.log = log;
  return set;
}

/** Mutable copies of the notes; with `log`, every change to the lists is recorded there. */
export function thawNotes(notes: SystemNotes, log?: NoteOp[]): MutableNotes {
  if (log !== undefined) {
    return {
      promotedGroups: recordingSet(notes.promotedGroups, 'promotedGroups', log),
      awaitingImport: recordingSet(notes.awaitingImport, 'awaitingImport', log),
      awaitingKeyBackup: recordingSet(notes.awaitingKeyBackup, 'awaitingKeyBackup', log),
      historyLost: recordingSet(notes.historyLost, 'historyLost', log),
      extraServers: { ...notes.extraServers },
    };
  }
  return {
    promotedGroups: new Set(notes.promotedGroups),
    awaitingImport: new Set(notes.awaitingImport),
    awaitingKeyBackup: new Set(notes.awaitingKeyBackup),
    historyLost: new Set(notes.historyLost),
    extraServers: { ...notes.extraServers },
  };
}

/** The notes after replaying recorded changes in order. This is a pure function. */
export function applyNoteOps(notes: SystemNotes, ops: readonly NoteOp[]): SystemNotes {
  const mutable = thawNotes(notes);
  for (const op of ops) {
    if (op.add) mutable[op.list].add(op.value);
    else mutable[op.list].delete(op.value);
  }
  return freezeNotes(mutable);
}

/** Frozen, sorted copies of mutable notes. */
export function freezeNotes(notes: MutableNotes): SystemNotes {
  const sorted = (set: Set<string>) => [...set].sort();
  const extraServers: Record<string, string> = {};
  for (const id of Object.keys(notes.extraServers).sort()) extraServers[id] = notes.extraServers[id]!;
  return {
    promotedGroups: sorted(notes.promotedGroups),
    awaitingImport: sorted(notes.awaitingImport),
    awaitingKeyBackup: sorted(notes.awaitingKeyBackup),
    historyLost: sorted(notes.historyLost),
    extraServers,
  };
}

/** The notes of a state no step has run on. */
export const EMPTY_NOTES: SystemNotes = {
  promotedGroups: [],
  awaitingImport: [],
  awaitingKeyBackup: [],
  historyLost: [],
  extraServers: {},
};
