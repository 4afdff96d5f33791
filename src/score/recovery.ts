/**
 * Where the score's recoveries come from: one provider interface, whose default is the
 * engine's cluster synthesizer memoised for the run (`RecoveryMemo`), shared with the
 * `unrecoverable-scenario` rule so that no loss is synthesised twice in one run.
 */
import { recoveryMakespan } from '../engine/parallel-synthesis.js';
import { type ClusterRecovery, RecoveryMemo } from '../engine/recoveries.js';
import type { Environment } from '../environment/types.js';
import type { Loss } from '../models/system.js';

/** A synthesised best recovery of a loss (plain data). */
export type Recovery = ClusterRecovery;

/** What the score asks about recoveries. */
export interface RecoveryProvider {
  /** The fastest recovery of `loss`, one step at a time, or why there is none. */
  recover(loss: Loss): Recovery;
  /** The least makespan of the recovery of `loss` for `teams` teams, seconds, or undefined when there is none. */
  makespan(loss: Loss, teams: number): number | undefined;
}

/** The default provider: the engine's recoveries of `env`, memoised for one run. */
export class EngineRecoveries implements RecoveryProvider {
  /** The run's memo, shared with `unrecoverable-scenario` and filled ahead by the worker threads. */
  readonly memo: RecoveryMemo;

  constructor(
    private readonly env: Environment,
    private readonly maxStates?: number,
  ) {
    this.memo = new RecoveryMemo(env, maxStates);
  }

  /** The engine's recovery of `loss`, memoised for the run. */
  recover(loss: Loss): Recovery {
    return this.memo.recover(loss);
  }

  /** The least makespan for `teams` teams (`engine/parallel-synthesis.ts`), memoised per environment. */
  makespan(loss: Loss, teams: number): number | undefined {
    // The run's compiled clusters, not a compilation per loss.
    return recoveryMakespan(this.env, loss, teams, {
      ...(this.maxStates === undefined ? {} : { maxStates: this.maxStates }),
      synthesizer: this.memo.synthesizer,
    });
  }
}
