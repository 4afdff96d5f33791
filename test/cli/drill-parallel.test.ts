/**
 * End-to-end: several steps in progress at once in `scsm-dr drill` of a two-team plan
 * (hq-site-lost-two-teams). Two steps of two teams started, the process killed with SIGKILL
 * while both are in progress, the drill resumed with both still in progress at their original
 * start times, then finished; a resume against a plan whose team/after changed refused; a
 * scripted drill from an --answers file; and the prompt in a real pseudo-terminal (tmux).
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, CLI_PATH, REPO_ROOT, runCli } from '../helpers/cli.js';

const ENV = 'scenarios/four-computer-ha/environment.yaml';
const PLAN = 'scenarios/four-computer-ha/plan.yaml';
const SCENARIO = 'hq-site-lost-two-teams';
/** sql-host (dba) is step 1, sm02-stop (sm-admin) step 7, sm02-health step 8. */
const SQL_HOST = 0;
const SM02_STOP = 6;

const directory = mkdtempSync(join(tmpdir(), 'scsm-dr-drill-parallel-'));
beforeAll(() => assertBuilt());
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const drillArgs = (journal: string, plan = PLAN, ...more: string[]): string[] => [
  'drill',
  ENV,
  '--plan',
  plan,
  '--scenario',
  SCENARIO,
  '--journal',
  journal,
  ...more,
];

interface Line {
  readonly type: string;
  readonly step?: number;
  readonly attempt?: number;
  readonly elapsedMs: number;
  readonly at: string;
  readonly [key: string]: unknown;
}

function readLines(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '');
}

const readEvents = (file: string): Line[] => readLines(file).map((line) => JSON.parse(line) as Line);

async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

interface ReportStep {
  index: number;
  result: string;
  startSeconds?: number;
  endSeconds?: number;
}

async function reportSteps(journal: string): Promise<ReportStep[]> {
  const report = await runCli(['drill', 'report', journal, '--format', 'json']);
  expect(report.code, report.stderr).toBe(0);
  return (JSON.parse(report.stdout) as { steps: ReportStep[] }).steps;
}

/** The first presentation of a step in the journal: its start. */
const startOf = (events: readonly Line[], step: number): Line | undefined =>
  events.find((event) => event.type === 'step' && event.step === step && event.attempt === 1);

