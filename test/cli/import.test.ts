import { copyFileSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../helpers/cli.js';

const SCENARIO = join(REPO_ROOT, 'scenarios/four-computer-ha');
const EVIDENCE = readdirSync(join(SCENARIO, 'evidence')).map((name) => join(SCENARIO, 'evidence', name));

function workspace(): { directory: string; environment: string } {
  const directory = mkdtempSync(join(tmpdir(), 'scsm-dr-import-'));
  const environment = join(directory, 'environment.yaml');
  copyFileSync(join(SCENARIO, 'environment.yaml'), environment);
  return { directory, environment };
}

describe('scsm-dr import backups', () => {
  it('prints claims beside evidence and a diff, and writes nothing without --write', async () => {
    const { directory, environment } = workspace();
    const before = readFileSync(environment);
    const mtime = statSync(environment).mtimeMs;
    const result = await runCli(['import', 'backups', environment, '--from', ...EVIDENCE]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^ServiceManager on CVL-SQL01 {2}evidence: 31 full, 93 differential, 2976 log backups/m,
    );
    // The recreated OMDWDataMart does not inherit the history of the database it replaced.
    expect(result.stdout).toMatch(
      /OMDWDataMart.*\n.*rows of an earlier database or recovery fork of this name ignored/,
    );
    expect(result.stdout).toContain('1 copy-only full not counted');
    expect(result.stdout).toMatch(
      /ReportServer[^\n]*\n[^\n]*FULL recovery model but no log backup on record/,
    );
    expect(result.stdout).toContain('not written: the time zone of the server is unknown');
    expect(result.stdout).toContain('master on CVL-SQL01  in the evidence, not declared in the environment');
    expect(result.stdout).toContain('-      offHost: true\n+      offHost: false');
    expect(result.stdout).toContain('nothing written; run again with --write');
    expect(readFileSync(environment).equals(before)).toBe(true);
    expect(statSync(environment).mtimeMs).toBe(mtime);
    expect(readdirSync(directory)).toEqual(['environment.yaml']);
  });

  it('--write changes only the values of the diff, byte for byte elsewhere, comments included', async () => {
    const { directory, environment } = workspace();
    const before = readFileSync(environment, 'utf8');
    const preview = await runCli([
      'import',
      'backups',
      environment,
      '--from',
      ...EVIDENCE,
      '--format',
      'json',
    ]);
    const expected = JSON.parse(preview.stdout) as { diff: string; written: boolean };
    expect(expected.written).toBe(false);
    const result = await runCli([
      'import',
      'backups',
      environment,
      '--from',
      ...EVIDENCE,
      '--write',
      '--format',
      'json',
    ]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { diff: string; written: boolean };
    expect(report.written).toBe(true);
    expect(report.diff).toBe(expected.diff);
    const after = readFileSync(environment, 'utf8');
    const oldLines = before.split('\n');
    const newLines = after.split('\n');
    expect(newLines).toHaveLength(oldLines.length);
    const changed = oldLines.flatMap((line, index) => (line === newLines[index] ? [] : [index]));
    expect(changed.length).toBeGreaterThan(0);
    for (const index of changed) {
      // Every changed line is one of the diff's, and outside the values it keeps every byte:
      // removing the scalars that differ leaves the same text, comments and spacing included.
      expect(report.diff).toContain(`-${oldLines[index]}\n+${newLines[index]}`);
      const skeleton = (line: string) => line.replace(/(every|last|offHost): [^,}\s]+/g, '$1: _');
      expect(skeleton(newLines[index]!)).toBe(skeleton(oldLines[index]!));
    }
    expect(after).toContain('      full: { every: 7d, last: 2026-11-22T02:04:31Z }     # Sunday night');
    expect(readdirSync(directory)).toEqual(['environment.yaml']);
    // The written file loads, and a second import finds nothing left to change.
    const again = await runCli(['import', 'backups', environment, '--from', ...EVIDENCE]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('environment.yaml: nothing to change');
  });

  it('a Windows file (byte-order mark, CRLF) is previewed without \\r escapes and written back with both', async () => {
    const { directory, environment } = workspace();
    const windows = `\uFEFF${readFileSync(environment, 'utf8').replace(/\n/g, '\r\n')}`;
    writeFileSync(environment, windows);
    const preview = await runCli(['import', 'backups', environment, '--from', ...EVIDENCE]);
    expect(preview.code, preview.stderr).toBe(0);
    expect(preview.stdout).toContain('-      offHost: true\n+      offHost: false\n');
    expect(preview.stdout).not.toContain('\\r');
    expect(preview.stdout).not.toContain('\r');
    const result = await runCli(['import', 'backups', environment, '--from', ...EVIDENCE, '--write']);
    expect(result.code, result.stderr).toBe(0);
    const after = readFileSync(environment, 'utf8');
    expect(after.startsWith('\uFEFF')).toBe(true);
    expect(after.startsWith('\uFEFF\uFEFF')).toBe(false);
    expect(after).not.toMatch(/[^\r]\n/);
    expect(after).toContain('offHost: false');
    expect(readdirSync(directory)).toEqual(['environment.yaml']);
    const again = await runCli(['import', 'backups', environment, '--from', ...EVIDENCE]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('environment.yaml: nothing to change');
  });

  it('lists every declared database the evidence does not mention', async () => {
    const result = await runCli([
      'import',
      'backups',
      join(SCENARIO, 'environment.yaml'),
      '--from',
      EVIDENCE.find((file) => file.endsWith('cvl-sql01.json'))!,
    ]);
    expect(result.code).toBe(0);
    for (const name of ['DWStagingAndConfig', 'DWRepository', 'DWDataMart', 'OMDWDataMart', 'ReportServer'])
      expect(result.stdout).toContain(`${name} on CVL-DWSQL01\\DW  not in the evidence`);
  });

  it('refuses a malformed evidence file with its line and column, exit 2, and writes nothing', async () => {
    const { directory, environment } = workspace();
    const bad = join(directory, 'broken.json');
    writeFileSync(
      bad,
      '[\n  {\n    "SqlInstance": "CVL-SQL01",\n    "Database": "ServiceManager",\n    "Type": "Full",\n    "Start": "2026-11-31T22:00:00+01:00",\n    "End": "2026-11-23T22:30:00+01:00"\n  }\n]\n',
    );
    const before = readFileSync(environment);
    const result = await runCli(['import', 'backups', environment, '--from', bad, '--write']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `${bad}:6:5: Start "2026-11-31T22:00:00+01:00" is not a date (at [0].Start); expected an ISO 8601 time`,
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(environment).equals(before)).toBe(true);
    const csv = join(directory, 'broken.csv');
    writeFileSync(csv, 'server_name,database_name,type\nCVL-SQL01,ServiceManager,D\n');
    const missing = await runCli(['import', 'backups', environment, '--from', csv]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`${csv}:1:1: the header has no column backup_start_date`);
  });

  it('escapes control characters from the evidence before they reach the terminal', async () => {
    const { directory, environment } = workspace();
    const hostile = join(directory, 'hostile.json');
    writeFileSync(
      hostile,
      JSON.stringify([
        {
          SqlInstance: 'X\u001b[31m',
          Database: 'Evil\u001b]0;pwned\u0007',
          Type: 'Full',
          Start: '2026-11-23T22:00:00Z',
          End: '2026-11-23T22:10:00Z',
          Path: 'C:\\b.bak',
        },
      ]),
    );
    const result = await runCli(['import', 'backups', environment, '--from', hostile]);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('\u001b');
    expect(result.stdout).toContain('Evil\\x1b]0;pwned\\x07');
  });
});
