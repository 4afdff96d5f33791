/**
 * The after-action data of a drill, computed from its journal alone: per step the estimated
 * and the actual duration, the RTO verdict, the deviations, the rule violations, the injected
 * faults, the notes, and the entry for the environment's `drills:` history (docs/environment.md).
 *
 * Only reporters (`report.ts`) turn it into text.
 */

import { maxOf } from '../common/numbers.js';
import type { DrillOutcome } from '../environment/types.js';
import type { Severity } from '../rules/types.js';
import type { Fault } from '../simulator/faults.js';
import type { JournalEvent, StartEvent } from './events.js';
import { environmentDuration } from './format.js';
import { estimatedSchedule, schedulableSnapshots } from './schedule.js';

/** How a step of the plan went. */
export interface StepRecord {
  readonly index: number;
  readonly action: string;
  readonly params: Readonly<Record<string, string>>;
  readonly owner?: string;
  readonly citations: readonly string[];
  readonly estimatedSeconds: number;
  /** Where the step starts on the estimated timeline (the estimates of the steps before it). */
  readonly plannedStartSeconds: number;
  /** Drill time of its first presentation. */
  readonly startSeconds?: number;
  /** Drill time of the answer that closed it (done or skipped). */
  readonly endSeconds?: number;
  /** `endSeconds - startSeconds`: retries included. */
  readonly actualSeconds?: number;
  readonly attempts: number;
  /** The notes of each failed attempt. */
  readonly failures: readonly string[];
  readonly result: 'done' | 'skipped' | 'in-progress' | 'not-reached';
  /** The note given with `d` or `s`. */
  readonly note?: string;
}

/** An action the team took that the plan does not list. */
export interface DeviationRecord {
  readonly seq: number;
  /** The plan step current when it was recorded (0-based). */
  readonly step: number;
  readonly elapsedSeconds: number;
  readonly action: string;
  readonly params: Readonly<Record<string, string>>;
  readonly text: string;
  readonly note?: string;
  readonly owner?: string;
  /** Rule ids it broke. */
  readonly violations: readonly string[];
}

/** A rule a done step or a deviation broke, as the drill warned at the time. */
export interface ViolationRecord {
  readonly seq: number;
  readonly step: number;
  readonly elapsedSeconds: number;
  readonly ruleId: string;
  readonly citation: string;
  readonly severity: Severity;
  readonly component: string;
  readonly message: string;
  /** What broke it: an answered step or a deviation. */
  readonly cause: 'step' | 'deviation';
  readonly causeSeq: number;
}

/** An injected fault: where it was set, and whether and when the team met it. */
export interface FaultRecord {
  /** The step (0-based) at which it is announced. */
  readonly step: number;
  readonly fault: Fault;
  readonly announced: boolean;
  readonly elapsedSeconds?: number;
  readonly description?: string;
  readonly changes: readonly string[];
}

/** A note of the journal: typed with `n`, given with an answer, or a pause. */
export interface NoteRecord {
  readonly seq: number;
  readonly step: number;
  readonly elapsedSeconds: number;
  readonly kind: 'note' | 'failed' | 'done' | 'skipped' | 'quit';
  readonly text: string;
}

/** An entry of the environment's `drills:` history (docs/environment.md). */
export interface DrillsEntry {
  readonly scenario: string;
  /** `YYYY-MM-DD`, the UTC date the drill started. */
  readonly date: string;
  readonly outcome: DrillOutcome;
  /** In the environment file's notation: `3h`, `1h30m`, `45s`. */
  readonly duration: string;
}

