import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { Option } from 'commander';
import { formatDuration } from '../../common/duration.js';
import { UserError } from '../../common/errors.js';
import { EXIT } from '../../common/exit-code.js';
import { printable, terminalText } from '../../common/printable.js';
import type { Plan } from '../../plan/types.js';
import type { AppendResult } from '../../plan/write.js';
import { type CommandContext, contextFor, withCommonOptions, withConfigOptions } from '../common.js';
import {
  createFileExclusive,
  describeFileSystemError,
  isSameFile,
  outputKind,
  writeFileAtomic,
} from '../io.js';
import { VERSION } from '../version.js';

interface PlanOptions {
  readonly config?: string | false;
  readonly lost: readonly string[];
  readonly output?: string;
  readonly id?: string;
  readonly force?: boolean;
  readonly append?: boolean;
  readonly format: 'yaml' | 'json';
  readonly teams?: string;
  readonly color?: boolean;
  readonly quiet?: boolean;
}

/** The shipped plan schema; `src/cli/commands` and `dist/cli/commands` are both three levels deep. */
const SCHEMA_FILE = fileURLToPath(new URL('../../../schema/plan.schema.json', import.meta.url));

/** `to` relative to the directory `from`, with forward slashes, as a YAML reference. */
function reference(from: string, to: string): string {
  const path = relative(from, resolve(to)).split(sep).join('/');
  if (path === '') return '.';
  return path.startsWith('.') || isAbsolute(path) ? path : `./${path}`;
}

/**
 * `scsm-dr plan <environment> --lost <spec...>`: synthesises the fastest valid recovery of a
 * loss on the component models and writes it as a plan (docs/plan.md), or says why none exists.
 */
