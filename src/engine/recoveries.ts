/**
 * The engine's recoveries of losses, cluster by cluster: the default recovery provider of the
 * score (`src/score/`) and of the `unrecoverable-scenario` rule. A loss touches few clusters;
 * each cluster's recovery is synthesised from the cluster's projected start state on the
 * cluster's own system and cached by that state, so the n(n−1)/2 pairs of a large environment
 * mostly reuse two single-loss answers. The fastest recovery of the whole is the sum of the
 * clusters' fastest recoveries (their steps commute; `test/engine/compose.test.ts` checks it
 * against synthesis on the whole system).
 */
import type { Environment } from '../environment/types.js';
import { effectiveLoss } from '../loss/canonical.js';
import { compiledMachine } from '../models/compile.js';
import { componentId } from '../models/ids.js';
import {
  createSystem,
  type FastState,
  fastStateKey,
  initialFastState,
  initialState,
  type Loss,
  type ModelSystem,
  type SystemState,
} from '../models/system.js';
import {
  type RecoverySummary,
  type SynthesisOptions,
  type SynthesisReason,
  type SynthesisResult,
  summarizeRecovery,
  summaryOf,
  synthesizeRecovery,
} from '../simulator/synthesize.js';
import { type Cluster, clustersOf, projectState } from './clusters.js';

/**
 * A synthesised recovery, as scoring and the rules need it (plain data: it crosses worker
 * threads): of one cluster, or of a whole loss composed from its clusters' recoveries.
 */
export type ClusterRecovery = RecoverySummary;

/** A question of a worker thread: one touched cluster's recovery of a loss (`recoverTouched`). */
export interface ClusterQuestion {
  readonly cluster: number;
  readonly loss: Loss;
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
    return compose(this.answers(loss));
  }

  /** Every cluster's recovery of `loss`, in cluster order, each synthesised unless cached. */
  answers(loss: Loss): ClusterRecovery[] {
    const start = initialState(this.system, loss);
    return this.clusters.map((cluster) => this.answer(cluster, loss, projectState(cluster, start)));
  }

  /**
   * Every cluster's recovery of `loss`, in cluster order: those of the clusters in `touched`
   * synthesised unless cached, the others taken from `otherwise` (the caller knows the loss
   * leaves their start state as it is there), so that only the touched clusters are projected.
   */
  answersTouched(
    loss: Loss,
    touched: ReadonlySet<number>,
    otherwise: readonly ClusterRecovery[],
  ): ClusterRecovery[] {
    // Each touched cluster's start state is computed on the cluster's own system (`ownLoss`),
    // on the compiled tables: a state of the cluster's system is its own projection.
    const own = ownLoss(this.system.env, loss);
    return this.clusters.map((cluster) =>
      touched.has(cluster.index)
        ? this.answer(cluster, loss, initialFastState(cluster.system, own))
        : otherwise[cluster.index]!,
    );
  }

  /**
   * One touched cluster's recovery of `loss`, from the cluster's own start state, synthesised
   * unless cached: what `answersTouched` computes for that cluster, and the unit of work of a
   * worker thread (only the cluster's own system is stepped, not the whole environment's).
   */
  recoverTouched(index: number, loss: Loss): ClusterRecovery {
    const cluster = this.clusters[index];
    if (cluster === undefined) throw new Error(`no cluster ${index}`);
    return this.answer(cluster, loss, initialFastState(cluster.system, ownLoss(this.system.env, loss)));
  }

  /**
   * One cluster's fastest recovery of `loss`, with its steps, synthesised on the cluster's own
   * system from the whole system's start state projected onto it (uncached: `answer` caches
   * what scoring needs; the parallel synthesis needs the steps).
   */
  synthesize(cluster: Cluster, loss: Loss, start: SystemState, projected?: FastState): SynthesisResult {
    return synthesizeRecovery(
      cluster.system,
      loss,
      this.options(cluster, projected ?? projectState(cluster, start)),
    );
  }

  /**
   * The synthesis options of one cluster from its start state on its own system: that state
   * with the cluster's components in the whole system's order, and the budget.
   */
  private options(cluster: Cluster, projected: FastState): SynthesisOptions {
    const system = cluster.system;
    const components: Record<string, string> = {};
    for (const id of cluster.ids) {
      const index = system.componentIndex.get(id)!;
      components[id] = compiledMachine(system.components[index]!.kind).leaves[projected.codes[index]!]!;
    }
    return {
      start: { components, notes: projected.notes },
      ...(this.maxStates === undefined ? {} : { maxStates: this.maxStates }),
    };
  }

  /** One cluster's recovery of `loss` from `projected`, its start state on the cluster's own system, cached by that state. */
  private answer(cluster: Cluster, loss: Loss, projected: FastState): ClusterRecovery {
    const key = `${cluster.index}\u0000${fastStateKey(projected)}`;
    let answer = this.cache.get(key);
    if (answer === undefined) {
      // The summary only: scoring reads no step of the recovery, so none is written out.
      answer = summarizeRecovery(cluster.system, loss, this.options(cluster, projected));
      this.cache.set(key, answer);
      this.synthesesRun++;
      this.statesExplored += answer.statesExplored;
    }
    return answer;
  }
}

