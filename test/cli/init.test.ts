import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, REPO_ROOT, runCli } from '../helpers/cli.js';

const TOPOLOGIES = ['single-computer', 'two-computer', 'four-computer', 'four-computer-ha'] as const;

const directories: string[] = [];
function temporaryDirectory(): string {
  const directory = mkdtempSync(join(tmpdir(), 'scsm-dr-'));
  directories.push(directory);
  return directory;
}

beforeAll(() => {
  assertBuilt();
});

afterAll(() => {
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

describe('scsm-dr init', () => {
  it.each(TOPOLOGIES)('writes the %s template, which then validates', async (topology) => {
    const cwd = temporaryDirectory();
    const init = await runCli(['init', '--topology', topology], { cwd });
    expect(init.stderr).toContain(`wrote environment.yaml (${topology})`);
    expect(init.code).toBe(0);
    expect(init.stdout).toBe('');
    const written = readFileSync(join(cwd, 'environment.yaml'), 'utf8');
    expect(written).toBe(readFileSync(join(REPO_ROOT, 'templates', `${topology}.environment.yaml`), 'utf8'));

    const validate = await runCli(['validate', 'environment.yaml'], { cwd });
    expect(validate.stderr).toBe('');
    expect(validate.code).toBe(0);
    expect(validate.stdout).toMatch(/^✓ environment\.yaml: contoso-/);
  });

  it('writes the four-computer template by default', async () => {
    const cwd = temporaryDirectory();
    const init = await runCli(['init'], { cwd });
    expect(init.code).toBe(0);
    expect(readFileSync(join(cwd, 'environment.yaml'), 'utf8')).toBe(
      readFileSync(join(REPO_ROOT, 'templates', 'four-computer.environment.yaml'), 'utf8'),
    );
  });

  it('writes to the file named by --output', async () => {
    const cwd = temporaryDirectory();
    const init = await runCli(['init', '-t', 'two-computer', '--output', 'lab.yaml'], { cwd });
    expect(init.code).toBe(0);
    expect(existsSync(join(cwd, 'lab.yaml'))).toBe(true);
    expect(existsSync(join(cwd, 'environment.yaml'))).toBe(false);
  });

  it('refuses to overwrite: a second init exits 2 and leaves the first file byte-identical', async () => {
    const cwd = temporaryDirectory();
    expect((await runCli(['init', '--topology', 'single-computer'], { cwd })).code).toBe(0);
    const before = readFileSync(join(cwd, 'environment.yaml'));

    const again = await runCli(['init', '--topology', 'four-computer-ha'], { cwd });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('environment.yaml already exists');
    expect(again.stderr).not.toContain('    at ');
    expect(readFileSync(join(cwd, 'environment.yaml')).equals(before)).toBe(true);
  });

  it('refuses to overwrite a file the user wrote', async () => {
    const cwd = temporaryDirectory();
    writeFileSync(join(cwd, 'environment.yaml'), 'my notes\n');
    const init = await runCli(['init'], { cwd });
    expect(init.code).toBe(2);
    expect(readFileSync(join(cwd, 'environment.yaml'), 'utf8')).toBe('my notes\n');
  });

  it('exits 2 for an unknown topology and lists the allowed choices', async () => {
    const cwd = temporaryDirectory();
    const init = await runCli(['init', '--topology', 'three-computer'], { cwd });
    expect(init.code).toBe(2);
    expect(init.stderr).toContain('three-computer');
    for (const topology of TOPOLOGIES) expect(init.stderr).toContain(topology);
    expect(init.stderr).not.toContain('    at ');
    expect(existsSync(join(cwd, 'environment.yaml'))).toBe(false);
  });

  it('creates a missing target directory, as every command writing a file does', async () => {
    const cwd = temporaryDirectory();
    const init = await runCli(['init', '-o', join('missing', 'environment.yaml')], { cwd });
    expect(init.code, init.stderr).toBe(0);
    expect(existsSync(join(cwd, 'missing', 'environment.yaml'))).toBe(true);
  });
});

describe('scsm-dr init --with-config', () => {
  it('also writes a starter config naming the environment, which score then finds', async () => {
    const cwd = temporaryDirectory();
    const init = await runCli(['init', '--with-config', '-o', 'lab env.yaml'], { cwd });
    expect(init.code).toBe(0);
    expect(init.stderr).toContain('wrote scsm-dr.config.yaml');
    const config = readFileSync(join(cwd, 'scsm-dr.config.yaml'), 'utf8');
    expect(config).toContain('environment: "./lab env.yaml"\n');
    const score = await runCli(['score', '--format', 'json'], { cwd });
    expect(score.stderr).toBe('');
    expect(score.code).toBe(0);
    expect((JSON.parse(score.stdout) as { environment: { file: string } }).environment.file).toBe(
      'lab env.yaml',
    );
  });

  it('refuses before writing anything when the config file exists', async () => {
    const cwd = temporaryDirectory();
    writeFileSync(join(cwd, 'scsm-dr.config.yaml'), 'failOn: never\n');
    const init = await runCli(['init', '--with-config'], { cwd });
    expect(init.code).toBe(2);
    expect(init.stderr).toContain('scsm-dr.config.yaml already exists');
    expect(existsSync(join(cwd, 'environment.yaml'))).toBe(false);
    expect(readFileSync(join(cwd, 'scsm-dr.config.yaml'), 'utf8')).toBe('failOn: never\n');
  });
});
