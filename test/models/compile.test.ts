/**
 * The compiled tables (execution path b) behave exactly like the XState machines (path a):
 * exhaustively, for every leaf state, every event type and every combination of the flags
 * the machine's guards read.
 */
import { describe, expect, it } from 'vitest';
import { ALL_EVENT_TYPES } from '../../src/models/common.js';
import { checkTableAgreement, compileMachine } from '../../src/models/compile.js';
import { MACHINES } from '../../src/models/machines.js';
import { MACHINE_KINDS } from '../../src/models/types.js';
import { allFlagCombinations } from './events.js';

describe.each(MACHINE_KINDS)('%s table', (kind) => {
  const table = compileMachine(kind);

  it('lists the leaf states of the machine', () => {
    expect(table.leaves.length).toBeGreaterThan(1);
    for (const leaf of table.leaves) {
      expect(MACHINES[kind].getStateNodeById(`${MACHINES[kind].id}.${leaf}`).path.join('.')).toBe(leaf);
    }
  });

  it('agrees with XState on every (state, event, flags)', () => {
    const events = ALL_EVENT_TYPES.flatMap((type) =>
      allFlagCombinations(MACHINES[kind]).map((flags) => ({ type, flags })),
    );
    expect(events.length).toBeGreaterThanOrEqual(ALL_EVENT_TYPES.length);
    expect(checkTableAgreement(kind, events).slice(0, 5)).toEqual([]);
  });

  it('would notice a disagreement', () => {
    // A copy of the table with one target moved elsewhere must be caught: the check is not vacuous.
    const cell = table.table.findIndex((candidates) => candidates.some((c) => c.target >= 0));
    const corrupted = table.table.map((candidates, i) =>
      i === cell
        ? candidates.map((c) => ({ ...c, target: c.target >= 0 ? (c.target + 1) % table.leaves.length : -1 }))
        : candidates,
    );
    const events = ALL_EVENT_TYPES.flatMap((type) =>
      allFlagCombinations(MACHINES[kind]).map((flags) => ({ type, flags })),
    );
    expect(checkTableAgreement(kind, events, { ...table, table: corrupted }).length).toBeGreaterThan(0);
  });
});
