/**
 * `scsm-dr plan --teams N` (N > 1): the parallel synthesis (`engine/parallel-synthesis.ts`)
 * written as a plan with `teams:`, `team:`, `id:` and `after:` (docs/synthesis.md, *Teams*).
 */
import { UserError } from '../../common/errors.js';
import type { Environment } from '../../environment/types.js';
import type { Loss } from '../../models/system.js';
import type { PlanStepToWrite } from '../../plan/write.js';

/** The most teams `--teams` accepts. */
export const MAX_TEAMS = 64;

/** Parses `--teams <n>`: a whole number from 1 to {@link MAX_TEAMS}. */
export function parseTeams(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text.trim()))
    throw new UserError(
      `--teams: '${text}' is not a number of teams; expected a whole number from 1 to ${MAX_TEAMS}`,
    );
  const count = Number(text.trim());
  if (count < 1 || count > MAX_TEAMS)
    throw new UserError(`--teams: ${count} is out of range; expected 1 to ${MAX_TEAMS}`);
  return count;
}

/** The parallel recovery of a loss as a plan scenario to write, or undefined when none exists. */
export interface ParallelPlan {
  readonly steps: readonly PlanStepToWrite[];
  readonly teams: Readonly<Record<string, number>>;
  readonly makespanSeconds: number;
  readonly sequentialSeconds: number;
  readonly exact: boolean;
  readonly historyLost: readonly string[];
  readonly statesExplored: number;
}

/**
 * Synthesises the recovery of `loss` for `teams` teams and lays it out as plan steps: team by
 * team, chain by chain, each step `s1`, `s2`, … waiting for the step before it in its chain;
 * a team's chains follow one another because the team has one person. Undefined when the loss
 * cannot be recovered (the caller then reports why, as without `--teams`).
 */
export async function parallelPlan(
  environment: Environment,
  loss: Loss,
  teams: number,
): Promise<ParallelPlan | undefined> {
  const { synthesizeParallel } = await import('../../engine/parallel-synthesis.js');
  const result = synthesizeParallel(environment, loss, teams);
  if (!result.ok) return undefined;
  const steps: PlanStepToWrite[] = [];
  const people: Record<string, number> = {};
  for (const work of result.teams) {
    people[work.team] = 1;
    for (const chain of work.chains) {
      let previous: string | undefined;
      for (const step of chain) {
        const id = `s${steps.length + 1}`;
        steps.push({ ...step, id, team: work.team, after: previous === undefined ? [] : [previous] });
        previous = id;
      }
    }
  }
  return {
    steps,
    teams: people,
    makespanSeconds: result.makespanSeconds,
    sequentialSeconds: result.sequentialSeconds,
    exact: result.exact,
    historyLost: result.historyLost,
    statesExplored: result.statesExplored,
  };
}