export function registerPlan(program: Command): void {
  withConfigOptions(
    withCommonOptions(
      program
        .command('plan')
        .description('synthesise the fastest valid recovery plan for a loss, or explain why none exists')
        .argument(
          '[environment]',
          "environment description (YAML or JSON); default: the config file's environment:",
        )
        .requiredOption(
          '-l, --lost <spec...>',
          'what is lost: a computer, site:NAME or database:NAME (repeat or separate with commas)',
        )
        .option(
          '-o, --output <file>',
          'write the plan to a file (whole or not at all) instead of stdout; never over an existing file without --force or --append',
        )
        .addOption(new Option('--force', 'with -o: replace an existing file').conflicts('append'))
        .option(
          '--append',
          'with -o: add the scenario to the existing plan in that file, keeping its comments and layout (a new file if there is none)',
        )
        .option('--id <scenario-id>', 'the scenario id to write (default: derived from the loss)')
        .addOption(
          new Option('-f, --format <format>', 'output format').choices(['yaml', 'json']).default('yaml'),
        )
        .option(
          '--teams <n>',
          "synthesise for n teams working at once, with team:/after: (default: the environment's teams:, else 1)",
        ),
    ),
  ).action(async (argument: string | undefined, options: PlanOptions) => {
    const context = contextFor(options);
    // Only the environment comes from the config file: its plan is an input, never the output.
    const { resolveInputPaths } = await import('../../config/resolve.js');
    const file = (await resolveInputPaths(argument, { config: options.config }, { asOf: false })).environment;
    if (file === undefined) {
      throw new UserError(
        'missing the environment: give the environment file as the first argument, or set environment: in scsm-dr.config.yaml',
      );
    }
    // The models and the synthesis are imported when the command runs, not when it is declared.
    const [
      { requireEnvironment },
      { createSystem, labelOf },
      { SCENARIO_ID_PATTERN },
      { appendScenarioYaml, renderPlanYaml },
      { describeLoss, lossScenarioId, parseLossArguments },
      { synthesizeRecovery },
      { synthesisMessage },
    ] = await Promise.all([
      import('../inputs.js'),
      import('../../models/system.js'),
      import('../../plan/schema.js'),
      import('../../plan/write.js'),
      import('../../loss/index.js'),
      import('../../simulator/synthesize.js'),
      import('../../simulator/synthesis-messages.js'),
    ]);
    const environment = await requireEnvironment(file);
    const parsed = parseLossArguments(options.lost, environment);
    // One error per line; each quotes names from the input, so each is escaped on its own.
    if (!parsed.ok) throw new UserError(parsed.errors.map(printable).join('\n'));
    const loss = parsed.loss;
    if (options.id !== undefined && !SCENARIO_ID_PATTERN.test(options.id)) {
      throw new UserError(
        `--id '${options.id}' is not a kebab-case scenario id such as 'workflow-server-lost'`,
      );
    }
    const output = options.output;
    if (output === undefined && (options.force === true || options.append === true)) {
      throw new UserError(
        `--${options.append === true ? 'append' : 'force'} applies to a file: give -o FILE`,
      );
    }
    if (options.append === true && options.format === 'json') {
      throw new UserError(
        '--append adds a scenario to a YAML plan; --format json writes a result, not a plan',
      );
    }
    if (output !== undefined && isSameFile(output, file)) {
      throw new UserError(`refusing to write ${output}: it is an input of this command`);
    }
    // Decided before the (slower) synthesis, so a refusal is immediate; a regular file there is
    // never replaced by accident: the README's quick tour must not cost anyone a hand-written plan.
    const existing = output === undefined ? 'new' : await outputKind(output);
    if (existing === 'file' && options.force !== true && options.append !== true) {
      throw new UserError(
        `refusing to overwrite ${output}: it exists; replace it with --force, or add the scenario to it with --append`,
      );
    }
    const appendTo =
      options.append === true && existing === 'file' && output !== undefined ? output : undefined;
    const target = appendTo === undefined ? undefined : await requireAppendablePlan(appendTo, file, context);
    const id = options.id ?? lossScenarioId(loss);
    if (target !== undefined) refuseDuplicateId(target.plan, id, options.id !== undefined);

    const { parallelPlan, parseTeams } = await import('./plan-parallel.js');
    const teams = parseTeams(options.teams) ?? environment.teams ?? 1;
    const started = performance.now();
    // With more than one team, the recovery with the least makespan (docs/synthesis.md, Teams);
    // a loss it cannot recover falls through to the sequential synthesis, which says why.
    const parallel = teams > 1 ? await parallelPlan(environment, loss, teams) : undefined;
    const result = parallel === undefined ? synthesizeRecovery(createSystem(environment), loss) : undefined;
    if (parallel !== undefined && parallel.steps.length > 0) {
      const elapsedMs = Math.round(performance.now() - started);
      const id = options.id ?? lossScenarioId(loss);
      const base = options.output === undefined ? process.cwd() : dirname(resolve(options.output));
      const title = `${describeLoss(loss)}: synthesised recovery for ${teams} teams, ${parallel.steps.length} steps, estimated ${formatDuration(parallel.makespanSeconds)}`;
      const text =
        options.format === 'json'
          ? `${JSON.stringify(
              {
                ok: true,
                environment: reference(base, file),
                scenario: { id, title, lost: loss, teams: parallel.teams },
                steps: parallel.steps,
                totalSeconds: parallel.makespanSeconds,
                sequentialSeconds: parallel.sequentialSeconds,
                teams,
                exact: parallel.exact,
                rtoSeconds: environment.objectives.rtoSeconds,
                historyLost: parallel.historyLost,
                statesExplored: parallel.statesExplored,
              },
              null,
              2,
            )}\n`
          : renderPlanYaml({
              environmentPath: reference(base, file),
              schemaPath: reference(base, SCHEMA_FILE),
              scenarios: [
                {
                  id,
                  title,
                  loss,
                  steps: parallel.steps,
                  historyLost: parallel.historyLost,
                  teams: parallel.teams,
                  makespanSeconds: parallel.makespanSeconds,
                },
              ],
              generatedFrom: {
                environmentName: environment.name,
                environmentFile: file,
                rtoSeconds: environment.objectives.rtoSeconds,
                version: VERSION,
              },
            });
      if (options.output !== undefined) await writeFileAtomic(options.output, text, [file]);
      else context.stdout.write(text);
      if (!context.quiet) {
        const over =
          parallel.makespanSeconds > environment.objectives.rtoSeconds
            ? context.err.yellow(' over the RTO')
            : '';
        context.stderr.write(
          `synthesised ${parallel.steps.length} steps for ${teams} teams, estimated ${formatDuration(parallel.makespanSeconds)} (one at a time ${formatDuration(parallel.sequentialSeconds)}; RTO ${formatDuration(environment.objectives.rtoSeconds)})${over}, ${parallel.statesExplored.toLocaleString('en-US')} states explored in ${elapsedMs} ms${options.output === undefined ? '' : `\nwrote ${options.output}`}\n`,
        );
      }
      return;
    }
    if (result === undefined) {
      // Parallel synthesis found nothing to do.
      if (!context.quiet) {
        context.stderr.write(
          `nothing to recover: ${describeLoss(loss)} leaves every component operational\n`,
        );
      }
      return;
    }
    const elapsed = Math.round(performance.now() - started);
    const rto = environment.objectives.rtoSeconds;
    const states = result.statesExplored.toLocaleString('en-US');
    const c = context.err;

    if (!result.ok) {
      if (options.format === 'json') {
        // The reasons as the JSON has always given them: each with its message in words.
        const reasons = result.reasons.map((reason) => ({
          component: reason.component,
          message: synthesisMessage(reason),
          citation: reason.citation,
        }));
        context.stdout.write(`${JSON.stringify({ loss, ...result, reasons }, null, 2)}\n`);
      }
      const lines = [
        `${c.red('no valid recovery')} of ${printable(describeLoss(loss))} in ${printable(environment.file)} (${states} states explored):`,
        ...result.reasons.map(
          (reason) => `  ${c.red('✖')} ${printable(synthesisMessage(reason))} [${reason.citation}]`,
        ),
      ];
      const { recovered, notRecovered } = result.partial;
      if (recovered.length > 0) {
        lines.push(
          `  a partial recovery of ${result.partial.steps.length} steps brings back ${recovered.map((id) => printable(labelOf(id))).join(', ')};`,
          `  it leaves down ${notRecovered.map((id) => printable(labelOf(id))).join(', ')}`,
        );
      }
      context.stderr.write(terminalText(`${lines.join('\n')}\n`));
      process.exitCode = EXIT.findings;
      return;
    }

    if (result.steps.length === 0) {
      // A plan scenario needs at least one step (docs/plan.md), and there is nothing to write.
      if (!context.quiet) {
        context.stderr.write(
          `nothing to recover: ${printable(describeLoss(loss))} leaves every component operational\n`,
        );
      }
      return;
    }
    const base = options.output === undefined ? process.cwd() : dirname(resolve(options.output));
    const scenario = {
      id,
      title: `${describeLoss(loss)}: synthesised recovery, ${result.steps.length} steps, estimated ${formatDuration(result.totalSeconds)}`,
      loss,
      steps: result.steps,
      historyLost: result.historyLost,
    };
    const generatedFrom = {
      environmentName: environment.name,
      environmentFile: file,
      rtoSeconds: rto,
      version: VERSION,
    };
    const text =
      target !== undefined
        ? appendedText(target, appendScenarioYaml(target.text, scenario, generatedFrom))
        : options.format === 'json'
          ? `${JSON.stringify(
              {
                ok: true,
                environment: reference(base, file),
                scenario: { id, title: scenario.title, lost: loss },
                steps: result.steps,
                totalSeconds: result.totalSeconds,
                rtoSeconds: rto,
                historyLost: result.historyLost,
                statesExplored: result.statesExplored,
              },
              null,
              2,
            )}\n`
          : renderPlanYaml({
              environmentPath: reference(base, file),
              schemaPath: reference(base, SCHEMA_FILE),
              scenarios: [scenario],
              generatedFrom,
            });
    if (output !== undefined) {
      if (existing === 'new' && options.force !== true) {
        // Exclusive, so a file that appeared meanwhile is not replaced either.
        await createFileExclusive(
          output,
          text,
          [file],
          `refusing to overwrite ${output}: it exists; replace it with --force, or add the scenario to it with --append`,
        );
      } else {
        await writeFileAtomic(output, text, [file]);
      }
    } else {
      context.stdout.write(text);
    }
    if (!context.quiet) {
      const over = result.totalSeconds > rto ? c.yellow(' over the RTO') : '';
      const lines = [
        `synthesised ${result.steps.length} steps, estimated ${formatDuration(result.totalSeconds)} (RTO ${formatDuration(rto)})${over}, ${states} states explored in ${elapsed} ms`,
      ];
      if (result.historyLost.length > 0) {
        lines.push(
          `${c.yellow('warning')} no usable backup of ${result.historyLost.map(printable).join(', ')}: recreated empty, history lost (D-DBREC, F13)`,
        );
      }
      if (output !== undefined)
        lines.push(
          appendTo === undefined
            ? `wrote ${printable(output)}`
            : `added scenario '${printable(id)}' to ${printable(output)}`,
        );
      context.stderr.write(terminalText(`${lines.join('\n')}\n`));
    }
  });
}

