/**
 * `score --teams N` and `report --teams N`: how many teams the score schedules a synthesised
 * recovery for (docs/scoring.md, *Teams*), validated as `plan --teams` validates it.
 */
import type { Environment } from '../environment/types.js';

/** The team count of a score. */
export interface ScoreTeams {
  readonly teams: number;
}

/**
 * The score's teams: `--teams` (already parsed by `parseTeams`), else the environment's
 * `teams:`, else 1 (one step at a time: the score as without teams). Above one team the
 * score's recovery provider takes each synthesised recovery's least makespan.
 */
export async function scoreTeams(parsed: number | undefined, environment: Environment): Promise<ScoreTeams> {
  return { teams: parsed ?? environment.teams ?? 1 };
}
