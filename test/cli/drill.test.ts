/**
 * End-to-end: `scsm-dr drill` and `scsm-dr drill report` spawned as processes. Scripted drills
 * on stdin, a deviation that breaks an invariant, a process killed mid-drill and resumed, damaged
 * journals, and a real pseudo-terminal (tmux) for the interactive prompt and its clock.
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, CLI_PATH, REPO_ROOT, runCli } from '../helpers/cli.js';

const ENV = 'scenarios/four-computer-ha/environment.yaml';
const PLAN = 'scenarios/four-computer-ha/plan.yaml';
const DW_SETUP =
  'x install-data-warehouse-server computer=CVL-DW01 database=DWStagingAndConfig reportingUrl=http://cvl-dwsql01/ReportServer';

const directory = mkdtempSync(join(tmpdir(), 'scsm-dr-drill-cli-'));
beforeAll(() => assertBuilt());
afterAll(() => rmSync(directory, { recursive: true, force: true }));

let counter = 0;
/** A fresh journal path in the test's directory. */
function journalPath(): string {
  counter++;
  return join(directory, `journal-${counter}.jsonl`);
}

const drillArgs = (scenario: string, journal: string, ...more: string[]): string[] => [
  'drill',
  ENV,
  '--plan',
  PLAN,
  '--scenario',
  scenario,
  '--journal',
  journal,
  ...more,
];

const answers = (...lines: string[]): string => `${lines.join('\n')}\n`;
const nine = answers(...Array.from({ length: 9 }, () => 'd'));

interface Line {
  readonly type: string;
  readonly [key: string]: unknown;
}

function readEvents(file: string): Line[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Line);
}

/** The journal without its clock readings (nor the hashes, which chain them): what two runs of the same drill must share. */
function withoutClock(file: string): unknown[] {
  return readEvents(file).map(({ at: _at, elapsedMs: _elapsed, hash: _hash, ...rest }) => rest);
}

