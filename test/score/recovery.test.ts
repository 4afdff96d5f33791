/**
 * The score's recoveries come from one provider, and the `unrecoverable-scenario` rule reads
 * the same one inside `score`/`report`: it synthesises no loss the rows did not, and what it
 * reports is what the provider says.
 */
import { describe, expect, it } from 'vitest';
import { RecoveryMemo } from '../../src/engine/recoveries.js';
import { enumerateDisruptions } from '../../src/loss/index.js';
import type { Loss } from '../../src/models/system.js';
import {
  EngineRecoveries,
  type Recovery,
  type RecoveryProvider,
  scoreReadiness,
} from '../../src/score/index.js';
import { synthesisMessage } from '../../src/simulator/synthesis-messages.js';
import type { SynthesisReason } from '../../src/simulator/synthesize.js';
import { loadEnvironment } from '../helpers/simulate.js';

const AS_OF = Date.UTC(2026, 10, 24);

/** What a provider that recovers nothing gives as its reason: a server on its database's computer. */
const PROBE_REASON: SynthesisReason = {
  component: 'ms:PROBE01',
  code: 'colocated-with-database',
  args: { database: 'ProbeDB', computer: 'PROBE01' },
  citation: 'D-STRAT',
};

describe('the recovery provider', () => {
  it('unrecoverable-scenario synthesises nothing the rows did not (one memo per run)', async () => {
    for (const name of ['single-computer', 'four-computer-ha']) {
      const env = await loadEnvironment(`scenarios/${name}/environment.yaml`);
      const engine = new EngineRecoveries(env);
      let asked = 0;
      const recoveries: RecoveryProvider = {
        recover: (loss) => {
          asked++;
          return engine.recover(loss);
        },
        makespan: (loss, teams) => engine.makespan(loss, teams),
      };
      const readiness = scoreReadiness(env, { asOfMillis: AS_OF, version: 't', recoveries });
      const rowsOnly = new RecoveryMemo(env);
      for (const { loss } of enumerateDisruptions(env)) rowsOnly.recover(loss);
      // The rule asked the run's provider too, and every answer it got was already known.
      expect(asked, name).toBeGreaterThan(readiness.disruptions.length);
      expect(engine.memo.synthesizer.synthesesRun, name).toBe(rowsOnly.synthesizer.synthesesRun);
    }
  });

  it('every row and the rule judge what the provider answers', async () => {
    const env = await loadEnvironment('scenarios/four-computer-ha/environment.yaml');
    const asked: Loss[] = [];
    const failing: RecoveryProvider = {
      recover(loss): Recovery {
        asked.push(loss);
        return {
          ok: false,
          seconds: 0,
          historyLost: [],
          steps: 0,
          statesExplored: 1,
          reasons: [PROBE_REASON],
        };
      },
      makespan: () => undefined,
    };
    const readiness = scoreReadiness(env, { asOfMillis: AS_OF, version: 't', recoveries: failing });
    expect(readiness.score).toBe(0);
    for (const row of readiness.disruptions)
      expect(row.reasons).toContainEqual({
        code: 'not-recoverable',
        args: { reason: PROBE_REASON },
      });
    const judged = readiness.findings.filter((finding) => finding.ruleId === 'unrecoverable-scenario');
    expect(judged.length).toBeGreaterThan(0);
    for (const finding of judged)
      expect(finding.message).toContain(`${synthesisMessage(PROBE_REASON)} [D-STRAT]`);
    expect(asked.length).toBeGreaterThan(readiness.disruptions.length);
  });
});
