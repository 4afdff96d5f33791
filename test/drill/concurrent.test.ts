/**
 * Several steps in progress at once, in a drill of a plan with `team:`/`after:`
 * (hq-site-lost-two-teams: the DBA and the SCSM administrator): starting a step while others
 * run, answering them in any order, the refusal of a step whose `after:` steps are not done,
 * the journal replayed, and the actual critical path of the recorded times.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { afterAction } from '../../src/drill/after-action.js';
import { resolveStepReference, startableSteps } from '../../src/drill/concurrent.js';
import {
  awaitingAnswer,
  evolve,
  interpret,
  JournalMismatchError,
  replay,
  scenarioHash,
} from '../../src/drill/core.js';
import type { JournalEvent } from '../../src/drill/events.js';
import { stamp } from '../../src/drill/journal.js';
import { PLAIN, renderConcurrentStatus } from '../../src/drill/render.js';
import { renderDrillHtml, renderDrillJson, renderDrillMarkdown } from '../../src/drill/report.js';
import type { Scenario } from '../../src/plan/types.js';
import { drillOf, haFixture, runInMemory, type TimedAnswer } from './fixtures.js';

const SCENARIO = 'hq-site-lost-two-teams';

/** Index (0-based) of a step of the two-team scenario by its plan id. */
async function indexOf(id: string): Promise<number> {
  const step = (await haFixture()).scenario(SCENARIO).steps.find((candidate) => candidate.id === id);
  if (step === undefined) throw new Error(`no step ${id}`);
  return step.index;
}

/** The first presentation and the closing answer of each step, in drill seconds. */
function times(events: readonly JournalEvent[]): Map<number, { start?: number; end?: number }> {
  const result = new Map<number, { start?: number; end?: number }>();
  for (const event of events) {
    if (event.type === 'step' && event.attempt === 1)
      result.set(event.step, { start: event.elapsedMs / 1000 });
    if (event.type === 'answer' && event.answer !== 'failed') {
      const entry = result.get(event.step) ?? {};
      result.set(event.step, { ...entry, end: event.elapsedMs / 1000 });
    }
  }
  return result;
}