describe('scsm-dr drill with several steps in progress', () => {
  it('keeps two steps of two teams in progress across a SIGKILL, with their start times, and finishes them', async () => {
    const journal = join(directory, 'killed.jsonl');
    const { FORCE_COLOR: _ignored, ...inherited } = process.env;
    const child: ChildProcess = spawn(process.execPath, [CLI_PATH, ...drillArgs(journal)], {
      cwd: REPO_ROOT,
      env: { ...inherited, NO_COLOR: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    // Step 1 (dba) comes up by itself; the administrator begins step 7 beside it.
    child.stdin!.write(`b ${SM02_STOP + 1}\n`);
    await waitFor('step 7 presented in the journal', () =>
      existsSync(journal) && startOf(readEvents(journal), SM02_STOP) !== undefined ? true : undefined,
    );
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    // Everything the team saw is on disk: both steps are in progress.
    const before = readLines(journal);
    const killedEvents = readEvents(journal);
    expect(killedEvents.map((event) => event.type)).toEqual(['start', 'step', 'begin', 'step']);
    const starts = [startOf(killedEvents, SQL_HOST)!, startOf(killedEvents, SM02_STOP)!];
    const killed = await reportSteps(journal);
    expect(killed[SQL_HOST]).toMatchObject({
      result: 'in-progress',
      startSeconds: starts[0]!.elapsedMs / 1000,
    });
    expect(killed[SM02_STOP]).toMatchObject({
      result: 'in-progress',
      startSeconds: starts[1]!.elapsedMs / 1000,
    });

    // Resumed, the drill shows both steps again, still in progress, and the team finishes them
    // in the other order.
    const resumed = await runCli([...drillArgs(journal), '--resume'], {
      input: `d ${SM02_STOP + 1}\nd ${SQL_HOST + 1} the host is up\nq\n`,
    });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain('Resuming the drill from its journal: 4 events, 0 of 34 steps answered');
    expect(resumed.stdout).toContain(
      '── Step 1/34 [sql-host] (resumed) · provision-computer computer=CVL-SQL01',
    );
    expect(resumed.stdout).toContain('── Step 7/34 [sm02-stop] (resumed) · stop-services computer=CVL-SM02');
    expect(resumed.stdout).toContain('   in progress  1 sql-host (dba) · 7 sm02-stop (sm-admin)');
    expect(resumed.stdout).toContain('✓ step 7 done');
    expect(resumed.stdout).toContain('✓ step 1 done: the host is up');

    // The lines written before the kill are untouched, and the report has both steps done from
    // their original start times.
    const after = readLines(journal);
    expect(after.slice(0, before.length)).toEqual(before);
    const finished = await reportSteps(journal);
    for (const [position, step] of [SQL_HOST, SM02_STOP].entries()) {
      expect(finished[step]!.result).toBe('done');
      expect(finished[step]!.startSeconds).toBe(starts[position]!.elapsedMs / 1000);
      expect(finished[step]!.endSeconds).toBeGreaterThanOrEqual(finished[step]!.startSeconds!);
    }
    const answers = readEvents(journal).filter((event) => event.type === 'answer');
    expect(answers.map((event) => event.step)).toEqual([SM02_STOP, SQL_HOST]);
  });

  it('refuses to resume against a plan whose team or after: changed since the journal was started', async () => {
    const journal = join(directory, 'changed.jsonl');
    const first = await runCli(drillArgs(journal), { input: `b ${SM02_STOP + 1}\nq\n` });
    expect(first.code, first.stderr).toBe(0);
    const text = readFileSync(PLAN, 'utf8');
    const variants = {
      after: text.replace('team: sm-admin, after: [sm02-stop] }', 'team: sm-admin }'),
      team: text.replace(
        '{ id: sm02-stop, action: stop-services, computer: CVL-SM02, duration: 5m, team: sm-admin }',
        '{ id: sm02-stop, action: stop-services, computer: CVL-SM02, duration: 5m, team: dba }',
      ),
      teams: text.replace('teams: { dba: 1, sm-admin: 1 }', 'teams: { dba: 2, sm-admin: 1 }'),
    };
    for (const [change, variant] of Object.entries(variants)) {
      expect(variant, change).not.toBe(text);
      const plan = join(directory, `plan-${change}.yaml`);
      writeFileSync(plan, variant);
      try {
        const resumed = await runCli([...drillArgs(journal, plan), '--resume'], { input: 'q\n' });
        expect(resumed.code, change).toBe(2);
        expect(resumed.stderr).toContain(
          `the journal was started from another version of scenario '${SCENARIO}'`,
        );
      } finally {
        rmSync(plan, { force: true });
      }
    }
    // The unchanged plan still resumes it.
    const again = await runCli([...drillArgs(journal), '--resume'], { input: 'q\n' });
    expect(again.code, again.stderr).toBe(0);
  });

  it('runs a scripted drill from an --answers file: begin, a refused begin, answers by id', async () => {
    const journal = join(directory, 'answers.jsonl');
    const script = join(directory, 'answers.txt');
    writeFileSync(
      script,
      [
        '# the administrator starts at once',
        'b sm02-stop',
        'b promote',
        'd sm02-stop',
        'd sql-host',
        'l',
        'q',
        '',
      ].join('\n'),
    );
    const run = await runCli([...drillArgs(journal), '--answers', script]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(
      '> b promote\n! step 9 promote cannot start yet: it waits for steps 5 sm-db-permissions (not started), 8 sm02-health (not started)',
    );
    expect(run.stdout).toContain('> l\n   in progress  2 sql (dba)');
    const types = readEvents(journal).map(
      (event) => `${event.type}${event.step === undefined ? '' : event.step + 1}`,
    );
    expect(types).toEqual(['start', 'step1', 'begin7', 'step7', 'answer7', 'answer1', 'step2', 'quit2']);
  });
});

describe('scsm-dr drill with several steps in progress, in a terminal (tmux)', () => {
  it('prompts with the steps in progress and takes b and d <step>', async () => {
    const found = spawnSync('sh', ['-c', 'command -v tmux'], { encoding: 'utf8' });
    if (found.status !== 0)
      throw new Error(
        'tmux is needed for the pseudo-terminal test of scsm-dr drill and is not installed: apt-get install tmux (Debian package tmux)',
      );
    const socket = join(directory, 'tmux.sock');
    const journal = join(directory, 'tmux.jsonl');
    const tmux = (...args: string[]): string =>
      execFileSync('tmux', ['-u', '-S', socket, '-f', '/dev/null', ...args], {
        encoding: 'utf8',
        env: { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' },
      });
    const quote = (word: string): string => `'${word.replace(/'/g, `'\\''`)}'`;
    const command = [process.execPath, CLI_PATH, ...drillArgs(journal)].map(quote).join(' ');
    const screen = (): string => tmux('capture-pane', '-p', '-J', '-t', 'drill');
    const seen = (text: string) =>
      waitFor(`'${text}' on the screen`, () => (screen().includes(text) ? screen() : undefined));
    try {
      tmux(
        'new-session',
        '-d',
        '-s',
        'drill',
        '-x',
        '160',
        '-y',
        '50',
        `cd ${quote(REPO_ROOT)} && ${command}; echo "[exit $?]"; sleep 600`,
      );
      const first = await seen('step 1 in progress · 0/34 answered (b d f s x n l ? q) > ');
      expect(first).toMatch(/\[0:00:0\d \/ RTO 12h\] step 1 in progress/);
      tmux('send-keys', '-t', 'drill', 'b 7', 'Enter');
      const both = await seen('steps 1, 7 in progress · 0/34 answered (b d f s x n l ? q) > ');
      expect(both).toContain('── Step 7/34 [sm02-stop] · stop-services computer=CVL-SM02');
      tmux('send-keys', '-t', 'drill', 'd', 'Enter');
      expect(await seen('name the step first, e.g. d 7')).toContain('2 steps are in progress');
      tmux('send-keys', '-t', 'drill', 'd 7', 'Enter');
      await seen('step 1 in progress · 1/34 answered');
      tmux('send-keys', '-t', 'drill', 'q', 'Enter');
      await seen('[exit 0]');
      expect(readEvents(journal).map((event) => event.type)).toEqual([
        'start',
        'step',
        'begin',
        'step',
        'answer',
        'quit',
      ]);
    } finally {
      spawnSync('tmux', ['-S', socket, 'kill-server']);
    }
  });
});
