/**
 * The report of `scsm-dr simulate`: one stable JSON document (`--format json`, documented in
 * docs/simulate.md), built from the simulator's results, which are data only. The terminal
 * rendering (`text.ts`) is built from this same document, and neither contains a timing figure
 * unless asked (`timing`), so the same inputs and seed give the same bytes.
 */
import type { FailOn } from '../../common/exit-code.js';
import type { SourceLocation } from '../../common/location.js';
import type { Environment } from '../../environment/types.js';
import type { Plan } from '../../plan/types.js';
import { getRule } from '../../rules/catalog.js';
import type { Finding } from '../../rules/types.js';
import type { ExhaustiveResult } from '../../simulator/explore.js';
import { canonicalScenario, type FaultScenario } from '../../simulator/faults.js';
import type { PropertyResult, Statistics, UncoveredLoss } from '../../simulator/property.js';
import type { Evaluation, Failure, TraceEvent } from '../../simulator/simulate.js';

/** How long the run took; only reported on request, because it differs between runs. */
export interface Timing {
  readonly seconds: number;
  /** Property mode. */
  readonly runsPerSecond?: number;
  /** Exhaustive mode: generated states per second. */
  readonly statesPerSecond?: number;
}

/** A counterexample in the report. */
export interface ReportedCounterexample {
  readonly faultScenario: FaultScenario & { readonly canonical: string; readonly description: string };
  /** The plan scenario that handles the loss (plan mode). */
  readonly scenario: { readonly id: string; readonly location: SourceLocation } | null;
  readonly failures: readonly Failure[];
  readonly trace: readonly TraceEvent[];
  /** What reproduces it: `seed` and `path` in property mode, and the command line to paste. */
  readonly replay: { readonly seed: number | null; readonly path: string | null; readonly command: string };
}

/**
 * The JSON document of `scsm-dr simulate --format json`. Fields are always present (null when
 * they do not apply), so consumers can rely on the shape.
 */
export interface SimulationReport {
  readonly tool: { readonly name: 'scsm-dr'; readonly version: string };
  readonly environment: { readonly file: string; readonly name: string };
  readonly plan: { readonly file: string } | null;
  /** The `--as-of` date, or the environment's `asOf`, as YYYY-MM-DD; null when neither is given. */
  readonly asOf: string | null;
  readonly mode: 'property' | 'exhaustive';
  /** `passed`: no counterexample; `counterexample`: a property is violated; `incomplete`: the state bound stopped the exploration. */
  readonly result: 'passed' | 'counterexample' | 'incomplete';
  readonly maxFaults: number;
  /** Property mode: the fast-check seed; null in exhaustive mode. */
  readonly seed: number | null;
  /** Property mode: the runs asked for; null in exhaustive mode. */
  readonly runs: number | null;
  /** Property mode: the runs judged before the first failure (all of them when none failed). */
  readonly runsExecuted: number | null;
  /**
   * The counterexample: the same bytes whether found by a search or replayed, so a replay can
   * be compared with the original.
   */
  readonly counterexample: ReportedCounterexample | null;
  /** Property mode: how the counterexample was reached; null otherwise. */
  readonly search: {
    /** The run that failed first (1-based); 1 when replayed. */
    readonly failedAtRun: number;
    /** Shrink steps fast-check took (0 when replayed). */
    readonly shrinks: number;
    /** True when `--replay` gave the path. */
    readonly replayed: boolean;
  } | null;
  /** Property mode: the fault classes the runs exercised. */
  readonly statistics: Statistics | null;
  /** Exhaustive mode: what was explored. */
  readonly exhaustive: Omit<ExhaustiveResult, 'mode' | 'counterexample' | 'uncovered' | 'maxFaults'> | null;
  /** `plan-coverage` findings: one per loss no plan scenario handles (not counterexamples). */
  readonly findings: readonly Finding[];
  /** Only with `--timing`. */
  readonly timing?: Timing;
}

/** What the report needs besides the results. */
export interface ReportInput {
  readonly version: string;
  readonly environment: Environment;
  readonly plan?: Plan;
  readonly asOf?: string;
  /** The paths as the user typed them, for the replay line. */
  readonly command: { readonly environment: string; readonly plan?: string };
  readonly result: PropertyResult | ExhaustiveResult;
  readonly timing?: Timing;
  /** The `--fail-on` level the run searched at; the replay line repeats it unless `error`. */
  readonly failOn?: FailOn;
}

