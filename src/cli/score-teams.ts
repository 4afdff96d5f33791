/**
 * `score --teams N` and `report --teams N`: how many teams the score schedules a synthesised
 * recovery for (docs/scoring.md, *Teams*), validated as `plan --teams` validates it.
 */
import type { Environment } from '../environment/types.js';
import type { RecoveryMakespan } from '../report/score.js';

/** The team count of a score and, above one team, the engine's makespan of a loss's recovery. */
export interface ScoreTeams {
  readonly teams: number;
  readonly recoveryMakespan?: RecoveryMakespan;
}

/**
 * The score's teams: `--teams` (already parsed by `parseTeams`), else the environment's
 * `teams:`, else 1 (one step at a time: the score as without teams). The parallel synthesis
 * is imported only when more than one team is asked for.
 */
export async function scoreTeams(parsed: number | undefined, environment: Environment): Promise<ScoreTeams> {
  const teams = parsed ?? environment.teams ?? 1;
  if (teams <= 1) return { teams: 1 };
  const { recoveryMakespan } = await import('../engine/parallel-synthesis.js');
  return { teams, recoveryMakespan };
}
