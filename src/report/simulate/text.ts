/**
 * The terminal rendering of `scsm-dr simulate`'s report (`--format text`): built from the JSON
 * document (`document.ts`) alone, so both formats say the same. Colour comes from the palette
 * the command line passes; untrusted text goes through `printable`.
 */
import { formatDuration } from '../../common/duration.js';
import { formatLocation } from '../../common/location.js';
import type { Fault } from '../../simulator/faults.js';
import type { Statistics } from '../../simulator/property.js';
import type { TraceEvent } from '../../simulator/simulate.js';
import type { Colors } from '../colors.js';
import { printable } from '../reporters/shared.js';
import type { ReportedCounterexample, SimulationReport, Timing } from './document.js';

const number = (value: number): string => value.toLocaleString('en-US');
const plural = (count: number, word: string, words = `${word}s`): string =>
  `${number(count)} ${count === 1 ? word : words}`;

function faultLabel(fault: Fault): string {
  return fault.kind;
}

/** The numbered trace of a counterexample, TLC style. */
export function renderTrace(trace: readonly TraceEvent[], c: Colors): string[] {
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

function renderCounterexample(counterexample: ReportedCounterexample, c: Colors, indent: string): string[] {
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

function renderStatistics(statistics: Statistics, c: Colors, withPlan: boolean): string[] {
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

function renderFindings(report: SimulationReport, c: Colors): string[] {
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
export function renderSimulationText(report: SimulationReport, c: Colors): string {
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
