/**
 * The one outcome ladder and data-loss rule of the score: how a disruption ends given the
 * recovery it is judged on, with the reasons as codes.
 */
import { selfServicePortals } from '../environment/names.js';
import type { Database, Environment } from '../environment/types.js';
import { databasesDownBy, type EffectiveLoss, effectiveLoss } from '../loss/index.js';
import type { Loss } from '../models/system.js';
import type { SynthesisReason } from '../simulator/synthesize.js';
import type { Reason } from './reasons.js';
import type { Outcome } from './types.js';

/** The recovery a disruption is judged on: the plan's scenario or the synthesised best one. */
export interface JudgedRecovery {
  /** The recovery time, seconds; absent when there is no recovery. */
  readonly seconds?: number;
  /** Data warehouse databases recreated without their history. */
  readonly historyLost: readonly string[];
  /** Without a recovery: why, in the synthesiser's codes (empty when the search budget ran out). */
  readonly reasons: readonly SynthesisReason[];
}

/** How a disruption ends. */
export interface OutcomeOf {
  readonly outcome: Outcome;
  /** Absent when unrecoverable. */
  readonly recoverySeconds?: number;
  /** The worst-case data loss of the restores involved, seconds. */
  readonly dataLossSeconds: number;
  readonly reasons: readonly Reason[];
}

/** What {@link outcomeOf} needs besides the loss and its recovery. */
export interface OutcomeOptions {
  /** With evidence: the databases whose backup intervals the evidence established. */
  readonly evidenced?: readonly string[];
  /** {@link effectiveLoss} of the loss, when the caller has it already (the score's rows do). */
  readonly effective?: EffectiveLoss;
}

/**
 * How `loss` ends when recovered by `recovery`, best first: unrecoverable (no recovery, or a
 * lost Self-Service Portal without a usable key backup), history lost, over the objectives,
 * within them. The data loss is the longest backup interval of the databases restored (those
 * lost, less those recreated without history). This is a pure function.
 */
export function outcomeOf(
  env: Environment,
  loss: Loss,
  recovery: JudgedRecovery,
  options: OutcomeOptions = {},
): OutcomeOf {
  const { rtoSeconds, rpoSeconds } = env.objectives;
  const effective = options.effective ?? effectiveLoss(env, loss);
  const restored = databasesDownBy(env, effective).filter(
    (database) => !recovery.historyLost.includes(database.name),
  );
  const worst = worstDataLoss(restored);
  const dataLossSeconds = worst.seconds;

  const portals = portalBlockers(env, effective);
  // No documented recovery and no usable key: the conservative reading is that the portal
  // does not come back, whatever the models say about the rest.
  if (portals.length > 0) return { outcome: 'unrecoverable', dataLossSeconds, reasons: portals };
  const recoverySeconds = recovery.seconds;
  if (recoverySeconds === undefined) {
    const reasons: Reason[] = recovery.reasons.map((reason) => ({
      code: 'not-recoverable',
      args: { reason },
    }));
    if (reasons.length === 0) reasons.push({ code: 'search-budget', args: {} });
    return { outcome: 'unrecoverable', dataLossSeconds, reasons };
  }
  if (recovery.historyLost.length > 0)
    return {
      outcome: 'history-lost',
      recoverySeconds,
      dataLossSeconds,
      reasons: [{ code: 'history-lost', args: { databases: [...recovery.historyLost] } }],
    };
  const reasons: Reason[] = [];
  if (recoverySeconds > rtoSeconds)
    reasons.push({ code: 'rto-exceeded', args: { recoverySeconds, rtoSeconds } });
  if (dataLossSeconds > rpoSeconds)
    reasons.push({
      code: 'rpo-exceeded',
      args: {
        dataLossSeconds,
        rpoSeconds,
        ...(options.evidenced === undefined || worst.database === undefined
          ? {}
          : { source: { database: worst.database, evidenced: options.evidenced.includes(worst.database) } }),
      },
    });
  return {
    outcome: reasons.length > 0 ? 'over-objectives' : 'within-objectives',
    recoverySeconds,
    dataLossSeconds,
    reasons,
  };
}

/**
 * Why each Self-Service Portal a loss takes down cannot come back: the models do not simulate
 * the portal, and the DR guide has no procedure for it, so the score takes the one thing the
 * documents do say (its name is stored in the databases, D-BKMS; its key is backed up like a
 * management server's, D-BKKEY) and asks for a usable key backup that survives the loss. An
 * empty list when every lost portal has one.
 */
function portalBlockers(env: Environment, effective: EffectiveLoss): Reason[] {
  const portals = portalsOf(env);
  if (portals.length === 0) return [];
  const computers = new Set(effective.computers);
  return portals.flatMap((portal): Reason[] => {
    if (!computers.has(portal.computer)) return [];
    const key = portal.keyBackup;
    if (key === undefined) return [{ code: 'portal-key-missing', args: { computer: portal.computer } }];
    if (key.password !== 'escrowed')
      return [{ code: 'portal-key-password', args: { computer: portal.computer, password: key.password } }];
    const storedOn = key.storedOn ?? (key.offHost ? undefined : portal.computer);
    if (storedOn !== undefined && computers.has(storedOn))
      return [{ code: 'portal-key-lost', args: { computer: portal.computer, storedOn } }];
    return [];
  });
}

/** Environments are not changed once loaded: their portals are listed once per object. */
const PORTALS = new WeakMap<Environment, ReturnType<typeof selfServicePortals>>();

function portalsOf(env: Environment): ReturnType<typeof selfServicePortals> {
  let portals = PORTALS.get(env);
  if (portals === undefined) {
    portals = selfServicePortals(env);
    PORTALS.set(env, portals);
  }
  return portals;
}

/** The restored database with the longest worst-case data loss (its shortest backup interval), and that loss. */
function worstDataLoss(restored: readonly Database[]): { seconds: number; database?: string } {
  let worst: { seconds: number; database?: string } = { seconds: 0 };
  for (const database of restored) {
    if (database.backup && database.backup.rpoSeconds > worst.seconds)
      worst = { seconds: database.backup.rpoSeconds, database: database.name };
  }
  return worst;
}
