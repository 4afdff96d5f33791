/**
 * The transition cache answers exactly what `fastStep` answers: on random action sequences
 * over generated environments (a shared cache, so later sequences walk trees earlier ones
 * built), with actions the move generator proposes, actions it never would (any declared
 * name, any role), actions naming computers the environment lacks (which create components:
 * the opaque path), and the same action with its parameters in another order. And the packed
 * explorer numbers a state space exactly as the general store does.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exploreSpace } from '../../src/engine/space.js';
import {
  createSystem,
  type FastState,
  fastStateKey,
  fastStep,
  initialState,
  type ModelAction,
  toFastState,
} from '../../src/models/system.js';
import { TransitionCache } from '../../src/models/transition-cache.js';
import { candidateActions, synthesisContext } from '../../src/simulator/synthesis-candidates.js';
import { alphabet, generated, lossOfAll, seedOf } from '../engine/helpers.js';

const seed = seedOf();

const ENVIRONMENTS = [
  { groups: 1, additionalServers: 2 },
  { groups: 2, additionalServers: 1, namedInstances: true, splitDataWarehouse: true, backupServer: true },
  { groups: 2, dataWarehouse: false, sites: 2 },
];

/** The same action with its parameters in reverse order: another key, the same meaning. */
const reversed = (action: ModelAction): ModelAction => ({
  action: action.action,
  params: Object.fromEntries(Object.entries(action.params).reverse()),
});

describe('TransitionCache.step and fullStep = fastStep', () => {
  it.each(ENVIRONMENTS)('%j', (options) => {
    const env = generated(options);
    const system = createSystem(env);
    const context = synthesisContext(system);
    const cache = new TransitionCache(system);
    const declared = alphabet(env);
    // Names the environment lacks: provisioning one creates a component (an opaque step), and
    // later steps from that state bypass the cache.
    const strangers: ModelAction[] = [
      { action: 'provision-computer', params: { computer: 'NEWHOST01' } },
      {
        action: 'install-management-server',
        params: { computer: 'NEWHOST01', database: env.databases[0]!.name, role: 'additional' },
      },
      { action: 'install-sql-server', params: { instance: 'NEWHOST01\\SQL' } },
      { action: 'not-an-action', params: {} },
    ];
    const computers = env.computers.map((computer) => computer.name);
    let opaque = 0;
    fc.assert(
      fc.property(
        fc.subarray(computers, { minLength: 1 }),
        fc.array(fc.tuple(fc.nat(3), fc.nat(10_000)), { maxLength: 50 }),
        (lost, moves) => {
          let state: FastState = toFastState(
            system,
            initialState(system, { computers: lost, databases: [], sites: [] }),
          );
          for (const [kind, pick] of moves) {
            const proposed = candidateActions(context, state);
            const action =
              kind === 0 && proposed.length > 0
                ? proposed[pick % proposed.length]!
                : kind === 1
                  ? strangers[pick % strangers.length]!
                  : kind === 2
                    ? reversed(declared[pick % declared.length]!)
                    : declared[pick % declared.length]!;
            const expected = fastStep(system, state, action);
            const cached = cache.step(state, action);
            const full = cache.fullStep(state, action);
            expect(fastStateKey(full.state)).toBe(fastStateKey(expected.state));
            expect(full.state.notes).toEqual(expected.state.notes);
            expect(full.violations).toEqual(expected.violations);
            expect(full.effects).toEqual(expected.effects);
            if (expected.violations.length > 0) {
              expect(cached).toBeUndefined();
            } else {
              expect(cached).toBeDefined();
              expect(fastStateKey(cached!)).toBe(fastStateKey(expected.state));
            }
            if (Object.keys(expected.state.extras).length > 0) opaque++;
            // Plans go on after a violation (the simulator reports it and continues), so the
            // walk does too.
            state = full.state;
          }
        },
      ),
      { seed, numRuns: 120 },
    );
    const stats = cache.stats();
    // Every path was exercised: answers from the trees, traces, and steps through fastStep.
    expect(stats.hits).toBeGreaterThan(0);
    expect(stats.misses).toBeGreaterThan(0);
    expect(stats.bypassed + opaque).toBeGreaterThan(0);
  });
});

/** Small enough to explore whole with everything lost (the product of two DW groups is not). */
const EXPLORED = [
  { groups: 1, additionalServers: 1 },
  { groups: 1, splitDataWarehouse: true, namedInstances: true, backupServer: true },
  { groups: 2, dataWarehouse: false, sites: 2 },
];

describe('the packed explorer', () => {
  it.each(EXPLORED)('numbers states and edges as the general store does: %j', (options) => {
    const env = generated(options);
    const system = createSystem(env);
    const start = toFastState(system, initialState(system, lossOfAll(env)));
    const packed = exploreSpace(system, start);
    const general = exploreSpace(system, start, { store: 'general' });
    expect(packed.packed).toBe(true);
    expect(general.packed).toBe(false);
    expect(packed.states.map(fastStateKey)).toEqual(general.states.map(fastStateKey));
    for (const field of ['parent', 'via', 'from', 'to', 'actionOf', 'terminal'] as const)
      expect(packed[field]).toEqual(general[field]);
    expect(packed.actions).toEqual(general.actions);
    expect(packed.stepsTried).toBe(general.stepsTried);
  });

  it('stops at maxStates in both stores alike', () => {
    const env = generated({ groups: 1, additionalServers: 1 });
    const system = createSystem(env);
    const start = toFastState(system, initialState(system, lossOfAll(env)));
    const packed = exploreSpace(system, start, { maxStates: 100 });
    const general = exploreSpace(system, start, { maxStates: 100, store: 'general' });
    expect(packed.complete).toBe(false);
    expect(packed.states).toHaveLength(100);
    expect(packed.states.map(fastStateKey)).toEqual(general.states.map(fastStateKey));
    expect(packed.to).toEqual(general.to);
  });

  it('uses the general store for a start state with a created component', () => {
    const env = generated({ groups: 1, dataWarehouse: false });
    const system = createSystem(env);
    const start = toFastState(system, initialState(system, lossOfAll(env)));
    const created = fastStep(system, start, {
      action: 'provision-computer',
      params: { computer: 'NEWHOST01' },
    });
    expect(Object.keys(created.state.extras)).toEqual(['computer:NEWHOST01']);
    const space = exploreSpace(system, created.state);
    expect(space.packed).toBe(false);
    expect(space.states.length).toBeGreaterThan(1);
    for (const state of space.states)
      expect(state.extras).toEqual({ 'computer:NEWHOST01': expect.any(Number) });
  });
});

describe('action keys', () => {
  it('tells apart actions whose parameters differ only in where separators fall', () => {
    const env = generated({ groups: 1, dataWarehouse: false });
    const system = createSystem(env);
    const cache = new TransitionCache(system);
    const start = toFastState(system, initialState(system, lossOfAll(env)));
    const name = env.computers[0]!.name;
    // Joined naively with NUL separators, these two would be the same text.
    const split: ModelAction = { action: 'provision-computer', params: { computer: name, b: 'c' } };
    const joined: ModelAction = {
      action: 'provision-computer',
      params: { computer: `${name}\u0000b\u0000c` },
    };
    for (const action of [split, joined, split, joined]) {
      const expected = fastStep(system, start, action);
      const full = cache.fullStep(start, action);
      expect(fastStateKey(full.state)).toBe(fastStateKey(expected.state));
      expect(full.violations).toEqual(expected.violations);
    }
    expect(
      fastStateKey(cache.fullStep(start, split).state) === fastStateKey(cache.fullStep(start, joined).state),
    ).toBe(false);
  });
});