/** The recovery of the whole from its clusters' recoveries (in cluster order): summed. This is a pure function. */
export function compose(answers: readonly ClusterRecovery[]): ClusterRecovery {
  return composeAt(answers.length, (index) => answers[index]!);
}

/**
 * {@link compose} of the `count` answers `answerAt(0)`, `answerAt(1)`, …: the composition of a
 * loss made of single losses reads its answers from theirs without copying them into one list.
 */
function composeAt(count: number, answerAt: (index: number) => ClusterRecovery): ClusterRecovery {
  let ok = true;
  let seconds = 0;
  let steps = 0;
  let statesExplored = 0;
  const historyLost: string[] = [];
  const reasons: SynthesisReason[] = [];
  for (let index = 0; index < count; index++) {
    const answer = answerAt(index);
    ok &&= answer.ok;
    seconds += answer.seconds;
    steps += answer.steps;
    statesExplored += answer.statesExplored;
    // Most clusters lose no history and give no reason: a spread of an empty list is still a call.
    if (answer.historyLost.length > 0) historyLost.push(...answer.historyLost);
    if (answer.reasons.length > 0) reasons.push(...answer.reasons);
  }
  // Shared empty lists: a large estate keeps one composed recovery per row until it is reported.
  return {
    ok,
    seconds: ok ? seconds : 0,
    historyLost: ok && historyLost.length > 0 ? historyLost : NONE,
    steps,
    statesExplored,
    reasons: reasons.length > 0 ? reasons : NO_REASONS,
  };
}

const NONE: readonly string[] = Object.freeze([]);
const NO_REASONS: readonly SynthesisReason[] = Object.freeze([]);

/** A composed recovery with the states explored counted over every cluster. This is a pure function. */
function withStates(composed: ClusterRecovery, statesExplored: number): ClusterRecovery {
  return {
    ok: composed.ok,
    seconds: composed.seconds,
    historyLost: composed.historyLost,
    steps: composed.steps,
    statesExplored,
    reasons: composed.reasons,
  };
}

/** What a composition reads of one computer's single loss (`RecoveryMemo.singleOf`). */
interface SingleLossRecord {
  /** The clusters the loss reaches, in cluster order. */
  readonly clusters: readonly number[];
  /** Their answers after the loss, in the order of `clusters`. */
  readonly answers: readonly ClusterRecovery[];
  /** Their states explored after the loss, less theirs with nothing lost. */
  readonly statesDelta: number;
}

/** A batch of cluster questions for a worker thread. */
export type ClusterBatch = readonly ClusterQuestion[];

/** How a thread (this one or a worker) answers a batch with its own synthesizer: each question's recovery. */
export function answerClusterBatch(synthesizer: ClusterSynthesizer, batch: ClusterBatch): ClusterRecovery[] {
  return batch.map((question) => synthesizer.recoverTouched(question.cluster, question.loss));
}

/**
 * The loss a touched cluster's own system is started from: the computers of `loss` with its
 * sites expanded, and its databases. A loss event reaches only components of the cluster of
 * the component it is sent to, and a backup stored on a computer of another cluster is still
 * destroyed, because the lost computers are named whatever cluster declares them.
 */
function ownLoss(env: Environment, loss: Loss): Loss {
  return { computers: effectiveLoss(env, loss).computers, databases: loss.databases, sites: [] };
}

