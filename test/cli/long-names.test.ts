/**
 * Names far longer than any real one are refused at once, where they are written: a 1.6 MB
 * action name or computer name is an input error (exit 2) located at its line and column that
 * says the real limit, and loading takes no longer than for a short name (the did-you-mean
 * distance used to take half a minute and 1.4 GB on such a name). No timing threshold: the
 * programs run with the default 30-second kill, which the old loader exceeded.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, REPO_ROOT, runCli } from '../helpers/cli.js';

const LONG = 1_600_000;
const ENVIRONMENT = join(REPO_ROOT, 'scenarios/four-computer/environment.yaml');

let dir = '';
beforeAll(() => {
  assertBuilt();
  dir = mkdtempSync(join(tmpdir(), 'scsm-dr-long-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes a one-step plan whose step line (line 6) is `step`. */
function planWith(name: string, step: string, lost = 'TWK-SM01'): string {
  const file = join(dir, name);
  writeFileSync(
    file,
    `version: 1\nscenarios:\n  - id: s\n    lost: { computers: [${lost}] }\n    steps:\n      - ${step}\n`,
  );
  return file;
}

function expectUserError(result: { code: number | null; stderr: string; stdout: string }): void {
  expect(result.code).toBe(2);
  expect(result.stderr).not.toMatch(/\n\s+at .*:\d+:\d+\)?\n/);
  // The long value is shown abbreviated, never whole.
  expect(result.stderr.length + result.stdout.length).toBeLessThan(10_000);
}

describe('a 1.6 MB name', () => {
  it('as an action is refused at the action, with the actions to choose from', async () => {
    const plan = planWith('action.yaml', `{ action: ${'a'.repeat(LONG)}, computer: TWK-SM01 }`);
    for (const command of ['validate', 'check']) {
      const result = await runCli([command, ENVIRONMENT, '--plan', plan]);
      expectUserError(result);
      expect(result.stderr).toMatch(/action\.yaml:6:19: invalid action the string "a{40}…"/);
      expect(result.stderr).toContain('expected one of: provision-computer');
    }
  });

  it('as a computer of a step or of the loss is refused there, saying the NetBIOS limit', async () => {
    const plan = planWith(
      'computer.yaml',
      `{ action: stop-services, computer: ${'C'.repeat(LONG)} }`,
      'B'.repeat(LONG),
    );
    const result = await runCli(['check', ENVIRONMENT, '--plan', plan]);
    expectUserError(result);
    expect(result.stderr).toMatch(
      /computer\.yaml:4:25: the string "B{40}…" is too long: 1,600,000 characters \(at scenarios\[0\]\.lost\.computers\[0\]\); expected at most 15 characters \(a NetBIOS computer name\)/,
    );
    expect(result.stderr).toMatch(
      /computer\.yaml:6:44: the string "C{40}…" is too long: 1,600,000 characters \(at scenarios\[0\]\.steps\[0\]\.computer\)/,
    );
  });

  it('as a computer of the environment is refused there', async () => {
    const text = readFileSync(ENVIRONMENT, 'utf8');
    const file = join(dir, 'environment.yaml');
    writeFileSync(file, text.replace('  - name: TWK-SM01\n', `  - name: ${'S'.repeat(LONG)}\n`));
    const line = text.slice(0, text.indexOf('  - name: TWK-SM01\n')).split('\n').length;
    const result = await runCli(['validate', file]);
    expectUserError(result);
    expect(result.stderr).toMatch(
      new RegExp(`environment\\.yaml:${line}:11: the string "S{40}…" is too long: 1,600,000 characters`),
    );
    expect(result.stderr).toContain('expected at most 15 characters (a NetBIOS computer name)');
  });
});

describe('names over their real limit', () => {
  it('a SQL Server instance name of 17 characters is refused at the instance id', async () => {
    const text = readFileSync(ENVIRONMENT, 'utf8');
    expect(text).toContain("'TWK-DWSQL01\\DW'");
    const file = join(dir, 'instance.yaml');
    writeFileSync(file, text.replaceAll("'TWK-DWSQL01\\DW'", "'TWK-DWSQL01\\DW34567890ABCDEFG'"));
    const result = await runCli(['validate', file]);
    expectUserError(result);
    expect(result.stderr).toMatch(
      /instance\.yaml:\d+:\d+: the instance name 'DW34567890ABCDEFG' has 17 characters .*at most 16 characters/,
    );
  });

  it('a database name of 129 characters is refused where the plan names it', async () => {
    const plan = planWith(
      'database.yaml',
      `{ action: run-permissions-script, database: ${'D'.repeat(129)} }`,
    );
    const result = await runCli(['validate', ENVIRONMENT, '--plan', plan]);
    expectUserError(result);
    expect(result.stderr).toMatch(
      /database\.yaml:6:53: .* is too long: 129 characters .*expected at most 128 characters \(a SQL Server database name \(sysname\)\)/,
    );
  });
});
