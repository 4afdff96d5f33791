/**
 * Scoring cluster by cluster gives the outcomes and recovery times of `scoreReadiness`
 * (no plan), on a scenario and on generated multi-group environments.
 */
import { describe, expect, it } from 'vitest';
import { scoreDisruptions } from '../../src/engine/score.js';
import { loadEnvironmentFile } from '../../src/environment/load.js';
import type { Environment } from '../../src/environment/types.js';
import { scoreReadiness } from '../../src/report/score.js';
import { generated } from './helpers.js';

async function scenario(name: string): Promise<Environment> {
  const result = await loadEnvironmentFile(`scenarios/${name}/environment.yaml`);
  if (!result.ok) throw new Error(name);
  return result.value;
}

describe('scoreDisruptions = scoreReadiness', () => {
  const check = (env: Environment) => {
    const slow = scoreReadiness(env, { asOfMillis: Date.UTC(2026, 10, 24), version: 'test', pairs: true });
    const fast = scoreDisruptions(env, { pairs: true });
    const row = (id: string, outcome: string, seconds: number | undefined, dataLoss: number) => [
      id,
      outcome,
      seconds,
      dataLoss,
    ];
    expect(fast.disruptions.map((r) => row(r.id, r.outcome, r.recoverySeconds, r.dataLossSeconds))).toEqual(
      slow.disruptions.map((r) => row(r.id, r.outcome, r.recoverySeconds, r.dataLossSeconds)),
    );
    expect(fast.score).toBe(slow.score);
  };
  it('four-computer-ha', async () => check(await scenario('four-computer-ha')));
  it('two generated groups with a shared backup server, sites and a split data warehouse', () =>
    check(
      generated({ groups: 2, additionalServers: 1, splitDataWarehouse: true, backupServer: true, sites: 2 }),
    ));
});
