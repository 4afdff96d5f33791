import type { Command } from 'commander';
import { Option } from 'commander';
import { printable, terminalText } from '../../common/printable.js';
import type { TextPieces } from '../../common/text-pieces.js';
import type { Readiness } from '../../score/index.js';
import {
  type CommandContext,
  contextFor,
  parseFailUnder,
  parseWorkers,
  withCommonOptions,
  withConfigOptions,
} from '../common.js';
import { failsGate, readinessExitCode } from '../exit-code.js';
import { writeToStream } from '../io.js';
import { renderWhole } from '../outputs.js';
import {
  type ScoringCommandOptions,
  scoreForCommand,
  withGateOptions,
  withScoringOptions,
} from '../score-run.js';
import { VERSION } from '../version.js';
import { parseTeams } from './plan-parallel.js';

interface ScoreOptions extends ScoringCommandOptions {
  readonly format: 'text' | 'json';
}

/** `scsm-dr score <environment> [--plan <plan>]`: the readiness score with every lost point explained. */
export function registerScore(program: Command): void {
  withConfigOptions(
    withCommonOptions(
      withGateOptions(
        withScoringOptions(
          program
            .command('score')
            .description('score recovery readiness from simulated recoveries of every disruption')
            .argument(
              '[environment]',
              "environment description (YAML or JSON); default: the plan's environment:",
            )
            .option('-p, --plan <plan>', 'recovery plan: its scenarios are used where they recover'),
        ).addOption(
          new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'),
        ),
        'never',
      ),
    ),
  ).action(async (argument: string | undefined, given: ScoreOptions, command: Command) => {
    const { resolveConfig } = await import('../../config/resolve.js');
    const options = await resolveConfig(command, argument, given);
    const context = contextFor(options);
    const workers = parseWorkers(options.workers);
    const gate = parseFailUnder(options.failUnder, options.assurance);
    const teamsGiven = parseTeams(options.teams);
    // The scorer and its simulator are imported when the command runs, not when it is declared.
    const [{ judgementDate, requireInputs }, { readinessJsonPieces }] = await Promise.all([
      import('../inputs.js'),
      import('../../report/readiness/json.js'),
    ]);
    const { environment, plan } = await requireInputs(options.environment, options.plan, (text) =>
      context.stderr.write(text),
    );
    const evidence = options.evidence
      ? await (await import('../evidence-inputs.js')).requireEvidence(options.evidence)
      : undefined;
    (await import('../score-memory.js')).refuseOversizedScore(environment, options.pairs === true, [
      options.format,
    ]);
    const readiness = await scoreForCommand({ environment, plan, evidence }, options, {
      workers,
      teams: teamsGiven,
      asOfMillis: judgementDate(options, environment),
    });
    // The JSON is the readiness report's own documented shape (docs/report.md), so `score`
    // and `report --format json` never disagree. It is written in pieces: with pairs, a large
    // estate's JSON is longer than one string can be.
    const text: TextPieces =
      options.format === 'json'
        ? readinessJsonPieces({
            readiness,
            environment,
            ...(plan ? { plan } : {}),
            version: VERSION,
            failOn: options.failOn,
            ...(gate ? { gate } : {}),
          })
        : await terminalReport(readiness, context);
    await writeToStream(context.stdout, text);
    if (gate && failsGate(gate, readiness) && !context.quiet) {
      const scored = gate.score === 'assurance' ? readiness.assurance.score : readiness.score;
      context.stderr.write(
        `${context.err.red('✖')} ${gate.score} ${scored}/100 is below --fail-under ${gate.threshold}\n`,
      );
    }
    process.exitCode = readinessExitCode(
      [...readiness.findings, ...(readiness.check?.findings ?? [])],
      options.failOn,
      gate,
      readiness,
    );
  });
}

/** The terminal text of the score, or a clear error when it is too long for one string. */
async function terminalReport(readiness: Readiness, context: CommandContext): Promise<TextPieces> {
  // Loaded here, not at the top: every command's module is imported at start-up.
  const [{ renderReadiness }, { backupSinglePoints }] = await Promise.all([
    import('../../report/readiness/terminal.js'),
    import('../../report/readiness/single-points.js'),
  ]);
  return renderWhole(
    'text',
    () => terminalText(renderReadiness(readiness, context.out, printable, backupSinglePoints(readiness))),
    'write --format json, which is written in pieces, or leave out --pairs',
  );
}
