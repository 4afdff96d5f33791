/** The one outcome ladder and data-loss rule (`outcomeOf`), rung by rung. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Environment } from '../../src/environment/types.js';
import { NO_LOSS } from '../../src/loss/index.js';
import { outcomeOf } from '../../src/score/index.js';
import type { SynthesisReason } from '../../src/simulator/synthesize.js';
import { loadEnvironment } from '../helpers/simulate.js';

let env: Environment;
beforeAll(async () => {
  env = await loadEnvironment('scenarios/four-computer-ha/environment.yaml');
});

const database = (name: string) => ({ ...NO_LOSS, databases: [name] });

describe('outcomeOf', () => {
  it('no recovery: unrecoverable, one not-recoverable reason per synthesiser reason', () => {
    const reason: SynthesisReason = {
      component: 'database:ServiceManager',
      code: 'database-backup-unusable',
      args: { destroyed: false },
      citation: 'D-DBREC',
    };
    const ended = outcomeOf(env, database('ServiceManager'), { historyLost: [], reasons: [reason] });
    expect(ended.outcome).toBe('unrecoverable');
    expect(ended.recoverySeconds).toBeUndefined();
    expect(ended.reasons).toEqual([{ code: 'not-recoverable', args: { reason } }]);
  });

  it('no recovery and no reason: the search budget ran out', () => {
    const ended = outcomeOf(env, database('ServiceManager'), { historyLost: [], reasons: [] });
    expect(ended.reasons).toEqual([{ code: 'search-budget', args: {} }]);
  });

  it('history lost outranks the objectives, and the recreated database loses no data', () => {
    const ended = outcomeOf(env, database('DWDataMart'), {
      seconds: 10 * env.objectives.rtoSeconds,
      historyLost: ['DWDataMart'],
      reasons: [],
    });
    expect(ended.outcome).toBe('history-lost');
    expect(ended.dataLossSeconds).toBe(0);
    expect(ended.reasons).toEqual([{ code: 'history-lost', args: { databases: ['DWDataMart'] } }]);
  });

  it('over the RTO, over the RPO (naming the database with evidence), or within both', () => {
    const strict: Environment = { ...env, objectives: { ...env.objectives, rpoSeconds: 1 } };
    const loss = database('ServiceManager');
    const backup = env.databases.find((entry) => entry.name === 'ServiceManager')!.backup!;
    const slow = outcomeOf(
      strict,
      loss,
      { seconds: env.objectives.rtoSeconds + 1, historyLost: [], reasons: [] },
      {
        evidenced: ['ServiceManager'],
      },
    );
    expect(slow.outcome).toBe('over-objectives');
    expect(slow.reasons).toEqual([
      {
        code: 'rto-exceeded',
        args: { recoverySeconds: env.objectives.rtoSeconds + 1, rtoSeconds: env.objectives.rtoSeconds },
      },
      {
        code: 'rpo-exceeded',
        args: {
          dataLossSeconds: backup.rpoSeconds,
          rpoSeconds: 1,
          source: { database: 'ServiceManager', evidenced: true },
        },
      },
    ]);
    const claimed = outcomeOf(strict, loss, { seconds: 60, historyLost: [], reasons: [] }, { evidenced: [] });
    expect(claimed.reasons).toEqual([
      expect.objectContaining({
        code: 'rpo-exceeded',
        args: expect.objectContaining({ source: { database: 'ServiceManager', evidenced: false } }),
      }),
    ]);
    const fine = outcomeOf(env, loss, { seconds: 60, historyLost: [], reasons: [] });
    expect(fine).toEqual({
      outcome: 'within-objectives',
      recoverySeconds: 60,
      dataLossSeconds: backup.rpoSeconds,
      reasons: [],
    });
  });
});