/** One step on the estimated and on the actual critical-path schedule. */
export interface CriticalPathStep {
  readonly index: number;
  readonly team?: string;
  readonly estimatedStartSeconds: number;
  readonly estimatedEndSeconds: number;
  readonly estimatedCritical: boolean;
  /**
   * How much later the step could end on the estimated schedule before anything waiting for
   * it (a step naming it in `after:`, its team's next step, or the end) would start later.
   */
  readonly estimatedSlackSeconds: number;
  /**
   * When the step was first presented (its start) and answered done or skipped (its finish),
   * drill time. A step not finished yet is projected: an open step ends at its estimate (or
   * now, if that is later), a step not started starts when the steps it waits for end (or
   * now) and lasts its estimate.
   */
  readonly actualStartSeconds: number;
  readonly actualEndSeconds: number;
  readonly actualCritical: boolean;
  /** Slack on the actual timeline, measured the same way against the real starts. */
  readonly actualSlackSeconds: number;
  /**
   * What the step waited for on the actual timeline: of the steps it names in `after:` and its
   * team's earlier steps, the one that finished last before it started. Absent when it waited
   * for none of them (it could start at once, or the team began it later).
   */
  readonly waitedFor?: number;
  /** From the finish of what it waited for (or the drill's start) to its own start. */
  readonly actualWaitSeconds: number;
  /** Whether the step's start and finish were recorded (answered done or skipped). */
  readonly recorded: boolean;
}

/**
 * A plan with `team:`/`after:`: the estimated critical path (`plan/schedule.ts` over the
 * estimates) against the actual one, computed from the recorded start and finish times: the
 * chain of waits back from the step that finished last, each step to what it waited for.
 */
export interface CriticalPathComparison {
  readonly estimatedSeconds: number;
  readonly actualSeconds: number;
  /** Every step's duration was recorded: the actual figure is not partly an estimate. */
  readonly complete: boolean;
  /** Step indices on each critical path, in time order. */
  readonly estimatedPath: readonly number[];
  readonly actualPath: readonly number[];
  readonly steps: readonly CriticalPathStep[];
}

/** Everything the after-action report shows. */
export interface AfterAction {
  readonly tool: { readonly name: string; readonly version: string };
  readonly environment: { readonly name: string; readonly file: string };
  readonly plan: { readonly file: string };
  readonly scenario: {
    readonly id: string;
    readonly title?: string;
    readonly hash: string;
    readonly lost: StartEvent['scenario']['lost'];
  };
  readonly startedAt: string;
  readonly lastEventAt: string;
  /** The drill reached its end (every step answered). */
  readonly completed: boolean;
  /** Drill time at the end (or at the last event of an unfinished drill). */
  readonly elapsedSeconds: number;
  /** The plan's estimate for the whole scenario. */
  readonly estimatedSeconds: number;
  readonly rtoSeconds: number;
  readonly rpoSeconds: number;
  /** `exceeded` as soon as the drill clock passed the RTO, finished or not. */
  readonly rto: 'within' | 'exceeded' | 'not-completed';
  readonly outcome: DrillOutcome;
  /** The models' verdict at the end; absent for an unfinished drill. */
  readonly recovered?: boolean;
  readonly reasons: readonly { ruleId: string; severity: Severity; component: string; message: string }[];
  readonly steps: readonly StepRecord[];
  readonly deviations: readonly DeviationRecord[];
  readonly violations: readonly ViolationRecord[];
  readonly faults: readonly FaultRecord[];
  readonly notes: readonly NoteRecord[];
  /** How often the team quit and resumed later. */
  readonly pauses: number;
  readonly inject?: { readonly requested: number; readonly seed: number };
  /** Only for a plan with `team:`/`after:` (a journal that records them). */
  readonly criticalPath?: CriticalPathComparison;
  readonly drillsEntry: DrillsEntry;
}

const seconds = (ms: number): number => Math.round(ms) / 1000;

/**
 * Computes the after-action data from a journal's events (as `parseJournal` returns them; the
 * first must be the `start`). An unfinished drill gets a report too: its steps are
 * `in-progress` or `not-reached`, and its outcome is `partial`. This is a pure function.
 */
