/**
 * The search bound's memo (`searchBound`): the bound of a state is `remainingLowerBound` plus
 * the history-lost weight per forced recreation, whether memoised or not, and the memo is
 * emptied rather than grown without end when a context sees very many states.
 */
import { describe, expect, it } from 'vitest';
import { loadEnvironmentFile } from '../../src/environment/load.js';
import { createSystem, fastStateKey, initialState, toFastState } from '../../src/models/system.js';
import {
  forcedRecreations,
  HISTORY_LOST_WEIGHT,
  remainingLowerBound,
  searchBound,
  synthesisContext,
} from '../../src/simulator/synthesis-candidates.js';

describe('searchBound', () => {
  it('equals the bound computed afresh, memoised by state key, and empties a full memo', async () => {
    const loaded = await loadEnvironmentFile('scenarios/four-computer-ha/environment.yaml');
    if (!loaded.ok) throw new Error('four-computer-ha does not load');
    const system = createSystem(loaded.value);
    const context = synthesisContext(system);
    const lost = loaded.value.computers.map((computer) => computer.name);
    const state = toFastState(system, initialState(system, { computers: lost, databases: [], sites: [] }));
    const key = fastStateKey(state);
    const want =
      remainingLowerBound(context, state) + forcedRecreations(context, state) * HISTORY_LOST_WEIGHT;
    expect(want).toBeGreaterThan(0);
    context.bounds.clear();
    expect(searchBound(context, state, key)).toBe(want);
    expect(context.bounds.get(key)).toBe(want);
    // A full memo (another search's states) is emptied, and the answer is the same.
    for (let index = 0; context.bounds.size < 200_000; index++) context.bounds.set(`other ${index}`, 0);
    expect(searchBound(context, state, key)).toBe(want);
    expect(context.bounds.size).toBe(1);
  });
});