/**
 * The recoveries of one run, memoised by loss: the engine's default recovery provider. Every
 * loss is answered once per run however many times it is asked (by the score's rows and by
 * the `unrecoverable-scenario` rule), and every cluster's answer once per projected state.
 *
 * A loss of several computers whose single losses touch disjoint sets of clusters is composed
 * from those single losses' cluster answers without computing its start state: each cluster
 * then receives the loss events of one computer only, so its projected start state, and hence
 * its cached answer, is the one of that computer's single loss (`test/engine/recoveries.test.ts`
 * checks it against the full computation on every pair of generated estates). This is what
 * keeps the n(n−1)/2 pairs of a large estate cheap.
 */
export class RecoveryMemo {
  readonly synthesizer: ClusterSynthesizer;
  private readonly memo = new Map<string, ClusterRecovery>();
  private readonly parts = new Map<string, readonly ClusterRecovery[]>();
  private readonly clusterOf: ReadonlyMap<string, number>;
  private baseline?: readonly ClusterRecovery[];
  /** `emptyBaselineStates`, once computed (null: the baseline is not empty). */
  private baselineStates?: number | null;
  private touched?: ReadonlyMap<string, ReadonlySet<number>>;
  /** `singleOf`, by computer as spelt in the loss. */
  private readonly singles = new Map<string, SingleLossRecord>();

  constructor(
    private readonly env: Environment,
    private readonly maxStates?: number,
  ) {
    this.synthesizer = new ClusterSynthesizer(env, maxStates);
    const clusterOf = new Map<string, number>();
    for (const cluster of this.synthesizer.clusters)
      for (const id of cluster.ids) clusterOf.set(id, cluster.index);
    this.clusterOf = clusterOf;
  }

  /** The composed recovery of `loss`, synthesised at most once per run. */
  recover(loss: Loss): ClusterRecovery {
    // Not memoised: it costs a few additions, less than keeping a row's answer in the memo.
    const composed = this.composedOfSingles(loss);
    if (composed !== undefined) return composed;
    const key = lossKey(loss);
    let recovery = this.memo.get(key);
    if (recovery === undefined) {
      const answerAt = this.answerAt(loss);
      const count = this.synthesizer.clusters.length;
      let failures = 0;
      for (let index = 0; index < count; index++) if (!answerAt(index).ok) failures++;
      recovery = failures > 1 ? this.wholeFailure(loss) : composeAt(count, answerAt);
      this.memo.set(key, recovery);
    }
    return recovery;
  }

  /**
   * A loss that fails in several clusters, synthesised on the whole system. Its outcome is
   * the composed one (unrecoverable); only the reasons differ in presentation: the whole
   * system lists every cluster's loss blockers first, then what stays down, in the order
   * `score` and the `unrecoverable-scenario` rule have always given them. Such losses are
   * rare (faults in two independent clusters at once), so the cost is small.
   */
  private wholeFailure(loss: Loss): ClusterRecovery {
    const result = synthesizeRecovery(this.synthesizer.system, loss, {
      ...(this.maxStates === undefined ? {} : { maxStates: this.maxStates }),
    });
    if (result.ok) throw new Error('a loss that fails in a cluster was recovered on the whole system');
    return summaryOf(result);
  }

  /**
   * The losses whose cluster answers must be synthesised (start state and all) for
   * `recover` to answer `losses`: each loss that is not composed of single losses, and the
   * single losses the others are composed of; each once, in first-asked order.
   */
  needed(losses: readonly Loss[]): Loss[] {
    const out = new Map<string, Loss>();
    const add = (loss: Loss): void => {
      const key = lossKey(loss);
      if (!this.parts.has(key) && !out.has(key)) out.set(key, loss);
    };
    for (const loss of losses) {
      const singles = this.singlesOf(loss);
      if (singles === undefined) add(loss);
      else for (const single of singles) add(single);
    }
    return [...out.values()];
  }

  /**
   * The questions whose answers `recover` needs for `losses` and does not have: for each loss
   * of `needed(losses)`, the clusters its loss events reach, in cluster order. Each cluster's
   * answer is `ClusterSynthesizer.recoverTouched(cluster, loss)` (on any thread); give them
   * back with `rememberTouched`.
   */
  touchedQuestions(losses: readonly Loss[]): { readonly loss: Loss; readonly clusters: readonly number[] }[] {
    return this.needed(losses).map((loss) => ({
      loss,
      clusters: [...this.touchedByLoss(loss)].sort((a, b) => a - b),
    }));
  }