describe('a drill with several steps in progress', () => {
  it('starts a step of the other team while one is in progress and finishes them in any order', async () => {
    const context = await drillOf(SCENARIO);
    const stop = await indexOf('sm02-stop');
    const health = await indexOf('sm02-health');
    const run = await runInMemory(context, [
      `b ${stop + 1}`,
      [600, `d ${stop + 1} stopped on the first try`],
      'b sm02-health',
      [1200, 'd sql-host'],
      [60, `f ${health + 1} the folder was locked`],
      [30, 'd'],
      'q',
    ]);
    const steps = times(run.events);
    // Step 1 was presented at once; the team began sm02-stop beside it and finished it first.
    expect(steps.get(0)).toEqual({ start: 0, end: 1800 });
    expect(steps.get(stop)).toEqual({ start: 0, end: 600 });
    expect(steps.get(health)).toEqual({ start: 600, end: 1890 });
    // With nothing in progress the drill presents the first step not started, as it always did.
    expect(steps.get(1)).toEqual({ start: 1890 });
    expect(run.events.filter((event) => event.type === 'begin').map((event) => event.step)).toEqual([
      stop,
      health,
    ]);
    expect(run.transcript).toContain(`✓ step ${stop + 1} done: stopped on the first try`);
    expect(run.transcript).toContain(`── Step ${health + 1}/34 [sm02-health] (retry, attempt 2)`);
    expect(run.transcript).toContain(`   in progress  1 sql-host (dba) · ${stop + 1} sm02-stop (sm-admin)`);
    // The one step left in progress after the failure is answered with a bare d.
    expect(run.state.finished).toEqual([stop, 0, health]);
    expect(run.state.running.map((entry) => entry.step)).toEqual([1]);
    // The journal replays to the same state.
    expect(replay(context, run.events)).toEqual(run.state);
  });

  it('refuses to begin a step before its after: steps are done, naming them', async () => {
    const context = await drillOf(SCENARIO);
    const promote = await indexOf('promote');
    const run = await runInMemory(context, ['b promote', 'b 1', 'b', 'b no-such-step', 'q']);
    expect(run.transcript).toContain(
      `! step ${promote + 1} promote cannot start yet: it waits for steps 5 sm-db-permissions (not started), 8 sm02-health (not started); it can start when they are done`,
    );
    expect(run.transcript).toContain('! step 1 sql-host is already in progress');
    expect(run.transcript).toMatch(
      /! b needs the step to begin \(its number or id\); can start now: 7 sm02-stop, 11 dw-sql-host/,
    );
    expect(run.transcript).toContain("! there is no step 'no-such-step'");
    expect(run.events.some((event) => event.type === 'begin')).toBe(false);
  });

  it('asks which step an answer is for when several are in progress, and refuses a step not in progress', async () => {
    const context = await drillOf(SCENARIO);
    const run = await runInMemory(context, ['b 7']);
    const state = run.state;
    expect(awaitingAnswer(context, state)).toBe(true);
    expect(interpret(context, state, 'd')).toEqual({
      kind: 'error',
      message: '2 steps are in progress (1 sql-host, 7 sm02-stop): name the step first, e.g. d 7',
    });
    expect(interpret(context, state, 'd sm01-host')).toEqual({
      kind: 'error',
      message: 'step 30 sm01-host is not in progress (in progress: 1 sql-host, 7 sm02-stop)',
    });
    expect(interpret(context, state, 'f 7')).toEqual({
      kind: 'error',
      message: 'f needs a note: what failed? (f 7 <note>)',
    });
    expect(interpret(context, state, 's SM02-STOP not needed')).toEqual({
      kind: 'events',
      events: [{ type: 'answer', step: 6, answer: 'skipped', note: 'not needed' }],
    });
    expect(interpret(context, state, 'l')).toEqual({ kind: 'list' });
    // x, n and q belong to the step in focus: the one presented last.
    expect(interpret(context, state, 'n called the DBA')).toEqual({
      kind: 'events',
      events: [{ type: 'note', step: 6, text: 'called the DBA' }],
    });
  });

  it('refuses a hand-edited journal that begins a step before its after: steps are done', async () => {
    const context = await drillOf(SCENARIO);
    const promote = await indexOf('promote');
    const events: JournalEvent[] = [
      stamp(context.start, 1, 0, 0),
      stamp({ type: 'step', step: 0, attempt: 1 }, 2, 0, 0),
      stamp({ type: 'begin', step: promote }, 3, 0, 1000),
    ];
    expect(() => replay(context, events)).toThrow(JournalMismatchError);
    expect(() => replay(context, events)).toThrow(/line 3: step 9 promote cannot start yet/);
    // An answer for a step that is not in progress does not follow either.
    const answer = stamp({ type: 'answer', step: 3, answer: 'done' }, 3, 0, 1000);
    const state = replay(context, events.slice(0, 2));
    expect(() => evolve(context, state, answer)).toThrow(/step 4, which is not in progress/);
  });

  it('a sequential drill takes no b and no l, and its hash is computed as before teams existed', async () => {
    const context = await drillOf('workflow-server-lost');
    const run = await runInMemory(context, ['b 2', 'l', 'q']);
    expect(run.transcript).toContain("! unknown answer 'b'; type ? for the answer keys");
    expect(run.transcript).toContain("! unknown answer 'l'; type ? for the answer keys");
    // The canonical form of the hash before team:/after: existed, written out again here.
    const scenario = (await haFixture()).scenario('workflow-server-lost');
    const canonical = {
      id: scenario.id,
      title: scenario.title ?? null,
      lost: {
        computers: scenario.lost.computers.map((entry) => entry.name),
        databases: scenario.lost.databases.map((entry) => entry.name),
        sites: scenario.lost.sites.map((entry) => entry.name),
      },
      steps: scenario.steps.map((step) => ({
        action: step.action,
        params: Object.keys(step.params)
          .sort()
          .map((key) => [key, step.params[key]]),
        duration: step.durationSeconds ?? null,
        owner: step.owner ?? null,
        note: step.note ?? null,
      })),
    };
    const old = `sha256:${createHash('sha256').update(JSON.stringify(canonical), 'utf8').digest('hex')}`;
    expect(scenarioHash(scenario)).toBe(old);
  });

  it('the scenario hash changes with a step team, its after: and the teams: capacity, not with an id', async () => {
    const scenario = (await haFixture()).scenario(SCENARIO);
    const base = scenarioHash(scenario);
    const health = await indexOf('sm02-health');
    const withSteps = (change: (step: Scenario['steps'][number]) => Scenario['steps'][number]): Scenario => ({
      ...scenario,
      steps: scenario.steps.map((step) => (step.index === health ? change(step) : step)),
    });
    const { after: _after, ...noAfter } = scenario.steps[health]!;
    expect(scenarioHash(withSteps(() => ({ ...noAfter, after: [] })))).not.toBe(base);
    expect(scenarioHash(withSteps((step) => ({ ...step, team: 'dba' })))).not.toBe(base);
    expect(scenarioHash({ ...scenario, teams: { dba: 2, 'sm-admin': 1 } })).not.toBe(base);
    // Renaming an id (and the after: naming it) leaves the dependencies, and the hash, as they were.
    const renamed: Scenario = {
      ...scenario,
      steps: scenario.steps.map((step) => ({
        ...step,
        ...(step.id === 'sm02-stop' ? { id: 'stop-sm02' } : {}),
        ...(step.after === undefined
          ? {}
          : {
              after: step.after.map((entry) =>
                entry.id === 'sm02-stop' ? { ...entry, id: 'stop-sm02' } : entry,
              ),
            }),
      })),
    };
    expect(scenarioHash(renamed)).toBe(base);
  });

  it('announces a surprise at a begun step before its presentation, and the help names b and l', async () => {
    // Seed 27 makes nobody know the password of CVL-DW01's key backup (step 26, dw-key).
    const context = await drillOf(SCENARIO, { count: 3, seed: 27 });
    const key = await indexOf('dw-key');
    expect(context.start.inject?.faults.map((injected) => injected.step)).toContain(key);
    const run = await runInMemory(context, ['b dw-host', [60, 'd dw-host'], 'b dw-key', '?', 'q']);
    const tail = run.events.slice(-5).map((event) => `${event.type}${'step' in event ? event.step + 1 : ''}`);
    expect(tail).toEqual([`answer${key}`, `begin${key + 1}`, `fault${key + 1}`, `step${key + 1}`, 'quit26']);
    expect(run.transcript).toContain('⚡ SURPRISE');
    expect(run.transcript).toMatch(
      / {2}b <step> +begin a step \(its number or id\) while others are in progress/,
    );
    expect(run.transcript).toMatch(
      / {2}l +list the steps in progress and the steps that can start, per team/,
    );
    expect(run.transcript).toContain('Drill paused with steps 1, 26 in progress');
    expect(replay(context, run.events)).toEqual(run.state);
  });

  it('names steps by number, #number or id, and lists what can start per team', async () => {
    const context = await drillOf(SCENARIO);
    const steps = context.start.scenario.steps;
    expect(resolveStepReference(steps, '7')).toBe(6);
    expect(resolveStepReference(steps, '#7')).toBe(6);
    expect(resolveStepReference(steps, 'sm02-stop')).toBe(6);
    expect(resolveStepReference(steps, '35')).toBeUndefined();
    expect(resolveStepReference(steps, '0')).toBeUndefined();
    expect(startableSteps(steps, [], [])).toEqual([0, 6, 10, 24, 29]);
    const run = await runInMemory(context, []);
    expect(renderConcurrentStatus(context, run.state, PLAIN)).toBe(
      '   in progress  1 sql-host (dba)\n   can start    dba: 11 dw-sql-host · sm-admin: 7 sm02-stop, 25 dw-host, 30 sm01-host  (b <step>)\n',
    );
  });
});

