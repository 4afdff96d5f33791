import type { Command } from 'commander';
import { Option } from 'commander';
import { UserError } from '../../common/errors.js';
import { REPORTER_NAMES, type ReporterName } from '../../report/reporters/names.js';
import { contextFor, inputFailure, withCommonOptions } from '../common.js';
import { exitCode, type FailOn } from '../exit-code.js';
import { writeFileAtomic } from '../io.js';
import { VERSION } from '../version.js';

interface CheckOptions {
  readonly plan: string;
  readonly format: ReporterName;
  readonly failOn: FailOn;
  readonly output?: string;
  readonly color?: boolean;
  readonly quiet?: boolean;
  readonly asOf?: string;
  readonly explain?: boolean;
  readonly baseline?: string;
  readonly baselineWrite?: string;
}

/**
 * `scsm-dr check <environment> --plan <plan>`: the CI gate for recovery plans. The checker, the
 * models and the reporters are imported when the command runs, not when it is declared.
 */
export function registerCheck(program: Command): void {
  withCommonOptions(
    program
      .command('check')
      .description('check a recovery plan against the environment and the documented procedures')
      .argument('<environment>', 'environment description (YAML or JSON)')
      .requiredOption('-p, --plan <plan>', 'recovery plan to check')
      .addOption(new Option('-f, --format <format>', 'output format').choices(REPORTER_NAMES).default('text'))
      .addOption(
        new Option('--fail-on <level>', 'exit 1 when a finding is at or above this level')
          .choices(['error', 'warning', 'never'])
          .default('error'),
      )
      .option('-o, --output <file>', 'write the report to a file (whole or not at all) instead of stdout')
      .option('--explain', "text format: print each finding's remediation under it")
      .option('--baseline <file>', 'fail only on findings not in this baseline file; list the fixed ones')
      .option('--baseline-write <file>', "record today's findings in this baseline file"),
  ).action(async (file: string, options: CheckOptions) => {
    const context = contextFor(options);
    if (options.explain === true && options.format !== 'text') {
      throw new UserError(
        `--explain: only the text format prints explanations (the ${options.format} report carries each rule's help already)`,
      );
    }
    const [
      { judgementDate, requireEnvironment, requirePlan },
      { checkPlan },
      { modelExecutor },
      { createSystem },
    ] = await Promise.all([
      import('../inputs.js'),
      import('../../check/check.js'),
      import('../../check/model-executor.js'),
      import('../../models/system.js'),
    ]);
    const environment = await requireEnvironment(file);
    const plan = await requirePlan(options.plan);
    let result = checkPlan(environment, plan, {
      execute: modelExecutor(createSystem(environment)),
      version: VERSION,
      asOfMillis: judgementDate(options, environment),
    });
    if (options.baseline !== undefined) {
      const [{ applyBaseline, loadBaselineFile }, { withFindings }] = await Promise.all([
        import('../../check/baseline.js'),
        import('../../check/check.js'),
      ]);
      const loaded = await loadBaselineFile(options.baseline);
      if (!loaded.ok) throw inputFailure(options.baseline, loaded.errors);
      const compared = applyBaseline(result.findings, loaded.value, options.baseline);
      result = withFindings(result, compared.findings);
      if (!context.quiet && compared.fixed.length > 0) {
        const { printable } = await import('../../report/reporters/shared.js');
        context.stderr.write(
          `fixed since the baseline (${compared.fixed.length}):\n${compared.fixed
            .map((entry) => `  ${printable(entry.ruleId)}  ${printable(entry.message)}\n`)
            .join('')}`,
        );
      }
    }
    if (options.baselineWrite !== undefined) {
      const { baselineOf } = await import('../../check/baseline.js');
      await writeFileAtomic(
        options.baselineWrite,
        `${JSON.stringify(baselineOf(result.findings), null, 2)}\n`,
        [file, options.plan, ...(options.baseline !== undefined ? [options.baseline] : [])],
      );
      if (!context.quiet) context.stderr.write(`wrote ${options.baselineWrite}\n`);
    }
    // Colour only goes to a terminal, never into a file.
    const color = options.output === undefined && context.out.isColorSupported;
    const { REPORTERS } = await import('../../report/reporters/index.js');
    const report = REPORTERS[options.format](result, {
      color,
      failOn: options.failOn,
      explain: options.explain === true,
    });
    if (options.output) {
      await writeFileAtomic(options.output, report, [file, options.plan]);
      if (!context.quiet) context.stderr.write(`wrote ${options.output}\n`);
    } else {
      context.stdout.write(report);
    }
    process.exitCode = exitCode(result.findings, options.failOn);
  });
}