async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('scsm-dr drill (scripted)', () => {
  it('runs a whole drill from stdin, writes the journal, and prints a plain transcript', async () => {
    const journal = journalPath();
    const result = await runCli(drillArgs('workflow-server-lost', journal), { input: nine });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).not.toContain('\x1b');
    expect(result.stdout).toContain('DRILL workflow-server-lost — CVL-SM01 (workflow server) is lost');
    expect(result.stdout).toContain('objectives   RTO 12h · RPO 1h · the plan estimates 2h 30m for 9 steps');
    expect(result.stdout).toContain('── Step 3/9 · promote-workflow-server computer=CVL-SM02');
    expect(result.stdout).toContain('   procedure  D-PROMO');
    expect(result.stdout).toContain('   expected   5m (plan) · planned start 10m · owner dba');
    expect(result.stdout).toMatch(/ {3}clock {6}⏱ 0:00:0\d of RTO 12h/);
    expect(result.stdout).toContain('> d\n✓ step 9 done');
    expect(result.stdout).toContain('══ Drill ended: PASSED');
    expect(result.stdout).toMatch(
      / {2}- \{ scenario: workflow-server-lost, date: \d{4}-\d\d-\d\d, outcome: passed, duration: \d+s \}/,
    );
    const events = readEvents(journal);
    expect(events[0]).toMatchObject({
      seq: 1,
      type: 'start',
      environment: { name: 'corvid-logistics-production', file: ENV },
      plan: { file: PLAN },
      scenario: { id: 'workflow-server-lost' },
    });
    expect(events.filter((event) => event.type === 'answer')).toHaveLength(9);
    expect(events[events.length - 1]).toMatchObject({ type: 'end', outcome: 'passed', recovered: true });
    for (const event of events) {
      expect(typeof event.at).toBe('string');
      expect(typeof event.elapsedMs).toBe('number');
    }

    const json = await runCli(['drill', 'report', journal, '--format', 'json']);
    expect(json.code, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout) as { outcome: string; rto: string; steps: { result: string }[] };
    expect(report.outcome).toBe('passed');
    expect(report.rto).toBe('within');
    expect(report.steps.every((step) => step.result === 'done')).toBe(true);

    const markdown = await runCli(['drill', 'report', journal, '--format', 'markdown']);
    expect(markdown.code).toBe(0);
    expect(markdown.stdout).toContain('## Steps: estimated and actual');
    expect(markdown.stdout).toContain('```mermaid\ngantt');
    expect(markdown.stdout).toContain('```yaml\n- { scenario: workflow-server-lost');

    const html = join(directory, 'report.html');
    const page = await runCli(['drill', 'report', journal, '--format', 'html', '-o', html]);
    expect(page.code, page.stderr).toBe(0);
    expect(page.stderr).toBe(`wrote ${html}\n`);
    const text = readFileSync(html, 'utf8');
    expect(text.startsWith('<!doctype html>')).toBe(true);
    expect(text).toContain('<h1>Drill after-action report: workflow-server-lost</h1>');
    expect(text).toContain('<pre class="mermaid">gantt');
  });

  it('warns at once when a deviation breaks an invariant, and the report lists it', async () => {
    const journal = journalPath();
    const result = await runCli(drillArgs('dw-server-lost', journal), {
      input: answers('d', DW_SETUP, 'd', 'd', 'd', 'd'),
    });
    expect(result.code, result.stderr).toBe(1);
    const lines = result.stdout.split('\n');
    const warning = lines.findIndex((line) => line.startsWith('⚠ key-restored-before-setup (D-MSDR): '));
    expect(warning).toBeGreaterThan(0);
    expect(lines[warning - 1]).toMatch(
      /^↪ deviation recorded and applied to the models: install-data-warehouse-server/,
    );
    expect(lines[warning]).toContain(
      'install-data-warehouse-server on data warehouse management server CVL-DW01',
    );
    expect(result.stdout).toContain('══ Drill ended: FAILED');

    const json = await runCli(['drill', 'report', journal, '--format', 'json']);
    const report = JSON.parse(json.stdout) as {
      outcome: string;
      deviations: { action: string; violations: string[] }[];
      violations: { ruleId: string; citation: string; cause: string }[];
    };
    expect(report.outcome).toBe('failed');
    expect(report.deviations).toMatchObject([
      { action: 'install-data-warehouse-server', violations: ['key-restored-before-setup'] },
    ]);
    expect(report.violations[0]).toMatchObject({
      ruleId: 'key-restored-before-setup',
      citation: 'D-MSDR',
      cause: 'deviation',
    });
    const markdown = await runCli(['drill', 'report', journal]);
    expect(markdown.stdout).toMatch(
      /\| install\\-data\\-warehouse\\-server .* \| key\\-restored\\-before\\-setup \|/,
    );
  });

  it('takes answers from --answers FILE, skipping blank lines and comments', async () => {
    const journal = journalPath();
    const file = join(directory, 'answers.txt');
    writeFileSync(file, `# rehearsal script\n\n${nine}`);
    const result = await runCli(drillArgs('workflow-server-lost', journal, '--answers', file));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).not.toContain('rehearsal script');
    expect(readEvents(journal).at(-1)).toMatchObject({ type: 'end', outcome: 'passed' });
  });

  it('writes drill-<scenario>-<date>.jsonl in the current directory, and never into an existing journal', async () => {
    const cwd = mkdtempSync(join(directory, 'cwd-'));
    const args = [
      'drill',
      join(REPO_ROOT, ENV),
      '--plan',
      join(REPO_ROOT, PLAN),
      '--scenario',
      'workflow-server-lost',
    ];
    const first = await runCli(args, { cwd, input: answers('d', 'q') });
    expect(first.code, first.stderr).toBe(0);
    const date = new Date().toISOString().slice(0, 10);
    const journal = join(cwd, `drill-workflow-server-lost-${date}.jsonl`);
    expect(existsSync(journal)).toBe(true);
    expect(first.stdout).toContain('Drill paused at step 2/9');
    const before = readFileSync(journal, 'utf8');

    const again = await runCli(args, { cwd, input: nine });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(
      'already exists: continue that drill with --resume, or name another journal with --journal',
    );
    expect(readFileSync(journal, 'utf8')).toBe(before);

    // --resume without --journal finds the newest journal of the scenario.
    const resumed = await runCli([...args, '--resume'], {
      cwd,
      input: answers(...Array.from({ length: 8 }, () => 'd')),
    });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain('Resuming the drill from its journal');
    expect(readEvents(journal).at(-1)).toMatchObject({ type: 'end', outcome: 'passed' });
  });

  it('injects the same surprises for the same seed', async () => {
    const one = journalPath();
    const two = journalPath();
    const first = await runCli(drillArgs('workflow-server-lost', one, '--inject', '2', '--seed', '8'), {
      input: nine,
    });
    const second = await runCli(drillArgs('workflow-server-lost', two, '--inject', '2', '--seed', '8'), {
      input: nine,
    });
    expect(first.stdout).toContain('surprises    2 injected (seed 8)');
    expect(first.stdout).toContain('⚡ SURPRISE: CVL-SM02 has just been lost (after step 4)');
    expect(second.code).toBe(1); // CVL-SM02 and CVL-SQL01 lost on the way: not recovered
    expect(withoutClock(one)).toEqual(withoutClock(two));
    expect(readEvents(one).filter((event) => event.type === 'fault')).toHaveLength(2);
  });

  it('a FAILED drill exits 1, as the README and docs/drill.md say (a finding, not an input error)', async () => {
    const journal = journalPath();
    const skipped = answers(...Array.from({ length: 9 }, () => 's'));
    const failed = await runCli(drillArgs('workflow-server-lost', journal), { input: skipped });
    expect(failed.stdout).toContain('══ Drill ended: FAILED');
    expect(failed.code, failed.stderr).toBe(1);
    expect(readEvents(journal).at(-1)).toMatchObject({ type: 'end', outcome: 'failed' });
    // The documented exit codes are the ones the program uses.
    const row = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8')
      .split('\n')
      .find((line) => line.startsWith('| `drill '));
    expect(row).toMatch(/\| 0 passed or paused, 1 failed or partial [^|]*, 2 \|$/);
    expect(readFileSync(join(REPO_ROOT, 'docs', 'drill.md'), 'utf8')).toContain(
      '`1` when it ended\n`partial` or `failed`',
    );
  });

  it('refuses bad arguments with exit 2', async () => {
    const unknown = await runCli(drillArgs('workflow-server-lots', journalPath()), { input: nine });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(
      "has no scenario 'workflow-server-lots'; did you mean 'workflow-server-lost'?",
    );
    const seedAlone = await runCli(drillArgs('workflow-server-lost', journalPath(), '--seed', '3'), {
      input: nine,
    });
    expect(seedAlone.code).toBe(2);
    expect(seedAlone.stderr).toContain('--seed chooses injected surprises: give --inject N with it');
    const overInput = await runCli(drillArgs('workflow-server-lost', PLAN), { input: nine });
    expect(overInput.code).toBe(2);
    expect(overInput.stderr).toContain('it is an input of this command');
    const noPlan = await runCli(['drill', ENV, '--scenario', 'workflow-server-lost'], { input: nine });
    expect(noPlan.code).toBe(2);
    expect(noPlan.stderr).toContain("required option '--plan <plan>' not specified");
  });
});

