/**
 * The engine's recoveries (`RecoveryMemo`, the score's default provider) against synthesis on
 * the whole system, for every loss the score judges with pairs on: the same verdict, recovery
 * time, history lost and steps, and for a failure the same reasons. The pairs of computers that
 * touch disjoint clusters are composed from their single losses without a start state of their
 * own; this is the proof that the shortcut answers as the full computation does.
 */
import { describe, expect, it } from 'vitest';
import { generatedComputerCount } from '../../src/engine/generate.js';
import { ClusterSynthesizer, RecoveryMemo } from '../../src/engine/recoveries.js';
import { loadEnvironmentFile } from '../../src/environment/load.js';
import type { Environment } from '../../src/environment/types.js';
import { enumerateDisruptions } from '../../src/loss/index.js';
import { createSystem } from '../../src/models/system.js';
import { synthesizeRecovery } from '../../src/simulator/synthesize.js';
import { generated } from './helpers.js';

async function load(file: string): Promise<Environment> {
  const result = await loadEnvironmentFile(file);
  if (!result.ok) throw new Error(file);
  return result.value;
}

function compare(env: Environment): number {
  const memo = new RecoveryMemo(env);
  const system = createSystem(env);
  const disruptions = enumerateDisruptions(env, { pairs: true });
  for (const { id, loss } of disruptions) {
    const got = memo.recover(loss);
    const whole = synthesizeRecovery(system, loss);
    const want = whole.ok
      ? {
          ok: true,
          seconds: whole.totalSeconds,
          historyLost: whole.historyLost,
          steps: whole.steps.length,
          reasons: [],
        }
      : { ok: false, seconds: 0, historyLost: [], steps: whole.partial.steps.length, reasons: whole.reasons };
    const { statesExplored: _ignored, ...answer } = got;
    expect({ ...answer, historyLost: [...answer.historyLost].sort() }, id).toEqual({
      ...want,
      historyLost: [...want.historyLost].sort(),
    });
  }
  return disruptions.length;
}

describe('RecoveryMemo = synthesis on the whole system', () => {
  it('four-computer-ha, every single loss and pair', async () => {
    expect(compare(await load('scenarios/four-computer-ha/environment.yaml'))).toBeGreaterThan(20);
  });
  it('the faulty estate of the golden test: failures in several clusters at once', async () => {
    expect(compare(await load('test/fixtures/golden/faulty-estate.yaml'))).toBeGreaterThan(30);
  });
  it('three generated groups with a shared backup server, sites and a split data warehouse', () => {
    const env = generated({
      groups: 3,
      additionalServers: 1,
      splitDataWarehouse: true,
      backupServer: true,
      sites: 2,
    });
    expect(compare(env)).toBeGreaterThan(100);
  });
});

describe('a loss composed of single losses', () => {
  it('equals every cluster answer composed, states explored included', () => {
    // Four groups: most pairs touch two disjoint clusters and are read off their single losses.
    const options = { groups: 4, additionalServers: 1, sites: 2 };
    const env = generated(options);
    const computers = generatedComputerCount(options);
    const memo = new RecoveryMemo(env);
    const synthesizer = new ClusterSynthesizer(env);
    let pairs = 0;
    for (const { id, kind, loss } of enumerateDisruptions(env, { pairs: true })) {
      expect(memo.recover(loss), id).toEqual(synthesizer.recover(loss));
      if (kind === 'pair') pairs++;
    }
    expect(pairs).toBe((computers * (computers - 1)) / 2);
  });
});
