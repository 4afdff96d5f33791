import type { Command } from 'commander';
import { Option } from 'commander';
import { REPORTER_NAMES, type ReporterName } from '../../report/reporters/names.js';
import { contextFor, withCommonOptions } from '../common.js';
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
  readonly evidence?: string[];
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
      .option('--evidence <file...>', 'msdb backup history (docs/import.md): judge backups on it'),
  ).action(async (file: string, options: CheckOptions) => {
    const context = contextFor(options);
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
    const evidence = options.evidence
      ? await (await import('../evidence-inputs.js')).requireEvidence(options.evidence)
      : undefined;
    const judged = evidence
      ? (await import('../../evidence/compare.js')).applyEvidence(environment, evidence).environment
      : environment;
    const asOf = judgementDate(options, environment);
    const checked = checkPlan(judged, plan, {
      execute: modelExecutor(createSystem(judged)),
      version: VERSION,
      asOfMillis: asOf,
    });
    const result = evidence
      ? (await import('../../check/evidence.js')).withEvidenceFindings(checked, environment, evidence, asOf)
      : checked;
    // Colour only goes to a terminal, never into a file.
    const color = options.output === undefined && context.out.isColorSupported;
    const { REPORTERS } = await import('../../report/reporters/index.js');
    const report = REPORTERS[options.format](result, { color, failOn: options.failOn });
    if (options.output) {
      await writeFileAtomic(options.output, report, [file, options.plan, ...(options.evidence ?? [])]);
      if (!context.quiet) context.stderr.write(`wrote ${options.output}\n`);
    } else {
      context.stdout.write(report);
    }
    process.exitCode = exitCode(result.findings, options.failOn);
  });
}
