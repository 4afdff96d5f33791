/**
 * `scsm-dr plan --teams N` end to end: the written plan loads, passes `check` with no
 * missing dependency, its estimate (the critical path) is the synthesis's makespan, and with
 * a team per touched cluster that makespan is the engine's parallel optimum.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkCompositional } from '../../src/engine/compose.js';
import { generateEnvironment } from '../../src/engine/generate.js';
import { assignChains } from '../../src/engine/parallel-synthesis.js';
import { loadEnvironmentText } from '../../src/environment/load.js';
import { createSystem } from '../../src/models/system.js';
import { loadPlanText } from '../../src/plan/load.js';
import { assertBuilt, runCli } from '../helpers/cli.js';

beforeAll(() => assertBuilt());

const dir = mkdtempSync(join(tmpdir(), 'scsm-dr-teams-'));
const ENV = join(dir, 'environment.yaml');
const text = generateEnvironment({ groups: 3, additionalServers: 1, seed: 3 });
writeFileSync(ENV, text);
const loaded = loadEnvironmentText(text, ENV);
if (!loaded.ok) throw new Error('the generated environment does not load');
const environment = loaded.value;
const LOST = ['G01-SQL01', 'G02-SQL01', 'G03-SQL01', 'G01-DWSQL01'];

interface PlanJson {
  ok: boolean;
  totalSeconds: number;
  sequentialSeconds: number;
  exact: boolean;
  steps: { team: string }[];
}

async function plan(teams: number) {
  const output = join(dir, `plan-${teams}.yaml`);
  const written = await runCli([
    'plan',
    ENV,
    '--lost',
    LOST.join(','),
    '--teams',
    String(teams),
    '-o',
    output,
    // Two tests synthesise the same team count into the same file.
    '--force',
  ]);
  expect(written.code, written.stderr).toBe(0);
  const json = await runCli([
    'plan',
    ENV,
    '--lost',
    LOST.join(','),
    '--teams',
    String(teams),
    '--format',
    'json',
  ]);
  const check = await runCli(['check', ENV, '--plan', output, '--format', 'json']);
  const report = JSON.parse(check.stdout) as {
    scenarios: { estimatedSeconds: number; recovered: boolean }[];
    findings: { ruleId: string; message: string }[];
  };
  return { output, json: JSON.parse(json.stdout) as PlanJson, report };
}

describe('scsm-dr plan --teams', () => {
  it('with a team per touched cluster: passes check, estimated at the engine parallel optimum', async () => {
    const { output, json, report } = await plan(3);
    const optimum = checkCompositional(createSystem(environment), {
      computers: LOST,
      databases: [],
      sites: [],
    }).optimal;
    expect(optimum).toBeDefined();
    expect(json.totalSeconds).toBe(optimum!.parallelSeconds);
    expect(json.sequentialSeconds).toBe(optimum!.sequentialSeconds);
    expect(json.totalSeconds).toBeLessThan(json.sequentialSeconds);
    expect(report.scenarios[0]!.recovered).toBe(true);
    expect(report.scenarios[0]!.estimatedSeconds).toBe(json.totalSeconds);
    expect(report.findings.filter((f) => !['plan-coverage', 'rto-exceeded'].includes(f.ruleId))).toEqual([]);
    const loadedPlan = loadPlanText(readFileSync(output, 'utf8'), output);
    if (!loadedPlan.ok) throw new Error('the written plan does not load');
    const scenario = loadedPlan.value.scenarios[0]!;
    expect(Object.keys(scenario.teams ?? {})).toEqual(['team-1', 'team-2', 'team-3']);
    expect(scenario.steps.every((step) => step.team !== undefined && step.after !== undefined)).toBe(true);
  });

  it('with fewer teams than chains: passes check, estimated at the best assignment of the chains', async () => {
    const three = await plan(3);
    const { json, report } = await plan(2);
    expect(json.exact).toBe(true);
    expect(json.totalSeconds).toBeGreaterThanOrEqual(three.json.totalSeconds);
    expect(json.totalSeconds).toBeLessThanOrEqual(json.sequentialSeconds);
    expect(report.scenarios[0]!.estimatedSeconds).toBe(json.totalSeconds);
    expect(report.findings.filter((f) => f.message.startsWith('missing dependency'))).toEqual([]);
    expect(new Set(json.steps.map((step) => step.team)).size).toBe(2);
  });

  it('--teams 1 writes the sequential plan, as without --teams', async () => {
    const one = await runCli(['plan', ENV, '--lost', LOST.join(','), '--teams', '1', '--format', 'json']);
    const none = await runCli(['plan', ENV, '--lost', LOST.join(','), '--format', 'json']);
    expect(one.stdout).toBe(none.stdout);
  });

  it.each(['0', 'two', '-1', '65', '1e3'])(
    'refuses --teams %s with exit 2 and no stack trace',
    async (value) => {
      const result = await runCli(['plan', ENV, '--lost', 'G01-SQL01', '--teams', value]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/--teams/);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    },
  );
});

describe('assignChains', () => {
  it('finds the optimum that longest-first misses', () => {
    // Longest first puts 3+2 and 3+2+2 (makespan 7); the optimum is 3+3 and 2+2+2 (6).
    const result = assignChains([3, 3, 2, 2, 2], 2);
    expect(result.makespan).toBe(6);
    expect(result.exact).toBe(true);
  });

  it('with as many teams as chains, the longest chain', () => {
    expect(assignChains([5, 1, 9, 2], 4).makespan).toBe(9);
  });
});
