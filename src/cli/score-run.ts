/**
 * The scoring of `score` and `report`, wired once: the inputs and options the two commands
 * share turned into the readiness every renderer and the gate read. `--teams N` is validated
 * as `plan --teams` validates it (docs/scoring.md, *Teams*).
 */
import { type Command, Option } from 'commander';
import type { Config } from '../config/load.js';
import type { Environment } from '../environment/types.js';
import type { EvidenceSummary } from '../evidence/interpret.js';
import type { Plan } from '../plan/types.js';
import type { Readiness } from '../score/index.js';
import type { FailOn } from './exit-code.js';
import { VERSION } from './version.js';

/** The options `score` and `report` share, as commander parses them. */
export interface ScoringCommandOptions {
  readonly plan?: string;
  readonly config?: string | false;
  readonly pairs?: boolean;
  readonly workers?: string;
  readonly failOn: FailOn;
  readonly failUnder?: string;
  readonly assurance?: boolean;
  readonly color?: boolean;
  readonly quiet?: boolean;
  readonly asOf?: string;
  readonly evidence?: string[];
  readonly teams?: string;
}

/** Adds the options `score` and `report` score with: `--pairs`, `--evidence`, `--teams`, `--workers`. */
export function withScoringOptions(command: Command): Command {
  return command
    .option('--pairs', 'also score the loss of every pair of computers')
    .option('--evidence <file...>', 'msdb backup history (docs/import.md): judge backups on it')
    .option(
      '--teams <n>',
      "score synthesised recoveries for n teams working at once (default: the environment's teams:, else 1)",
    )
    .option(
      '--workers <n>',
      'threads scoring the disruptions, or auto (one per CPU); same output (default 1)',
    );
}

/** Adds the gate options of `score` and `report`: `--fail-on` (default `failOn`), `--fail-under`, `--assurance`. */
export function withGateOptions(command: Command, failOn: 'error' | 'never'): Command {
  return command
    .addOption(
      new Option('--fail-on <level>', 'exit 1 when a finding is at or above this level')
        .choices(['error', 'warning', 'never'])
        .default(failOn),
    )
    .option('--fail-under <score>', 'exit 1 when the readiness score is below this score (0 to 100)')
    .option('--assurance', 'make --fail-under gate the assurance score instead');
}

/** The inputs `score` and `report` score. */
export interface CommandInputs {
  readonly environment: Environment;
  readonly plan?: Plan | undefined;
  readonly evidence?: EvidenceSummary | undefined;
}

/** How they score them: the parsed `--workers` and `--teams`, and the judgement date. */
export interface CommandScoring {
  readonly workers: number;
  /** `--teams`, already parsed by `parseTeams`. */
  readonly teams: number | undefined;
  readonly asOfMillis: number;
}

/**
 * The score's teams: `--teams`, else the environment's `teams:`, else 1 (one step at a time:
 * the score as without teams). Above one team the score's recovery provider takes each
 * synthesised recovery's least makespan.
 */
export function scoreTeams(parsed: number | undefined, environment: Environment): number {
  return parsed ?? environment.teams ?? 1;
}

/**
 * Scores the inputs of `score` or `report` (on `workers` threads), then applies the config
 * file's rule levels once, to the findings every report and the gate read.
 */
export async function scoreForCommand(
  { environment, plan, evidence }: CommandInputs,
  options: { readonly pairs?: boolean; readonly configuration?: Config },
  { workers, teams, asOfMillis }: CommandScoring,
): Promise<Readiness> {
  const { scoreReadinessParallel } = await import('../score/index.js');
  const scored = await scoreReadinessParallel(environment, {
    asOfMillis,
    version: VERSION,
    ...(plan ? { plan } : {}),
    pairs: options.pairs === true,
    workers,
    ...(evidence ? { evidence } : {}),
    teams: scoreTeams(teams, environment),
    ...(options.configuration ? { thresholds: options.configuration.thresholds } : {}),
  });
  if (!options.configuration) return scored;
  const [{ applyRuleLevelsToReadiness }, { withFindings }] = await Promise.all([
    import('../config/overrides.js'),
    import('../check/check.js'),
  ]);
  return applyRuleLevelsToReadiness(scored, options.configuration.rules, withFindings);
}