describe('scsm-dr drill --resume', () => {
  it('continues a killed drill: the final journal equals an uninterrupted one (clock values aside)', async () => {
    const reference = journalPath();
    const uninterrupted = await runCli(drillArgs('workflow-server-lost', reference), { input: nine });
    expect(uninterrupted.code, uninterrupted.stderr).toBe(0);

    const journal = journalPath();
    const { FORCE_COLOR: _ignored, ...inherited } = process.env;
    const child: ChildProcess = spawn(
      process.execPath,
      [CLI_PATH, ...drillArgs('workflow-server-lost', journal)],
      {
        cwd: REPO_ROOT,
        env: { ...inherited, NO_COLOR: '1' },
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    child.stdin!.write('d\n');
    child.stdin!.write('d\n');
    const answered = () =>
      existsSync(journal) ? readEvents(journal).filter((e) => e.type === 'answer').length : 0;
    await waitFor('two answers in the journal', () => (answered() >= 2 ? true : undefined));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(answered()).toBe(2);

    const resumed = await runCli(drillArgs('workflow-server-lost', journal, '--resume'), {
      input: answers(...Array.from({ length: 7 }, () => 'd')),
    });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain('Resuming the drill from its journal');
    expect(resumed.stdout).toContain('2 of 9 steps answered');
    expect(withoutClock(journal)).toEqual(withoutClock(reference));
  });

  it('recovers a journal whose last line was cut short, with a warning', async () => {
    const journal = journalPath();
    await runCli(drillArgs('workflow-server-lost', journal), { input: answers('d', 'd', 'd') });
    writeFileSync(journal, `${readFileSync(journal, 'utf8')}{"seq":9,"at":"2026-`, { flag: 'w' });
    const resumed = await runCli(drillArgs('workflow-server-lost', journal, '--resume'), {
      input: answers(...Array.from({ length: 6 }, () => 'd')),
    });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(
      /^warning: .*journal-\d+\.jsonl:9: line 9 is incomplete \(a write was interrupted\); recovered the 8 events before it\n$/,
    );
    const events = readEvents(journal); // every line parses: the cut line is gone
    expect(events.at(-1)).toMatchObject({ type: 'end', outcome: 'passed' });
    expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index + 1));
  });

  it('refuses garbage in the middle of a journal, naming the line', async () => {
    const journal = journalPath();
    await runCli(drillArgs('workflow-server-lost', journal), { input: answers('d', 'd') });
    const lines = readFileSync(journal, 'utf8').split('\n');
    lines[2] = '{"seq":3,"type":"answer",';
    writeFileSync(journal, lines.join('\n'));
    const resumed = await runCli(drillArgs('workflow-server-lost', journal, '--resume'), { input: nine });
    expect(resumed.code).toBe(2);
    expect(resumed.stderr).toContain(`${journal}:3: not a JSON object; the journal is damaged in the middle`);
    const report = await runCli(['drill', 'report', journal]);
    expect(report.code).toBe(2);
    expect(report.stderr).toContain(`${journal}:3: not a JSON object`);
  });

  it('refuses a journal whose answer was changed by hand, naming the line, on resume and in the report', async () => {
    const journal = journalPath();
    await runCli(drillArgs('workflow-server-lost', journal), {
      input: answers('d', 'f the share was offline', 'q'),
    });
    const lines = readFileSync(journal, 'utf8').split('\n');
    const failed = lines.findIndex((line) => line.includes('"answer":"failed"'));
    expect(failed).toBeGreaterThan(0);
    expect(failed).toBeLessThan(lines.length - 3); // in the middle: later lines follow it
    lines[failed] = lines[failed]!.replace('"answer":"failed"', '"answer":"done"');
    writeFileSync(journal, lines.join('\n'));
    const expected = `${journal}:${failed + 1}: record changed after it was written; an edited journal is refused`;
    const resumed = await runCli(drillArgs('workflow-server-lost', journal, '--resume'), { input: nine });
    expect(resumed.code).toBe(2);
    expect(resumed.stderr).toContain(expected);
    expect(resumed.stdout).toBe('');
    const report = await runCli(['drill', 'report', journal]);
    expect(report.code).toBe(2);
    expect(report.stderr).toContain(expected);
  });

  it('says what a garbled but complete last line is, instead of calling it damage in the middle', async () => {
    const journal = journalPath();
    await runCli(drillArgs('workflow-server-lost', journal), { input: answers('d', 'd') });
    const count = readEvents(journal).length;
    writeFileSync(journal, `${readFileSync(journal, 'utf8')}{"seq":${count + 1},"type":"answer",garbled}\n`);
    const resumed = await runCli(drillArgs('workflow-server-lost', journal, '--resume'), { input: nine });
    expect(resumed.code).toBe(2);
    expect(resumed.stderr).toBe(
      `scsm-dr: ${journal}:${count + 1}: the last line is complete but not a JSON object; a crash can only cut the last line short, so this line was written or changed by something else: check it, and delete it to continue from the ${count} events before it\n`,
    );
    expect(resumed.stderr).not.toContain('in the middle');
  });

  it('refuses a journal without integrity hashes as one that cannot be verified', async () => {
    const journal = journalPath();
    await runCli(drillArgs('workflow-server-lost', journal), { input: answers('d', 'q') });
    const stripped = readFileSync(journal, 'utf8').replace(/,"hash":"[0-9a-f]{64}"\}$/gm, '}');
    writeFileSync(journal, stripped);
    const report = await runCli(['drill', 'report', journal]);
    expect(report.code).toBe(2);
    expect(report.stderr).toBe(
      `scsm-dr: ${journal}:1: record has no integrity hash: the journal was written by an older scsm-dr, or edited, and cannot be verified\n`,
    );
  });

  it('refuses a journal of another scenario, or of a changed plan, with exit 2', async () => {
    const journal = journalPath();
    await runCli(drillArgs('workflow-server-lost', journal), { input: answers('d', 'q') });
    const other = await runCli(drillArgs('dw-server-lost', journal, '--resume'), { input: nine });
    expect(other.code).toBe(2);
    expect(other.stderr).toContain(
      `${journal}:1: the journal is a drill of scenario 'workflow-server-lost', not of 'dw-server-lost'`,
    );

    const changedPlan = join(directory, 'changed-plan.yaml');
    writeFileSync(
      changedPlan,
      readFileSync(PLAN, 'utf8')
        .replace('environment: ./environment.yaml', `environment: ${join(REPO_ROOT, ENV)}`)
        .replace(
          '- { action: stop-services, computer: CVL-SM02, duration: 5m, owner: itsm-admins }',
          '- { action: stop-services, computer: CVL-SM02, duration: 7m, owner: itsm-admins }',
        ),
    );
    const changed = await runCli(
      [
        'drill',
        ENV,
        '--plan',
        changedPlan,
        '--scenario',
        'workflow-server-lost',
        '--journal',
        journal,
        '--resume',
      ],
      { input: nine },
    );
    expect(changed.code).toBe(2);
    expect(changed.stderr).toContain("was started from another version of scenario 'workflow-server-lost'");

    const injected = await runCli(drillArgs('workflow-server-lost', journal, '--resume', '--inject', '1'), {
      input: nine,
    });
    expect(injected.code).toBe(2);
    expect(injected.stderr).toContain('the drill was started without --inject');
  });
});

