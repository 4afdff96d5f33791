/**
 * The drill session: the loop that presents steps, takes answers and keeps the journal.
 *
 * Everything the session touches comes in through {@link SessionIo}: the clock, where answers
 * come from, where text goes, the journal. The CLI passes the real terminal, `Date.now` and
 * a file; tests pass arrays, a fake clock and memory. Each batch of events is appended to the
 * journal (which makes it durable) before it is printed and before the next prompt, so
 * whatever the team has seen is on disk.
 */
import { formatDuration } from '../common/duration.js';
import { printable } from '../common/printable.js';
import type { DrillOutcome } from '../environment/types.js';
import { afterAction, drillsEntryYaml } from './after-action.js';
import {
  awaitingAnswer,
  type DrillContext,
  type DrillState,
  evolve,
  interpret,
  nextEvent,
  replay,
} from './core.js';
import type { EventBody, JournalEvent } from './events.js';
import { formatClock } from './format.js';
import { type JournalSink, stamp } from './journal.js';
import {
  helpText,
  type Paint,
  promptText,
  renderConcurrentStatus,
  renderEvent,
  renderStart,
  renderStepPresentation,
} from './render.js';
import { isParallelDrill } from './schedule.js';

/** Where answers come from: the terminal, a pipe, a file, or a test's array. */
export interface AnswerSource {
  /**
   * The next line the team typed, or `undefined` when input has ended. `prompt` gives the
   * current prompt text; an interactive source shows it (and may redraw it as the clock runs).
   */
  next(prompt: () => string): Promise<string | undefined>;
}

/** The outside world of a session. */
export interface SessionIo {
  readonly write: (text: string) => void;
  readonly answers: AnswerSource;
  readonly journal: JournalSink;
  /** Epoch milliseconds; `Date.now` in the CLI. */
  readonly now: () => number;
  readonly paint: Paint;
  /**
   * Scripted mode (answers from a pipe or a file): each answer is echoed into the output so it
   * reads as a transcript, and blank lines and `#` comments in the script are ignored.
   */
  readonly scripted: boolean;
}

/** What the session prints about itself. */
export interface SessionOptions {
  readonly journalFile: string;
  /** The command that resumes this drill, shown when it pauses. */
  readonly resumeCommand: string;
  /** The command that renders the after-action report, shown at the end. */
  readonly reportCommand: string;
}

/** How a session ended. */
export type SessionStatus =
  | { readonly status: 'ended'; readonly outcome: DrillOutcome }
  | { readonly status: 'paused' }
  | { readonly status: 'input-ended' };

/** How a session ended, the state it left, and every event of the drill. */
export interface SessionResult {
  readonly result: SessionStatus;
  readonly state: DrillState;
  /** Every event of the drill, the journal's earlier ones included. */
  readonly events: readonly JournalEvent[];
}

/**
 * Runs a drill from `history` (empty for a new drill, the journal's events for a resumed one)
 * until it ends, the team quits, or the answers run out. The drill clock continues from the
 * last event of the history: time while a drill stood still does not count against the RTO.
 */
