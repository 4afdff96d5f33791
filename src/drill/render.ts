/**
 * How a drill looks in the terminal: each journal event as the lines the team reads, the
 * prompt with its clock, the help. The same text is the transcript of a scripted drill, so
 * nothing here depends on a terminal; colour comes in through {@link Paint}.
 */
import { formatDuration } from '../common/duration.js';
import { printable } from '../common/printable.js';
import { ACTIONS } from '../plan/actions.js';
import { getRule } from '../rules/catalog.js';
import { startableSteps, stepLabel } from './concurrent.js';
import { ANSWER_KEYS, CONCURRENT_ANSWER_KEYS, type DrillContext, type DrillState } from './core.js';
import type { JournalEvent, StartBody } from './events.js';
import { actionText, formatClock } from './format.js';
import { estimatedTimeline, isParallelDrill } from './schedule.js';

/** Colour functions: picocolors' when colour is on, identity otherwise. */
export interface Paint {
  readonly bold: (text: string) => string;
  readonly dim: (text: string) => string;
  readonly red: (text: string) => string;
  readonly yellow: (text: string) => string;
  readonly green: (text: string) => string;
  readonly cyan: (text: string) => string;
}

const same = (text: string): string => text;

/** No colour: for transcripts, files and tests. */
export const PLAIN: Paint = { bold: same, dim: same, red: same, yellow: same, green: same, cyan: same };

/**
 * Journal, plan and environment text is untrusted: a control character would move the cursor,
 * retitle the window or fake a line, so every such field is shown through the one escaper.
 */
const clean = printable;

/** `0:12:34 of RTO 12h (11:47:26 left)`, or how far past the RTO the drill is. */
export function clockLine(elapsedMs: number, rtoSeconds: number, paint: Paint): string {
  const rtoMs = rtoSeconds * 1000;
  const rto = formatDuration(rtoSeconds);
  if (elapsedMs > rtoMs)
    return paint.red(
      `⏱ ${formatClock(elapsedMs)} of RTO ${rto}: exceeded by ${formatClock(elapsedMs - rtoMs)}`,
    );
  // Rounded up, so that a fresh drill shows the whole RTO left, not one second less.
  return `⏱ ${formatClock(elapsedMs)} of RTO ${rto} (${formatClock(Math.ceil((rtoMs - elapsedMs) / 1000) * 1000)} left)`;
}

/** The prompt of an interactive drill: the clock against the RTO, and where the drill stands. */
export function promptText(
  context: DrillContext,
  state: DrillState,
  elapsedMs: number,
  paint: Paint,
): string {
  const rtoMs = context.start.objectives.rtoSeconds * 1000;
  const clock = `${formatClock(elapsedMs)} / RTO ${formatDuration(context.start.objectives.rtoSeconds)}`;
  const total = context.start.scenario.steps.length;
  const painted = elapsedMs > rtoMs ? paint.red(clock) : paint.cyan(clock);
  if (isParallelDrill(context.start.scenario)) {
    const running = state.running.map((entry) => entry.step + 1);
    return `[${painted}] ${running.length === 1 ? 'step' : 'steps'} ${running.join(', ')} in progress · ${state.finished.length}/${total} answered (b d f s x n l ? q) > `;
  }
  return `[${painted}] step ${state.position + 1}/${total} (d f s x n ? q) > `;
}

/**
 * The answer keys; a drill of a plan with `team:`/`after:` adds starting a step and the list
 * of what is in progress.
 */
export function helpText(concurrent = false): string {
  const keys = [...ANSWER_KEYS, ...(concurrent ? CONCURRENT_ANSWER_KEYS : [])];
  const width = Math.max(...keys.map((entry) => entry.usage.length));
  return `${[
    'Answers:',
    ...keys.map((entry) => `  ${entry.usage.padEnd(width)}  ${entry.meaning}`),
    `  Actions for x: ${Object.keys(ACTIONS).join(', ')}`,
    '  Parameters: key=value; quote values with spaces (description="…"); x <action> alone lists what it needs.',
  ].join('\n')}\n`;
}

/** The drill's opening: the scenario, what is lost, the RTO, the surprises. */
export function renderStart(start: StartBody, journalFile: string, paint: Paint): string {
  const scenario = start.scenario;
  // With team:/after: the critical path under the teams' capacity, else the sum.
  const estimate = estimatedTimeline(scenario).totalSeconds;
  const lost = [
    ...scenario.lost.computers.map((name) => `computer ${name}`),
    ...scenario.lost.databases.map((name) => `database ${name} (corrupt, host intact)`),
    ...scenario.lost.sites.map((name) => `site ${name}`),
  ];
  const lines = [
    paint.bold(
      `DRILL ${clean(scenario.id)}${scenario.title === undefined ? '' : ` — ${clean(scenario.title)}`}`,
    ),
    `  environment  ${clean(start.environment.name)} (${clean(start.environment.file)})`,
    `  plan         ${clean(start.plan.file)} (${scenario.hash.slice(0, 19)}…)`,
    `  lost         ${clean(lost.join(', '))}`,
    `  objectives   RTO ${formatDuration(start.objectives.rtoSeconds)} · RPO ${formatDuration(start.objectives.rpoSeconds)} · the plan estimates ${formatDuration(estimate)} for ${scenario.steps.length} steps`,
  ];
  if (start.inject !== undefined)
    lines.push(
      `  surprises    ${start.inject.faults.length} injected (seed ${start.inject.seed}); each is announced when its step comes up`,
    );
  lines.push(`  journal      ${clean(journalFile)}`);
  lines.push(
    paint.dim(
      'Answer each step: d done · f <note> failed · s skipped · x <action> key=value … deviation · n <text> note · ? help · q quit',
    ),
  );
  if (isParallelDrill(scenario))
    lines.push(
      paint.dim(
        'Several steps may be in progress at once: b <step> begins one whose after: steps are done · d/f/s <step> answers it · l lists them',
      ),
    );
  return `${lines.join('\n')}\n`;
}

