/**
 * Synthesis and scoring of every disruption, cluster by cluster. A disruption touches few
 * clusters; each cluster's recovery is synthesised from the cluster's projected start state
 * on the cluster's own system and cached by that state, so the n(n−1)/2 pairs of a large
 * environment mostly reuse two single-loss answers. The fastest recovery of the whole is the
 * sum of the clusters' fastest recoveries (their steps commute; `test/engine/compose.test.ts`
 * checks it against synthesis on the whole system), so outcomes and recovery times are those
 * of `scoreReadiness` without a plan (`test/engine/score.test.ts`).
 */
import { computersLost } from '../check/check.js';
import type { Environment } from '../environment/types.js';
import {
  createSystem,
  type FastState,
  fastStateKey,
  initialState,
  type Loss,
  type ModelSystem,
  type SystemState,
} from '../models/system.js';
import {
  type Disruption,
  enumerateDisruptions,
  OUTCOME_CREDIT,
  type Outcome,
  SERVICE_WEIGHTS,
  servicesStopped,
} from '../report/score.js';
import { type SynthesisResult, synthesizeRecovery } from '../simulator/synthesize.js';
import { type Cluster, clustersOf, projectState } from './clusters.js';

/** One cluster's synthesised recovery, as scoring needs it (plain data: it crosses worker threads). */
export interface ClusterRecovery {
  readonly ok: boolean;
  readonly seconds: number;
  readonly historyLost: readonly string[];
  readonly steps: number;
  readonly statesExplored: number;
}

/** A disruption's score row (the no-plan fields of `DisruptionScore`). */
export interface FastDisruptionScore {
  readonly id: string;
  readonly kind: Disruption['kind'];
  readonly weight: number;
  readonly outcome: Outcome;
  readonly credit: number;
  readonly recoverySeconds?: number;
  readonly historyLost: readonly string[];
  readonly dataLossSeconds: number;
  /** Synthesised steps, summed over the clusters the disruption touches. */
  readonly steps: number;
}

/** The result of scoring every disruption. */
export interface FastReadiness {
  readonly score: number;
  readonly disruptions: readonly FastDisruptionScore[];
  /** Cluster syntheses actually run (the rest came from the cache). */
  readonly synthesesRun: number;
  readonly statesExplored: number;
}

/** Options of `scoreDisruptions`. */
export interface FastScoreOptions {
  readonly pairs?: boolean;
  readonly maxStates?: number;
  /** Score only these disruptions (by index into `enumerateDisruptions`): for worker threads. */
  readonly only?: readonly number[];
}

/** What one cluster needs to recover from a loss: its cache key (cluster and projected start state). */
export interface ClusterQuestion {
  readonly cluster: number;
  readonly key: string;
}

/** Synthesises recoveries cluster by cluster, with a cache per projected start state. */
export class ClusterSynthesizer {
  readonly system: ModelSystem;
  readonly clusters: readonly Cluster[];
  private readonly cache = new Map<string, ClusterRecovery>();
  synthesesRun = 0;
  statesExplored = 0;

  constructor(
    env: Environment,
    private readonly maxStates?: number,
  ) {
    this.system = createSystem(env);
    this.clusters = clustersOf(this.system);
  }

  /** The composed recovery of `loss`: every cluster's, summed. */
  recover(loss: Loss): ClusterRecovery {
    const start = initialState(this.system, loss);
    return compose(this.clusters.map((cluster) => this.answer(cluster, loss, start)));
  }

  /**
   * The composed recovery of the loss that asks `questions` (`questions(loss)`), from cached
   * answers only: what `recover` returns, or undefined when an answer is not cached.
   */
  recoverCached(questions: readonly ClusterQuestion[]): ClusterRecovery | undefined {
    const answers: ClusterRecovery[] = [];
    for (const question of questions) {
      const answer = this.cache.get(question.key);
      if (answer === undefined) return undefined;
      answers.push(answer);
    }
    return compose(answers);
  }

  /** The question each cluster answers for `loss`, in cluster order (what `recover` looks up). */
  questions(loss: Loss): ClusterQuestion[] {
    const start = initialState(this.system, loss);
    return this.clusters.map((cluster) => ({
      cluster: cluster.index,
      key: this.project(cluster, start).key,
    }));
  }

  /** One cluster's recovery of `loss`, synthesised unless cached: the unit of work of a worker thread. */
  recoverCluster(index: number, loss: Loss): ClusterRecovery {
    const cluster = this.clusters[index];
    if (cluster === undefined) throw new Error(`no cluster ${index}`);
    return this.answer(cluster, loss, initialState(this.system, loss));
  }

  /** Caches an answer computed elsewhere (by a worker thread, from the same environment). */
  remember(key: string, answer: ClusterRecovery): void {
    this.cache.set(key, answer);
  }

  private project(cluster: Cluster, start: SystemState): { projected: FastState; key: string } {
    const projected = projectState(cluster, start);
    return { projected, key: `${cluster.index}\u0000${fastStateKey(projected)}` };
  }

  /**
   * One cluster's fastest recovery of `loss`, with its steps, synthesised on the cluster's own
   * system from the whole system's start state projected onto it (uncached: `answer` caches
   * what scoring needs; the parallel synthesis needs the steps).
   */
  synthesize(cluster: Cluster, loss: Loss, start: SystemState, projected?: FastState): SynthesisResult {
    return synthesizeRecovery(cluster.system, loss, {
      start: {
        components: Object.fromEntries(cluster.ids.map((id) => [id, start.components[id]!])),
        notes: (projected ?? projectState(cluster, start)).notes,
      },
      ...(this.maxStates === undefined ? {} : { maxStates: this.maxStates }),
    });
  }

