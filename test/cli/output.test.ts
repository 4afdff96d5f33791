/**
 * End-to-end: where `-o` may point. Every command that writes a file follows one rule
 * (src/cli/io.ts): missing directories are created; a regular or new file is replaced whole; a
 * device, FIFO or open descriptor is written through and stays what it was; a symbolic link is
 * followed and stays a link; every file-system error is `cannot write <path>: <reason>`, exit 2,
 * never a stack trace; no output is an input.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, CLI_PATH, REPO_ROOT, runCli } from '../helpers/cli.js';

const HA = 'scenarios/four-computer-ha/environment.yaml';
const HA_PLAN = 'scenarios/four-computer-ha/plan.yaml';
const TWO = 'scenarios/two-computer/environment.yaml';
const TWO_PLAN = 'scenarios/two-computer/plan.yaml';
const SINGLE = 'scenarios/single-computer/environment.yaml';

const directory = mkdtempSync(join(tmpdir(), 'scsm-dr-output-'));
let journal = '';
let counter = 0;
/** A fresh directory inside the test's directory. */
function fresh(): string {
  counter += 1;
  const path = join(directory, `case-${counter}`);
  mkdirSync(path);
  return path;
}

beforeAll(async () => {
  assertBuilt();
  // A finished drill, for `drill report -o`.
  journal = join(directory, 'drill.jsonl');
  const drill = await runCli(
    ['drill', HA, '--plan', HA_PLAN, '--scenario', 'workflow-server-lost', '--journal', journal],
    { input: `${Array.from({ length: 9 }, () => 'd').join('\n')}\n` },
  );
  expect(drill.code, drill.stderr).toBe(0);
});
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** Every command that writes a file, with the arguments that make it write `output`. */
const WRITERS: Record<string, (output: string) => string[]> = {
  check: (output) => ['check', TWO, '--plan', TWO_PLAN, '-o', output],
  report: (output) => ['report', SINGLE, '--format', 'json', '--fail-on', 'never', '-o', output],
  plan: (output) => ['plan', HA, '--lost', 'cvl-sm01', '-o', output],
  diagram: (output) => ['diagram', TWO, '--kind', 'topology', '-o', output],
  'drill report': (output) => ['drill', 'report', journal, '--format', 'markdown', '-o', output],
  init: (output) => ['init', '-o', output],
};

/**
 * A character device to aim `-o` at. As root, a private node of the same device (`mknod` in the
 * test's directory): a regression that replaced the device would then replace only that node,
 * never the machine's own `/dev/null`. Without root the machine's device is used; a regression
 * cannot replace it then (no write access to `/dev`), it fails with EACCES instead.
 */
function characterDevice(name: 'null' | 'full'): string {
  const node = join(directory, `dev-${name}-${counter++}`);
  const made = spawnSync('mknod', ['-m', '666', node, 'c', '1', name === 'null' ? '3' : '7']);
  return made.status === 0 ? node : `/dev/${name}`;
}

/** What a stack trace line looks like; a user error never shows one. */
const STACK = /\n\s+at /;

describe.each(Object.entries(WRITERS))('%s -o', (_name, args) => {
  it('creates missing directories, and leaves no temporary file', async () => {
    const base = fresh();
    const output = join(base, 'missing', 'dir', 'out.txt');
    const result = await runCli(args(output));
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(output, 'utf8').length).toBeGreaterThan(100);
    expect(readdirSync(join(base, 'missing', 'dir'))).toEqual(['out.txt']);
  });

  it('a path under a regular file: exit 2, names the file in the way, no stack trace', async () => {
    const base = fresh();
    writeFileSync(join(base, 'notes'), 'mine\n');
    const output = join(base, 'notes', 'sub', 'out.txt');
    const result = await runCli(args(output));
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `scsm-dr: cannot write ${output}: ${join(base, 'notes')} is a file, not a directory (ENOTDIR)\n`,
    );
    expect(readFileSync(join(base, 'notes'), 'utf8')).toBe('mine\n');
  });

  it('a 300-byte file name: exit 2 with the reason; a 250-byte one is written', async () => {
    const base = fresh();
    const long = join(base, `${'n'.repeat(296)}.txt`);
    const refused = await runCli(args(long));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^scsm-dr: cannot write .*: the name is too long .*\(ENAMETOOLONG\)\n$/);
    expect(refused.stderr).not.toMatch(STACK);
    // The temporary file beside the target must not be the name that is too long.
    const fits = join(base, `${'f'.repeat(246)}.txt`);
    const written = await runCli(args(fits));
    expect(written.code, written.stderr).toBe(0);
    expect(readdirSync(base)).toEqual([`${'f'.repeat(246)}.txt`]);
  });
});

