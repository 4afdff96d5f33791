/**
 * The pure core of a drill: the state machine over events (present a step → answer → apply),
 * driven with an injected clock, and the live validation of deviations on the models.
 */
import { describe, expect, it } from 'vitest';
import {
  awaitingAnswer,
  drillOutcome,
  evolve,
  initialDrillState,
  interpret,
  JournalMismatchError,
  nextEvent,
  replay,
  resumeDrill,
  scenarioHash,
} from '../../src/drill/core.js';
import type { JournalEvent } from '../../src/drill/events.js';
import { stamp } from '../../src/drill/journal.js';
import { allDone, drillOf, FakeClock, haFixture, runInMemory } from './fixtures.js';

const DW_SETUP =
  'x install-data-warehouse-server computer=CVL-DW01 database=DWStagingAndConfig reportingUrl=http://cvl-dwsql01/ReportServer';

describe('the drill state machine', () => {
  it('starts, presents the first step, and waits for an answer', async () => {
    const context = await drillOf('workflow-server-lost');
    let state = initialDrillState(context);
    const first = nextEvent(context, state, 0);
    expect(first?.type).toBe('start');
    state = evolve(context, state, stamp(first!, 1, 0, 0));
    expect(nextEvent(context, state, 0)).toEqual({ type: 'step', step: 0, attempt: 1 });
    state = evolve(context, state, stamp({ type: 'step', step: 0, attempt: 1 }, 2, 0, 0));
    expect(awaitingAnswer(context, state)).toBe(true);
    expect(nextEvent(context, state, 0)).toBeUndefined();
  });

  it('applies a done step to the models and moves on', async () => {
    const context = await drillOf('workflow-server-lost');
    const state = replay(context, [
      stamp(context.start, 1, 0, 0),
      stamp({ type: 'step', step: 0, attempt: 1 }, 2, 0, 0),
    ]);
    const meaning = interpret(context, state, 'd');
    expect(meaning).toEqual({ kind: 'events', events: [{ type: 'answer', step: 0, answer: 'done' }] });
    const after = evolve(context, state, stamp({ type: 'answer', step: 0, answer: 'done' }, 3, 0, 60_000));
    expect(after.position).toBe(1);
    expect(after.model.components['ms:CVL-SM02']).toBe('servicesStopped.additional');
    expect(nextEvent(context, after, 60_000)).toEqual({ type: 'step', step: 1, attempt: 1 });
  });

  it('keeps a failed step current and presents it again as a retry; a skipped step is not applied', async () => {
    const context = await drillOf('workflow-server-lost');
    const run = await runInMemory(context, [
      [60, 'f the service would not stop'],
      [30, 'd'],
      [10, 's not needed'],
    ]);
    const types = run.events.map((event) =>
      event.type === 'step' ? `step${event.step}.${event.attempt}` : event.type,
    );
    expect(types).toEqual([
      'start',
      'step0.1',
      'answer',
      'step0.2',
      'answer',
      'step1.1',
      'answer',
      'step2.1',
    ]);
    expect(run.state.position).toBe(2);
    // Step 2 (clear Health Service State) was skipped: the models never saw it.
    expect(run.state.model.components['ms:CVL-SM02']).toBe('servicesStopped.additional');
    expect(run.transcript).toContain('✗ step 1 failed: the service would not stop');
    expect(run.transcript).toContain('── Step 1/9 (retry, attempt 2)');
    expect(run.result).toEqual({ status: 'input-ended' });
  });

  it('completes a whole scenario: the end event carries the verdict and the outcome', async () => {
    const context = await drillOf('workflow-server-lost');
    const run = await runInMemory(context, allDone(9));
    const end = run.events[run.events.length - 1]!;
    expect(end).toMatchObject({ type: 'end', outcome: 'passed', recovered: true, reasons: [] });
    expect(run.result).toEqual({ status: 'ended', outcome: 'passed' });
    expect(run.transcript).toContain('══ Drill ended: PASSED');
    expect(run.transcript).toContain(
      '- { scenario: workflow-server-lost, date: 2026-11-24, outcome: passed, duration: 9m }',
    );
  });

  it('stamps every event with the injected clock: wall time and drill time', async () => {
    const clock = new FakeClock();
    const context = await drillOf('workflow-server-lost');
    const run = await runInMemory(
      context,
      [
        [300, 'd'],
        [240, 'n the DBA joined'],
        [60, 'd'],
      ],
      { clock },
    );
    const answers = run.events.filter((event) => event.type === 'answer' || event.type === 'note');
    expect(answers.map((event) => [event.type, event.elapsedMs, event.at])).toEqual([
      ['answer', 300_000, '2026-11-24T08:05:00.000Z'],
      ['note', 540_000, '2026-11-24T08:09:00.000Z'],
      ['answer', 600_000, '2026-11-24T08:10:00.000Z'],
    ]);
    expect(run.transcript).toContain('clock      ⏱ 0:10:00 of RTO 12h (11:50:00 left)');
  });

  it('judges the RTO by the drill clock: all steps done but 13 hours later is partial', async () => {
    const context = await drillOf('workflow-server-lost');
    const answers = allDone(9);
    answers[4] = [13 * 3600, 'd'];
    const run = await runInMemory(context, answers);
    expect(run.result).toEqual({ status: 'ended', outcome: 'partial' });
    expect(run.transcript).toContain('RTO 12h: exceeded by');
  });

  it('refuses answers it cannot take, without recording anything', async () => {
    const context = await drillOf('workflow-server-lost');
    const run = await runInMemory(context, ['f', 'n', 'zz', '?', 'x', 'q']);
    expect(run.transcript).toContain('! f needs a note: what failed? (f <note>)');
    expect(run.transcript).toContain('! n needs the text of the note (n <text>)');
    expect(run.transcript).toContain("! unknown answer 'zz'; type ? for the answer keys");
    expect(run.transcript).toContain('x <action> key=value …');
    expect(run.transcript).toContain('! x needs an action');
    expect(run.events.map((event) => event.type)).toEqual(['start', 'step', 'quit']);
    expect(run.result).toEqual({ status: 'paused' });
  });
});

