/**
 * The engine against the XState machines, step by step, on random action sequences:
 * - every machine alone: the compiled table (`fastTransition`) and XState agree on random
 *   event sequences with random flags;
 * - the composed system of generated environments: the XState path (`step`), the table path
 *   (`fastStep`) and the compositional engine (each action stepped on its cluster's own
 *   system only) reach the same states with the same violations and effects.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clusterOfAction, clustersOf, projectState } from '../../src/engine/clusters.js';
import { ALL_EVENT_TYPES } from '../../src/models/common.js';
import { compiledMachine, fastTransition } from '../../src/models/compile.js';
import { MACHINES } from '../../src/models/machines.js';
import {
  createSystem,
  fastStateKey,
  fastStep,
  fromFastState,
  initialState,
  stateKey,
  step,
  toFastState,
} from '../../src/models/system.js';
import { FLAGS, MACHINE_KINDS, type ModelEvent } from '../../src/models/types.js';
import { XStateEngine } from '../../src/models/xstate-engine.js';
import { alphabet, generated, lossOfAll, seedOf } from './helpers.js';

const seed = seedOf();

describe('every machine: compiled table = XState on random event sequences', () => {
  const engine = new XStateEngine();
  const eventArb: fc.Arbitrary<ModelEvent> = fc.record({
    type: fc.constantFrom(...ALL_EVENT_TYPES),
    flags: fc.dictionary(fc.constantFrom(...FLAGS), fc.boolean()),
  });
  it.each(MACHINE_KINDS)('%s', (kind) => {
    const table = compiledMachine(kind);
    fc.assert(
      fc.property(
        fc.nat(table.leaves.length - 1),
        fc.array(eventArb, { maxLength: 40 }),
        (startLeaf, events) => {
          let path = table.leaves[startLeaf]!;
          let code = startLeaf;
          for (const event of events) {
            const viaXState = engine.transition(kind, path, event);
            const viaTable = fastTransition(table, code, event);
            expect(table.leaves[viaTable.next]).toBe(viaXState.next);
            expect(viaTable.accepted).toBe(viaXState.accepted);
            expect(viaTable.violation).toEqual(viaXState.violation);
            path = viaXState.next;
            code = viaTable.next;
          }
        },
      ),
      { seed, numRuns: 60 },
    );
    expect(MACHINES[kind]).toBeDefined();
  });
});

const ENVIRONMENTS = [
  { groups: 1, additionalServers: 1 },
  { groups: 2, additionalServers: 1, namedInstances: true, splitDataWarehouse: true, backupServer: true },
  { groups: 3, dataWarehouse: false, sites: 2 },
];

describe('composed system: XState path = table path = compositional engine', () => {
  it.each(ENVIRONMENTS)('%j', (options) => {
    const env = generated(options);
    const system = createSystem(env);
    const clusters = clustersOf(system);
    const actions = alphabet(env);
    const computers = env.computers.map((computer) => computer.name);
    fc.assert(
      fc.property(
        fc.subarray(computers, { minLength: 1 }),
        fc.array(fc.nat(actions.length - 1), { maxLength: 60 }),
        (lost, sequence) => {
          let viaXState = initialState(system, { computers: lost, databases: [], sites: [] });
          let viaTable = toFastState(system, viaXState);
          let parts = clusters.map((cluster) => projectState(cluster, viaXState));
          for (const index of sequence) {
            const action = actions[index]!;
            const a = step(system, viaXState, action);
            const b = fastStep(system, viaTable, action);
            expect(stateKey(fromFastState(system, b.state))).toBe(stateKey(a.state));
            expect(b.violations).toEqual(a.violations);
            expect(b.effects).toEqual(a.effects);
            const owner = clusterOfAction(system, clusters, action.params);
            expect(owner).toBeDefined();
            const c = fastStep(owner!.system, parts[owner!.index]!, action);
            expect(c.violations).toEqual(a.violations);
            expect(c.effects).toEqual(a.effects);
            parts = parts.map((part, i) => (i === owner!.index ? c.state : part));
            viaXState = a.state;
            viaTable = b.state;
            clusters.forEach((cluster, i) => {
              expect(fastStateKey(parts[i]!)).toBe(fastStateKey(projectState(cluster, viaXState)));
            });
          }
        },
      ),
      { seed, numRuns: 40 },
    );
    expect(lossOfAll(env).computers.length).toBe(computers.length);
  });
});
