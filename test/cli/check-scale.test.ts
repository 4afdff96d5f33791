/**
 * `check` grows linearly with the plan: a 10,000-step plan on a 500-computer environment (half
 * the steps legal, half each breaking a rule, so every one of those gets a finding with a
 * trace) is checked in a process whose heap is capped at 256 MB. The previous checker kept two
 * copies of every component's state per step and a trace of every earlier step per finding,
 * and died out of heap here. A memory bound, not a timing threshold.
 *
 * The traces are bounded too: a late violation's trace holds the last `TRACE_STEP_LIMIT` steps
 * and says how many it leaves out.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRACE_STEP_LIMIT } from '../../src/check/check.js';
import {
  type GenerateOptions,
  generatedComputerCount,
  generateEnvironment,
  generateLongPlan,
} from '../../src/engine/generate.js';
import { assertBuilt, REPO_ROOT, runCli } from '../helpers/cli.js';

const OPTIONS: GenerateOptions = { groups: 100, additionalServers: 1 };
const STEPS = 10_000;

let dir = '';
beforeAll(() => {
  assertBuilt();
  dir = mkdtempSync(join(tmpdir(), 'scsm-dr-scale-'));
  writeFileSync(join(dir, 'environment.yaml'), generateEnvironment(OPTIONS));
  writeFileSync(join(dir, 'plan.yaml'), generateLongPlan(OPTIONS, STEPS));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('check on a 10,000-step plan', () => {
  it('finishes within a 256 MB heap, with every violation found and each trace bounded', async () => {
    expect(generatedComputerCount(OPTIONS)).toBe(500);
    const result = await runCli(['check', 'environment.yaml', '--plan', 'plan.yaml'], {
      cwd: dir,
      env: { NODE_OPTIONS: '--max-old-space-size=256' },
      timeoutMs: 300_000,
    });
    expect(result.stderr).not.toMatch(/heap|FATAL|at .*\.js:\d+/);
    // Exit 1: findings at error level, not a crash (an out-of-memory abort is 134).
    expect(result.code).toBe(1);
    // `refused-starts` has 5,000 steps, all but the first refused.
    const refused = result.stdout.match(
      /^ {2}plan\.yaml:\d+:9 +error +start-services on .*step-precondition$/gm,
    );
    expect(refused?.length).toBe(STEPS / 2 - 1);
    // The last step (step 5,000 of its scenario, on the plan's last line) is traced from step 4,951.
    // Three lines of header, then each scenario: three lines and one per step.
    const lastLine = 3 + 2 * (3 + STEPS / 2);
    const last = result.stdout.indexOf(`plan.yaml:${lastLine}:9 `);
    expect(last).toBeGreaterThan(0);
    const trace = result.stdout
      .slice(last)
      .split('\n')
      .slice(1, TRACE_STEP_LIMIT + 2);
    expect(trace[0]).toBe(`      … steps 1–${STEPS / 2 - TRACE_STEP_LIMIT} left out`);
    expect(trace[1]).toMatch(new RegExp(`^ {6}${STEPS / 2 - TRACE_STEP_LIMIT + 1}\\. start-services`));
    expect(trace[TRACE_STEP_LIMIT]).toMatch(
      new RegExp(`^ {6}${STEPS / 2}\\. start-services computer=G01-SM02 \\(plan\\.yaml:${lastLine}:9\\)$`),
    );
  }, 320_000);
});

describe('report on a scenario longer than a trace', () => {
  it.each(['markdown', 'html'])(
    '%s: says which steps each shortened trace leaves out',
    async (format) => {
      // TWK-SM01 is lost and never rebuilt: each of the steps is refused.
      const steps = Array.from(
        { length: TRACE_STEP_LIMIT + 10 },
        () => '      - { action: start-services, computer: TWK-SM01 }\n',
      );
      const planFile = join(dir, `long-${format}.yaml`);
      writeFileSync(
        planFile,
        `version: 1\nscenarios:\n  - id: refused\n    lost: { computers: [TWK-SM01] }\n    steps:\n${steps.join('')}`,
      );
      const target = join(dir, `report.${format}`);
      const result = await runCli(
        [
          'report',
          join(REPO_ROOT, 'scenarios/four-computer/environment.yaml'),
          '--plan',
          planFile,
          '--format',
          format,
          '-o',
          target,
          '--fail-on',
          'never',
        ],
        { timeoutMs: 90_000 },
      );
      expect(result.stderr).not.toMatch(/at .*\.js:\d+/);
      expect(result.code).toBe(0);
      const out = readFileSync(target, 'utf8');
      // Steps 1 to 50 have whole traces; step 51's leaves out step 1, step 60's steps 1–10.
      expect(out.match(/… steps? 1(–\d+)? left out/g)?.length).toBe(10);
      expect(out).toContain('… step 1 left out');
      expect(out).toContain('… steps 1–10 left out');
    },
    100_000,
  );
});
