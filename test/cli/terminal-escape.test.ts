/**
 * End-to-end: control characters from the inputs never reach the terminal. A hostile
 * environment and plan (names, sites, a scenario title carrying a window-title sequence, a
 * clear-screen sequence, a line break that fakes an `error:` line, a C1 CSI and a bidi
 * override) go through every text output a user reads: `validate`, `check`, `score`,
 * `simulate`, `plan`'s messages, a scripted drill, `drill report --format markdown` and the
 * input-error messages. Each must show the characters as escapes and contain none of them.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JournalEvent } from '../../src/drill/events.js';
import { serializeEvents } from '../../src/drill/journal.js';
import { assertBuilt, REPO_ROOT, runCli } from '../helpers/cli.js';

/** What the attack carries, as YAML double-quoted escapes: title, clear screen, fake line, CSI, RLO. */
const HOSTILE_YAML = '\\e]0;pwned\\a\\e[2J\\nerror: fake\\u009b\\u202e';
/** How scsm-dr must show it: every character visible, nothing interpreted. */
const SHOWN = '\\x1b]0;pwned\\x07\\x1b[2J\\nerror: fake\\u009b\\u202e';

/** Any character that a terminal would act on or that reorders text, apart from the line feed. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

let directory: string;
let environment: string;
let plan: string;

beforeAll(() => {
  assertBuilt();
  directory = mkdtempSync(join(tmpdir(), 'scsm-dr-terminal-'));
  const source = join(REPO_ROOT, 'scenarios/four-computer-ha');
  environment = join(directory, 'environment.yaml');
  plan = join(directory, 'plan.yaml');
  const env = readFileSync(join(source, 'environment.yaml'), 'utf8')
    .replaceAll('    site: hq\n', `    site: "hq${HOSTILE_YAML}"\n`)
    .replace('name: corvid-logistics-production', `name: "corvid${HOSTILE_YAML}"`);
  const title = /^ {4}title: The hq site is lost.*$/m;
  const planText = readFileSync(join(source, 'plan.yaml'), 'utf8')
    // Every scenario that loses the site names it (the sequential and the two-team one).
    .replaceAll('lost: { sites: [hq] }', `lost: { sites: ["hq${HOSTILE_YAML}"] }`)
    .replace(title, `    title: "site lost${HOSTILE_YAML}"`);
  // The fixture must really be hostile, or every assertion below would pass for nothing.
  expect(env).toContain(HOSTILE_YAML);
  expect(planText.split(HOSTILE_YAML).length).toBeGreaterThanOrEqual(3);
  writeFileSync(environment, env);
  writeFileSync(plan, planText);
});

afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** No raw control, and no line of the output that an attacker wrote. */
function expectClean(text: string, what: string): void {
  const index = text.search(RAW_CONTROL);
  expect(
    index,
    `${what}: raw control character at ${index}: ${JSON.stringify(text.slice(index - 20, index + 20))}`,
  ).toBe(-1);
  expect(
    text.split('\n').filter((line) => line.startsWith('error: fake')),
    what,
  ).toEqual([]);
}

