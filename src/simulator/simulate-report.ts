/**
 * The report of `scsm-dr simulate`: one stable JSON document (`--format json`, documented in
 * docs/simulate.md) and its terminal rendering. Both are built from the same data, and neither
 * contains a timing figure unless asked (`timing`), so the same inputs and seed give the same
 * bytes.
 *
 * This would sit under `src/report/` with the other reporters; it lives here because the
 * simulator's report shape is still settling together with the simulator itself.
 */
import { formatDuration } from '../common/duration.js';
import { formatLocation, type SourceLocation } from '../common/location.js';
import type { Environment } from '../environment/types.js';
import type { Plan } from '../plan/types.js';
import { printable } from '../report/reporters/shared.js';
import { getRule } from '../rules/catalog.js';
import type { Finding } from '../rules/types.js';
import type { ExhaustiveResult } from './explore.js';
import { canonicalScenario, type Fault, type FaultScenario } from './faults.js';
import type { PropertyResult, Statistics, UncoveredLoss } from './property.js';
import type { Evaluation, Failure, TraceEvent } from './simulate.js';

/** Colour functions; identity functions when colour is off. */
export interface Paint {
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  bold(text: string): string;
  dim(text: string): string;
}

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
}

/** Quotes a word for a POSIX shell when it needs it. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function baseCommand(input: ReportInput): string[] {
  const words = ['scsm-dr', 'simulate', shellQuote(input.command.environment)];
  if (input.command.plan !== undefined) words.push('--plan', shellQuote(input.command.plan));
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

// ---------------------------------------------------------------------------------------
// Text
// ---------------------------------------------------------------------------------------

const number = (value: number): string => value.toLocaleString('en-US');
const plural = (count: number, word: string, words = `${word}s`): string =>
  `${number(count)} ${count === 1 ? word : words}`;

function faultLabel(fault: Fault): string {
  return fault.kind;
}

/** The numbered trace of a counterexample, TLC style. */
export function renderTrace(trace: readonly TraceEvent[], c: Paint): string[] {
  const lines: string[] = [];
  const width = String(trace.length).length;
  trace.forEach((event, i) => {
    const n = `${String(i + 1).padStart(width)}.`;
    switch (event.kind) {
      case 'loss':
        lines.push(`${n} ${c.bold('loss')}: ${printable(event.description)}`);
        break;
      case 'fault':
        lines.push(`${n} ${c.yellow(`fault ${faultLabel(event.fault)}`)}: ${printable(event.description)}`);
        for (const change of event.changes)
          lines.push(`${' '.repeat(width + 2)}  ${c.dim(printable(change))}`);
        break;
      case 'step': {
        const retried = event.retried
          ? ` ${c.yellow(`fails once, retried (+${formatDuration(event.seconds)})`)}`
          : '';
        lines.push(
          `${n} [step ${event.index + 1}] ${printable(event.summary)} ${c.dim(`(${printable(formatLocation(event.location))})`)}${retried}`,
        );
        for (const violation of event.violations)
          lines.push(
            `${' '.repeat(width + 2)}${c.red('✖')} ${c.red(violation.ruleId)}: ${printable(violation.message)} ${c.dim(`[${violation.citation}]`)}`,
          );
        break;
      }
      case 'end': {
        const parts: string[] = [];
        if (event.synthesizedSteps !== undefined)
          parts.push(`a valid recovery of ${plural(event.synthesizedSteps, 'step')} exists`);
        else if (event.estimatedSeconds === undefined) parts.push('no valid recovery exists');
        if (event.estimatedSeconds !== undefined)
          parts.push(
            `estimated ${formatDuration(event.estimatedSeconds)} (RTO ${formatDuration(event.rtoSeconds)})`,
          );
        if (event.dataLoss.length > 0) {
          const worst = Math.max(...event.dataLoss.map((entry) => entry.seconds));
          parts.push(`data loss up to ${formatDuration(worst)} (RPO ${formatDuration(event.rpoSeconds)})`);
        }
        lines.push(`${n} ${c.bold('end')}: ${parts.join('; ')}`);
        break;
      }
    }
  });
  return lines;
}

function renderCounterexample(counterexample: ReportedCounterexample, c: Paint, indent: string): string[] {
  const lines: string[] = [];
  if (counterexample.scenario !== null)
    lines.push(
      `${indent}plan scenario ${c.bold(printable(counterexample.scenario.id))} ${c.dim(`(${printable(formatLocation(counterexample.scenario.location))})`)}`,
    );
  lines.push('');
  lines.push(...renderTrace(counterexample.trace, c).map((line) => `${indent}${line}`));
  // Step violations are printed under their step; the end-state failures come here.
  const last = counterexample.trace.at(-1);
  if (last?.kind === 'end') {
    for (const failure of counterexample.failures)
      lines.push(
        `${indent}${' '.repeat(String(counterexample.trace.length).length + 2)}${c.red('✖')} ${c.red(failure.ruleId)}: ${printable(failure.message)}`,
      );
  }
  lines.push('');
  lines.push(
    `${indent}${counterexample.replay.seed === null ? 'reproduce' : 'replay'}: ${counterexample.replay.command}`,
  );
  return lines;
}