  /**
   * Records the answers of the clusters `loss` touches (`touchedQuestions`, in its order),
   * computed elsewhere (a worker thread, same environment); the other clusters answer as
   * with nothing lost, as in `fullParts`.
   */
  rememberTouched(loss: Loss, clusters: readonly number[], answers: readonly ClusterRecovery[]): void {
    const parts = [...this.baselineParts()];
    clusters.forEach((cluster, index) => {
      parts[cluster] = answers[index]!;
    });
    this.parts.set(lossKey(loss), parts);
  }

  /**
   * The recovery of a loss composed of single losses (`singlesOf`), read off the clusters they
   * touch, when every other cluster's answer with nothing lost is empty (recovered, no step,
   * no second, no history, no reason): then the sums over all clusters, in cluster order, are
   * the sums over the touched ones, in cluster order, and a pair of an estate of 50 clusters
   * is composed from 2 answers instead of 50. Undefined when the loss is not so composed, when
   * the baseline is not empty, or when it fails in several clusters; `recover` then composes
   * every cluster's answer, or synthesises the whole.
   */
  private composedOfSingles(loss: Loss): ClusterRecovery | undefined {
    const { computers } = loss;
    if (computers.length < 2 || loss.sites.length > 0 || loss.databases.length > 0) return undefined;
    const baselineStates = this.emptyBaselineStates();
    if (baselineStates === undefined) return undefined;
    const singles = computers.map((computer) => this.singleOf(computer));
    const reached: { readonly cluster: number; readonly answer: ClusterRecovery }[] = [];
    let statesExplored = baselineStates;
    for (const single of singles) {
      statesExplored += single.statesDelta;
      single.clusters.forEach((cluster, index) => {
        reached.push({ cluster, answer: single.answers[index]! });
      });
    }
    reached.sort((a, b) => a.cluster - b.cluster);
    for (let index = 1; index < reached.length; index++)
      if (reached[index]!.cluster === reached[index - 1]!.cluster) return undefined;
    let failures = 0;
    for (const { answer } of reached) if (!answer.ok) failures++;
    // Failures in several clusters are synthesised on the whole system, once (`recover`).
    if (failures > 1) return undefined;
    return withStates(
      composeAt(reached.length, (index) => reached[index]!.answer),
      statesExplored,
    );
  }

  /**
   * The single loss of `computer` as the compositions read it (computed once per computer and
   * spelling): the clusters it reaches in cluster order, their answers after that loss, and
   * how far their searches' states explored differ from the same clusters' with nothing lost.
   */
  private singleOf(computer: string): SingleLossRecord {
    let record = this.singles.get(computer);
    if (record === undefined) {
      const parts = this.fullParts({ computers: [computer], databases: [], sites: [] });
      const baseline = this.baselineParts();
      const clusters = [...this.touchedBy(computer)].sort((a, b) => a - b);
      let statesDelta = 0;
      for (const cluster of clusters)
        statesDelta += parts[cluster]!.statesExplored - baseline[cluster]!.statesExplored;
      record = { clusters, answers: clusters.map((cluster) => parts[cluster]!), statesDelta };
      this.singles.set(computer, record);
    }
    return record;
  }

  /**
   * The states explored by every cluster's search with nothing lost, when each of those
   * answers is empty (see `composedOfSingles`); otherwise undefined. Computed once per run.
   */
  private emptyBaselineStates(): number | undefined {
    if (this.baselineStates === undefined) {
      let states = 0;
      let empty = true;
      for (const answer of this.baselineParts()) {
        states += answer.statesExplored;
        empty &&=
          answer.ok &&
          answer.seconds === 0 &&
          answer.steps === 0 &&
          answer.historyLost.length === 0 &&
          answer.reasons.length === 0;
      }
      this.baselineStates = empty ? states : null;
    }
    return this.baselineStates ?? undefined;
  }

  /**
   * Each cluster's answer to `loss`, by cluster index. For a loss composed of single losses,
   * the first single loss's answers, except in the clusters another one touches, which answer
   * as after that one: a cluster no computer touches answers as after any one of them.
   */
  private answerAt(loss: Loss): (index: number) => ClusterRecovery {
    const singles = this.singlesOf(loss);
    if (singles === undefined) {
      const parts = this.fullParts(loss);
      return (index) => parts[index]!;
    }
    const first = this.fullParts(singles[0]!);
    const others = singles.slice(1).map((single) => ({
      touched: this.touchedBy(single.computers[0]!),
      parts: this.fullParts(single),
    }));
    return (index) => {
      for (const other of others) if (other.touched.has(index)) return other.parts[index]!;
      return first[index]!;
    };
  }

