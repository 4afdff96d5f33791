/**
 * The two timelines of a drill as one Mermaid `gantt`: the plan's estimate (steps back to
 * back, as long as `estimateStepSeconds` says) above what actually happened (each step from
 * its first presentation to the answer that closed it), with the injected faults and the
 * deviations as milestones and a vertical marker at the RTO.
 *
 * `src/report/mermaid/gantt.ts` draws one estimated timeline from a `Scenario`; a drill has
 * two timelines and works from its journal, so it has its own builder, with the same escaping
 * (`mermaidText`) and the same time-zone-proof axis: chart time counts units from zero and the
 * axis prints `%s` (seconds since the epoch), which no time zone changes.
 */
import { formatDuration } from '../common/duration.js';
import { mermaidId, mermaidText } from '../report/mermaid/escape.js';
import type { AfterAction } from './after-action.js';
import { actionText, formatClock } from './format.js';

/** Axis units: a drill rehearsed on a lab in minutes and a site loss over a weekend both read well. */
const UNITS = [
  { suffix: 's', seconds: 1, upTo: 180 },
  { suffix: 'm', seconds: 60, upTo: 3 * 3600 },
  { suffix: 'h', seconds: 3600, upTo: Number.POSITIVE_INFINITY },
] as const;

/** Units between axis ticks: the smallest that keeps the axis under ~16 ticks. */
const TICKS = [1, 2, 5, 10, 15, 30, 60, 120, 240, 480, 960] as const;

/** Characters of a step's text kept in a task name: long manual descriptions would swamp the chart. */
const MAX_LABEL = 60;

/** A task name: a fixed prefix so no name can start with a gantt keyword, then escaped (and shortened) text. */
function taskName(prefix: string, text: string, suffix = ''): string {
  const characters = [...text];
  const short = characters.length > MAX_LABEL ? `${characters.slice(0, MAX_LABEL - 1).join('')}…` : text;
  return `${prefix}. ${mermaidText(`${short}${suffix}`)}`;
}

/**
 * The drill's Gantt chart (estimated and actual timelines). Failed attempts and steps that
 * ended after the RTO are `crit`, skipped steps `done`, a step still open `active`, and a
 * step of no duration a milestone. This is a pure function.
 */
export function drillGantt(report: AfterAction): string {
  const span = Math.max(report.estimatedSeconds, report.elapsedSeconds, report.rtoSeconds, 1);
  const unit = UNITS.find((candidate) => span <= candidate.upTo) ?? UNITS[2];
  const chart = (seconds: number): number => Math.round((seconds / unit.seconds) * 1000);
  const tick = TICKS.find((candidate) => span / unit.seconds / candidate <= 16) ?? TICKS[10];

  const lines: string[] = [
    'gantt',
    `  title ${mermaidText(
      `drill ${report.scenario.id}: ${report.completed ? 'took' : 'so far'} ${formatClock(report.elapsedSeconds * 1000)}, estimated ${formatDuration(report.estimatedSeconds)}, RTO ${formatDuration(report.rtoSeconds)}`,
    )}`,
    // `x` (epoch milliseconds): Mermaid 11 reads integer starts and ends consistently only in it.
    '  dateFormat x',
    `  axisFormat %s${unit.suffix}`,
    `  tickInterval ${tick}second`,
    '  todayMarker off',
    `  section ${mermaidText('estimated (plan)')}`,
  ];
  for (const step of report.steps) {
    const start = step.plannedStartSeconds;
    const end = start + step.estimatedSeconds;
    const tags: string[] = [];
    if (end > report.rtoSeconds) tags.push('crit');
    if (step.estimatedSeconds === 0) tags.push('milestone');
    lines.push(
      `  ${taskName(`E${step.index + 1}`, actionText(step.action, step.params), ` (${formatDuration(step.estimatedSeconds)})`)} : ${[...tags, mermaidId('e', String(step.index + 1)), chart(start), chart(end)].join(', ')}`,
    );
  }

  lines.push(`  section ${mermaidText('actual (drill)')}`);
  for (const step of report.steps) {
    if (step.startSeconds === undefined) continue;
    const end = step.endSeconds ?? report.elapsedSeconds;
    const tags: string[] = [];
    if (step.failures.length > 0 || end > report.rtoSeconds) tags.push('crit');
    if (step.result === 'skipped') tags.push('done');
    if (step.result === 'in-progress') tags.push('active');
    if (chart(end) === chart(step.startSeconds)) tags.push('milestone');
    const what =
      step.result === 'skipped'
        ? 'skipped'
        : step.result === 'in-progress'
          ? 'in progress'
          : formatClock((end - step.startSeconds) * 1000);
    const retries = step.attempts > 1 ? `, ${step.attempts} attempts` : '';
    lines.push(
      `  ${taskName(`A${step.index + 1}`, actionText(step.action, step.params), ` (${what}${retries})`)} : ${[...tags, mermaidId('a', String(step.index + 1)), chart(step.startSeconds), chart(end)].join(', ')}`,
    );
  }

  const announced = report.faults.filter((fault) => fault.announced);
  if (announced.length > 0 || report.deviations.length > 0) {
    lines.push(`  section ${mermaidText('faults and deviations')}`);
    announced.forEach((fault, index) => {
      const at = chart(fault.elapsedSeconds ?? 0);
      lines.push(
        `  ${taskName(`F${index + 1}`, `surprise at step ${fault.step + 1}: ${fault.fault.kind}`)} : ${['milestone', 'crit', mermaidId('f', String(index + 1)), at, at].join(', ')}`,
      );
    });
    report.deviations.forEach((deviation, index) => {
      const at = chart(deviation.elapsedSeconds);
      const tags = deviation.violations.length > 0 ? ['milestone', 'crit'] : ['milestone'];
      lines.push(
        `  ${taskName(`D${index + 1}`, `deviation ${actionText(deviation.action, deviation.params)}`)} : ${[...tags, mermaidId('d', String(index + 1)), at, at].join(', ')}`,
      );
    });
  }
  const rto = chart(report.rtoSeconds);
  lines.push(`  ${mermaidText(`RTO ${formatDuration(report.rtoSeconds)}`)} : vert, rto, ${rto}, ${rto}`);
  return `${lines.join('\n')}\n`;
}