function renderStatistics(statistics: Statistics, c: Paint, withPlan: boolean): string[] {
  const total = Math.max(1, statistics.runs);
  const share = (count: number): string => `${count} (${((100 * count) / total).toFixed(1)}%)`;
  const row = (record: Readonly<Record<string, number>>, suffix = ''): string =>
    Object.entries(record)
      .map(([key, count]) => `${key}${suffix} ${share(count)}`)
      .join(', ');
  const lines = [
    `${c.bold('statistics')} over ${plural(statistics.runs, 'run')}:`,
    `  losses:          ${row(statistics.losses)}`,
    `  faults:          ${row(statistics.faults)}`,
    `  faults per run:  ${row(statistics.faultsPerRun, ':')}`,
  ];
  if (withPlan)
    lines.push(
      `  handled by plan: ${share(statistics.handled)}, not handled: ${share(statistics.unhandled)}`,
    );
  return lines;
}

function renderFindings(report: SimulationReport, c: Paint): string[] {
  if (report.findings.length === 0) return [];
  const lines = [
    `${c.yellow('plan-coverage')}: ${plural(report.findings.length, 'loss', 'losses')} no plan scenario handles ${c.dim(`(${printable(formatLocation(report.findings[0]!.location))})`)}`,
  ];
  for (const finding of report.findings)
    lines.push(
      `  - ${printable(finding.message.replace(/^no scenario handles this (combined )?loss: /, ''))}`,
    );
  return lines;
}

/**
 * The terminal rendering of a report: the verdict, the shortest counterexample as a numbered
 * trace with its replay line, coverage, statistics. Untrusted text goes through `printable`.
 * This is a pure function.
 */
export function renderSimulationText(report: SimulationReport, c: Paint): string {
  const blocks: string[][] = [];
  const target =
    report.plan === null
      ? `${printable(report.environment.file)} (no plan: plan synthesis decides)`
      : printable(report.plan.file);
  if (report.mode === 'property') {
    blocks.push([
      `${c.bold('simulate')} ${target}: property mode, seed ${report.seed}, ${plural(report.runs ?? 0, 'run')}, up to ${plural(report.maxFaults, 'fault')} per scenario`,
    ]);
  } else {
    const ex = report.exhaustive!;
    blocks.push([
      `${c.bold('simulate')} ${target}: exhaustive mode, up to ${plural(report.maxFaults, 'fault')} per scenario, state bound ${number(ex.maxStates)}`,
      `explored ${plural(ex.faultScenarios, 'fault scenario')} over ${number(ex.losses.handled)} of ${plural(ex.losses.total, 'loss', 'losses')}: ${plural(ex.distinctStates, 'distinct state')}, ${number(ex.generatedStates)} generated${
        ex.synthesisStates > 0 ? `, ${number(ex.synthesisStates)} expanded by plan synthesis` : ''
      }`,
    ]);
  }
  const counterexample = report.counterexample;
  if (counterexample !== null) {
    const heading =
      report.mode === 'property'
        ? `${c.red('✖ counterexample')}: ${printable(counterexample.faultScenario.description)}`
        : `${c.red('✖')} ${plural(report.exhaustive!.failing, 'fault scenario')} break an invariant (${Object.entries(
            report.exhaustive!.failuresByRule,
          )
            .map(([ruleId, count]) => `${ruleId} ${number(count)}`)
            .join(', ')})\nshortest counterexample: ${printable(counterexample.faultScenario.description)}`;
    blocks.push([heading, ...renderCounterexample(counterexample, c, '  ')]);
    if (report.search !== null)
      blocks.push([
        c.dim(
          report.search.replayed
            ? `replayed from seed ${report.seed} and its shrink path`
            : `first failure at run ${number(report.search.failedAtRun)}, shrunk ${plural(report.search.shrinks, 'time')}`,
        ),
      ]);
  } else if (report.result === 'incomplete') {
    blocks.push([
      `${c.yellow('?')} incomplete: the state bound was reached before every fault scenario was judged; no counterexample so far`,
    ]);
  } else {
    blocks.push([
      `${c.green('✓')} no counterexample${report.mode === 'property' ? ` in ${plural(report.runsExecuted ?? 0, 'run')}` : ''}`,
    ]);
  }
  if (report.exhaustive !== null) {
    const coverage = report.exhaustive.coverage;
    const lines = [
      `${c.bold('coverage')}:`,
      `  ${number(coverage.recoverable)} of ${plural(coverage.singleComputerLosses, 'single-computer loss', 'single-computer losses')} recoverable`,
    ];
    if (coverage.handledAndRecovered !== undefined)
      lines.push(
        `  ${number(coverage.handledAndRecovered)} of ${plural(coverage.singleComputerLosses, 'single-computer loss', 'single-computer losses')} handled by a scenario and recovered`,
      );
    blocks.push(lines);
  }
  const findings = renderFindings(report, c);
  if (findings.length > 0) blocks.push(findings);
  if (report.statistics !== null) blocks.push(renderStatistics(report.statistics, c, report.plan !== null));
  if (report.timing !== undefined) blocks.push([timingLine(report.timing)]);
  return `${blocks.map((block) => block.join('\n')).join('\n\n')}\n`;
}

/** `timing: 1.93 s, 15,236 states/s`. */
export function timingLine(timing: Timing): string {
  const rate =
    timing.statesPerSecond !== undefined
      ? `, ${number(Math.round(timing.statesPerSecond))} states/s`
      : timing.runsPerSecond !== undefined
        ? `, ${number(Math.round(timing.runsPerSecond))} runs/s`
        : '';
  return `timing: ${timing.seconds.toFixed(2)} s${rate}`;
}
