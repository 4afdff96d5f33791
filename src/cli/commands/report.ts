import type { Command } from 'commander';
import { Option } from 'commander';
import { UserError } from '../../common/errors.js';
import { READINESS_FORMATS, type ReadinessFormat } from '../../report/readiness/formats.js';
import { contextFor, parseFailUnder, parseWorkers, withCommonOptions, withConfigOptions } from '../common.js';
import { failsGate, readinessExitCode } from '../exit-code.js';
import {
  formatOfFile,
  OUTPUT_HELP,
  type OutputTarget,
  outputParser,
  resolveOutputs,
  writeOutputs,
} from '../outputs.js';
import {
  type ScoringCommandOptions,
  scoreForCommand,
  withGateOptions,
  withScoringOptions,
} from '../score-run.js';
import { VERSION } from '../version.js';
import { parseTeams } from './plan-parallel.js';

interface ReportOptions extends ScoringCommandOptions {
  readonly format?: ReadinessFormat;
  /** `-o FILE`: where the `--format` report goes. */
  readonly o?: string;
  /** Every `--output FORMAT[=FILE]`. */
  readonly output?: readonly OutputTarget<ReadinessFormat>[];
}

/**
 * `scsm-dr report <environment> [--plan <plan>] --format html|markdown|json|sarif|junit|github|gitlab`
 * (or `--output FORMAT[=FILE]`, repeated): the readiness report, with the score, every lost
 * point explained, the findings and the diagrams; one scoring feeds every report.
 * The exit code follows `--fail-on` over the environment and plan findings, as `check` does;
 * `npm start` passes `--fail-on never` because it only publishes the report.
 */
export function registerReport(program: Command): void {
  withConfigOptions(
    withCommonOptions(
      withGateOptions(
        withScoringOptions(
          program
            .command('report')
            .description('write the readiness report: score, disruptions, findings and diagrams')
            .argument(
              '[environment]',
              "environment description (YAML or JSON); default: the plan's environment:",
            )
            .option('-p, --plan <plan>', 'recovery plan: checked, and its scenarios used where they recover')
            .addOption(
              new Option(
                '-f, --format <format>',
                'report format (this, -o with a known extension, or --output is required)',
              ).choices(READINESS_FORMATS),
            )
            .option(
              '-o <file>',
              'write the --format report to a file (whole or not at all) instead of stdout; without --format, the format its extension names (.html, .md, .json, .sarif, .xml)',
            )
            .option('--output <format[=file]>', OUTPUT_HELP, outputParser(READINESS_FORMATS)),
        ),
        'error',
      ),
    ),
  ).action(async (argument: string | undefined, given: ReportOptions, command: Command) => {
    const { resolveConfig } = await import('../../config/resolve.js');
    const options = await resolveConfig(command, argument, given, 'report');
    const context = contextFor(options);
    const workers = parseWorkers(options.workers);
    const gate = parseFailUnder(options.failUnder, options.assurance);
    const teamsGiven = parseTeams(options.teams);
    // `-o report.html` without `--format` writes what the extension names.
    const format =
      options.format ?? (options.o === undefined ? undefined : formatOfFile(options.o, READINESS_FORMATS));
    if (format === undefined && options.o !== undefined) {
      throw new UserError(
        `-o ${options.o} needs --format (its extension names none of ${READINESS_FORMATS.join(', ')}), or write --output FORMAT=${options.o}`,
      );
    }
    if (format === undefined && options.output === undefined) {
      throw new UserError(
        `report needs a format: --format ${READINESS_FORMATS.join('|')}, or --output FORMAT[=FILE], or -o FILE with the extension of its format (report.html, report.md)`,
      );
    }
    const targets = resolveOutputs<ReadinessFormat>({
      format: format ?? 'html',
      formatGiven: format !== undefined,
      ...(options.o !== undefined ? { file: options.o } : {}),
      ...(options.output !== undefined ? { outputs: options.output } : {}),
    });
    // The scorer and the renderers are imported when the command runs, not when it is declared.
    const [{ judgementDate, requireInputs }, { loadReadinessRenderer }, { verdictBand }] = await Promise.all([
      import('../inputs.js'),
      import('../../report/readiness/index.js'),
      import('../../report/readiness/shared.js'),
    ]);
    const {
      environment,
      environmentFile: file,
      plan,
    } = await requireInputs(options.environment, options.plan, (text) => context.stderr.write(text));
    const evidence = options.evidence
      ? await (await import('../evidence-inputs.js')).requireEvidence(options.evidence)
      : undefined;
    // Resolve the renderers before the (slower) scoring, so a broken install fails fast.
    const formats = [...new Set(targets.map((target) => target.format))];
    const renderers = new Map(
      await Promise.all(
        formats.map(async (format) => [format, await loadReadinessRenderer(format)] as const),
      ),
    );
    const { reportPaths } = await import('../repository.js');
    const paths = reportPaths();
    (await import('../score-memory.js')).refuseOversizedScore(environment, options.pairs === true, formats);
    const readiness = await scoreForCommand({ environment, plan, evidence }, options, {
      workers,
      teams: teamsGiven,
      asOfMillis: judgementDate(options, environment),
    });
    const input = {
      readiness,
      environment,
      ...(plan ? { plan } : {}),
      version: VERSION,
      failOn: options.failOn,
      paths,
      ...(gate ? { gate } : {}),
    };
    const files = targets.flatMap((target) => (target.file !== undefined ? [target.file] : []));
    // writeFileAtomic creates missing directories, for every command alike.
    await writeOutputs(
      targets,
      (format) => renderers.get(format)!(input),
      [file, ...(options.plan ? [options.plan] : []), ...(options.evidence ?? [])],
      context,
      false,
      // Only the JSON is written in pieces; the others are one string each.
      'write --format json, which is written in pieces, or leave out --pairs',
    );
    if (!context.quiet) {
      const c = context.err;
      const paint = (score: number) => {
        const level = verdictBand(score).level;
        const text = `${score}/100`;
        return level === 'good' ? c.green(text) : level === 'bad' ? c.red(text) : c.yellow(text);
      };
      const below =
        gate && failsGate(gate, readiness)
          ? `; ${c.red(`${gate.score} is below --fail-under ${gate.threshold}`)}`
          : '';
      context.stderr.write(
        `readiness ${paint(readiness.score)} (assurance ${paint(readiness.assurance.score)})` +
          `${below}${files.length > 0 ? `; wrote ${files.join(', ')}` : ''}\n`,
      );
    }
    // The verdict comes once, after every report is written.
    process.exitCode = readinessExitCode(
      [...readiness.findings, ...(readiness.check?.findings ?? [])],
      options.failOn,
      gate,
      readiness,
    );
  });
}