/** An existing plan to append to: its text and the plan loaded from it. */
interface AppendTarget {
  readonly file: string;
  readonly text: string;
  readonly plan: Plan;
}

/**
 * Loads the plan `--append` adds to, refusing a file that is not a valid plan (with its located
 * errors), and warning when the plan names another environment than the one synthesised from.
 */
async function requireAppendablePlan(
  output: string,
  environmentFile: string,
  context: CommandContext,
): Promise<AppendTarget> {
  const { loadPlanText } = await import('../../plan/load.js');
  let text: string;
  try {
    text = await readFile(output, 'utf8');
  } catch (error) {
    throw new UserError(
      `cannot append to ${output}: ${describeFileSystemError(error, output) ?? String(error)}`,
    );
  }
  const loaded = loadPlanText(text, output);
  if (!loaded.ok) {
    throw new UserError(
      `cannot append to ${output}: it is not a valid plan (${loaded.errors.length} error${loaded.errors.length === 1 ? '' : 's'}); fix it, or replace it with --force`,
      loaded.errors,
    );
  }
  const named = loaded.value.environment;
  if (named !== undefined && !isSameFile(named, environmentFile)) {
    context.stderr.write(
      `warning: ${output} is for the environment ${named} (its environment:), but the scenario is synthesised from ${environmentFile}\n`,
    );
  }
  return { file: output, text, plan: loaded.value };
}

/** Refuses a scenario id the plan already has, at the existing scenario's location. */
function refuseDuplicateId(plan: Plan, id: string, chosen: boolean): void {
  const index = plan.scenarios.findIndex((scenario) => scenario.id === id);
  const existing = plan.scenarios[index];
  if (existing === undefined) return;
  throw new UserError(`cannot append to ${plan.file}: 1 error`, [
    {
      location: existing.location,
      path: ['scenarios', index, 'id'],
      message: `the plan already has a scenario '${id}'`,
      suggestion: chosen
        ? 'choose another id with --id'
        : `name the new scenario with --id, e.g. --id ${id}-2`,
    },
  ]);
}

/** The plan's text with the scenario added, or a user error when its layout does not allow it. */
function appendedText(target: AppendTarget, appended: AppendResult): string {
  if (!appended.ok) throw new UserError(`cannot append to ${target.file}: ${appended.reason}`);
  return appended.text;
}