describe('the actual critical path of a drill with several steps in progress', () => {
  it('follows the chain of waits of the recorded times and gives each step its slack', async () => {
    const context = await drillOf(SCENARIO);
    const count = context.start.scenario.steps.length;
    const answers: TimedAnswer[] = [
      'b 7',
      [600, 'd 7'],
      'b 8',
      [1200, 'd 1'],
      [60, 'd 8'],
      // Then one step at a time, in the written order, each a minute after the last.
      ...Array.from({ length: count - 3 }, () => [60, 'd'] as const),
    ];
    const run = await runInMemory(context, answers);
    expect(run.result.status).toBe('ended');
    const report = afterAction(run.events);
    const path = report.criticalPath!;
    expect(path.complete).toBe(true);
    const step = (index: number) => path.steps[index]!;
    expect(step(0)).toMatchObject({ actualStartSeconds: 0, actualEndSeconds: 1800, recorded: true });
    expect(step(0).waitedFor).toBeUndefined();
    expect(step(6)).toMatchObject({ actualStartSeconds: 0, actualEndSeconds: 600, actualSlackSeconds: 0 });
    // Step 8 waited for step 7 (its after:) and began the moment it ended.
    expect(step(7)).toMatchObject({ waitedFor: 6, actualWaitSeconds: 0, actualEndSeconds: 1860 });
    // Step 2 waited for step 1, and then for the team to take it up: a minute.
    expect(step(1)).toMatchObject({ waitedFor: 0, actualStartSeconds: 1860, actualWaitSeconds: 60 });
    // Step 1 could have taken a minute longer before step 2 (which waits for it) began.
    expect(step(0).actualSlackSeconds).toBe(60);
    // The drill ended with the last answer: that is the actual critical path's length.
    expect(path.actualSeconds).toBe(report.elapsedSeconds);
    const last = path.actualPath.at(-1)!;
    expect(step(last).actualEndSeconds).toBe(report.elapsedSeconds);
    // Each step on the path waited for the one before it.
    for (let i = 1; i < path.actualPath.length; i++)
      expect(step(path.actualPath[i]!).waitedFor).toBe(path.actualPath[i - 1]);
    expect(path.actualPath.every((index) => step(index).actualCritical)).toBe(true);
    // The estimated slack: sm01-host (30m, sm-admin) is far from the estimated critical path.
    expect(path.steps.every((entry) => entry.estimatedSlackSeconds >= 0)).toBe(true);
    expect(path.estimatedPath.every((index) => step(index).estimatedSlackSeconds === 0)).toBe(true);

    const markdown = renderDrillMarkdown(report);
    expect(markdown).toContain('| waited for |');
    expect(markdown).toContain('| step 1 \\(\\+0:01:00\\) |');
    expect(markdown).toMatch(/actual \d+:\d\d:\d\d \(steps [\d, ]+\)/);
    const json = JSON.parse(renderDrillJson(report)) as { criticalPath: { steps: { waitedFor?: number }[] } };
    expect(json.criticalPath.steps[7]!.waitedFor).toBe(6);
    expect(renderDrillHtml(report)).toContain('<th>waited for</th>');
    expect(run.transcript).toMatch(
      / {3}critical {3}actual \d+:\d\d:\d\d \(steps [\d, ]+\) · estimated 7h 55m \(steps [\d, ]+\)/,
    );
  });

  it('escapes team names and step ids from a hostile journal in every format and at the terminal', async () => {
    const context = await drillOf(SCENARIO);
    const run = await runInMemory(context, ['b 7', [60, 'd 7'], 'q']);
    const hostile = '<img src=x onerror=alert(1)>|`\u001b[2J';
    const events = run.events.map((event) =>
      event.type === 'start'
        ? {
            ...event,
            scenario: {
              ...event.scenario,
              steps: event.scenario.steps.map((snapshot) =>
                snapshot.index === 0 ? { ...snapshot, team: hostile, id: hostile } : snapshot,
              ),
            },
          }
        : event,
    );
    const report = afterAction(events);
    const html = renderDrillHtml(report);
    // (The page inlines the Mermaid library, which has its own tags: look for the journal's.)
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    const markdown = renderDrillMarkdown(report);
    expect(markdown).not.toContain('<img src=x');
    expect(markdown).not.toContain('\u001b');
    const hostileContext = {
      ...context,
      start: { ...context.start, scenario: (events[0] as typeof context.start & JournalEvent).scenario },
    };
    const status = renderConcurrentStatus(hostileContext, replay(hostileContext, events.slice(0, -1)), PLAIN);
    expect(status).not.toContain('\u001b');
    expect(status).toContain('\\x1b[2J');
  });
});
