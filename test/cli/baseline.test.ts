import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, REPO_ROOT, runCli } from '../helpers/cli.js';

const SOURCE = join(REPO_ROOT, 'scenarios/four-computer');
let directory: string;
let plan: string;

beforeAll(async () => {
  assertBuilt();
  directory = await mkdtemp(join(tmpdir(), 'scsm-dr-baseline-'));
  await writeFile(
    join(directory, 'environment.yaml'),
    await readFile(join(SOURCE, 'environment.yaml'), 'utf8'),
  );
  plan = await readFile(join(SOURCE, 'plan.yaml'), 'utf8');
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

function check(planText: string, name: string, ...args: string[]) {
  return writeFile(join(directory, name), planText).then(() =>
    runCli(
      ['check', 'environment.yaml', '--plan', name, '--as-of', '2026-06-01', '--fail-on', 'warning', ...args],
      {
        cwd: directory,
      },
    ),
  );
}

describe('check --baseline-write / --baseline (end to end)', () => {
  it("records today's findings by fingerprint, in a versioned JSON file", async () => {
    const result = await check(plan, 'plan.yaml', '--baseline-write', 'baseline.json');
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('wrote baseline.json\n');
    const baseline = JSON.parse(await readFile(join(directory, 'baseline.json'), 'utf8'));
    expect(baseline.version).toBe(1);
    // Four step findings and five plan-coverage gaps (one per database corruption).
    expect(baseline.findings).toHaveLength(9);
    for (const entry of baseline.findings) expect(entry.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(baseline.findings.map((entry: { fingerprint: string }) => entry.fingerprint)).size).toBe(
      9,
    );
  });

  it('keeps matching after comment lines are inserted above the findings, and fails on nothing old', async () => {
    const moved = plan.replace(
      'scenarios:\n',
      '# reviewed 2026-06-01\n# by the service desk lead\nscenarios:\n',
    );
    expect(moved).not.toBe(plan);
    const result = await check(moved, 'plan.yaml', '--baseline', 'baseline.json', '--format', 'json');
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.summary).toMatchObject({ error: 0, warning: 0, suppressed: 9, exitCode: 0 });
    for (const finding of json.findings)
      expect(finding.suppressed).toEqual({
        kind: 'baseline',
        justification: 'in the baseline baseline.json',
      });
    expect(result.stderr).toBe('');
  });

  it('fails on a new finding and lists the fixed ones', async () => {
    // Importing the management packs fixes one finding; dropping the key backup adds none here,
    // so a new finding is made by a step the models refuse.
    const changed = plan
      .replace(
        '      - { action: start-services, computer: TWK-SM01 }\n\n',
        '      - { action: start-services, computer: TWK-SM01 }\n      - { action: import-management-packs, computer: TWK-SM01 }\n\n',
      )
      .replace('steps:\n', 'steps:\n      - { action: start-services, computer: TWK-SM01 }\n');
    expect(changed).not.toBe(plan);
    const result = await check(changed, 'plan.yaml', '--baseline', 'baseline.json', '--format', 'json');
    const json = JSON.parse(result.stdout);
    const counting = json.findings.filter(
      (finding: { suppressed?: unknown }) => finding.suppressed === undefined,
    );
    expect(counting.length).toBeGreaterThan(0);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^fixed since the baseline \(1\):\n {2}import-management-packs {2}the ServiceManager database/,
    );
  });

  it.each([
    ['not JSON', '{ "version": 1, ', 1],
    ['a wrong version', '{\n  "version": 2,\n  "findings": []\n}\n', 2],
    [
      'a bad fingerprint',
      '{\n  "version": 1,\n  "findings": [\n    { "fingerprint": "xyz", "ruleId": "a", "message": "b" }\n  ]\n}\n',
      4,
    ],
  ])('a baseline that is %s is a located input error (exit 2)', async (_name, text, line) => {
    await writeFile(join(directory, 'broken.json'), text);
    const result = await check(plan, 'plan.yaml', '--baseline', 'broken.json');
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(new RegExp(`^broken\\.json:${line}:\\d+: `, 'm'));
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('a missing baseline is an input error, and --baseline-write never overwrites an input', async () => {
    const missing = await check(plan, 'plan.yaml', '--baseline', 'nope.json');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.json: no such file');
    const over = await check(plan, 'plan.yaml', '--baseline-write', 'plan.yaml');
    expect(over.code).toBe(2);
    expect(await readFile(join(directory, 'plan.yaml'), 'utf8')).toBe(plan);
  });
});
