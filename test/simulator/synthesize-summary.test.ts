/**
 * `summarizeRecovery` (what the score's engine asks for) against the summary of the full
 * synthesis: it skips writing out the steps of a recovery that is found (the service-first
 * reordering and the annotations), and must still give the same verdict, recovery time, number
 * of steps, history lost, states explored and, for a failure, the same reasons. Every single
 * loss and every pair of computers of the bundled scenarios and of generated estates, on the
 * whole system (the engine's clusters are compared in `test/engine/recoveries.test.ts`).
 */
import { describe, expect, it } from 'vitest';
import { loadEnvironmentFile } from '../../src/environment/load.js';
import type { Environment } from '../../src/environment/types.js';
import { enumerateDisruptions } from '../../src/loss/index.js';
import { createSystem } from '../../src/models/system.js';
import { summarizeRecovery, summaryOf, synthesizeRecovery } from '../../src/simulator/synthesize.js';
import { generated } from '../engine/helpers.js';

async function load(file: string): Promise<Environment> {
  const result = await loadEnvironmentFile(file);
  if (!result.ok) throw new Error(file);
  return result.value;
}

/** Compares the two on every disruption of `env`; returns how many recoveries were found (some must be). */
function compare(env: Environment): { found: number; failed: number } {
  let found = 0;
  let failed = 0;
  for (const { id, loss } of enumerateDisruptions(env, { pairs: true })) {
    // A system of its own for each: the summary must not depend on what an earlier search met.
    const want = summaryOf(synthesizeRecovery(createSystem(env), loss));
    const system = createSystem(env);
    expect(summarizeRecovery(system, loss), id).toEqual(want);
    // The same system again: the bounds memoised by the first search must not change the answer.
    expect(summarizeRecovery(system, loss), `${id}, again`).toEqual(want);
    if (want.ok) found++;
    else failed++;
  }
  return { found, failed };
}

describe('summarizeRecovery = summaryOf(synthesizeRecovery)', () => {
  for (const scenario of ['single-computer', 'two-computer', 'four-computer', 'four-computer-ha']) {
    it(`${scenario}: every single loss and pair`, async () => {
      const { found } = compare(await load(`scenarios/${scenario}/environment.yaml`));
      expect(found).toBeGreaterThan(0);
    });
  }
  it('the faulty estate of the golden test: recoveries and failures', async () => {
    const { found, failed } = compare(await load('test/fixtures/golden/faulty-estate.yaml'));
    expect(found).toBeGreaterThan(0);
    expect(failed).toBeGreaterThan(0);
  });
  it('two generated groups with a shared backup server, sites and a split data warehouse', () => {
    const { found } = compare(
      generated({ groups: 2, additionalServers: 1, splitDataWarehouse: true, backupServer: true, sites: 2 }),
    );
    expect(found).toBeGreaterThan(20);
  });
});
