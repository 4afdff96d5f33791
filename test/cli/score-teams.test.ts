/**
 * `scsm-dr score --teams N` and `report --teams N` end to end: a synthesised recovery is
 * judged by its least makespan for N teams, `--teams 1` is the score without the flag byte for
 * byte, the environment's `teams:` is the default, and bad values exit 2 with a message.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateEnvironment } from '../../src/engine/generate.js';
import { assertBuilt, runCli } from '../helpers/cli.js';

beforeAll(() => assertBuilt());

const dir = mkdtempSync(join(tmpdir(), 'scsm-dr-score-teams-'));
// Two management groups whose SQL hosts share the site `east`: losing the site touches two
// independent clusters, one recovery each, so two teams can run them at once.
const base = generateEnvironment({ groups: 2, additionalServers: 0, seed: 3 })
  .replace('{ name: G01-SQL01 }', '{ name: G01-SQL01, site: east }')
  .replace('{ name: G02-SQL01 }', '{ name: G02-SQL01, site: east }');
const ENV = join(dir, 'environment.yaml');
writeFileSync(ENV, base);
const ENV_TWO_TEAMS = join(dir, 'environment-two-teams.yaml');
writeFileSync(ENV_TWO_TEAMS, base.replace('\ncomputers:', '\nteams: 2\n\ncomputers:'));

interface ScoreJson {
  teams: number;
  score: number;
  objectives: { rtoSeconds: number };
  disruptions: { id: string; recoverySeconds?: number; outcome: string; ruleIds: string[] }[];
}

async function scoreJson(args: readonly string[]): Promise<ScoreJson> {
  const result = await runCli(['score', ...args, '--format', 'json']);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as ScoreJson;
}

function site(json: ScoreJson) {
  const row = json.disruptions.find((entry) => entry.id === 'site:east');
  if (row === undefined) throw new Error('no row for the site east');
  return row;
}

describe('scsm-dr score --teams', () => {
  it('a site loss over the RTO one step at a time is within it for two teams', async () => {
    const one = await scoreJson([ENV]);
    const two = await scoreJson([ENV, '--teams', '2']);
    expect(one.teams).toBe(1);
    expect(two.teams).toBe(2);
    const rto = one.objectives.rtoSeconds;
    expect(site(one).recoverySeconds).toBeGreaterThan(rto);
    expect(site(one).outcome).toBe('over-objectives');
    expect(site(one).ruleIds).toContain('rto-exceeded');
    expect(site(two).recoverySeconds).toBeLessThanOrEqual(rto);
    expect(site(two).recoverySeconds).toBeLessThan(site(one).recoverySeconds!);
    expect(site(two).outcome).toBe('within-objectives');
    expect(two.score).toBeGreaterThan(one.score);
    // A loss of one cluster has one chain: more teams do not shorten it.
    const lone = (json: ScoreJson) => json.disruptions.find((entry) => entry.id === 'computer:G01-DWSQL01');
    expect(lone(two)?.recoverySeconds).toBe(lone(one)?.recoverySeconds);
  });

  it('the text output says the team count', async () => {
    const two = await runCli(['score', ENV, '--teams', '2']);
    expect(two.code, two.stderr).toBe(0);
    expect(two.stdout).toContain('synthesised recoveries for 2 teams');
    const one = await runCli(['score', ENV]);
    expect(one.stdout).toContain('synthesised recoveries for 1 team\n');
  });

  it('--teams 1 is the score without the flag, byte for byte', async () => {
    for (const format of ['text', 'json']) {
      const without = await runCli(['score', ENV, '--format', format]);
      const one = await runCli(['score', ENV, '--format', format, '--teams', '1']);
      expect(one.code).toBe(without.code);
      expect(one.stdout).toBe(without.stdout);
    }
  });

  it("the environment's teams: is the default, and --teams overrides it", async () => {
    const byEnvironment = await scoreJson([ENV_TWO_TEAMS]);
    expect(byEnvironment.teams).toBe(2);
    expect(site(byEnvironment).outcome).toBe('within-objectives');
    const overridden = await scoreJson([ENV_TWO_TEAMS, '--teams', '1']);
    expect(overridden.teams).toBe(1);
    expect(site(overridden).outcome).toBe('over-objectives');
  });

  it('worker threads score for the same teams', async () => {
    const here = await runCli(['score', ENV, '--teams', '2', '--format', 'json']);
    const threads = await runCli(['score', ENV, '--teams', '2', '--workers', '2', '--format', 'json']);
    expect(threads.code, threads.stderr).toBe(0);
    expect(threads.stdout).toBe(here.stdout);
  });

  it.each(['0', '65', '-1', '2.5', 'two', ''])('--teams %j exits 2 with a message', async (value) => {
    for (const command of ['score', 'report']) {
      const args = [command, ENV, '--teams', value, ...(command === 'report' ? ['--format', 'json'] : [])];
      const result = await runCli(args);
      expect(result.code, result.stdout).toBe(2);
      expect(result.stderr).toMatch(/--teams: .*expected (a whole number from )?1 to 64/);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(result.stdout).toBe('');
    }
  });
});

describe('scsm-dr report --teams', () => {
  it('every format says the team count and judges by it', async () => {
    const json = join(dir, 'report.json');
    const markdown = join(dir, 'report.md');
    const html = join(dir, 'report.html');
    const result = await runCli([
      'report',
      ENV,
      '--teams',
      '2',
      '--fail-on',
      'never',
      '--output',
      `json=${json}`,
      '--output',
      `markdown=${markdown}`,
      '--output',
      `html=${html}`,
    ]);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(readFileSync(json, 'utf8')) as ScoreJson;
    expect(report.teams).toBe(2);
    expect(site(report).outcome).toBe('within-objectives');
    expect(readFileSync(markdown, 'utf8')).toMatch(/\| Teams \(synthesised recoveries\) \| 2 \|/);
    expect(readFileSync(html, 'utf8')).toMatch(/<dt>Teams \(synthesised recoveries\)<\/dt><dd>2<\/dd>/);
  });

  it("the environment's teams: is the default of report too", async () => {
    const result = await runCli(['report', ENV_TWO_TEAMS, '--format', 'json', '--fail-on', 'never']);
    expect(result.code, result.stderr).toBe(0);
    expect((JSON.parse(result.stdout) as ScoreJson).teams).toBe(2);
  });
});
