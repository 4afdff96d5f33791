import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReadinessJson } from '../../src/report/readiness/index.js';
import { assertBuilt, runCli } from '../helpers/cli.js';

const HA_ENV = 'scenarios/four-computer-ha/environment.yaml';
const HA_PLAN = 'scenarios/four-computer-ha/plan.yaml';
const SINGLE_ENV = 'scenarios/single-computer/environment.yaml';
const SINGLE_PLAN = 'scenarios/single-computer/plan.yaml';
const HA = [HA_ENV, '--plan', HA_PLAN];

let directory = '';

beforeAll(() => {
  assertBuilt();
  directory = mkdtempSync(join(tmpdir(), 'scsm-dr-report-cli-'));
});

afterAll(() => {
  if (directory) rmSync(directory, { recursive: true, force: true });
});

/** Replaces both judgement dates by one placeholder, so only what else differs remains. */
function withoutDates(text: string): string {
  return text.replaceAll('2026-11-23', 'DATE').replaceAll('2026-11-24', 'DATE');
}

describe('scsm-dr report (end to end)', () => {
  it('writes every format to stdout, with a one-line summary on stderr', async () => {
    const checks: Record<string, (stdout: string) => void> = {
      html: (stdout) => {
        expect(stdout.startsWith('<!doctype html>')).toBe(true);
        expect(stdout).toContain('Recovery readiness of corvid-logistics-production');
      },
      markdown: (stdout) =>
        expect(stdout.startsWith('# Recovery readiness of corvid\\-logistics\\-production\n')).toBe(true),
      json: (stdout) =>
        expect((JSON.parse(stdout) as ReadinessJson).environment.name).toBe('corvid-logistics-production'),
      sarif: (stdout) => expect((JSON.parse(stdout) as { version: string }).version).toBe('2.1.0'),
      junit: (stdout) => {
        expect(stdout.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>')).toBe(true);
        expect(stdout).toContain('<testcase name="key-backup-missing" classname="scsm-dr.rule" time="0"/>');
      },
    };
    const results = await Promise.all(
      Object.keys(checks).map((format) =>
        runCli(['report', ...HA, '--format', format], { timeoutMs: 90_000 }),
      ),
    );
    Object.values(checks).forEach((check, index) => {
      const result = results[index]!;
      expect(result.code, result.stderr).toBe(0);
      check(result.stdout);
      expect(result.stderr).toMatch(/^readiness \d+\/100 \(assurance \d+\/100\)\n$/);
    });
  }, 180_000);

  it('-o writes the report whole, creating its directory, and says where', async () => {
    const target = join(directory, 'out', 'nested', 'report.md');
    const [written, printed] = await Promise.all([
      runCli(['report', ...HA, '--format', 'markdown', '-o', target]),
      runCli(['report', ...HA, '--format', 'markdown', '--quiet']),
    ]);
    expect(written.code, written.stderr).toBe(0);
    expect(written.stdout).toBe('');
    expect(written.stderr).toMatch(
      new RegExp(`^readiness \\d+/100 \\(assurance \\d+/100\\); wrote ${target}\\n$`),
    );
    expect(readFileSync(target, 'utf8')).toBe(printed.stdout);
    expect(printed.stderr).toBe('');
    // No temporary file is left beside the report.
    expect(readdirSync(join(directory, 'out', 'nested'))).toEqual(['report.md']);
  }, 120_000);

  it('refuses to write over an input (exit 2) and leaves it unchanged', async () => {
    const env = join(directory, 'refuse-environment.yaml');
    const plan = join(directory, 'refuse-plan.yaml');
    writeFileSync(env, readFileSync(HA_ENV));
    writeFileSync(plan, readFileSync(HA_PLAN));
    for (const target of [env, plan]) {
      const before = readFileSync(target, 'utf8');
      const result = await runCli(['report', env, '--plan', plan, '--format', 'json', '-o', target]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('refusing to write');
      expect(readFileSync(target, 'utf8')).toBe(before);
    }
  }, 120_000);

  it('is reproducible, and --as-of changes nothing but the dates', async () => {
    const run = (format: string, asOf: string) =>
      runCli(['report', ...HA, '--format', format, '--as-of', asOf, '--quiet'], { timeoutMs: 90_000 });
    const [htmlA, htmlB, markdown24, markdown23, junit24, junit23, json24, json23] = await Promise.all([
      run('html', '2026-11-24'),
      run('html', '2026-11-24'),
      run('markdown', '2026-11-24'),
      run('markdown', '2026-11-23'),
      run('junit', '2026-11-24'),
      run('junit', '2026-11-23'),
      run('json', '2026-11-24'),
      run('json', '2026-11-23'),
    ]);
    expect(htmlA.code).toBe(0);
    expect(htmlA.stdout).toBe(htmlB.stdout);
    expect(markdown24.stdout).toContain('| Judged as of | 2026-11-24 |');
    expect(markdown23.stdout).toContain('| Judged as of | 2026-11-23 |');
    expect(withoutDates(markdown23.stdout)).toBe(withoutDates(markdown24.stdout));
    expect(junit23.stdout).not.toBe(junit24.stdout);
    expect(withoutDates(junit23.stdout)).toBe(withoutDates(junit24.stdout));
    const [a, b] = [JSON.parse(json24.stdout) as ReadinessJson, JSON.parse(json23.stdout) as ReadinessJson];
    expect([a.asOf, b.asOf]).toEqual(['2026-11-24', '2026-11-23']);
    expect({ ...b, asOf: a.asOf }).toEqual(a);
  }, 240_000);

  it('scores the single-computer lab low and four-computer-ha high', async () => {
    const [single, ha] = await Promise.all([
      runCli([
        'report',
        SINGLE_ENV,
        '--plan',
        SINGLE_PLAN,
        '--format',
        'json',
        '--fail-on',
        'never',
        '--quiet',
      ]),
      runCli(['report', ...HA, '--format', 'json', '--quiet']),
    ]);
    expect(single.code, single.stderr).toBe(0);
    expect(ha.code, ha.stderr).toBe(0);
    const low = JSON.parse(single.stdout) as ReadinessJson;
    const high = JSON.parse(ha.stdout) as ReadinessJson;
    // The exact scores are in docs/scoring.md; the bands are what the scenarios are built to show.
    expect(low.score).toBeLessThan(50);
    expect(low.summary.unrecoverable).toBeGreaterThan(0);
    expect(high.score).toBeGreaterThanOrEqual(80);
    expect(high.summary.unrecoverable).toBe(0);
    expect(high.score - low.score).toBeGreaterThanOrEqual(40);
  }, 120_000);

  it('exits 1 on findings at the --fail-on level (default error), 0 with --fail-on never', async () => {
    const [failing, never, summary] = await Promise.all([
      runCli(['report', SINGLE_ENV, '--format', 'json', '--quiet']),
      runCli(['report', SINGLE_ENV, '--format', 'json', '--fail-on', 'never', '--quiet']),
      runCli(['report', SINGLE_ENV, '--format', 'json']),
    ]);
    expect(failing.code).toBe(1);
    expect((JSON.parse(failing.stdout) as ReadinessJson).summary.exitCode).toBe(1);
    expect(never.code).toBe(0);
    expect((JSON.parse(never.stdout) as ReadinessJson).summary).toMatchObject({
      failOn: 'never',
      exitCode: 0,
    });
    expect(summary.stderr).toMatch(/^readiness \d+\/100 \(assurance \d+\/100\)\n$/);
  }, 120_000);

  it('rejects a missing or unknown --format and a bad --as-of as usage errors (exit 2)', async () => {
    const results = await Promise.all([
      runCli(['report', HA_ENV]),
      runCli(['report', HA_ENV, '--format', 'pdf']),
      runCli(['report', HA_ENV, '--format', 'json', '--as-of', 'yesterday']),
      runCli(['report', 'no-such-environment.yaml', '--format', 'json']),
    ]);
    for (const result of results) {
      expect(result.code, result.stderr).toBe(2);
      expect(result.stdout).toBe('');
    }
    expect(results[0]!.stderr).toContain('report needs a format: --format html|markdown|json|sarif|junit');
    expect(results[0]!.stderr).toContain('or --output FORMAT[=FILE]');
    expect(results[0]!.stderr).toContain(
      'or -o FILE with the extension of its format (report.html, report.md)',
    );
    expect(results[1]!.stderr).toContain('html, markdown, json, sarif, junit, github, gitlab');
    expect(results[2]!.stderr).toContain('--as-of');
  }, 120_000);
});