/** Quotes a word for a POSIX shell when it needs it. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function baseCommand(input: ReportInput): string[] {
  const words = ['scsm-dr', 'simulate', shellQuote(input.command.environment)];
  if (input.command.plan !== undefined) words.push('--plan', shellQuote(input.command.plan));
  // The level shapes the search, so a replay at another level would not find the same scenario.
  if (input.failOn !== undefined && input.failOn !== 'error') words.push('--fail-on', input.failOn);
  return words;
}

/** The line that replays a property-mode counterexample exactly. */
export function replayCommand(input: ReportInput, seed: number, path: string, maxFaults: number): string {
  return [
    ...baseCommand(input),
    '--max-faults',
    String(maxFaults),
    '--seed',
    String(seed),
    '--replay',
    `'${seed}:${path}'`,
  ].join(' ');
}

function reported(
  evaluation: Evaluation,
  input: ReportInput,
  replay: ReportedCounterexample['replay'],
): ReportedCounterexample {
  return {
    faultScenario: {
      loss: evaluation.scenario.loss,
      faults: evaluation.scenario.faults,
      canonical: canonicalScenario(input.environment, evaluation.scenario),
      description: evaluation.description,
    },
    scenario: evaluation.handledBy ?? null,
    failures: evaluation.failures,
    trace: evaluation.trace,
    replay,
  };
}

function coverageFinding(input: ReportInput, loss: UncoveredLoss): Finding {
  const plan = input.plan!;
  return {
    ruleId: 'plan-coverage',
    severity: getRule('plan-coverage')?.severity ?? 'warning',
    message: `no scenario handles this ${loss.kind === 'computer-pair' ? 'combined loss' : 'loss'}: ${loss.description}; add a scenario with this \`lost\` block (\`scsm-dr plan\` proposes one)`,
    location: plan.scenariosLocation,
    path: ['scenarios'],
  };
}

/** Builds the report document. This is a pure function. */
export function buildSimulationReport(input: ReportInput): SimulationReport {
  const { result } = input;
  const head = {
    tool: { name: 'scsm-dr' as const, version: input.version },
    environment: { file: input.environment.file, name: input.environment.name },
    plan: input.plan === undefined ? null : { file: input.plan.file },
    asOf: input.asOf ?? null,
  };
  const findings =
    input.plan === undefined ? [] : result.uncovered.map((loss) => coverageFinding(input, loss));
  const timing = input.timing === undefined ? {} : { timing: input.timing };
  if (result.mode === 'property') {
    const counterexample =
      result.counterexample === undefined
        ? null
        : reported(result.counterexample.evaluation, input, {
            seed: result.seed,
            path: result.counterexample.path,
            command: replayCommand(input, result.seed, result.counterexample.path, result.maxFaults),
          });
    return {
      ...head,
      mode: 'property',
      result: counterexample === null ? 'passed' : 'counterexample',
      maxFaults: result.maxFaults,
      seed: result.seed,
      runs: result.runs,
      runsExecuted: result.runsExecuted,
      counterexample,
      search:
        result.counterexample === undefined
          ? null
          : {
              failedAtRun: result.counterexample.run,
              shrinks: result.counterexample.shrinks,
              replayed: result.replayed,
            },
      statistics: result.statistics,
      exhaustive: null,
      findings,
      ...timing,
    };
  }
  const { mode: _mode, counterexample: found, uncovered: _uncovered, maxFaults, ...exhaustive } = result;
  const command = [
    ...baseCommand(input),
    '--exhaustive',
    '--max-faults',
    String(maxFaults),
    '--max-states',
    String(result.maxStates),
  ].join(' ');
  const counterexample =
    found === undefined ? null : reported(found, input, { seed: null, path: null, command });
  return {
    ...head,
    mode: 'exhaustive',
    result: counterexample !== null ? 'counterexample' : result.complete ? 'passed' : 'incomplete',
    maxFaults,
    seed: null,
    runs: null,
    runsExecuted: null,
    counterexample,
    search: null,
    statistics: null,
    exhaustive,
    findings,
    ...timing,
  };
}
