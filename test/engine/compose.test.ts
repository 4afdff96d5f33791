/**
 * Soundness of the compositional check: on environments small enough for the full product,
 * exploring cluster by cluster gives the same answers as exploring every interleaving: the
 * same reachable states projected on each cluster, the product count, the same terminal
 * states and goals, the same recoverability and the same optimal cost (also synthesis's).
 */
import { describe, expect, it } from 'vitest';
import { clustersOf, projectState } from '../../src/engine/clusters.js';
import { checkCompositional } from '../../src/engine/compose.js';
import { exploreSpace, summarizeSpace } from '../../src/engine/space.js';
import {
  createSystem,
  fastStateKey,
  fromFastState,
  initialState,
  type Loss,
  toFastState,
} from '../../src/models/system.js';
import { synthesizeRecovery } from '../../src/simulator/synthesize.js';
import { generated, lossOfAll } from './helpers.js';

const CASES = [
  { name: 'two SM groups, everything lost', options: { groups: 2, dataWarehouse: false } },
  {
    name: 'two SM groups with additional servers and named instances, one site lost',
    options: { groups: 2, dataWarehouse: false, additionalServers: 1, namedInstances: true, sites: 2 },
    loss: { computers: [], databases: [], sites: ['site2'] },
  },
  {
    name: 'a lost backup file server couples the clusters only at the loss',
    options: { groups: 2, dataWarehouse: false, backupServer: true },
  },
  {
    name: 'an SM group with its data warehouse (one cluster)',
    options: { groups: 1 },
  },
];

describe('compositional check = full product', () => {
  it.each(CASES)('$name', ({ options, loss: given }) => {
    const env = generated(options);
    const system = createSystem(env);
    const loss: Loss = given ?? lossOfAll(env);
    const clusters = clustersOf(system);
    const composed = checkCompositional(system, loss, { clusters });
    const full = exploreSpace(system, toFastState(system, initialState(system, loss)));
    const summary = summarizeSpace(full);
    expect(full.complete).toBe(true);
    expect(summary.states).toBe(composed.productStates);
    expect(summary.transitions).toBe(composed.productTransitions);
    expect(summary.terminal).toBe(composed.terminal);
    expect(summary.goals).toBe(composed.goals);
    expect(summary.recovered).toBe(composed.recovered);
    expect(summary.optimal !== undefined).toBe(composed.recoverable);
    expect(summary.optimal?.seconds).toBe(composed.optimal?.sequentialSeconds);
    expect(summary.optimal?.historyLost).toBe(composed.optimal?.historyLost);
    // The same reachable states, projected on each cluster.
    clusters.forEach((cluster) => {
      const projected = new Set(
        full.states.map((state) => fastStateKey(projectState(cluster, fromFastState(system, state)))),
      );
      const own = exploreSpace(cluster.system, projectState(cluster, initialState(system, loss)));
      const ownKeys = new Set(own.states.map(fastStateKey));
      expect(ownKeys.size).toBe(own.states.length);
      expect(projected).toEqual(ownKeys);
    });
    const synthesis = synthesizeRecovery(system, loss);
    expect(synthesis.ok).toBe(composed.recoverable);
    if (synthesis.ok) expect(synthesis.totalSeconds).toBe(composed.optimal?.sequentialSeconds);
  });
});

describe('symmetry: isomorphic clusters reuse one exploration', () => {
  it('gives the same answers as exploring every cluster', () => {
    const env = generated({ groups: 3, additionalServers: 1, dataWarehouse: false, seed: 5 });
    const system = createSystem(env);
    const clusters = clustersOf(system);
    const loss = lossOfAll(env);
    const reduced = checkCompositional(system, loss, { clusters });
    const plain = checkCompositional(system, loss, { clusters, symmetry: false });
    expect(reduced.clusters.filter((cluster) => cluster.reused)).toHaveLength(2);
    expect(reduced.clusters.map((cluster) => cluster.summary)).toEqual(
      plain.clusters.map((cluster) => cluster.summary),
    );
    expect(reduced.productStates).toBe(plain.productStates);
    expect(reduced.optimal).toEqual(plain.optimal);
  });
});