export function afterAction(events: readonly JournalEvent[]): AfterAction {
  const start = events[0];
  if (start?.type !== 'start') throw new Error('a journal begins with its start event');
  const last = events[events.length - 1]!;
  const snapshots = start.scenario.steps;

  let planned = 0;
  const steps = snapshots.map((snapshot) => {
    const record = {
      index: snapshot.index,
      action: snapshot.action,
      params: snapshot.params,
      ...(snapshot.owner === undefined ? {} : { owner: snapshot.owner }),
      citations: snapshot.citations,
      estimatedSeconds: snapshot.estimatedSeconds,
      plannedStartSeconds: planned,
      attempts: 0,
      failures: [] as string[],
      result: 'not-reached' as StepRecord['result'],
      startSeconds: undefined as number | undefined,
      endSeconds: undefined as number | undefined,
      note: undefined as string | undefined,
    };
    planned += snapshot.estimatedSeconds;
    return record;
  });

  const deviations: DeviationRecord[] = [];
  const violations: ViolationRecord[] = [];
  const notes: NoteRecord[] = [];
  const announced = new Map<
    number,
    { elapsedSeconds: number; description: string; changes: readonly string[] }
  >();
  const causes = new Map<number, 'step' | 'deviation'>();
  // The rule ids each deviation broke, filled in as its warnings follow it.
  const brokenBy = new Map<number, string[]>();
  let pauses = 0;
  let end: Extract<JournalEvent, { type: 'end' }> | undefined;

  for (const event of events) {
    const at = seconds(event.elapsedMs);
    switch (event.type) {
      case 'step': {
        const record = steps[event.step];
        if (record === undefined) break;
        record.attempts = event.attempt;
        record.startSeconds ??= at;
        record.result = 'in-progress';
        break;
      }
      case 'answer': {
        const record = steps[event.step];
        if (record === undefined) break;
        causes.set(event.seq, 'step');
        if (event.answer === 'failed') {
          record.failures.push(event.note ?? '');
          notes.push({
            seq: event.seq,
            step: event.step,
            elapsedSeconds: at,
            kind: 'failed',
            text: event.note ?? '',
          });
        } else {
          record.result = event.answer;
          record.endSeconds = at;
          if (event.note !== undefined) {
            record.note = event.note;
            notes.push({
              seq: event.seq,
              step: event.step,
              elapsedSeconds: at,
              kind: event.answer,
              text: event.note,
            });
          }
        }
        break;
      }
      case 'deviation': {
        causes.set(event.seq, 'deviation');
        const broken: string[] = [];
        brokenBy.set(event.seq, broken);
        deviations.push({
          seq: event.seq,
          step: event.step,
          elapsedSeconds: at,
          action: event.action,
          params: event.params,
          text: event.text,
          ...(event.note === undefined ? {} : { note: event.note }),
          ...(event.owner === undefined ? {} : { owner: event.owner }),
          violations: broken,
        });
        break;
      }
      case 'violation': {
        violations.push({
          seq: event.seq,
          step: event.step,
          elapsedSeconds: at,
          ruleId: event.ruleId,
          citation: event.citation,
          severity: event.severity,
          component: event.component,
          message: event.message,
          cause: causes.get(event.cause) ?? 'step',
          causeSeq: event.cause,
        });
        brokenBy.get(event.cause)?.push(event.ruleId);
        break;
      }
      case 'fault':
        announced.set(event.injected, {
          elapsedSeconds: at,
          description: event.description,
          changes: event.changes,
        });
        break;
      case 'note':
        notes.push({ seq: event.seq, step: event.step, elapsedSeconds: at, kind: 'note', text: event.text });
        break;
      case 'quit':
        pauses++;
        notes.push({
          seq: event.seq,
          step: event.step,
          elapsedSeconds: at,
          kind: 'quit',
          text: 'the team paused the drill',
        });
        break;
      case 'end':
        end = event;
        break;
      case 'start':
        break;
    }
  }

  const faults: FaultRecord[] = (start.inject?.faults ?? []).map((injected, index) => {
    const seen = announced.get(index);
    return {
      step: injected.step,
      fault: injected.fault,
      announced: seen !== undefined,
      ...(seen === undefined
        ? { changes: [] }
        : { elapsedSeconds: seen.elapsedSeconds, description: seen.description, changes: seen.changes }),
    };
  });

  const criticalPath = compareCriticalPaths(start, steps, seconds(last.elapsedMs));
  // With team:/after: the estimate is the critical path, and each step starts where that
  // schedule starts it, not after every step before it.
  if (criticalPath !== undefined) {
    planned = criticalPath.estimatedSeconds;
    for (const step of criticalPath.steps) {
      const record = steps[step.index];
      if (record !== undefined) record.plannedStartSeconds = step.estimatedStartSeconds;
    }
  }

  const elapsedSeconds = seconds(last.elapsedMs);
  const rtoSeconds = start.objectives.rtoSeconds;
  const completed = end !== undefined;
  const rto = elapsedSeconds > rtoSeconds ? 'exceeded' : completed ? 'within' : 'not-completed';
  // An unfinished drill has shown neither a recovery nor its failure.
  const outcome: DrillOutcome = end?.outcome ?? 'partial';

  return {
    tool: start.tool,
    environment: start.environment,
    plan: start.plan,
    scenario: {
      id: start.scenario.id,
      ...(start.scenario.title === undefined ? {} : { title: start.scenario.title }),
      hash: start.scenario.hash,
      lost: start.scenario.lost,
    },
    startedAt: start.at,
    lastEventAt: last.at,
    completed,
    elapsedSeconds,
    estimatedSeconds: planned,
    rtoSeconds,
    rpoSeconds: start.objectives.rpoSeconds,
    rto,
    outcome,
    ...(end === undefined ? {} : { recovered: end.recovered }),
    reasons: end?.reasons ?? [],
    steps: steps.map(({ startSeconds, endSeconds, note, ...rest }) => ({
      ...rest,
      ...(startSeconds === undefined ? {} : { startSeconds }),
      ...(endSeconds === undefined ? {} : { endSeconds }),
      ...(startSeconds === undefined || endSeconds === undefined
        ? {}
        : { actualSeconds: Math.round((endSeconds - startSeconds) * 1000) / 1000 }),
      ...(note === undefined ? {} : { note }),
    })),
    deviations,
    violations,
    faults,
    notes,
    pauses,
    ...(start.inject === undefined
      ? {}
      : { inject: { requested: start.inject.requested, seed: start.inject.seed } }),
    ...(criticalPath === undefined ? {} : { criticalPath }),
    drillsEntry: {
      scenario: start.scenario.id,
      date: start.at.slice(0, 10),
      outcome,
      duration: environmentDuration(elapsedSeconds),
    },
  };
}