describe('scsm-dr drill in a terminal (tmux)', () => {
  it('prompts with the step and the RTO clock, takes the input, and journals it', async () => {
    const found = spawnSync('sh', ['-c', 'command -v tmux'], { encoding: 'utf8' });
    if (found.status !== 0)
      throw new Error(
        'tmux is needed for the pseudo-terminal test of scsm-dr drill and is not installed: apt-get install tmux (Debian package tmux)',
      );
    const socket = join(directory, 'tmux.sock');
    const journal = journalPath();
    const tmux = (...args: string[]): string =>
      execFileSync('tmux', ['-u', '-S', socket, '-f', '/dev/null', ...args], {
        encoding: 'utf8',
        env: { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' },
      });
    const quote = (word: string): string => `'${word.replace(/'/g, `'\\''`)}'`;
    const command = [process.execPath, CLI_PATH, ...drillArgs('workflow-server-lost', journal)]
      .map(quote)
      .join(' ');
    const screen = (): string => tmux('capture-pane', '-p', '-J', '-t', 'drill');
    const seen = (text: string) =>
      waitFor(`'${text}' on the screen`, () => (screen().includes(text) ? screen() : undefined));
    /** The drill clock in the last prompt on the screen, in seconds. */
    const promptClock = (text: string): number => {
      const prompts = [...text.matchAll(/\[(\d+):(\d\d):(\d\d) \/ RTO 12h\] step \d\/9/g)];
      const last = prompts[prompts.length - 1];
      if (last === undefined) throw new Error(`no prompt on the screen:\n${text}`);
      return Number(last[1]) * 3600 + Number(last[2]) * 60 + Number(last[3]);
    };
    try {
      tmux(
        'new-session',
        '-d',
        '-s',
        'drill',
        '-x',
        '150',
        '-y',
        '50',
        `cd ${quote(REPO_ROOT)} && ${command}; echo "[exit $?]"; sleep 600`,
      );
      const first = await seen('step 1/9 (d f s x n ? q) > ');
      expect(first).toContain('── Step 1/9 · stop-services computer=CVL-SM02');
      expect(first).toContain('clock      ⏱ 0:00:00 of RTO 12h');
      expect(first).toMatch(/\[0:00:0\d \/ RTO 12h\] step 1\/9 \(d f s x n \? q\) > /);

      tmux('send-keys', '-t', 'drill', 'd', 'Enter');
      const second = await seen('step 2/9 (d f s x n ? q) > ');
      expect(second).toContain('> d\n✓ step 1 done');
      expect(second).toContain('── Step 2/9 · clear-health-service-state computer=CVL-SM02');
      await waitFor('the answer in the journal', () =>
        readEvents(journal).some((event) => event.type === 'answer') ? true : undefined,
      );

      // The clock runs while the team thinks: the prompt is redrawn, and typed text stays.
      tmux('send-keys', '-t', 'drill', 'n half typed');
      const before = promptClock(await seen('> n half typed'));
      const later = await waitFor('the clock to move on', () => {
        const text = screen();
        return promptClock(text) >= before + 2 && text.includes('> n half typed') ? text : undefined;
      });
      expect(later).toContain('> n half typed');

      tmux('send-keys', '-t', 'drill', 'C-u', 'x stop-services computr=CVL-SM02', 'Enter');
      expect(await seen("did you mean 'computer'?")).toContain("stop-services has no parameter 'computr'");

      tmux('send-keys', '-t', 'drill', 'q', 'Enter');
      const last = await seen('[exit 0]');
      expect(last).toContain('Drill paused at step 2/9');
      expect(readEvents(journal).map((event) => event.type)).toEqual([
        'start',
        'step',
        'answer',
        'step',
        'quit',
      ]);
    } finally {
      spawnSync('tmux', ['-S', socket, 'kill-server']);
    }
  });
});
