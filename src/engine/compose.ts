/**
 * Compositional exhaustive checking: each independent cluster (`clusters.ts`) is explored on
 * its own and the answers are composed, instead of exploring the product of every cluster's
 * interleavings. The product of clusters with n₁, n₂, … states has n₁·n₂·… states, but every
 * question the explorer answers is a function of the per-cluster answers:
 *
 * - reachable states: the product of the per-cluster reachable sets (count = product);
 * - terminal states (no move left): products of terminal cluster states;
 * - a goal (recovered, nothing owed) is reachable iff it is in every cluster;
 * - the cheapest recovery, run one step at a time, costs the sum of the clusters' cheapest
 *   recoveries (the costs are additive and the clusters' steps commute); run in parallel by
 *   independent teams, the maximum.
 *
 * docs/performance.md gives the soundness argument; `test/engine/compose.test.ts` checks it
 * against the full product on small environments.
 */
import { initialState, type Loss, type ModelSystem } from '../models/system.js';
import type { CandidateAction } from '../simulator/synthesis-candidates.js';
import { synthesisContext } from '../simulator/synthesis-candidates.js';
import { type Cluster, clusterSignature, clustersOf, projectState, renaming } from './clusters.js';
import { exploreSpace, type SpaceSummary, type StateSpace, summarizeSpace } from './space.js';

/** One cluster's answer. */
export interface ClusterAnswer {
  /** Component ids of the cluster. */
  readonly ids: readonly string[];
  readonly summary: SpaceSummary;
  /** `fastStep` calls the cluster's exploration made (0 when an isomorphic cluster's space was reused). */
  readonly stepsTried: number;
  /** The cluster's space is an isomorphic cluster's, renamed (symmetry reduction). */
  readonly reused: boolean;
}

/** The composed answer of an exhaustive check. */
export interface CompositionalResult {
  readonly clusters: readonly ClusterAnswer[];
  /** Distinct states of the full product (a float: it can exceed 2⁵³). */
  readonly productStates: number;
  /** Transitions of the full product. */
  readonly productTransitions: number;
  /** States actually stored: the sum over clusters. */
  readonly storedStates: number;
  readonly terminal: number;
  readonly goals: number;
  readonly recovered: number;
  /** A goal (recovered, every follow-up done) is reachable. */
  readonly recoverable: boolean;
  /** The cheapest recovery, one step at a time (sum) and with clusters in parallel (max). */
  readonly optimal?: {
    readonly sequentialSeconds: number;
    readonly parallelSeconds: number;
    readonly historyLost: number;
    readonly steps: number;
  };
}

/** Options of a compositional check. */
export interface CompositionalOptions {
  /** Pre-computed clusters of the system (computed when absent). */
  readonly clusters?: readonly Cluster[];
  /** A bound per cluster exploration. */
  readonly maxStates?: number;
  /**
   * Symmetry reduction (default true): reuse the space of an isomorphic cluster, and inside a
   * cluster store one state per orbit of interchangeable additional servers.
   */
  readonly symmetry?: boolean;
}

/**
 * Explores the recovery state space of `loss` cluster by cluster and composes the answers
 * (see the module comment). Clusters the loss leaves untouched have a single state. This is a
 * pure function.
 */
export function checkCompositional(
  system: ModelSystem,
  loss: Loss,
  options: CompositionalOptions = {},
): CompositionalResult {
  const clusters = options.clusters ?? clustersOf(system);
  const start = initialState(system, loss);
  const explored = new Map<string, { readonly space: StateSpace; readonly cluster: Cluster }>();
  const answers: ClusterAnswer[] = clusters.map((cluster) => {
    const first = projectState(cluster, start);
    const signature = options.symmetry === false ? undefined : clusterSignature(cluster, first);
    const known = signature === undefined ? undefined : explored.get(signature);
    if (known !== undefined) {
      // Same structure up to names: same graph; price the renamed actions with this cluster's
      // own durations.
      const names = renaming(known.cluster.system.env, cluster.system.env);
      const context = synthesisContext(cluster.system);
      const rename = (action: CandidateAction): CandidateAction => {
        const params: Record<string, string> = {};
        for (const [name, value] of Object.entries(action.params)) params[name] = names.get(value) ?? value;
        return { action: action.action, params };
      };
      const summary = summarizeSpace(known.space, (action) => context.seconds(rename(action)));
      return { ids: cluster.ids, summary, stepsTried: 0, reused: true };
    }
    const space = exploreSpace(cluster.system, first, {
      ...(options.maxStates === undefined ? {} : { maxStates: options.maxStates }),
      symmetry: options.symmetry !== false,
    });
    if (signature !== undefined) explored.set(signature, { space, cluster });
    return { ids: cluster.ids, summary: summarizeSpace(space), stepsTried: space.stepsTried, reused: false };
  });
  return composeAnswers(answers);
}

/** Composes per-cluster answers (see the module comment). This is a pure function. */
export function composeAnswers(answers: readonly ClusterAnswer[]): CompositionalResult {
  let productStates = 1;
  let productTransitions = 0;
  let storedStates = 0;
  let terminal = 1;
  let goals = 1;
  let recovered = 1;
  for (const { summary } of answers) {
    // t₁·n₂·n₃ + n₁·t₂·n₃ + …: a product transition moves exactly one cluster.
    productTransitions = productTransitions * summary.states + summary.transitions * productStates;
    productStates *= summary.states;
    storedStates += summary.stored;
    terminal *= summary.terminal;
    goals *= summary.goals;
    recovered *= summary.recovered;
  }
  const recoverable = answers.every((answer) => answer.summary.optimal !== undefined);
  let optimal: CompositionalResult['optimal'];
  if (recoverable) {
    let sequentialSeconds = 0;
    let parallelSeconds = 0;
    let historyLost = 0;
    let steps = 0;
    for (const { summary } of answers) {
      const best = summary.optimal!;
      sequentialSeconds += best.seconds;
      parallelSeconds = Math.max(parallelSeconds, best.seconds);
      historyLost += best.historyLost;
      steps += best.steps;
    }
    optimal = { sequentialSeconds, parallelSeconds, historyLost, steps };
  }
  return {
    clusters: answers,
    productStates,
    productTransitions,
    storedStates,
    terminal,
    goals,
    recovered,
    recoverable,
    ...(optimal === undefined ? {} : { optimal }),
  };
}
