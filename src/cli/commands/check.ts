import type { Command } from 'commander';
import { Option } from 'commander';
import { UserError } from '../../common/errors.js';
import { exitCode, type FailOn } from '../../common/exit-code.js';
import { REPORTER_NAMES, type ReporterName } from '../../report/reporters/names.js';
import { contextFor, inputFailure, withCommonOptions, withConfigOptions } from '../common.js';
import { writeFileAtomic } from '../io.js';
import {
  formatForFile,
  OUTPUT_HELP,
  type OutputTarget,
  outputParser,
  resolveOutputs,
  writeOutputs,
} from '../outputs.js';
import { VERSION } from '../version.js';

interface CheckOptions {
  readonly plan?: string;
  readonly config?: string | false;
  readonly format: ReporterName;
  readonly failOn: FailOn;
  /** `-o FILE`: where the `--format` report goes. */
  readonly o?: string;
  /** Every `--output FORMAT[=FILE]`. */
  readonly output?: readonly OutputTarget<ReporterName>[];
  readonly color?: boolean;
  readonly quiet?: boolean;
  readonly asOf?: string;
  readonly explain?: boolean;
  readonly baseline?: string;
  readonly baselineWrite?: string;
  readonly evidence?: string[];
}

/**
 * `scsm-dr check <environment> --plan <plan>`: the CI gate for recovery plans. The checker, the
 * models and the reporters are imported when the command runs, not when it is declared.
 */
export function registerCheck(program: Command): void {
  withConfigOptions(
    withCommonOptions(
      program
        .command('check')
        .description('check a recovery plan against the environment and the documented procedures')
        .argument('[environment]', "environment description (YAML or JSON); default: the plan's environment:")
        .option('-p, --plan <plan>', "recovery plan to check (default: the config file's plan:)")
        .addOption(
          new Option('-f, --format <format>', 'output format').choices(REPORTER_NAMES).default('text'),
        )
        .addOption(
          new Option('--fail-on <level>', 'exit 1 when a finding is at or above this level')
            .choices(['error', 'warning', 'never'])
            .default('error'),
        )
        .option(
          '-o <file>',
          'write the --format report to a file (whole or not at all) instead of stdout; without --format, the format its extension names (.sarif, .json, .xml, .md, .txt)',
        )
        .option('--output <format[=file]>', OUTPUT_HELP, outputParser(REPORTER_NAMES))
        .option('--explain', "text format: print each finding's remediation under it")
        .option('--baseline <file>', 'fail only on findings not in this baseline file; list the fixed ones')
        .option('--baseline-write <file>', "record today's findings in this baseline file")
        .option('--evidence <file...>', 'msdb backup history (docs/import.md): judge backups on it'),
    ),
  ).action(async (argument: string | undefined, given: CheckOptions, command: Command) => {
    const { resolveConfig } = await import('../../config/resolve.js');
    const options = await resolveConfig(command, argument, given, 'check');
    const context = contextFor(options);
    if (options.plan === undefined) {
      throw new UserError(
        "check: required option '-p, --plan <plan>' not specified, and no config file names a plan (add `plan:` to scsm-dr.config.yaml: docs/config.md)",
      );
    }
    const planFile = options.plan;
    const rules = options.configuration?.rules ?? {};
    // Which reports to write is settled before anything is read, so a usage error costs nothing.
    const targets = resolveOutputs({
      // `-o results.sarif` without `--format` writes what the extension names, not terminal text.
      format: formatForFile(command, options.format, options.o, REPORTER_NAMES),
      formatGiven: command.getOptionValueSource('format') === 'cli',
      ...(options.o !== undefined ? { file: options.o } : {}),
      ...(options.output !== undefined ? { outputs: options.output } : {}),
    });
    if (options.explain === true && !targets.some((target) => target.format === 'text')) {
      throw new UserError(
        "--explain: only the text format prints explanations (the other reports carry each rule's help already)",
      );
    }
    const [{ judgementDate, requireInputs }, { checkPlan }, { modelExecutor }, { createSystem }] =
      await Promise.all([
        import('../inputs.js'),
        import('../../check/check.js'),
        import('../../check/model-executor.js'),
        import('../../models/system.js'),
      ]);
    const inputs = await requireInputs(options.environment, planFile, (text) => context.stderr.write(text));
    const { environment, environmentFile: file } = inputs;
    // The plan was required above, from the command line or the config.
    const plan = inputs.plan!;
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
    const found = evidence
      ? (await import('../../check/evidence.js')).withEvidenceFindings(checked, environment, evidence, asOf)
      : checked;
    // The config file's rule levels apply once, before the baseline and every report.
    let result = (await import('../../config/overrides.js')).applyRuleLevelsToCheck(
      found,
      rules,
      (await import('../../check/check.js')).withFindings,
    );
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
        [
          file,
          planFile,
          ...(options.evidence ?? []),
          ...(options.baseline !== undefined ? [options.baseline] : []),
        ],
      );
      if (!context.quiet) context.stderr.write(`wrote ${options.baselineWrite}\n`);
    }
    const [{ REPORTERS }, { reportPaths }, diagrams] = await Promise.all([
      import('../../report/reporters/index.js'),
      import('../repository.js'),
      // The diagram builders are loaded only for Markdown, so other formats start as fast as before.
      targets.some((target) => target.format === 'markdown')
        ? import('../../report/mermaid/plan.js').then((mermaid) =>
            mermaid.checkedPlanDiagrams(plan, result.scenarios),
          )
        : undefined,
    ]);
    const paths = reportPaths();
    // One evaluation feeds every report; colour only goes to a terminal, never into a file.
    await writeOutputs(
      targets,
      (format, toTerminal) =>
        REPORTERS[format](result, {
          ...(toTerminal ? { colors: context.out } : {}),
          failOn: options.failOn,
          paths,
          explain: options.explain === true,
          ...(diagrams !== undefined ? { diagrams } : {}),
        }),
      [file, planFile, ...(options.evidence ?? [])],
      context,
      true,
      'write a more compact format (json rather than sarif), or check the plan in parts',
    );
    // The verdict comes once, after every report is written.
    process.exitCode = exitCode(result.findings, options.failOn);
  });
}