  private answer(cluster: Cluster, loss: Loss, start: SystemState): ClusterRecovery {
    const { projected, key } = this.project(cluster, start);
    let answer = this.cache.get(key);
    if (answer === undefined) {
      const result = this.synthesize(cluster, loss, start, projected);
      answer = result.ok
        ? {
            ok: true,
            seconds: result.totalSeconds,
            historyLost: result.historyLost,
            steps: result.steps.length,
            statesExplored: result.statesExplored,
          }
        : {
            ok: false,
            seconds: 0,
            historyLost: [],
            steps: result.partial.steps.length,
            statesExplored: result.statesExplored,
          };
      this.cache.set(key, answer);
      this.synthesesRun++;
      this.statesExplored += result.statesExplored;
    }
    return answer;
  }
}

/** The recovery of the whole from its clusters' recoveries (in cluster order): summed. This is a pure function. */
function compose(answers: readonly ClusterRecovery[]): ClusterRecovery {
  let ok = true;
  let seconds = 0;
  let steps = 0;
  let statesExplored = 0;
  const historyLost: string[] = [];
  for (const answer of answers) {
    ok &&= answer.ok;
    seconds += answer.seconds;
    steps += answer.steps;
    statesExplored += answer.statesExplored;
    historyLost.push(...answer.historyLost);
  }
  return { ok, seconds, historyLost, steps, statesExplored };
}

/**
 * Scores one disruption from its composed recovery, the way `scoreDisruption` does without a
 * plan. This is a pure function.
 */
export function scoreFromRecovery(
  env: Environment,
  disruption: Disruption,
  recovery: ClusterRecovery,
): FastDisruptionScore {
  const weight = servicesStopped(env, disruption.loss).reduce(
    (sum, service) => sum + SERVICE_WEIGHTS[service],
    0,
  );
  const computers = new Set(computersLost(env, disruption.loss));
  const lost = env.databases
    .filter(
      (database) => disruption.loss.databases.includes(database.name) || computers.has(database.computer),
    )
    .map((database) => database.name);
  const historyLost = recovery.ok ? recovery.historyLost : [];
  let dataLossSeconds = 0;
  for (const name of lost) {
    if (historyLost.includes(name)) continue;
    const backup = env.databases.find((database) => database.name === name)?.backup;
    if (backup) dataLossSeconds = Math.max(dataLossSeconds, backup.rpoSeconds);
  }
  const { rtoSeconds, rpoSeconds } = env.objectives;
  const outcome: Outcome = !recovery.ok
    ? 'unrecoverable'
    : historyLost.length > 0
      ? 'history-lost'
      : recovery.seconds > rtoSeconds || dataLossSeconds > rpoSeconds
        ? 'over-objectives'
        : 'within-objectives';
  return {
    id: disruption.id,
    kind: disruption.kind,
    weight,
    outcome,
    credit: OUTCOME_CREDIT[outcome],
    ...(recovery.ok ? { recoverySeconds: recovery.seconds } : {}),
    historyLost,
    dataLossSeconds,
    steps: recovery.steps,
  };
}

/**
 * Synthesises and scores every disruption of `env` (each computer, database, site, and with
 * `pairs` each pair of computers), cluster by cluster. Deterministic. Not pure only in that
 * it caches within the call.
 */
export function scoreDisruptions(env: Environment, options: FastScoreOptions = {}): FastReadiness {
  const synthesizer = new ClusterSynthesizer(env, options.maxStates);
  const chosen = chosenDisruptions(env, options);
  const disruptions = chosen.map((disruption) =>
    scoreFromRecovery(env, disruption, synthesizer.recover(disruption.loss)),
  );
  return {
    score: readinessScore(disruptions),
    disruptions,
    synthesesRun: synthesizer.synthesesRun,
    statesExplored: synthesizer.statesExplored,
  };
}

/**
 * A batch of `scoreDisruptionsParallel`: `{ ask }`, each loss's questions (their keys, in
 * cluster order), or `{ answer }`, one cluster's recovery of a loss each (`recoverCluster`).
 */
export type ClusterBatch =
  | { readonly ask: readonly Loss[] }
  | { readonly answer: readonly { readonly cluster: number; readonly loss: Loss }[] };

/**
 * How a thread (this one or a worker) answers a batch of `scoreDisruptionsParallel` with its
 * own synthesizer: `{ ask }`, each loss's question keys in cluster order; `{ answer }`, each
 * question's recovery.
 */
export function answerClusterBatch(
  synthesizer: ClusterSynthesizer,
  input: ClusterBatch,
): string[][] | ClusterRecovery[] {
  return 'ask' in input
    ? input.ask.map((loss) => synthesizer.questions(loss).map((question) => question.key))
    : input.answer.map((question) => synthesizer.recoverCluster(question.cluster, question.loss));
}

/** The disruptions `options` asks for, in enumeration order. */
export function chosenDisruptions(env: Environment, options: FastScoreOptions): Disruption[] {
  const all = enumerateDisruptions(env, options.pairs === true);
  return options.only === undefined ? all : options.only.map((index) => all[index]!);
}

/** The 0–100 score of scored disruptions, as `scoreReadiness` computes it. This is a pure function. */
export function readinessScore(disruptions: readonly FastDisruptionScore[]): number {
  const total = disruptions.reduce((sum, row) => sum + row.weight, 0);
  const earned = disruptions.reduce((sum, row) => sum + row.weight * row.credit, 0);
  return total > 0 ? Math.round((100 * earned) / total) : 100;
}
