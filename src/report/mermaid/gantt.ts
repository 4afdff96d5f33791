import { formatDuration } from '../../common/duration.js';
import type { Environment } from '../../environment/types.js';
import { isParallel } from '../../plan/dependencies.js';
import { estimateStepSeconds } from '../../plan/durations.js';
import { scheduleScenario } from '../../plan/schedule.js';
import type { Scenario } from '../../plan/types.js';
import { mermaidId, mermaidText } from './escape.js';

/**
 * Chart milliseconds per hour of plan time. Mermaid formats gantt axes with d3's local-time
 * formatter, so an axis of real times (`%H:%M` from the epoch) would read 05:30 at the start
 * for a reader in India. Instead one hour of the plan is drawn as one second of chart time and
 * the axis uses `%s` (seconds since the epoch), which no time zone changes: the axis then
 * counts hours from the start of the recovery.
 */
const CHART_MS_PER_HOUR = 1000;

/** Hours between axis ticks: the smallest of these that keeps the axis under ~16 ticks. */
const TICK_HOURS = [1, 2, 3, 4, 6, 8, 12, 24, 48, 72, 168, 336, 672] as const;

function chartMs(seconds: number): number {
  return Math.round((seconds / 3600) * CHART_MS_PER_HOUR);
}

/**
 * A gantt task name. The gantt grammar reads a task name up to the first `:` and treats `#`
 * as a comment, so both must never appear raw; {@link mermaidText} writes them (and every
 * other special character) as decimal entity codes, which Mermaid turns into a placeholder
 * before lexing and back into the character in the SVG. The fixed `N. ` prefix keeps a name
 * from starting with a gantt keyword (`section`, `title`, `click`, a date…).
 */
function taskName(position: number, text: string): string {
  return `${position}. ${mermaidText(text)}`;
}

/**
 * The estimated timeline of a scenario as a Mermaid `gantt`: one task per step, back to back,
 * each as long as {@link estimateStepSeconds} says; steps that end after the RTO are marked
 * `crit`, zero-length steps are milestones, and a vertical marker (the `vert` tag, added to
 * Mermaid 11 in 2025) stands at the RTO. Consecutive steps with the same owner share a section. The axis counts
 * hours from the start of the recovery (see {@link CHART_MS_PER_HOUR}). This is a pure function.
 */
export function ganttDiagram(env: Environment, scenario: Scenario): string {
  if (isParallel(scenario) || scenario.steps.some((step) => step.team !== undefined))
    return teamGantt(env, scenario);
  const rtoSeconds = env.objectives.rtoSeconds;
  let elapsed = 0;
  const tasks: string[] = [];
  // `null` before the first step, so that the first step always opens a section.
  let section: string | undefined | null = null;
  for (const step of scenario.steps) {
    if (step.owner !== section || section === null) {
      tasks.push(`  section ${mermaidText(step.owner === undefined ? 'steps' : `owner ${step.owner}`)}`);
      section = step.owner;
    }
    const { seconds } = estimateStepSeconds(env, step);
    const start = elapsed;
    elapsed += seconds;
    tasks.push(taskLine(step, start, elapsed, elapsed > rtoSeconds));
  }

  const title = `scenario ${scenario.id}: estimated ${formatDuration(elapsed)}, RTO ${formatDuration(rtoSeconds)}`;
  return ganttChart(title, elapsed, rtoSeconds, tasks);
}

/** One task of the chart: the step's number, action, parameters and duration, and its span. */
function taskLine(
  step: Scenario['steps'][number],
  startSeconds: number,
  endSeconds: number,
  critical: boolean,
): string {
  const seconds = endSeconds - startSeconds;
  const values = Object.values(step.params);
  const name = taskName(
    step.index + 1,
    `${step.action}${values.length > 0 ? ` ${values.join(' ')}` : ''} (${formatDuration(seconds)})`,
  );
  const tags: string[] = [];
  if (critical) tags.push('crit');
  if (seconds === 0) tags.push('milestone');
  const id = mermaidId('s', String(step.index + 1));
  return `  ${name} : ${[...tags, id, chartMs(startSeconds), chartMs(endSeconds)].join(', ')}`;
}

/** The chart around its tasks: the title, the hour axis with a tick fitting the span, and the RTO line. */
function ganttChart(
  title: string,
  elapsedSeconds: number,
  rtoSeconds: number,
  tasks: readonly string[],
): string {
  const spanHours = Math.max(elapsedSeconds, rtoSeconds) / 3600;
  const tick = TICK_HOURS.find((hours) => spanHours / hours <= 16) ?? TICK_HOURS[TICK_HOURS.length - 1]!;
  return `${[
    'gantt',
    `  title ${mermaidText(title)}`,
    // `x` (epoch milliseconds), not `X`: Mermaid 11 reads an integer start as milliseconds
    // even under `dateFormat X` but an integer end as seconds, so only `x` is consistent.
    '  dateFormat x',
    '  axisFormat %sh',
    `  tickInterval ${tick * (CHART_MS_PER_HOUR / 1000)}second`,
    '  todayMarker off',
    ...tasks,
    `  ${mermaidText(`RTO ${formatDuration(rtoSeconds)}`)} : vert, rto, ${chartMs(rtoSeconds)}, ${chartMs(rtoSeconds)}`,
  ].join('\n')}\n`;
}

/** The section of the steps without a team: "anyone" (docs/plan.md, Parallel recovery). */
const ANYONE = 'anyone';

/**
 * The schedule of a scenario with teams or dependencies (`scheduleScenario`): one section per
 * team in order of first appearance (steps without a team under "anyone"), each step at its
 * scheduled start, and the critical path marked `crit`. This is a pure function.
 */
function teamGantt(env: Environment, scenario: Scenario): string {
  const rtoSeconds = env.objectives.rtoSeconds;
  const schedule = scheduleScenario(env, scenario);
  const lanes = new Map<string, number[]>();
  for (const step of scenario.steps) {
    const lane = step.team === undefined ? ANYONE : `team ${step.team}`;
    lanes.set(lane, [...(lanes.get(lane) ?? []), step.index]);
  }
  const tasks: string[] = [];
  for (const [lane, indices] of lanes) {
    tasks.push(`  section ${mermaidText(lane)}`);
    const byStart = [...indices].sort(
      (a, b) => schedule.steps[a]!.startSeconds - schedule.steps[b]!.startSeconds || a - b,
    );
    for (const index of byStart) {
      const { startSeconds, endSeconds, critical } = schedule.steps[index]!;
      tasks.push(taskLine(scenario.steps[index]!, startSeconds, endSeconds, critical));
    }
  }
  const elapsed = schedule.makespanSeconds;
  const title = `scenario ${scenario.id}: critical path ${formatDuration(elapsed)} (${schedule.criticalPath.length} steps), RTO ${formatDuration(rtoSeconds)}`;
  return ganttChart(title, elapsed, rtoSeconds, tasks);
}
