import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { Option } from 'commander';
import { formatDuration } from '../../common/duration.js';
import { UserError } from '../../common/errors.js';
import { contextFor, withCommonOptions } from '../common.js';
import { EXIT } from '../exit-code.js';
import { writeFileAtomic } from '../io.js';
import { VERSION } from '../version.js';

interface PlanOptions {
  readonly lost: readonly string[];
  readonly output?: string;
  readonly id?: string;
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
 * loss on the component models and writes it as a plan (SPEC §2), or says why none exists.
 */
export function registerPlan(program: Command): void {
  withCommonOptions(
    program
      .command('plan')
      .description('synthesise the fastest valid recovery plan for a loss, or explain why none exists')
      .argument('<environment>', 'environment description (YAML or JSON)')
      .requiredOption(
        '-l, --lost <spec...>',
        'what is lost: a computer, site:NAME or database:NAME (repeat or separate with commas)',
      )
      .option('-o, --output <file>', 'write the plan to a file (whole or not at all) instead of stdout')
      .option('--id <scenario-id>', 'the scenario id to write (default: derived from the loss)')
      .addOption(
        new Option('-f, --format <format>', 'output format').choices(['yaml', 'json']).default('yaml'),
      )
      .option(
        '--teams <n>',
        "synthesise for n teams working at once, with team:/after: (default: the environment's teams:, else 1)",
      ),
  ).action(async (file: string, options: PlanOptions) => {
    const context = contextFor(options);
    // The models and the synthesis are imported when the command runs, not when it is declared.
    const [
      { requireEnvironment },
      { createSystem, labelOf },
      { SCENARIO_ID_PATTERN },
      { renderPlanYaml },
      { describeLoss, lossScenarioId, parseLossArguments },
      { synthesizeRecovery },
    ] = await Promise.all([
      import('../inputs.js'),
      import('../../models/system.js'),
      import('../../plan/schema.js'),
      import('../../plan/write.js'),
      import('../../simulator/loss.js'),
      import('../../simulator/synthesize.js'),
    ]);
    const environment = await requireEnvironment(file);
    const parsed = parseLossArguments(options.lost, environment);
    if (!parsed.ok) throw new UserError(parsed.errors.join('\n'));
    const loss = parsed.loss;
    if (options.id !== undefined && !SCENARIO_ID_PATTERN.test(options.id)) {
      throw new UserError(
        `--id '${options.id}' is not a kebab-case scenario id such as 'workflow-server-lost'`,
      );
    }
    if (options.output !== undefined && resolve(options.output) === resolve(file)) {
      throw new UserError(`refusing to write ${options.output}: it is an input of this command`);
    }

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
        context.stdout.write(`${JSON.stringify({ loss, ...result }, null, 2)}\n`);
      }
      const lines = [
        `${c.red('no valid recovery')} of ${describeLoss(loss)} in ${environment.file} (${states} states explored):`,
        ...result.reasons.map((reason) => `  ${c.red('✖')} ${reason.message} [${reason.citation}]`),
      ];
      const { recovered, notRecovered } = result.partial;
      if (recovered.length > 0) {
        lines.push(
          `  a partial recovery of ${result.partial.steps.length} steps brings back ${recovered.map(labelOf).join(', ')};`,
          `  it leaves down ${notRecovered.map(labelOf).join(', ')}`,
        );
      }
      context.stderr.write(`${lines.join('\n')}\n`);
      process.exitCode = EXIT.findings;
      return;
    }

    if (result.steps.length === 0) {
      // A plan scenario needs at least one step (SPEC §2), and there is nothing to write.
      if (!context.quiet) {
        context.stderr.write(
          `nothing to recover: ${describeLoss(loss)} leaves every component operational\n`,
        );
      }
      return;
    }
    const id = options.id ?? lossScenarioId(loss);
    const base = options.output === undefined ? process.cwd() : dirname(resolve(options.output));
    const scenario = {
      id,
      title: `${describeLoss(loss)}: synthesised recovery, ${result.steps.length} steps, estimated ${formatDuration(result.totalSeconds)}`,
      loss,
      steps: result.steps,
      historyLost: result.historyLost,
    };
    const text =
      options.format === 'json'
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
            generatedFrom: {
              environmentName: environment.name,
              environmentFile: file,
              rtoSeconds: rto,
              version: VERSION,
            },
          });
    if (options.output !== undefined) {
      await writeFileAtomic(options.output, text, [file]);
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
          `${c.yellow('warning')} no usable backup of ${result.historyLost.join(', ')}: recreated empty, history lost (D-DBREC, F13)`,
        );
      }
      if (options.output !== undefined) lines.push(`wrote ${options.output}`);
      context.stderr.write(`${lines.join('\n')}\n`);
    }
  });
}