describe('deviations', () => {
  it('warns at once, with the rule id and citation, when a deviation breaks an invariant (Setup before the key restore)', async () => {
    const context = await drillOf('dw-server-lost');
    const run = await runInMemory(context, [[2700, 'd'], [60, DW_SETUP], 'q']);
    const deviation = run.events.find((event) => event.type === 'deviation');
    expect(deviation).toMatchObject({
      type: 'deviation',
      step: 1,
      action: 'install-data-warehouse-server',
      params: {
        computer: 'CVL-DW01',
        database: 'DWStagingAndConfig',
        reportingUrl: 'http://cvl-dwsql01/ReportServer',
      },
    });
    const violation = run.events.find((event) => event.type === 'violation');
    expect(violation).toMatchObject({
      type: 'violation',
      cause: deviation!.seq,
      step: 1,
      ruleId: 'key-restored-before-setup',
      citation: 'D-MSDR',
      severity: 'error',
      component: 'dw:CVL-DW01',
    });
    expect(run.transcript).toMatch(
      /⚠ key-restored-before-setup \(D-MSDR\): install-data-warehouse-server on data warehouse management server CVL-DW01: data warehouse Setup ran before the data warehouse key was restored/,
    );
    // The warning comes right after the deviation, before the next prompt.
    const lines = run.transcript.split('\n');
    const at = lines.findIndex((line) => line.startsWith('↪ deviation recorded'));
    expect(lines[at + 1]).toMatch(/^⚠ key-restored-before-setup \(D-MSDR\)/);
    expect(run.state.model.components['dw:CVL-DW01']).toBe('broken.setupBeforeKeyRestore');
  });

  it('warns same-sql-instance (D-DBREC) when SQL Server is reinstalled under another instance name, and keeps judging on it', async () => {
    const context = await drillOf('sm-sql-host-lost');
    const run = await runInMemory(context, [
      'd',
      'd',
      'd',
      's installed under another name below',
      'x install-sql-server instance=CVL-SQL01\\SCSM',
      'x enable-clr instance=CVL-SQL01\\SCSM',
      'x restore-database database=ServiceManager instance=CVL-SQL01\\SCSM',
      'q',
    ]);
    // Every deviation is accepted: the renamed instance resolves in the later steps.
    expect(run.events.filter((event) => event.type === 'deviation').map((event) => event.action)).toEqual([
      'install-sql-server',
      'enable-clr',
      'restore-database',
    ]);
    const violations = run.events.filter((event) => event.type === 'violation');
    expect(violations.map((event) => event.type === 'violation' && [event.ruleId, event.citation])).toEqual([
      ['same-sql-instance', 'D-DBREC'],
      ['same-sql-instance', 'D-DBREC'],
    ]);
    expect(run.transcript).toContain(
      'installed: CVL-SQL01\\SCSM, original: CVL-SQL01, databases it held: ServiceManager',
    );
    expect(run.state.model.components['instance:CVL-SQL01\\SCSM']).toBe('ready');
    expect(run.state.model.components['database:ServiceManager']).toBe('broken.wrongInstance');
  });

  it('accepts the same Setup after the key restore without a warning', async () => {
    const context = await drillOf('dw-server-lost');
    const run = await runInMemory(context, ['d', 'd', 's done by the deviation below', DW_SETUP, 'q']);
    expect(run.events.some((event) => event.type === 'violation')).toBe(false);
    expect(run.state.model.components['dw:CVL-DW01']).toBe('operational');
  });

  it('checks deviations against the action table, with did-you-mean', async () => {
    const context = await drillOf('dw-server-lost');
    const state = replay(context, [
      stamp(context.start, 1, 0, 0),
      stamp({ type: 'step', step: 0, attempt: 1 }, 2, 0, 0),
    ]);
    const error = (line: string): string => {
      const meaning = interpret(context, state, line);
      return meaning.kind === 'error' ? meaning.message : `no error: ${JSON.stringify(meaning)}`;
    };
    expect(error('x instal-data-warehouse-server computer=CVL-DW01')).toBe(
      "unknown action 'instal-data-warehouse-server'; did you mean 'install-data-warehouse-server'?",
    );
    expect(error('x stop-services computr=CVL-DW01')).toBe(
      "stop-services has no parameter 'computr'; did you mean 'computer'? (it takes computer; any action may carry note, owner)",
    );
    expect(error('x stop-services computer=CVL-DW1')).toBe(
      "computer: unknown computer 'CVL-DW1'; did you mean 'CVL-DW01'?",
    );
    expect(error('x install-management-server computer=CVL-SM01 database=ServiceManager role=primary')).toBe(
      "role must be workflow or additional, not 'primary'",
    );
    expect(error('x install-management-server computer=CVL-SM01')).toMatch(
      /^install-management-server needs database=… \(The existing ServiceManager database\.\); role=workflow\|additional/,
    );
    expect(error('x manual description="unterminated')).toBe('unterminated " quote');
    expect(error('x stop-services computer=CVL-DW01 computer=CVL-SM01')).toBe('computer is given twice');
  });

  it('resolves names to the declared spelling and takes bare and quoted values', async () => {
    const context = await drillOf('dw-server-lost');
    const state = replay(context, [
      stamp(context.start, 1, 0, 0),
      stamp({ type: 'step', step: 0, attempt: 1 }, 2, 0, 0),
    ]);
    const events = (line: string) => {
      const meaning = interpret(context, state, line);
      if (meaning.kind !== 'events') throw new Error(JSON.stringify(meaning));
      return meaning.events;
    };
    expect(events('x stop-services cvl-sm02')).toMatchObject([
      { type: 'deviation', action: 'stop-services', params: { computer: 'CVL-SM02' } },
    ]);
    expect(events('x restore-database ServiceManager cvl-sql01\\mssqlserver')).toMatchObject([
      { params: { database: 'ServiceManager', instance: 'CVL-SQL01' } },
    ]);
    expect(events('x manual description="Called the vendor" note=ticket 4711')).toMatchObject([
      { action: 'manual', params: { description: 'Called the vendor' }, note: 'ticket 4711' },
    ]);
    expect(events('x manual Called the vendor')).toMatchObject([
      { params: { description: 'Called the vendor' } },
    ]);
    // A brand-new computer may be provisioned; whether that is wise is the models' business.
    expect(events('x provision-computer CVL-DW02')).toMatchObject([{ params: { computer: 'CVL-DW02' } }]);
  });
});

