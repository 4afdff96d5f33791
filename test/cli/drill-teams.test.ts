/**
 * End-to-end: a drill of the two-team scenario (`team:`/`after:`/`teams:`). The journal
 * records each step's team and dependencies; the after-action report compares the estimated
 * critical path (the one `check` estimates) with the one of the recorded durations, per step
 * and in total; a drill paused half way resumes; a sequential drill has no such section.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDuration } from '../../src/common/duration.js';
import { assertBuilt, runCli } from '../helpers/cli.js';

const ENV = 'scenarios/four-computer-ha/environment.yaml';
const PLAN = 'scenarios/four-computer-ha/plan.yaml';
const SCENARIO = 'hq-site-lost-two-teams';

const directory = mkdtempSync(join(tmpdir(), 'scsm-dr-drill-teams-'));
beforeAll(() => assertBuilt());
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const answers = (count: number, ...last: string[]): string =>
  `${[...Array.from({ length: count }, () => 'd'), ...last].join('\n')}\n`;

interface CriticalPathJson {
  estimatedSeconds: number;
  actualSeconds: number;
  complete: boolean;
  estimatedPath: number[];
  actualPath: number[];
  steps: { index: number; team?: string; estimatedCritical: boolean; recorded: boolean }[];
}

interface ReportJson {
  estimatedSeconds: number;
  completed: boolean;
  criticalPath?: CriticalPathJson;
  steps: { plannedStartSeconds: number; estimatedSeconds: number }[];
}

async function estimate(): Promise<number> {
  const check = await runCli(['check', ENV, '--plan', PLAN, '--format', 'json']);
  const report = JSON.parse(check.stdout) as { scenarios: { id: string; estimatedSeconds: number }[] };
  const scenario = report.scenarios.find((entry) => entry.id === SCENARIO);
  if (scenario === undefined) throw new Error(`check has no scenario ${SCENARIO}`);
  return scenario.estimatedSeconds;
}

async function stepCount(): Promise<number> {
  const plan = readFileSync(PLAN, 'utf8');
  const block = plan.slice(plan.indexOf(`- id: ${SCENARIO}`));
  const body = block.slice(0, block.indexOf('\n  - id:', 1));
  return body.split('\n').filter((line) => /^\s+- \{ id: /.test(line)).length;
}

describe('scsm-dr drill with team:/after:', () => {
  it('records teams and dependencies and compares the critical paths', async () => {
    const journal = join(directory, 'two-teams.jsonl');
    const steps = await stepCount();
    expect(steps).toBeGreaterThan(10);
    const run = await runCli(['drill', ENV, '--plan', PLAN, '--scenario', SCENARIO, '--journal', journal], {
      input: answers(steps),
    });
    expect(run.code, run.stderr).toBe(0);
    // The prompts name each step's team and what it waits for, and the opening the critical path.
    expect(run.stdout).toMatch(/planned start 0s? · team dba\n/);
    expect(run.stdout).toMatch(/· team dba · after step 1\n/);
    expect(run.stdout).toMatch(/· team sm-admin · after steps 8, 5\n|· team sm-admin · after steps 5, 8\n/);
    expect(run.stdout).toContain(`the plan estimates ${formatDuration(await estimate())}`);
    const start = JSON.parse(readFileSync(journal, 'utf8').split('\n')[0]!) as {
      scenario: { teams?: Record<string, number>; steps: { team?: string; after?: number[] }[] };
    };
    expect(start.scenario.teams).toEqual({ dba: 1, 'sm-admin': 1 });
    expect(start.scenario.steps[0]).toMatchObject({ team: 'dba', after: [] });
    expect(start.scenario.steps[1]).toMatchObject({ team: 'dba', after: [0] });

    const json = await runCli(['drill', 'report', journal, '--format', 'json']);
    expect(json.code, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout) as ReportJson;
    expect(report.completed).toBe(true);
    const path = report.criticalPath!;
    expect(path).toBeDefined();
    // The estimate is check's: the critical path under the teams' capacity, not the sum.
    const estimated = await estimate();
    expect(path.estimatedSeconds).toBe(estimated);
    expect(report.estimatedSeconds).toBe(estimated);
    // The second team's first step starts at 0 on the estimated timeline.
    expect(report.steps[6]!.plannedStartSeconds).toBe(0);
    expect(path.complete).toBe(true);
    expect(path.steps.every((step) => step.recorded)).toBe(true);
    // Answered at once, every step took (almost) no time: the actual path is far shorter.
    expect(path.actualSeconds).toBeLessThan(path.estimatedSeconds);
    expect(path.estimatedPath.length).toBeGreaterThan(1);
    expect(path.estimatedPath.every((index) => path.steps[index]!.estimatedCritical)).toBe(true);

    const markdown = await runCli(['drill', 'report', journal, '--format', 'markdown']);
    expect(markdown.stdout).toContain('## Critical path: estimated and actual');
    expect(markdown.stdout).toMatch(/Estimated critical path \d+h/);
    const html = join(directory, 'two-teams.html');
    const page = await runCli(['drill', 'report', journal, '--format', 'html', '-o', html]);
    expect(page.code, page.stderr).toBe(0);
    expect(readFileSync(html, 'utf8')).toContain('Critical path: estimated and actual');
  });

  it('a drill paused half way resumes and its report counts the unfinished steps at their estimate', async () => {
    const journal = join(directory, 'paused.jsonl');
    const steps = await stepCount();
    const args = ['drill', ENV, '--plan', PLAN, '--scenario', SCENARIO, '--journal', journal];
    const first = await runCli(args, { input: answers(3, 'q') });
    expect(first.code, first.stderr).toBe(0);
    const partial = JSON.parse(
      (await runCli(['drill', 'report', journal, '--format', 'json'])).stdout,
    ) as ReportJson;
    expect(partial.completed).toBe(false);
    expect(partial.criticalPath?.complete).toBe(false);
    expect(partial.criticalPath?.steps.filter((step) => step.recorded)).toHaveLength(3);

    const resumed = await runCli([...args, '--resume'], { input: answers(steps - 3) });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain('Resuming the drill from its journal');
    const report = JSON.parse(
      (await runCli(['drill', 'report', journal, '--format', 'json'])).stdout,
    ) as ReportJson;
    expect(report.completed).toBe(true);
    expect(report.criticalPath?.complete).toBe(true);
  });

  it('a sequential scenario has no critical-path comparison and the same estimate as before', async () => {
    const journal = join(directory, 'sequential.jsonl');
    const run = await runCli(
      ['drill', ENV, '--plan', PLAN, '--scenario', 'workflow-server-lost', '--journal', journal],
      { input: answers(9) },
    );
    expect(run.code, run.stderr).toBe(0);
    const start = readFileSync(journal, 'utf8').split('\n')[0]!;
    expect(start).not.toContain('"after"');
    const report = JSON.parse(
      (await runCli(['drill', 'report', journal, '--format', 'json'])).stdout,
    ) as ReportJson;
    expect(report.criticalPath).toBeUndefined();
    expect(report.estimatedSeconds).toBe(report.steps.reduce((sum, step) => sum + step.estimatedSeconds, 0));
    const markdown = await runCli(['drill', 'report', journal, '--format', 'markdown']);
    expect(markdown.stdout).not.toContain('Critical path');
  });
});
