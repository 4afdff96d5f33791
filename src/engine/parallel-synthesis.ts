/**
 * Parallel synthesis (docs/synthesis.md, *Teams*): the recovery of a loss with the least
 * makespan for N teams of one person each.
 *
 * The engine's model of parallel work is the one of `compose.ts`: the independent clusters of
 * an environment recover independently (their steps commute), each along its own fastest
 * recovery, one step at a time. So the recovery of a loss is every touched cluster's fastest
 * recovery (`ClusterSynthesizer.synthesize`), and N teams share those chains: a team runs its
 * chains one after another. With at least as many teams as touched clusters the makespan is
 * the longest chain, which is the engine's parallel optimum (`CompositionalResult.optimal.
 * parallelSeconds`); with fewer it is the best assignment of chains to teams (multiprocessor
 * scheduling: exact by branch and bound for up to {@link EXACT_CHAINS} chains, else the
 * longest-chain-first greedy assignment, which is within 4/3 of the optimum).
 *
 * Steps inside one cluster stay in the synthesised sequence: the engine computes no finer
 * parallel optimum, so none is claimed.
 */
import type { Environment } from '../environment/types.js';
import { initialState, type Loss } from '../models/system.js';
import type { SynthesisReason, SynthesisResult, SynthesizedStep } from '../simulator/synthesize.js';
import { ClusterSynthesizer } from './recoveries.js';

/** Above this many chains the assignment is greedy (longest first) instead of exact. */
export const EXACT_CHAINS = 16;

/** One team's work: the chains it runs, one after another. */
export interface TeamWork {
  /** `team-1`, `team-2`, …: the names written into the plan. */
  readonly team: string;
  /** The chains the team runs, in order; each is one cluster's fastest recovery. */
  readonly chains: readonly (readonly SynthesizedStep[])[];
  readonly seconds: number;
}

/** The parallel recovery of a loss: the teams' work, or (like a synthesis) why there is none. */
export type ParallelSynthesisResult =
  | (Pick<Extract<SynthesisResult, { ok: true }>, 'ok' | 'historyLost' | 'statesExplored'> & {
      /** The teams with work, in order (a team with nothing to do is left out). */
      readonly teams: readonly TeamWork[];
      /** When the last team finishes. */
      readonly makespanSeconds: number;
      /** The same steps one at a time. */
      readonly sequentialSeconds: number;
      /** Whether the assignment of chains to teams is proven optimal. */
      readonly exact: boolean;
    })
  | Pick<Extract<SynthesisResult, { ok: false }>, 'ok' | 'reasons' | 'statesExplored'>;

/**
 * The best assignment of chain lengths to `teams` teams: the team index of each chain and the
 * makespan. Exact for up to {@link EXACT_CHAINS} chains. This is a pure function.
 */
export function assignChains(
  seconds: readonly number[],
  teams: number,
): { team: number[]; makespan: number; exact: boolean } {
  const order = seconds.map((_, index) => index).sort((a, b) => seconds[b]! - seconds[a]! || a - b);
  // Longest first onto the least loaded team (ties: the lowest team): the greedy answer,
  // and the upper bound of the exact search.
  const greedy = new Array<number>(seconds.length).fill(0);
  const load = new Array<number>(teams).fill(0);
  for (const chain of order) {
    let best = 0;
    for (let t = 1; t < teams; t++) if (load[t]! < load[best]!) best = t;
    greedy[chain] = best;
    load[best] = load[best]! + seconds[chain]!;
  }
  let bestMakespan = Math.max(0, ...load);
  let bestTeam = greedy;
  if (seconds.length > EXACT_CHAINS) return { team: greedy, makespan: bestMakespan, exact: false };
  const total = seconds.reduce((sum, value) => sum + value, 0);
  const lower = Math.max(Math.max(0, ...seconds), total / teams);
  const current = new Array<number>(seconds.length).fill(0);
  const loads = new Array<number>(teams).fill(0);
  const visit = (position: number, peak: number): void => {
    if (peak >= bestMakespan || bestMakespan <= lower) return;
    if (position === order.length) {
      bestMakespan = peak;
      bestTeam = [...current];
      return;
    }
    const chain = order[position]!;
    const tried = new Set<number>();
    for (let t = 0; t < teams; t++) {
      // Teams with the same load are interchangeable: try one of them.
      if (tried.has(loads[t]!)) continue;
      tried.add(loads[t]!);
      loads[t] = loads[t]! + seconds[chain]!;
      current[chain] = t;
      visit(position + 1, Math.max(peak, loads[t]!));
      loads[t] = loads[t]! - seconds[chain]!;
    }
  };
  visit(0, 0);
  return { team: bestTeam, makespan: bestMakespan, exact: true };
}

