import { performance } from 'node:perf_hooks';
import type { Command } from 'commander';
import { Option } from 'commander';
import { UserError } from '../../common/errors.js';
import { EXIT, exitCode, type FailOn } from '../../common/exit-code.js';
import { terminalText } from '../../common/printable.js';
import type { Timing } from '../../report/simulate/document.js';
import { contextFor, parseWorkers, withCommonOptions, withConfigOptions } from '../common.js';
import { VERSION } from '../version.js';

interface SimulateOptions {
  readonly config?: string | false;
  readonly plan?: string;
  readonly runs?: string;
  readonly seed?: string;
  readonly maxFaults?: string;
  readonly maxStates?: string;
  readonly exhaustive?: boolean;
  readonly replay?: string;
  readonly timing?: boolean;
  readonly workers?: string;
  readonly format: 'text' | 'json';
  readonly failOn: FailOn;
  readonly color?: boolean;
  readonly quiet?: boolean;
  readonly asOf?: string;
}

const DEFAULT_RUNS = 200;
const DEFAULT_MAX_FAULTS = 2;
const DEFAULT_MAX_STATES = 1_000_000;
/** More faults than this make exhaustive mode astronomically large and shrinking slow. */
const MAX_FAULTS_LIMIT = 6;

function integer(name: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text.trim())) throw new UserError(`${name}: '${text}' is not a whole number`);
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min || value > max)
    throw new UserError(`${name}: ${value} is out of range; expected ${min} to ${max}`);
  return value;
}

/** Parses `--replay '<seed>:<path>'` (the form the replay line prints). */
function parseReplay(text: string): { seed: number; path: string } {
  const match = /^\s*(\d+):(\d+(?::\d+)*)\s*$/.exec(text);
  if (match === null)
    throw new UserError(
      `--replay: '${text}' is not a replay string; expected <seed>:<path> such as 42:8:1:0`,
    );
  const seed = Number(match[1]);
  if (!Number.isSafeInteger(seed) || seed >= 2 ** 31)
    throw new UserError(`--replay: seed ${match[1]} is out of range`);
  return { seed, path: match[2]! };
}

/** A one-line progress bar on stderr, drawn only on a terminal and only once a run is long. */
function progressBar(stream: NodeJS.WriteStream, enabled: boolean) {
  const started = performance.now();
  let drawnAt = -Infinity;
  let drawn = false;
  return {
    update(done: number, total: number): void {
      if (!enabled) return;
      const now = performance.now();
      if (now - started < 1000 || now - drawnAt < 100) return;
      drawnAt = now;
      drawn = true;
      const ratio = total > 0 ? Math.min(1, done / total) : 0;
      const width = 30;
      const filled = Math.round(ratio * width);
      stream.write(
        `\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(ratio * 100).toFixed(0).padStart(3)}% ${done}/${total}`,
      );
    },
    finish(): void {
      if (drawn) stream.write('\r\x1b[K');
    },
  };
}