export async function runDrillSession(
  context: DrillContext,
  history: readonly JournalEvent[],
  io: SessionIo,
  options: SessionOptions,
): Promise<SessionResult> {
  let state = replay(context, history);
  const events: JournalEvent[] = [...history];
  // The drill clock goes on from the history's last reading (fixed once: `state` moves on), counting
  // from this session's first clock reading, so a new drill's start event reads 0.
  const base = state.elapsedMs;
  let sessionStart: number | undefined;
  const drillTime = (at: number): number => {
    sessionStart ??= at;
    return base + (at - sessionStart);
  };
  /** Stamps an event body with one clock reading for both its wall time and its drill time. */
  const stamped = (body: EventBody): JournalEvent => {
    const at = io.now();
    return stamp(body, state.seq + 1, at, drillTime(at));
  };

  const concurrent = isParallelDrill(context.start.scenario);
  // In a plan with team:/after: the list of steps in progress and startable steps is printed
  // whenever it changes, so that the team sees what it may begin next without asking.
  let lastStatus = '';
  const showStatus = (force: boolean): void => {
    if (!concurrent || !awaitingAnswer(context, state)) return;
    const status = renderConcurrentStatus(context, state, io.paint);
    if (force || status !== lastStatus) io.write(status);
    lastStatus = status;
  };

  const append = (bodies: readonly JournalEvent[]): void => {
    io.journal.append(bodies);
    events.push(...bodies);
    for (const event of bodies) {
      if (event.type === 'start') io.write(renderStart(context.start, options.journalFile, io.paint));
      else io.write(renderEvent(context, event, io.paint));
    }
  };

  if (history.length > 0) {
    io.write(renderStart(context.start, options.journalFile, io.paint));
    const done = state.results.length;
    io.write(
      io.paint.bold(
        `\nResuming the drill from its journal: ${history.length} events, ${done} of ${context.start.scenario.steps.length} steps answered, drill clock at ${formatClock(base)}.\n`,
      ),
    );
    if (concurrent) {
      for (const entry of state.running)
        if (entry.presented)
          io.write(renderStepPresentation(context.start, entry.step, entry.attempts, base, io.paint, true));
    } else if (state.presented)
      io.write(renderStepPresentation(context.start, state.position, state.attempts, base, io.paint, true));
  }

  for (;;) {
    const batch: JournalEvent[] = [];
    for (;;) {
      const at = io.now();
      const body = nextEvent(context, state, drillTime(at));
      if (body === undefined) break;
      const event = stamp(body, state.seq + 1, at, drillTime(at));
      state = evolve(context, state, event);
      batch.push(event);
    }
    if (batch.length > 0) append(batch);
    showStatus(false);
    if (state.ended) {
      io.write(renderEnd(events, options, io.paint));
      const end = events[events.length - 1];
      return {
        result: { status: 'ended', outcome: end?.type === 'end' ? end.outcome : 'failed' },
        state,
        events,
      };
    }

    const line = await io.answers.next(() => promptText(context, state, drillTime(io.now()), io.paint));
    if (line === undefined) {
      io.write(
        `\nThe answers ended before the drill did (step ${state.position + 1}). Everything so far is in the journal; continue with:\n  ${printable(options.resumeCommand)}\n`,
      );
      return { result: { status: 'input-ended' }, state, events };
    }
    if (io.scripted) {
      const trimmed = line.trim();
      if (trimmed === '' || trimmed.startsWith('#')) continue;
      io.write(`> ${printable(trimmed)}\n`);
    }
    const meaning = interpret(context, state, line);
    if (meaning.kind === 'help') {
      io.write(helpText(concurrent));
      continue;
    }
    if (meaning.kind === 'list') {
      if (concurrent) showStatus(true);
      else io.write(`${io.paint.red('!')} l lists the steps in progress of a plan with team:/after:\n`);
      continue;
    }
    if (meaning.kind === 'error') {
      io.write(`${io.paint.red('!')} ${printable(meaning.message)}\n`);
      continue;
    }
    const given: JournalEvent[] = [];
    for (const body of meaning.events) {
      const event = stamped(body);
      state = evolve(context, state, event);
      given.push(event);
    }
    append(given);
    if (given.some((event) => event.type === 'quit')) {
      const where =
        concurrent && state.running.length > 0
          ? `with step${state.running.length === 1 ? '' : 's'} ${state.running.map((entry) => entry.step + 1).join(', ')} in progress`
          : `at step ${state.position + 1}/${context.start.scenario.steps.length}`;
      io.write(
        `\nDrill paused ${where}, drill clock ${formatClock(state.elapsedMs)} (it stands still until you resume). Resume with:\n  ${printable(options.resumeCommand)}\n`,
      );
      return { result: { status: 'paused' }, state, events };
    }
  }
}

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

/**
 * In a plan with `team:`/`after:`: the actual critical path (the chain of waits of the recorded
 * start and finish times) against the estimated one, as one summary line.
 */
function criticalPathLine(report: ReturnType<typeof afterAction>): string[] {
  const path = report.criticalPath;
  if (path === undefined) return [];
  const steps = (indices: readonly number[]) => indices.map((index) => index + 1).join(', ');
  return [
    `   critical   actual ${formatClock(path.actualSeconds * 1000)} (steps ${steps(path.actualPath)}) · estimated ${formatDuration(path.estimatedSeconds)} (steps ${steps(path.estimatedPath)})`,
  ];
}

/** The closing summary: outcome, clock against the RTO, the `drills:` entry, the report command. */
function renderEnd(events: readonly JournalEvent[], options: SessionOptions, paint: Paint): string {
  const report = afterAction(events);
  const outcome =
    report.outcome === 'passed'
      ? paint.green(report.outcome.toUpperCase())
      : report.outcome === 'partial'
        ? paint.yellow(report.outcome.toUpperCase())
        : paint.red(report.outcome.toUpperCase());
  const steps = report.steps;
  const count = (result: string) => steps.filter((step) => step.result === result).length;
  const failures = steps.reduce((sum, step) => sum + step.failures.length, 0);
  const lines = [
    '',
    paint.bold(`══ Drill ended: ${outcome}`),
    `   clock      ${formatClock(report.elapsedSeconds * 1000)} of RTO ${formatDuration(report.rtoSeconds)}: ${report.rto === 'within' ? 'within the RTO' : 'RTO exceeded'} (the plan estimated ${formatDuration(report.estimatedSeconds)})`,
    ...criticalPathLine(report),
    `   steps      ${count('done')} done, ${count('skipped')} skipped, ${plural(failures, 'failed attempt')}`,
    `   recorded   ${plural(report.deviations.length, 'deviation')}, ${plural(report.violations.length, 'rule violation')}, ${plural(report.faults.filter((fault) => fault.announced).length, 'surprise')}`,
    `   models     ${report.recovered === true ? 'recovered' : 'NOT recovered'}`,
  ];
  for (const reason of report.reasons)
    lines.push(`              ${reason.severity} ${reason.ruleId}: ${printable(reason.message)}`);
  lines.push('');
  lines.push("For the environment's drills: history (scsm-dr never writes your environment file):");
  lines.push(`  ${drillsEntryYaml(report.drillsEntry)}`);
  lines.push(`Journal: ${printable(options.journalFile)}`);
  lines.push(`After-action report: ${printable(options.reportCommand)}`);
  return `${lines.join('\n')}\n`;
}
