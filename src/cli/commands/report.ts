import type { Command } from 'commander';
import { Option } from 'commander';
import { READINESS_FORMATS, type ReadinessFormat } from '../../report/readiness/formats.js';
import { contextFor, parseWorkers, withCommonOptions } from '../common.js';
import { exitCode, type FailOn } from '../exit-code.js';
import { writeFileAtomic } from '../io.js';
import { VERSION } from '../version.js';

interface ReportOptions {
  readonly plan?: string;
  readonly format: ReadinessFormat;
  readonly output?: string;
  readonly pairs?: boolean;
  readonly workers?: string;
  readonly failOn: FailOn;
  readonly color?: boolean;
  readonly quiet?: boolean;
  readonly asOf?: string;
}

/**
 * `scsm-dr report <environment> [--plan <plan>] --format html|markdown|json|sarif|junit`: the
 * readiness report, with the score, every lost point explained, the findings and the diagrams.
 * The exit code follows `--fail-on` over the environment and plan findings, as `check` does;
 * `npm start` passes `--fail-on never` because it only publishes the report.
 */
export function registerReport(program: Command): void {
  withCommonOptions(
    program
      .command('report')
      .description('write the readiness report: score, disruptions, findings and diagrams')
      .argument('[environment]', "environment description (YAML or JSON); default: the plan's environment:")
      .option('-p, --plan <plan>', 'recovery plan: checked, and its scenarios used where they recover')
      .addOption(
        new Option('-f, --format <format>', 'report format').choices(READINESS_FORMATS).makeOptionMandatory(),
      )
      .option('-o, --output <file>', 'write the report to a file (whole or not at all) instead of stdout')
      .option('--pairs', 'also score the loss of every pair of computers')
      .option(
        '--workers <n>',
        'threads scoring the disruptions, or auto (one per CPU); same output (default 1)',
      )
      .addOption(
        new Option('--fail-on <level>', 'exit 1 when a finding is at or above this level')
          .choices(['error', 'warning', 'never'])
          .default('error'),
      ),
  ).action(async (argument: string | undefined, options: ReportOptions) => {
    const context = contextFor(options);
    const workers = parseWorkers(options.workers);
    // The scorer and the renderers are imported when the command runs, not when it is declared.
    const [
      { judgementDate, requireInputs },
      { loadReadinessRenderer },
      { verdictBand },
      { scoreReadinessParallel },
    ] = await Promise.all([
      import('../inputs.js'),
      import('../../report/readiness/index.js'),
      import('../../report/readiness/shared.js'),
      import('../../report/score.js'),
    ]);
    const {
      environment,
      environmentFile: file,
      plan,
    } = await requireInputs(argument, options.plan, (text) => context.stderr.write(text));
    // Resolve the renderer before the (slower) scoring, so a broken install fails fast.
    const render = await loadReadinessRenderer(options.format);
    const readiness = await scoreReadinessParallel(environment, {
      asOfMillis: judgementDate(options, environment),
      version: VERSION,
      ...(plan ? { plan } : {}),
      pairs: options.pairs === true,
      workers,
    });
    const report = render({
      readiness,
      environment,
      ...(plan ? { plan } : {}),
      version: VERSION,
      failOn: options.failOn,
    });

    if (options.output) {
      await writeFileAtomic(options.output, report, [file, ...(options.plan ? [options.plan] : [])]);
    } else {
      context.stdout.write(report);
    }
    if (!context.quiet) {
      const c = context.err;
      const paint = (score: number) => {
        const level = verdictBand(score).level;
        const text = `${score}/100`;
        return level === 'good' ? c.green(text) : level === 'bad' ? c.red(text) : c.yellow(text);
      };
      context.stderr.write(
        `readiness ${paint(readiness.score)} (assurance ${paint(readiness.assurance.score)})` +
          `${options.output ? `; wrote ${options.output}` : ''}\n`,
      );
    }
    process.exitCode = exitCode(
      [...readiness.findings, ...(readiness.check?.findings ?? [])],
      options.failOn,
    );
  });
}