/** Start and end of each step on one timeline, and each step's team and dependencies. */
interface Timeline {
  readonly starts: readonly number[];
  readonly ends: readonly number[];
  readonly after: readonly (readonly number[])[];
  readonly teams: readonly (string | undefined)[];
}

/** A reading rounded to the millisecond the journal records: sums of seconds drift. */
const ms = (value: number): number => Math.round(value * 1000) / 1000;

/**
 * The chain of waits of a timeline: for each step what it waited for (of its `after:` steps
 * and its team's earlier steps, the one that finished last by its start), its slack (how much
 * later it could have finished before anything waiting for it, or the end, starts later), and
 * the critical path (back from the step that finished last along what each waited for). This
 * is a pure function.
 */
function chainOfWaits(timeline: Timeline): {
  readonly waitedFor: readonly (number | undefined)[];
  readonly slack: readonly number[];
  readonly path: readonly number[];
  readonly makespan: number;
} {
  const { starts, ends, after, teams } = timeline;
  const n = starts.length;
  const makespan = maxOf(ends, 0);
  const teamMates = (index: number): number[] => {
    const team = teams[index];
    if (team === undefined) return [];
    return teams.flatMap((other, j) => (j !== index && other === team ? [j] : []));
  };
  const waitedFor = starts.map((start, index) => {
    let best: number | undefined;
    // Dependencies first, so that a tie goes to the step named in after:.
    for (const candidate of [...after[index]!, ...teamMates(index)]) {
      const end = ends[candidate]!;
      if (ms(end) > ms(start)) continue;
      if (best === undefined || ms(end) > ms(ends[best]!)) best = candidate;
    }
    return best;
  });
  const slack = ends.map((end, index) => {
    let room = makespan - end;
    for (let k = 0; k < n; k++) {
      if (k === index) continue;
      const waits = after[k]!.includes(index) || waitedFor[k] === index;
      if (waits) room = Math.min(room, starts[k]! - end);
    }
    // The team's next step: the person was free for it only once this one ended.
    for (const mate of teamMates(index))
      if (ms(starts[mate]!) >= ms(end)) room = Math.min(room, starts[mate]! - end);
    return ms(Math.max(0, room));
  });
  let last = -1;
  for (let index = 0; index < n; index++) if (last < 0 || ends[index]! > ends[last]!) last = index;
  const path: number[] = [];
  for (
    let at: number | undefined = last;
    at !== undefined && at >= 0 && !path.includes(at);
    at = waitedFor[at]
  )
    path.push(at);
  return { waitedFor, slack, path: path.reverse(), makespan: ms(makespan) };
}

