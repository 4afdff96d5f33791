/**
 * `initialFastState` (the loss events on the compiled tables) against `initialState` (the same
 * events through XState), for every loss the score judges with pairs on, on the bundled
 * scenarios, the faulty estate of the golden test and generated estates with sites, a shared
 * backup server, named instances and a split data warehouse; also on each cluster's own system,
 * where the engine computes them.
 */
import { describe, expect, it } from 'vitest';
import { clustersOf } from '../../src/engine/clusters.js';
import { loadEnvironmentFile } from '../../src/environment/load.js';
import type { Environment } from '../../src/environment/types.js';
import { enumerateDisruptions } from '../../src/loss/index.js';
import {
  createSystem,
  fastStateKey,
  initialFastState,
  initialState,
  type ModelSystem,
  toFastState,
} from '../../src/models/system.js';
import { generated } from '../engine/helpers.js';

async function load(file: string): Promise<Environment> {
  const result = await loadEnvironmentFile(file);
  if (!result.ok) throw new Error(file);
  return result.value;
}

/** Compares both start states of every disruption on `system`; returns how many states differ from the start. */
function compare(system: ModelSystem, env: Environment): number {
  const untouched = fastStateKey(initialFastState(system, { computers: [], databases: [], sites: [] }));
  let changed = 0;
  for (const { id, loss } of enumerateDisruptions(env, { pairs: true })) {
    const fast = initialFastState(system, loss);
    const expected = toFastState(system, initialState(system, loss));
    expect(Array.from(fast.codes), id).toEqual(Array.from(expected.codes));
    expect(fast.extras, id).toEqual(expected.extras);
    expect(fastStateKey(fast), id).toBe(fastStateKey(expected));
    if (fastStateKey(fast) !== untouched) changed++;
  }
  return changed;
}

function compareEverywhere(env: Environment): number {
  const system = createSystem(env);
  let changed = compare(system, env);
  for (const cluster of clustersOf(system)) changed += compare(cluster.system, env);
  return changed;
}

describe('initialFastState = toFastState(initialState)', () => {
  for (const name of ['single-computer', 'two-computer', 'four-computer', 'four-computer-ha']) {
    it(`${name}: every single loss and pair`, async () => {
      expect(compareEverywhere(await load(`scenarios/${name}/environment.yaml`))).toBeGreaterThan(0);
    });
  }
  it('the faulty estate of the golden test (colocated databases, backups on lost computers)', async () => {
    expect(compareEverywhere(await load('test/fixtures/golden/faulty-estate.yaml'))).toBeGreaterThan(30);
  });
  it('generated estates: sites, a shared backup server, named instances, a split data warehouse', () => {
    const env = generated({
      groups: 3,
      additionalServers: 2,
      splitDataWarehouse: true,
      namedInstances: true,
      backupServer: true,
      sites: 2,
      seed: 7,
    });
    expect(compareEverywhere(env)).toBeGreaterThan(100);
  });
});
