/**
 * Shared fixtures of the drill tests: the four-computer-ha scenarios, a fake clock, answers
 * that take time, and a session run entirely in memory.
 */

import { createDrill, type DrillContext } from '../../src/drill/core.js';
import type { JournalEvent } from '../../src/drill/events.js';
import { MemoryJournal } from '../../src/drill/journal.js';
import { PLAIN } from '../../src/drill/render.js';
import { type AnswerSource, runDrillSession, type SessionResult } from '../../src/drill/session.js';
import { loadEnvironmentFile } from '../../src/environment/load.js';
import { environmentNames } from '../../src/environment/names.js';
import type { Environment } from '../../src/environment/types.js';
import { createSystem, type ModelSystem } from '../../src/models/system.js';
import { loadPlanFile, resolvePlanReferences } from '../../src/plan/load.js';
import type { Plan, Scenario } from '../../src/plan/types.js';

export const HA_ENV = 'scenarios/four-computer-ha/environment.yaml';
export const HA_PLAN = 'scenarios/four-computer-ha/plan.yaml';

export interface Fixture {
  readonly environment: Environment;
  readonly plan: Plan;
  readonly system: ModelSystem;
  scenario(id: string): Scenario;
}

let cached: Promise<Fixture> | undefined;

/** The four-computer-ha environment and plan, loaded and resolved once per test file. */
export function haFixture(): Promise<Fixture> {
  cached ??= (async () => {
    const environment = await loadEnvironmentFile(HA_ENV);
    if (!environment.ok) throw new Error('the four-computer-ha environment does not load');
    const plan = await loadPlanFile(HA_PLAN);
    if (!plan.ok) throw new Error('the four-computer-ha plan does not load');
    const resolved = resolvePlanReferences(plan.value, environmentNames(environment.value));
    const system = createSystem(environment.value);
    return {
      environment: environment.value,
      plan: resolved.plan,
      system,
      scenario(id: string): Scenario {
        const found = resolved.plan.scenarios.find((scenario) => scenario.id === id);
        if (found === undefined) throw new Error(`no scenario ${id}`);
        return found;
      },
    };
  })();
  return cached;
}

/** A drill context for a scenario of four-computer-ha. */
export async function drillOf(id: string, inject?: { count: number; seed: number }): Promise<DrillContext> {
  const fixture = await haFixture();
  return createDrill(fixture.environment, fixture.system, fixture.scenario(id), {
    environmentFile: HA_ENV,
    planFile: HA_PLAN,
    toolVersion: 'test',
    ...(inject === undefined ? {} : { inject }),
  }).context;
}

/** A clock the test moves: 2026-11-24 08:00 UTC at first. */
export class FakeClock {
  ms = Date.UTC(2026, 10, 24, 8, 0, 0);
  readonly now = (): number => this.ms;
  advance(seconds: number): void {
    this.ms += seconds * 1000;
  }
}

/** An answer typed after `seconds` of work, or an answer typed at once. */
export type TimedAnswer = string | readonly [seconds: number, line: string];

/** Answers that move the clock before each is given, as a team working through the steps would. */
export function timedAnswers(clock: FakeClock, answers: readonly TimedAnswer[]): AnswerSource {
  let next = 0;
  return {
    async next() {
      const answer = answers[next++];
      if (answer === undefined) return undefined;
      if (typeof answer === 'string') return answer;
      clock.advance(answer[0]);
      return answer[1];
    },
  };
}

/** The result of a session run in memory, with its transcript. */
export interface MemorySession extends SessionResult {
  readonly transcript: string;
  readonly journal: MemoryJournal;
}

/** Runs a session in memory: fake clock, scripted answers, plain transcript. */
export async function runInMemory(
  context: DrillContext,
  answers: readonly TimedAnswer[],
  options: { clock?: FakeClock; history?: readonly JournalEvent[] } = {},
): Promise<MemorySession> {
  const clock = options.clock ?? new FakeClock();
  const journal = new MemoryJournal();
  let transcript = '';
  const result = await runDrillSession(
    context,
    options.history ?? [],
    {
      write: (text) => {
        transcript += text;
      },
      answers: timedAnswers(clock, answers),
      journal,
      now: clock.now,
      paint: PLAIN,
      scripted: true,
    },
    { journalFile: 'memory.jsonl', resumeCommand: 'resume', reportCommand: 'report' },
  );
  return { ...result, transcript, journal };
}

/** Events without their clock readings, to compare two runs of one drill. */
export function withoutClock(events: readonly JournalEvent[]): unknown[] {
  return events.map(({ at: _at, elapsedMs: _elapsed, ...rest }) => rest);
}

/** `d` for every step of a scenario, each after `seconds`. */
export function allDone(count: number, seconds = 60): TimedAnswer[] {
  return Array.from({ length: count }, () => [seconds, 'd'] as const);
}