/**
 * The estimated and the actual critical path of a journal whose steps carry `after:`, or
 * undefined for a sequential plan (an older journal, or a plan without `team:`/`after:`).
 * The estimate is the schedule `check` estimates with; the actual timeline is the recorded
 * start and finish of each step, with the steps not finished projected from `nowSeconds` (the
 * last event's drill time).
 */
function compareCriticalPaths(
  start: StartEvent,
  records: readonly { startSeconds?: number; endSeconds?: number; result: StepRecord['result'] }[],
  nowSeconds: number,
): CriticalPathComparison | undefined {
  const snapshots = start.scenario.steps;
  const estimated = estimatedSchedule(start.scenario);
  if (estimated === undefined) return undefined;
  const after = schedulableSnapshots(snapshots, () => 0).map((step) => step.after);
  const teams = snapshots.map((snapshot) => snapshot.team);
  const recorded = snapshots.map((snapshot) => {
    const record = records[snapshot.index];
    return record?.startSeconds !== undefined && record.endSeconds !== undefined;
  });
  const starts: number[] = [];
  const ends: number[] = [];
  for (const snapshot of snapshots) {
    const record = records[snapshot.index];
    const estimate = snapshot.estimatedSeconds;
    if (record?.startSeconds !== undefined && record.endSeconds !== undefined) {
      starts.push(record.startSeconds);
      ends.push(Math.max(record.startSeconds, record.endSeconds));
    } else if (record?.startSeconds !== undefined) {
      starts.push(record.startSeconds);
      ends.push(Math.max(nowSeconds, record.startSeconds + estimate));
    } else {
      const ready = Math.max(nowSeconds, ...after[snapshot.index]!.map((parent) => ends[parent] ?? 0));
      starts.push(ready);
      ends.push(ready + estimate);
    }
  }
  const actual = chainOfWaits({ starts, ends, after, teams });
  const planned = chainOfWaits({
    starts: estimated.steps.map((step) => step.startSeconds),
    ends: estimated.steps.map((step) => step.endSeconds),
    after,
    teams,
  });
  return {
    estimatedSeconds: estimated.makespanSeconds,
    actualSeconds: actual.makespan,
    complete: recorded.every(Boolean),
    estimatedPath: estimated.criticalPath,
    actualPath: actual.path,
    steps: snapshots.map((snapshot) => {
      const index = snapshot.index;
      const plannedStep = estimated.steps[index]!;
      const waited = actual.waitedFor[index];
      return {
        index,
        ...(snapshot.team === undefined ? {} : { team: snapshot.team }),
        estimatedStartSeconds: plannedStep.startSeconds,
        estimatedEndSeconds: plannedStep.endSeconds,
        estimatedCritical: plannedStep.critical,
        estimatedSlackSeconds: planned.slack[index]!,
        actualStartSeconds: ms(starts[index]!),
        actualEndSeconds: ms(ends[index]!),
        actualCritical: actual.path.includes(index),
        actualSlackSeconds: actual.slack[index]!,
        ...(waited === undefined ? {} : { waitedFor: waited }),
        actualWaitSeconds: ms(Math.max(0, starts[index]! - (waited === undefined ? 0 : ends[waited]!))),
        recorded: recorded[index]!,
      };
    }),
  };
}

/**
 * The `drills:` entry as one line of YAML, in the flow style docs/environment.md uses:
 * `- { scenario: workflow-server-lost, date: 2026-05-14, outcome: passed, duration: 3h }`.
 * The scenario id is kebab-case (the plan schema enforces it), so it needs no quoting; it is
 * quoted anyway if a hand-edited journal says otherwise. This is a pure function.
 */
export function drillsEntryYaml(entry: DrillsEntry): string {
  const scenario = /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(entry.scenario)
    ? entry.scenario
    : JSON.stringify(entry.scenario);
  const date = /^\d{4}-\d{2}-\d{2}$/.test(entry.date) ? entry.date : JSON.stringify(entry.date);
  return `- { scenario: ${scenario}, date: ${date}, outcome: ${entry.outcome}, duration: ${entry.duration} }`;
}
