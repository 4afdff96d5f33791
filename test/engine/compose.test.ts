/**
 * Soundness of the compositional check: on environments small enough for the full product,
 * exploring cluster by cluster gives the same answers as exploring every interleaving: the
 * same reachable states projected on each cluster, the product count, the same terminal
 * states and goals, the same recoverability and the same optimal cost (also synthesis's).
 */
import { describe, expect, it } from 'vitest';
import { clustersOf, projectState } from '../../src/engine/clusters.js';
import { checkCompositional } from '../../src/engine/compose.js';
import { generateEnvironment } from '../../src/engine/generate.js';
import { exploreSpace, summarizeSpace } from '../../src/engine/space.js';
import { symmetryClasses } from '../../src/engine/symmetry.js';
import { loadEnvironmentText } from '../../src/environment/load.js';
import {
  createSystem,
  fastStateKey,
  fromFastState,
  initialState,
  type Loss,
  toFastState,
} from '../../src/models/system.js';
import { synthesisContext } from '../../src/simulator/synthesis-candidates.js';
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
  {
    name: 'two SM groups with two interchangeable additional servers each',
    options: { groups: 2, dataWarehouse: false, additionalServers: 2 },
  },
  {
    name: 'interchangeable servers, one of them lost with its key backup elsewhere',
    options: { groups: 1, dataWarehouse: false, additionalServers: 3, backupServer: true },
    loss: { computers: ['G01-SM01', 'G01-SM03'], databases: [], sites: [] },
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
    // Every count but the stored states (the reduced run stores fewer).
    const counts = ({ stored: _, ...rest }: { stored: number }) => rest;
    expect(reduced.clusters.map((cluster) => counts(cluster.summary))).toEqual(
      plain.clusters.map((cluster) => counts(cluster.summary)),
    );
    expect(reduced.productStates).toBe(plain.productStates);
    expect(reduced.optimal).toEqual(plain.optimal);
  });
});

describe('symmetry inside a cluster: interchangeable additional servers', () => {
  it('stores fewer states and counts every one of them', () => {
    const env = generated({ groups: 1, additionalServers: 2 });
    const system = createSystem(env);
    const start = toFastState(system, initialState(system, lossOfAll(env)));
    const full = exploreSpace(system, start);
    const reduced = exploreSpace(system, start, { symmetry: true });
    expect(reduced.orbit).toBeDefined();
    expect(reduced.states.length).toBeLessThan(full.states.length);
    const { stored: fullStored, ...fullCounts } = summarizeSpace(full);
    const { stored, ...reducedCounts } = summarizeSpace(reduced);
    expect(fullStored).toBe(full.states.length);
    expect(stored).toBe(reduced.states.length);
    expect(reducedCounts).toEqual(fullCounts);
    // Every stored state is the canonical member of an orbit of reachable states.
    const reachable = new Set(full.states.map(fastStateKey));
    for (const state of reduced.states) expect(reachable.has(fastStateKey(state))).toBe(true);
  });

  it('finds no interchangeable server that hosts anything else', () => {
    const text = generateEnvironment({ groups: 1, dataWarehouse: false, additionalServers: 2 });
    const env = generated({ groups: 1, dataWarehouse: false, additionalServers: 2 });
    const system = createSystem(env);
    expect(
      symmetryClasses(system, synthesisContext(system)).map((c) => c.blocks.map((b) => b.computer)),
    ).toEqual([['G01-SM02', 'G01-SM03']]);
    // A SQL instance on one of them: its computer's rebuild now concerns an instance too.
    const hosting = loadEnvironmentText(
      text.replace('sqlInstances:\n', "sqlInstances:\n  - id: 'G01-SM03'\n"),
      'hosting.yaml',
    );
    if (!hosting.ok) throw new Error(JSON.stringify(hosting.errors));
    const other = createSystem(hosting.value);
    expect(symmetryClasses(other, synthesisContext(other))).toEqual([]);
  });
});