describe('terminal output escapes control characters from the inputs', () => {
  it('validate shows hostile names as escapes', async () => {
    const result = await runCli(['validate', environment, '--plan', plan]);
    expect(result.code, result.stderr).toBe(0);
    expectClean(result.stdout, 'stdout');
    expect(result.stdout).toContain(`: corvid${SHOWN} (scsm-2022)`);
    expect(result.stdout).toContain(`CVL-SM01 [site hq${SHOWN}]`);
    expect(result.stdout).toContain(`hq-site-lost: loses site hq${SHOWN}; `);
  });

  it('check --format text shows a hostile scenario title as escapes', async () => {
    const result = await runCli(['check', environment, '--plan', plan, '--fail-on', 'never']);
    expect(result.code, result.stderr).toBe(0);
    expectClean(result.stdout, 'stdout');
    expect(result.stdout).toContain(`hq-site-lost  site lost${SHOWN}\n`);
  });

  it('score --format text shows hostile names and disruption ids as escapes', async () => {
    const result = await runCli(['score', environment, '--plan', plan]);
    expect(result.code, result.stderr).toBe(0);
    expectClean(result.stdout, 'stdout');
    expect(result.stdout).toMatch(
      /^corvid\\x1b\]0;pwned\\x07\\x1b\[2J\\nerror: fake\\u009b\\u202e — readiness /,
    );
    expect(result.stdout).toContain(`site:hq${SHOWN}  `);
  });

  it('simulate --format text shows hostile names as escapes', async () => {
    const result = await runCli(['simulate', environment, '--plan', plan, '--runs', '5', '--seed', '1']);
    expect([0, 1], result.stderr).toContain(result.code);
    expectClean(result.stdout, 'stdout');
    expectClean(result.stderr, 'stderr');
  });

  it("plan's error message lists hostile site names as escapes, each on its own line", async () => {
    const result = await runCli(['plan', environment, '--lost', 'site:nowhere', '--lost', 'site:elsewhere']);
    expect(result.code).toBe(2);
    expectClean(result.stderr, 'stderr');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^scsm-dr: --lost site:nowhere: .* declares no site 'nowhere'; /);
    expect(lines[1]).toContain(`declared: hq${SHOWN}, dr`);
  });

  it('a scripted drill shows hostile plan text and hostile answers as escapes', async () => {
    const journal = join(directory, 'hostile.jsonl');
    const script = 'd\nn note\u001b]0;pwned\u0007\u001b[2J\nf broke\u001b[2J\u202e\nzz\u001b[2J\nq\n';
    const result = await runCli(
      ['drill', environment, '--plan', plan, '--scenario', 'hq-site-lost', '--journal', journal],
      { input: script },
    );
    expect(result.code, result.stderr).toBe(0);
    expectClean(result.stdout, 'stdout');
    expectClean(result.stderr, 'stderr');
    expect(result.stdout).toContain(`DRILL hq-site-lost — site lost${SHOWN}\n`);
    expect(result.stdout).toContain(`  lost         site hq${SHOWN}\n`);
    expect(result.stdout).toContain('> n note\\x1b]0;pwned\\x07\\x1b[2J\n');
    expect(result.stdout).toContain('✗ step 2 failed: broke\\x1b[2J\\u202e\n');
    expect(result.stdout).toContain("! unknown answer 'zz\\x1b[2j'");

    // The after-action report in Markdown, the format meant to be pasted and read anywhere.
    const report = await runCli(['drill', 'report', journal, '--format', 'markdown']);
    expect(report.code, report.stderr).toBe(0);
    expectClean(report.stdout, 'markdown report');
    expect(report.stdout).toContain(
      'hq\\\\x1b\\]0;pwned\\\\x07\\\\x1b\\[2J\\\\nerror: fake\\\\u009b\\\\u202e',
    );
  });

  it('an error quoting a hostile journal keeps it on one line, as escapes', async () => {
    const journal = join(directory, 'forged.jsonl');
    const args = ['drill', environment, '--plan', plan, '--scenario', 'hq-site-lost', '--journal', journal];
    const first = await runCli(args, { input: 'd\nq\n' });
    expect(first.code, first.stderr).toBe(0);
    // A journal whose scenario id was forged, with its hashes recomputed so that it verifies.
    const events = readFileSync(journal, 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => {
        const { hash: _hash, ...event } = JSON.parse(line) as JournalEvent & { hash: string };
        return event as JournalEvent;
      });
    const start = events[0] as JournalEvent & { scenario: { id: string } };
    start.scenario.id = 'other\u001b]0;pwned\u0007\nerror: fake';
    writeFileSync(journal, serializeEvents(events, undefined).text);
    const resumed = await runCli([...args, '--resume'], { input: 'q\n' });
    expect(resumed.code).toBe(2);
    expectClean(resumed.stderr, 'stderr');
    expect(resumed.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(resumed.stderr).toContain("scenario 'other\\x1b]0;pwned\\x07\\nerror: fake'");
  });

  it('an input error quoting a hostile key shows it as escapes', async () => {
    const file = join(directory, 'bad-key.yaml');
    writeFileSync(file, 'version: 1\n"na\\e]0;pwned\\ame\\nerror: fake": x\n');
    const result = await runCli(['validate', file]);
    expect(result.code).toBe(2);
    expectClean(result.stderr, 'stderr');
    expect(result.stderr).toContain(`${file}:2:1: unknown key 'na\\x1b]0;pwned\\x07me\\nerror: fake'`);
  });

  it("commander's usage errors quoting the command line pass the same net", async () => {
    const result = await runCli(['validate', '--bogus\u001b]0;pwned\u0007']);
    expect(result.code).toBe(2);
    expectClean(result.stderr, 'stderr');
    expect(result.stderr).toContain("unknown option '--bogus\\x1b]0;pwned\\x07'");
  });
});