/**
 * In a plan with `team:`/`after:`: the steps in progress and, per team, the steps that can
 * start now (every step they wait for done), the list `l` shows and every change prints.
 */
export function renderConcurrentStatus(context: DrillContext, state: DrillState, paint: Paint): string {
  const scenario = context.start.scenario;
  const steps = scenario.steps;
  const label = (index: number) => clean(stepLabel(steps, index));
  const teamOf = (index: number) => steps[index]?.team;
  const running = state.running.map((entry) => {
    const team = teamOf(entry.step);
    return `${label(entry.step)}${team === undefined ? '' : ` (${clean(team)})`}`;
  });
  const startable = startableSteps(steps, state.running, state.finished);
  // Teams in the order the scenario declares them, then as its steps name them; "anyone" last.
  const teams = [...Object.keys(scenario.teams ?? {})];
  for (const snapshot of steps)
    if (snapshot.team !== undefined && !teams.includes(snapshot.team)) teams.push(snapshot.team);
  const groups: string[] = [];
  for (const team of [...teams, undefined]) {
    const mine = startable.filter((index) => teamOf(index) === team);
    if (mine.length > 0)
      groups.push(`${team === undefined ? 'anyone' : clean(team)}: ${mine.map(label).join(', ')}`);
  }
  const lines = [
    `   in progress  ${running.length === 0 ? 'none' : running.join(' · ')}`,
    `   can start    ${groups.length === 0 ? 'none (waiting for the steps in progress)' : `${groups.join(' · ')}  ${paint.dim('(b <step>)')}`}`,
  ];
  return `${lines.join('\n')}\n`;
}

/** A step as it is presented: action, procedure reference, expected duration, owner, clock. */
export function renderStepPresentation(
  start: StartBody,
  index: number,
  attempt: number,
  elapsedMs: number,
  paint: Paint,
  resumed = false,
): string {
  const steps = start.scenario.steps;
  const step = steps[index]!;
  const plannedStart = estimatedTimeline(start.scenario).starts[index] ?? 0;
  const spec = ACTIONS[step.action];
  const label = attempt > 1 ? ` (retry, attempt ${attempt})` : resumed ? ' (resumed)' : '';
  const id = step.id === undefined ? '' : ` [${clean(step.id)}]`;
  const lines = [
    '',
    paint.bold(
      `── Step ${index + 1}/${steps.length}${id}${label} · ${clean(actionText(step.action, step.params))}`,
    ),
    `   ${spec.description}`,
    `   procedure  ${step.citations.length > 0 ? step.citations.join(', ') : 'none (a manual step)'}`,
    `   expected   ${formatDuration(step.estimatedSeconds)} (${step.durationSource === 'step' ? 'plan' : step.durationSource}) · planned start ${formatDuration(plannedStart)}${step.owner === undefined ? '' : ` · owner ${clean(step.owner)}`}${step.team === undefined ? '' : ` · team ${clean(step.team)}`}${step.after === undefined || step.after.length === 0 ? '' : ` · after step${step.after.length === 1 ? '' : 's'} ${step.after.map((parent) => parent + 1).join(', ')}`}`,
  ];
  if (step.note !== undefined) lines.push(`   note       ${clean(step.note)}`);
  lines.push(`   clock      ${clockLine(elapsedMs, start.objectives.rtoSeconds, paint)}`);
  return `${lines.join('\n')}\n`;
}

/** The lines an event prints when it happens (the start and the end are printed by the session). */
export function renderEvent(context: DrillContext, event: JournalEvent, paint: Paint): string {
  const start = context.start;
  switch (event.type) {
    case 'start':
    case 'end':
      return '';
    case 'step':
      return renderStepPresentation(start, event.step, event.attempt, event.elapsedMs, paint);
    case 'fault': {
      const lines = [paint.yellow(paint.bold(`⚡ SURPRISE: ${clean(event.description)}`))];
      for (const change of event.changes) lines.push(paint.yellow(`   models: ${clean(change)}`));
      return `\n${lines.join('\n')}\n`;
    }
    case 'answer': {
      const n = event.step + 1;
      const note = event.note === undefined ? '' : `: ${clean(event.note)}`;
      if (event.answer === 'done') return `${paint.green(`✓ step ${n} done`)}${note}\n`;
      if (event.answer === 'skipped') return `${paint.yellow(`↷ step ${n} skipped`)}${note}\n`;
      return `${paint.red(`✗ step ${n} failed`)}${note}\n  retry it (d when it works, f if it fails again), adapt with x …, or skip it (s)\n`;
    }
    case 'deviation':
      return `${paint.cyan('↪ deviation recorded')} and applied to the models: ${clean(actionText(event.action, event.params))}\n`;
    case 'violation': {
      const rule = getRule(event.ruleId);
      const mark = event.severity === 'error' ? paint.red : paint.yellow;
      const lines = [mark(`⚠ ${event.ruleId} (${event.citation}): ${clean(event.message)}`)];
      if (rule !== undefined) lines.push(paint.dim(`   rule: ${rule.title} (docs/rules/${rule.id}.md)`));
      return `${lines.join('\n')}\n`;
    }
    case 'note':
      return `${paint.dim('✎ note recorded')}\n`;
    case 'quit':
    case 'begin':
      // The step's presentation follows at once and says everything.
      return '';
  }
}