/** `scsm-dr simulate <environment> [--plan <plan>]`: recovery under faults, property-based or exhaustive. */
export function registerSimulate(program: Command): void {
  withConfigOptions(
    withCommonOptions(
      program
        .command('simulate')
        .description(
          'simulate recoveries under faults: fast-check property runs, or an exhaustive exploration',
        )
        .argument('[environment]', "environment description (YAML or JSON); default: the plan's environment:")
        .option('-p, --plan <plan>', 'recovery plan to simulate (without it: can any valid recovery exist?)')
        .option('--runs <n>', `property mode: fault scenarios to draw (default ${DEFAULT_RUNS})`)
        .option('--seed <seed>', 'property mode: fast-check seed (default: chosen and printed)')
        .option('--max-faults <k>', `faults per scenario on top of the loss (default ${DEFAULT_MAX_FAULTS})`)
        .option('--exhaustive', 'judge every fault scenario up to --max-faults instead of sampling')
        .option('--max-states <n>', `exhaustive mode: distinct-state bound (default ${DEFAULT_MAX_STATES})`)
        .option('--replay <seed:path>', 'property mode: replay exactly the counterexample of a replay line')
        .option('--timing', 'include the run time and states or runs per second in the output')
        .option(
          '--workers <n>',
          'property mode: threads judging the drawn scenarios, or auto (one per CPU); same output (default 1)',
        )
        .addOption(
          new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'),
        )
        .addOption(
          new Option(
            '--fail-on <level>',
            "exit 1 on a counterexample breaking a rule at or above this level (the rule catalog's severity)",
          )
            .choices(['error', 'warning', 'never'])
            .default('error'),
        ),
    ),
  ).action(async (argument: string | undefined, given: SimulateOptions) => {
    const context = contextFor(given);
    // The config file gives only the input paths and asOf here (docs/config.md).
    const options = await (await import('../../config/resolve.js')).resolveInputPaths(argument, given, {
      asOf: true,
    });
    const exhaustive = options.exhaustive === true;
    if (
      exhaustive &&
      (options.replay !== undefined || options.runs !== undefined || options.seed !== undefined)
    )
      throw new UserError(
        '--exhaustive judges every fault scenario: --runs, --seed and --replay do not apply',
      );
    if (!exhaustive && options.maxStates !== undefined)
      throw new UserError('--max-states applies to --exhaustive only');
    const workers = parseWorkers(options.workers);
    if (exhaustive && options.workers !== undefined)
      throw new UserError('--workers applies to property mode only; --exhaustive runs in one thread');
    const maxFaults = integer('--max-faults', options.maxFaults, DEFAULT_MAX_FAULTS, 0, MAX_FAULTS_LIMIT);
    const runs = integer('--runs', options.runs, DEFAULT_RUNS, 1, 10_000_000);
    const maxStates = integer('--max-states', options.maxStates, DEFAULT_MAX_STATES, 1, 1_000_000_000);
    const replay = options.replay === undefined ? undefined : parseReplay(options.replay);
    // The simulator is imported when the command runs, not when it is declared.
    const [
      { asOfMillis, requireInputs, requireResolvedPlan },
      { explore },
      { runPropertyParallel },
      { createSimulationContext },
      { buildSimulationReport },
      { renderSimulationText, timingLine },
    ] = await Promise.all([
      import('../inputs.js'),
      import('../../simulator/explore.js'),
      import('../../simulator/property.js'),
      import('../../simulator/simulate.js'),
      import('../../report/simulate/document.js'),
      import('../../report/simulate/text.js'),
    ]);
    let seed: number;
    if (options.seed !== undefined) {
      seed = integer('--seed', options.seed, 0, 0, 2 ** 31 - 1);
      if (replay !== undefined && replay.seed !== seed)
        throw new UserError(
          `--seed ${seed} and --replay seed ${replay.seed} differ; the replay needs its own seed`,
        );
    } else {
      // The one place a seed comes from the clock; it is printed, so the run can be repeated.
      seed = replay?.seed ?? Date.now() % 2 ** 31;
    }
    const asOf = asOfMillis(options.asOf);

    const inputs = await requireInputs(options.environment, options.plan, (text) =>
      context.stderr.write(text),
    );
    const { environment, environmentFile: file } = inputs;
    const plan = inputs.plan === undefined ? undefined : requireResolvedPlan(inputs.plan, environment);
    const simulation = createSimulationContext(environment, plan);
    const bar = progressBar(context.stderr, context.stderr.isTTY === true && !context.quiet);
    const started = performance.now();
    const result = exhaustive
      ? explore(simulation, { maxFaults, maxStates, onProgress: bar.update, failOn: options.failOn })
      : await runPropertyParallel(simulation, {
          seed,
          runs,
          maxFaults,
          ...(replay === undefined ? {} : { path: replay.path }),
          onProgress: bar.update,
          workers,
          failOn: options.failOn,
        });
    const seconds = (performance.now() - started) / 1000;
    bar.finish();
    const timing: Timing =
      result.mode === 'exhaustive'
        ? { seconds, statesPerSecond: result.generatedStates / Math.max(seconds, 1e-9) }
        : { seconds, runsPerSecond: result.evaluations / Math.max(seconds, 1e-9) };
    const asOfDate = asOf ?? environment.asOf;
    const report = buildSimulationReport({
      version: VERSION,
      environment,
      ...(plan === undefined ? {} : { plan }),
      ...(asOfDate === undefined ? {} : { asOf: new Date(asOfDate).toISOString().slice(0, 10) }),
      command: { environment: file, ...(options.plan === undefined ? {} : { plan: options.plan }) },
      result,
      failOn: options.failOn,
      ...(options.timing === true ? { timing } : {}),
    });
    context.stdout.write(
      options.format === 'json'
        ? `${JSON.stringify(report, null, 2)}\n`
        : terminalText(renderSimulationText(report, context.out)),
    );
    // Timing differs between runs, so it goes to stderr (a diagnostic) unless asked for.
    if (!context.quiet && options.timing !== true) context.stderr.write(`${timingLine(timing)}\n`);
    if (report.result === 'incomplete') {
      context.stderr.write(
        `scsm-dr: the state bound of ${maxStates} distinct states was reached before the exploration finished; raise --max-states or lower --max-faults\n`,
      );
    }
    // A counterexample breaks a rule at or above the search level of --fail-on; whether that
    // fails the run is the one exit-code policy's answer (never: it does not).
    process.exitCode =
      report.counterexample !== null
        ? exitCode(report.counterexample.failures, options.failOn)
        : report.result === 'incomplete'
          ? EXIT.usage
          : EXIT.ok;
  });
}
