/**
 * One severity per rule in every command (issue 13): `rto-exceeded` is a warning in the rule
 * catalog, so `check` reports it as a warning and `simulate` reports its counterexample's
 * failure as a warning too, and both gate their exit code on `--fail-on` the same way: a
 * warning fails neither by default, both with `--fail-on warning`, neither with `never`.
 * Through the built program, on the bundled four-computer-ha installation with its RTO cut to
 * one hour, which every scenario of its plan overruns.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { getRule } from '../../src/rules/catalog.js';
import { assertBuilt, REPO_ROOT, runCli } from '../helpers/cli.js';

beforeAll(() => assertBuilt());

const DIR = mkdtempSync(join(tmpdir(), 'scsm-dr-severity-'));
const ENVIRONMENT = join(DIR, 'environment.yaml');
const PLAN = join(DIR, 'plan.yaml');
const original = readFileSync(join(REPO_ROOT, 'scenarios/four-computer-ha/environment.yaml'), 'utf8');
const shortened = original.replace(/^ {2}rto: 12h\b.*$/m, '  rto: 1h');
writeFileSync(ENVIRONMENT, shortened);
writeFileSync(PLAN, readFileSync(join(REPO_ROOT, 'scenarios/four-computer-ha/plan.yaml'), 'utf8'));

interface Judged {
  readonly ruleId: string;
  readonly severity: string;
}

const check = (failOn: string) =>
  runCli(['check', ENVIRONMENT, '--plan', PLAN, '--no-config', '--format', 'json', '--fail-on', failOn]);

const simulate = (failOn: string, ...mode: string[]) =>
  runCli([
    'simulate',
    ENVIRONMENT,
    '--plan',
    PLAN,
    '--max-faults',
    '0',
    ...(mode.length > 0 ? mode : ['--seed', '1']),
    '--format',
    'json',
    '--fail-on',
    failOn,
  ]);

describe('rto-exceeded has the catalog severity in check and simulate', () => {
  it('the fixture really shortens the RTO', () => {
    expect(shortened).not.toBe(original);
    expect(getRule('rto-exceeded')?.severity).toBe('warning');
  });

  it('check and simulate (property and exhaustive) report it as a warning, and fail only at --fail-on warning', async () => {
    const severity = getRule('rto-exceeded')!.severity;
    for (const failOn of ['error', 'warning', 'never']) {
      const checked = await check(failOn);
      expect(checked.stderr).toBe('');
      const findings: Judged[] = JSON.parse(checked.stdout).findings;
      const rto = findings.filter((finding) => finding.ruleId === 'rto-exceeded');
      expect(rto.length).toBeGreaterThan(0);
      expect(new Set(rto.map((finding) => finding.severity))).toEqual(new Set([severity]));
      // The plan has no error-level finding, so the warnings alone decide the exit code.
      expect(findings.filter((finding) => finding.severity === 'error')).toEqual([]);
      expect(checked.code, `check --fail-on ${failOn}`).toBe(failOn === 'warning' ? 1 : 0);

      for (const mode of [[], ['--exhaustive']]) {
        const simulated = await simulate(failOn, ...mode);
        const report = JSON.parse(simulated.stdout);
        expect(simulated.code, `simulate ${mode.join(' ')} --fail-on ${failOn}`).toBe(
          failOn === 'warning' ? 1 : 0,
        );
        if (failOn === 'error') {
          // At the default level a warning is no counterexample: the search looks for errors.
          expect(report.result).toBe('passed');
          expect(report.counterexample).toBeNull();
        } else {
          // `never` searches as `warning` does and reports what it finds, without failing.
          expect(report.result).toBe('counterexample');
          const failures: Judged[] = report.counterexample.failures;
          expect(failures.map((failure) => [failure.ruleId, failure.severity])).toEqual([
            ['rto-exceeded', severity],
          ]);
          // The replay line repeats the level, which shapes the search.
          expect(report.counterexample.replay.command).toContain(`--fail-on ${failOn}`);
        }
      }
    }
  });

  it('an error-level counterexample still exits 1 by default (the seeded broken plan)', async () => {
    const result = await runCli([
      'simulate',
      'test/fixtures/broken-plan-environment.yaml',
      '--plan',
      'test/fixtures/broken-plan.yaml',
      '--max-faults',
      '1',
      '--exhaustive',
      '--format',
      'json',
    ]);
    expect(result.code).toBe(1);
    const failures: Judged[] = JSON.parse(result.stdout).counterexample.failures;
    expect(failures.length).toBeGreaterThan(0);
    for (const failure of failures) {
      expect(failure.severity).toBe(getRule(failure.ruleId)?.severity);
      expect(failure.severity).toBe('error');
    }
  });
});
