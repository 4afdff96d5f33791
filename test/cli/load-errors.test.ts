/**
 * End-to-end: errors of loading an input file say where they are, in the file's own terms.
 * A refused `!!omap` is located at its tag, a syntax error in a `.json` file is a JSON syntax
 * error at its line and column, and a file that cannot be read at all (missing, a directory, a
 * path through a file, unreadable) is named without a position, since none means anything.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, REPO_ROOT, runCli } from '../helpers/cli.js';

let directory: string;
beforeAll(() => {
  assertBuilt();
  directory = mkdtempSync(join(tmpdir(), 'scsm-dr-load-errors-'));
});
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const write = (name: string, text: string): string => {
  const file = join(directory, name);
  writeFileSync(file, text);
  return file;
};

describe('load errors through the CLI', () => {
  it('locates a refused !!omap at its tag, not at 1:1', async () => {
    const source = readFileSync(join(REPO_ROOT, 'scenarios/single-computer/environment.yaml'), 'utf8');
    const objectives =
      'objectives:\n  rto: 2d                 # lab charter: "back within two working days"\n  rpo: 24h\n';
    expect(source).toContain(objectives);
    const text = source.replace(objectives, 'objectives: !!omap\n  - rto: 2d\n  - rpo: 24h\n');
    const line = text.split('\n').indexOf('objectives: !!omap') + 1;
    expect(line).toBeGreaterThan(10);
    const file = write('omap.yaml', text);
    const result = await runCli(['validate', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `${file}:${line}:13: unsupported YAML tag !!omap (at objectives); expected a mapping or a list without a tag; remove the tag !!omap\n` +
        `scsm-dr: ${file}: 1 error\n`,
    );
  });

  it('locates a flow !!set and a !!omap in flow style at their tags', async () => {
    const file = write(
      'flow.yaml',
      'version: 1\nname: x\nobjectives: !!omap [ {rto: 1h} ]\ncomputers: !!set\n  # c\n  ? a\n',
    );
    const result = await runCli(['validate', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}:3:13: unsupported YAML tag !!omap (at objectives)`);
    expect(result.stderr).toContain(`${file}:4:12: unsupported YAML tag !!set (at computers)`);
  });

  it('calls a syntax error in a .json file a JSON syntax error, at its line and column', async () => {
    const cases: [string, string][] = [
      ['{\n  "version": 1,\n  "name": "x",,\n}\n', '3:15: JSON syntax error: Unexpected , in object'],
      [
        '{\n  "version": 1,\n  "name": "x"\n  "product": "y"\n}\n',
        '4:3: JSON syntax error: Missing , between object members',
      ],
      ['[1,\n 2,,3]\n', '2:4: JSON syntax error: Unexpected , in array'],
      [
        '{"version": 1, "version": 2}\n',
        '1:16: JSON syntax error: Object keys must be unique; expected each key once per object',
      ],
    ];
    for (const [index, [text, expected]] of cases.entries()) {
      const file = write(`broken-${index}.json`, text);
      const result = await runCli(['validate', file]);
      expect(result.code, text).toBe(2);
      expect(result.stderr.split('\n')[0], text).toBe(`${file}:${expected}`);
      expect(result.stderr).not.toContain('YAML');
    }
    // The same text in a .yaml file stays a YAML syntax error.
    const yaml = write('broken.yaml', '{\n  "version": 1,\n  "name": "x",,\n}\n');
    const result = await runCli(['validate', yaml]);
    expect(result.stderr.split('\n')[0]).toBe(`${yaml}:3:15: YAML syntax error: Unexpected , in flow map`);
  });

  it('names a missing file, a directory and a path through a file without a position', async () => {
    const missing = join(directory, 'no-such.yaml');
    const file = write('plain.yaml', 'version: 1\n');
    const through = join(file, 'environment.yaml');
    for (const [path, message] of [
      [missing, 'no such file'],
      [directory, 'is a directory; expected a YAML or JSON file'],
      [through, 'no such file (a part of the path is not a directory)'],
    ] as const) {
      const result = await runCli(['validate', path]);
      expect(result.code, path).toBe(2);
      expect(result.stderr).toBe(`${path}: ${message}\nscsm-dr: ${path}: 1 error\n`);
    }
    const plan = await runCli([
      'check',
      join(REPO_ROOT, 'scenarios/single-computer/environment.yaml'),
      '--plan',
      missing,
    ]);
    expect(plan.code).toBe(2);
    expect(plan.stderr).toBe(`${missing}: no such file\nscsm-dr: ${missing}: 1 error\n`);
  });

  // Root reads any file whatever its mode, so the refusal cannot be provoked as root.
  const root = process.getuid?.() === 0;
  if (root) console.log('skipping the unreadable-file test: running as root, which reads any file');
  it.skipIf(root)('names an unreadable file without a position', async () => {
    const file = write('secret.yaml', 'version: 1\n');
    chmodSync(file, 0o000);
    const result = await runCli(['validate', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `${file}: permission denied: the file cannot be read\nscsm-dr: ${file}: 1 error\n`,
    );
  });
});