describe('check -o: file-system errors are user errors (exit 2, no stack trace)', () => {
  const check = (output: string) => runCli(WRITERS.check!(output));

  it.each([
    ['a directory', (base: string) => base, /it is a directory \(EISDIR\)/],
    [
      'a symbolic-link loop',
      (base: string) => {
        symlinkSync(join(base, 'b'), join(base, 'a'));
        symlinkSync(join(base, 'a'), join(base, 'b'));
        return join(base, 'a');
      },
      /too many levels of symbolic links .*\(ELOOP\)/,
    ],
    ['a full device', () => characterDevice('full'), /no space left on the device \(ENOSPC\)/],
  ] as const)('%s', async (_what, target, reason) => {
    const base = fresh();
    const output = target(base);
    const result = await check(output);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^scsm-dr: cannot write ${output}: `));
    expect(result.stderr).toMatch(reason);
    expect(result.stderr).not.toMatch(STACK);
  });
});

describe('-o onto what is not a regular file', () => {
  it('a block device is refused and stays a block device', async () => {
    const base = fresh();
    const device = join(base, 'disk');
    // A node for a loop device that is not set up: harmless even if something wrote to it.
    const made = spawnSync('mknod', [device, 'b', '7', '254']);
    if (made.status !== 0) {
      console.log(`skipped: mknod needs root here (${made.stderr.toString().trim()})`);
      return;
    }
    const result = await runCli(WRITERS.check!(device));
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`scsm-dr: cannot write ${device}: it is a block device (a disk)\n`);
    expect(statSync(device).isBlockDevice()).toBe(true);
  });

  it('/dev/null stays a character device', async () => {
    const device = characterDevice('null');
    const result = await runCli(WRITERS.check!(device));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe(`wrote ${device}\n`);
    expect(statSync(device).isCharacterDevice()).toBe(true);
    const init = await runCli(['init', '-o', device]);
    expect(init.code, init.stderr).toBe(0);
    expect(statSync(device).isCharacterDevice()).toBe(true);
  });

  it('a FIFO receives the report and stays a FIFO', async () => {
    const base = fresh();
    const fifo = join(base, 'pipe');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    expect(statSync(fifo).isFIFO()).toBe(true);
    const expected = await runCli(['check', TWO, '--plan', TWO_PLAN]);
    // Reading opens the FIFO, which lets the writer's open finish.
    const [received, result] = await Promise.all([readFile(fifo, 'utf8'), runCli(WRITERS.check!(fifo))]);
    expect(result.code, result.stderr).toBe(0);
    expect(received).toBe(expected.stdout);
    expect(statSync(fifo).isFIFO()).toBe(true);
  });

  it('/dev/stdout redirected to a file writes into that same file (the shell keeps its descriptor)', async () => {
    const base = fresh();
    const file = join(base, 'redirected.txt');
    const fd = openSync(file, 'w');
    const inode = statSync(file).ino;
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, [CLI_PATH, ...WRITERS.check!('/dev/stdout')], {
        cwd: REPO_ROOT,
        env: { ...process.env, NO_COLOR: '1' },
        stdio: ['ignore', fd, 'ignore'],
      });
      child.on('close', resolve);
    });
    closeSync(fd);
    expect(code).toBe(0);
    const expected = await runCli(['check', TWO, '--plan', TWO_PLAN]);
    expect(statSync(file).ino).toBe(inode);
    expect(readFileSync(file, 'utf8')).toBe(expected.stdout);
  });

  it('a symbolic link stays a link and its target gets the content', async () => {
    const base = fresh();
    const target = join(base, 'real.txt');
    writeFileSync(target, 'old\n');
    chmodSync(target, 0o600);
    const link = join(base, 'link.txt');
    symlinkSync('real.txt', link);
    const result = await runCli(WRITERS.check!(link));
    expect(result.code, result.stderr).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe('real.txt');
    expect(readFileSync(target, 'utf8')).toContain('✔');
    // The replaced file keeps its permissions.
    expect(statSync(target).mode & 0o777).toBe(0o600);
    expect(readdirSync(base).sort()).toEqual(['link.txt', 'real.txt']);
  });

  it('a dangling symbolic link: its target is created (with its directory), the link kept', async () => {
    for (const command of ['check', 'init'] as const) {
      const base = fresh();
      const link = join(base, 'link.txt');
      symlinkSync(join('later', 'real.txt'), link);
      const result = await runCli(WRITERS[command]!(link));
      expect(result.code, result.stderr).toBe(0);
      expect(lstatSync(link).isSymbolicLink()).toBe(true);
      expect(readFileSync(join(base, 'later', 'real.txt'), 'utf8').length).toBeGreaterThan(100);
    }
  });

  it('refuses an input reached through a symbolic link or a hard link', async () => {
    const base = fresh();
    const plan = join(base, 'plan.yaml');
    const original = readFileSync(join(REPO_ROOT, TWO_PLAN), 'utf8');
    writeFileSync(plan, original);
    symlinkSync(plan, join(base, 'soft.yaml'));
    linkSync(plan, join(base, 'hard.yaml'));
    for (const alias of ['soft.yaml', 'hard.yaml']) {
      const output = join(base, alias);
      const result = await runCli(['check', TWO, '--plan', plan, '-o', output]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(
        `scsm-dr: refusing to write ${output}: it is an input of this command\n`,
      );
    }
    expect(readFileSync(plan, 'utf8')).toBe(original);
    expect(statSync(plan).nlink).toBe(2);
  });
});

describe('drill --journal follows the same rule', () => {
  it('creates the journal directory; a journal under a regular file is exit 2', async () => {
    const base = fresh();
    const args = (file: string) => [
      'drill',
      HA,
      '--plan',
      HA_PLAN,
      '--scenario',
      'workflow-server-lost',
      '--journal',
      file,
    ];
    const nested = join(base, 'drills', 'journal.jsonl');
    const made = await runCli(args(nested), { input: 'q\n' });
    expect(made.code, made.stderr).toBe(0);
    expect(existsSync(nested)).toBe(true);

    writeFileSync(join(base, 'notes'), 'mine\n');
    const under = join(base, 'notes', 'journal.jsonl');
    const refused = await runCli(args(under), { input: 'q\n' });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`${join(base, 'notes')} is a file, not a directory (ENOTDIR)`);
    expect(refused.stderr).not.toMatch(STACK);
  });
});