describe('replay and resume', () => {
  it('replays a journal to the same state, model included', async () => {
    const context = await drillOf('dw-server-lost');
    const run = await runInMemory(context, [[60, 'd'], [60, DW_SETUP], [60, 'n too early'], 'q']);
    expect(replay(context, run.events)).toEqual(run.state);
  });

  it('refuses a journal whose automatic events do not follow from its own lines, naming the line', async () => {
    const context = await drillOf('workflow-server-lost');
    const run = await runInMemory(context, [[60, 'd'], [60, 'd'], 'q']);
    const tampered = run.events.map(
      (event): JournalEvent => (event.seq === 4 && event.type === 'step' ? { ...event, step: 3 } : event),
    );
    expect(() => replay(context, tampered)).toThrow(JournalMismatchError);
    expect(() => replay(context, tampered)).toThrow(
      'line 4: found step 4 presented (attempt 1), but the drill expects step 2 presented (attempt 1) here',
    );
    const answerTwice = [...run.events.slice(0, 3), { ...run.events[2]!, seq: 4 }];
    expect(() => replay(context, answerTwice)).toThrow(
      "line 4: found a 'answer' event, but the drill expects step 2",
    );
  });

  it('refuses to resume a journal of another scenario or of a changed plan', async () => {
    const fixture = await haFixture();
    const context = await drillOf('workflow-server-lost');
    const start = stamp(context.start, 1, 0, 0);
    if (start.type !== 'start') throw new Error('not a start event');
    expect(() =>
      resumeDrill(fixture.environment, fixture.system, fixture.scenario('dw-server-lost'), start),
    ).toThrow("the journal is a drill of scenario 'workflow-server-lost', not of 'dw-server-lost'");
    const scenario = fixture.scenario('workflow-server-lost');
    const changed = { ...scenario, steps: scenario.steps.slice(0, -1) };
    expect(scenarioHash(changed)).not.toBe(scenarioHash(scenario));
    expect(() => resumeDrill(fixture.environment, fixture.system, changed, start)).toThrow(
      /was started from another version of scenario 'workflow-server-lost'/,
    );
    expect(resumeDrill(fixture.environment, fixture.system, scenario, start).start).toEqual(context.start);
  });

  it('continues a resumed drill with the clock where it stood', async () => {
    const clock = new FakeClock();
    const context = await drillOf('workflow-server-lost');
    const first = await runInMemory(context, [[600, 'd'], [600, 'd'], 'q'], { clock });
    clock.advance(24 * 3600); // the team went home; the drill clock stands still
    const second = await runInMemory(context, [[300, 'd'], 'q'], { clock, history: first.events });
    const answers = second.events.filter((event) => event.type === 'answer');
    expect(answers.map((event) => event.elapsedMs)).toEqual([600_000, 1_200_000, 1_500_000]);
    expect(second.transcript).toContain(
      'Resuming the drill from its journal: 7 events, 2 of 9 steps answered',
    );
    expect(second.transcript).toContain('── Step 3/9 (resumed)');
  });
});

describe('drillOutcome', () => {
  const base = { recovered: true, warnings: 0, violations: 0, skipped: 0, elapsedMs: 1000, rtoSeconds: 3600 };
  it.each([
    [base, 'passed'],
    [{ ...base, recovered: false }, 'failed'],
    [{ ...base, violations: 1 }, 'partial'],
    [{ ...base, skipped: 1 }, 'partial'],
    [{ ...base, warnings: 1 }, 'partial'],
    [{ ...base, elapsedMs: 3_600_001 }, 'partial'],
  ] as const)('%o is %s', (input, outcome) => {
    expect(drillOutcome(input)).toBe(outcome);
  });
});