  private fullParts(loss: Loss): readonly ClusterRecovery[] {
    const key = lossKey(loss);
    let parts = this.parts.get(key);
    if (parts === undefined) {
      parts = this.synthesizer.answersTouched(loss, this.touchedByLoss(loss), this.baselineParts());
      this.parts.set(key, parts);
    }
    return parts;
  }

  /** Every cluster's answer with nothing lost: the answer of each cluster no loss event reaches. */
  private baselineParts(): readonly ClusterRecovery[] {
    this.baseline ??= this.synthesizer.answers(NOTHING_LOST);
    return this.baseline;
  }

  /** The clusters any loss event of `loss` reaches: its computers' (sites expanded) and its databases'. */
  private touchedByLoss(loss: Loss): ReadonlySet<number> {
    const effective = effectiveLoss(this.env, loss);
    const touched = new Set<number>();
    for (const computer of effective.computers)
      for (const cluster of this.touchedBy(computer)) touched.add(cluster);
    for (const database of effective.databases) {
      const cluster = this.clusterOf.get(componentId.database(database));
      if (cluster !== undefined) touched.add(cluster);
    }
    return touched;
  }

  /**
   * The single losses `loss` is composed of: for a loss of several computers only (no site,
   * no database) whose computers touch pairwise disjoint clusters; otherwise undefined.
   */
  private singlesOf(loss: Loss): Loss[] | undefined {
    if (loss.computers.length < 2 || loss.sites.length > 0 || loss.databases.length > 0) return undefined;
    const seen = new Set<number>();
    for (const computer of loss.computers) {
      for (const cluster of this.touchedBy(computer)) {
        if (seen.has(cluster)) return undefined;
        seen.add(cluster);
      }
    }
    return loss.computers.map((computer) => ({ computers: [computer], databases: [], sites: [] }));
  }

  /**
   * The clusters the loss of `computer` sends a loss event to (see `initialState`): the
   * computer, what it hosts, the databases on it, and the database and key backups stored on
   * it. Events reach only these components and the components routed with them, which are in
   * the same clusters by the clusters' construction.
   */
  private touchedBy(computer: string): ReadonlySet<number> {
    return this.touchedIndex().get(computer.toLowerCase()) ?? NO_CLUSTERS;
  }

  /**
   * The clusters each computer's loss reaches (`touchedBy`), by lower-cased computer name,
   * indexed once per run: asking per computer by scanning the environment made the clusters
   * of 500 computers cost a quarter of a million name comparisons.
   */
  private touchedIndex(): ReadonlyMap<string, ReadonlySet<number>> {
    if (this.touched !== undefined) return this.touched;
    const touched = new Map<string, Set<number>>();
    const add = (computer: string, id: string): void => {
      const cluster = this.clusterOf.get(id);
      if (cluster === undefined) return;
      const name = computer.toLowerCase();
      const set = touched.get(name);
      if (set === undefined) touched.set(name, new Set([cluster]));
      else set.add(cluster);
    };
    // A computer's own component: the first declared of a name (equal names are a load error).
    const declared = new Set<string>();
    for (const entry of this.env.computers) {
      const name = entry.name.toLowerCase();
      if (declared.has(name)) continue;
      declared.add(name);
      add(name, componentId.computer(entry.name));
    }
    for (const [name, hosted] of this.synthesizer.system.hosted) for (const id of hosted) add(name, id);
    for (const database of this.env.databases) {
      add(database.computer, componentId.database(database.name));
      const storedOn = database.backup?.storedOn;
      if (storedOn !== undefined) add(storedOn, componentId.databaseBackup(database.name));
    }
    for (const server of this.env.managementServers) {
      const storedOn = server.keyBackup?.storedOn;
      if (storedOn !== undefined) add(storedOn, componentId.keyBackup(server.computer));
    }
    this.touched = touched;
    return touched;
  }
}

const NO_CLUSTERS: ReadonlySet<number> = new Set();
const NOTHING_LOST: Loss = { computers: [], databases: [], sites: [] };

/** A memo key of a loss as written: its start state depends on nothing else. */
export function lossKey(loss: Loss): string {
  return `${loss.computers.join('\u0000')}\u0001${loss.databases.join('\u0000')}\u0001${loss.sites.join('\u0000')}`;
}
