import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import { UserError } from '../../common/errors.js';
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
  readonly evidence?: string[];
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
      .argument('<environment>', 'environment description (YAML or JSON)')
      .option('-p, --plan <plan>', 'recovery plan: checked, and its scenarios used where they recover')
      .addOption(
        new Option('-f, --format <format>', 'report format').choices(READINESS_FORMATS).makeOptionMandatory(),
      )
      .option('-o, --output <file>', 'write the report to a file (whole or not at all) instead of stdout')
      .option('--pairs', 'also score the loss of every pair of computers')
      .option('--evidence <file...>', 'msdb backup history (docs/import.md): judge backups on it')
      .option(
        '--workers <n>',
        'threads scoring the disruptions, or auto (one per CPU); same output (default 1)',
      )
      .addOption(
        new Option('--fail-on <level>', 'exit 1 when a finding is at or above this level')
          .choices(['error', 'warning', 'never'])
          .default('error'),
      ),
  ).action(async (file: string, options: ReportOptions) => {
    const context = contextFor(options);
    const workers = parseWorkers(options.workers);
    // The scorer and the renderers are imported when the command runs, not when it is declared.
    const [
      { judgementDate, requireEnvironment, requirePlan },
      { loadReadinessRenderer },
      { verdictBand },
      { scoreReadinessParallel },
    ] = await Promise.all([
      import('../inputs.js'),
      import('../../report/readiness/index.js'),
      import('../../report/readiness/shared.js'),
      import('../../report/score.js'),
    ]);
    const environment = await requireEnvironment(file);
    const plan = options.plan ? await requirePlan(options.plan) : undefined;
    const evidence = options.evidence
      ? await (await import('../evidence-inputs.js')).requireEvidence(options.evidence)
      : undefined;
    // Resolve the renderer before the (slower) scoring, so a broken install fails fast.
    const render = await loadReadinessRenderer(options.format);
    const readiness = await scoreReadinessParallel(environment, {
      asOfMillis: judgementDate(options, environment),
      version: VERSION,
      ...(plan ? { plan } : {}),
      pairs: options.pairs === true,
      workers,
      ...(evidence ? { evidence } : {}),
    });
    const report = render({
      readiness,
      environment,
      ...(plan ? { plan } : {}),
      version: VERSION,
      failOn: options.failOn,
    });

    if (options.output) {
      await ensureDirectory(dirname(resolve(options.output)), options.output);
      await writeFileAtomic(options.output, report, [
        file,
        ...(options.plan ? [options.plan] : []),
        ...(options.evidence ?? []),
      ]);
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

/** Creates the output's directory (`out/`) when missing; a path that cannot be one is a usage error. */
async function ensureDirectory(directory: string, output: string): Promise<void> {
  try {
    await mkdir(directory, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTDIR' || code === 'EACCES' || code === 'EROFS') {
      throw new UserError(`cannot write ${output}: cannot create its directory ${directory} (${code})`);
    }
    throw error;
  }
}