/** Options of `synthesizeParallel` and `recoveryMakespan`. */
export interface ParallelSynthesisOptions {
  readonly maxStates?: number;
  /**
   * The clusters of `environment` already compiled (the score's, for one run), so that each
   * loss does not compile them again; its own `maxStates` then applies.
   */
  readonly synthesizer?: ClusterSynthesizer;
}

/**
 * Synthesises the recovery of `loss` with the least makespan for `teams` teams (see the
 * module comment). This is a pure function.
 */
export function synthesizeParallel(
  environment: Environment,
  loss: Loss,
  teams: number,
  options: ParallelSynthesisOptions = {},
): ParallelSynthesisResult {
  if (!Number.isInteger(teams) || teams < 1)
    throw new Error(`teams must be a positive integer, got ${teams}`);
  const synthesizer = options.synthesizer ?? new ClusterSynthesizer(environment, options.maxStates);
  const start = initialState(synthesizer.system, loss);
  const chains: SynthesizedStep[][] = [];
  const reasons: SynthesisReason[] = [];
  const historyLost: string[] = [];
  let statesExplored = 0;
  for (const cluster of synthesizer.clusters) {
    const result = synthesizer.synthesize(cluster, loss, start);
    statesExplored += result.statesExplored;
    if (!result.ok) {
      reasons.push(...result.reasons);
      continue;
    }
    historyLost.push(...result.historyLost);
    if (result.steps.length > 0) chains.push([...result.steps]);
  }
  if (reasons.length > 0) return { ok: false, reasons, statesExplored };
  const lengths = chains.map((chain) => chain.reduce((sum, step) => sum + step.seconds, 0));
  const assignment = assignChains(lengths, teams);
  const work: TeamWork[] = [];
  for (let t = 0; t < teams; t++) {
    const mine = chains.filter((_, index) => assignment.team[index] === t);
    if (mine.length === 0) continue;
    work.push({
      team: `team-${work.length + 1}`,
      chains: mine,
      seconds: mine.reduce((sum, chain) => sum + chain.reduce((total, step) => total + step.seconds, 0), 0),
    });
  }
  return {
    ok: true,
    teams: work,
    makespanSeconds: assignment.makespan,
    sequentialSeconds: lengths.reduce((sum, value) => sum + value, 0),
    exact: assignment.exact,
    historyLost,
    statesExplored,
  };
}

/** The makespans already computed, per environment (one run) and per loss and team count. */
const MAKESPANS = new WeakMap<Environment, Map<string, number | undefined>>();

/**
 * The least makespan of the recovery of `loss` for `teams` teams (`synthesizeParallel`), in
 * seconds, or undefined when the loss cannot be recovered. Memoised per environment object,
 * so a run that scores the same loss twice synthesises it once. The score takes a synthesised
 * row's recovery time from here when it has more than one team.
 */
export function recoveryMakespan(
  environment: Environment,
  loss: Loss,
  teams: number,
  options: ParallelSynthesisOptions = {},
): number | undefined {
  let memo = MAKESPANS.get(environment);
  if (memo === undefined) {
    memo = new Map();
    MAKESPANS.set(environment, memo);
  }
  const key = JSON.stringify([
    [...loss.computers].sort(),
    [...loss.databases].sort(),
    [...loss.sites].sort(),
    teams,
    options.maxStates ?? null,
  ]);
  if (memo.has(key)) return memo.get(key);
  const result = synthesizeParallel(environment, loss, teams, options);
  const seconds = result.ok ? result.makespanSeconds : undefined;
  memo.set(key, seconds);
  return seconds;
}
