import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, REPO_ROOT, runCli } from '../helpers/cli.js';

/*
 * The config file end to end: every case runs the built program with its working directory
 * in a temporary project holding a copy of the four-computer scenario and a config file.
 * The project root holds a `.git` directory, so the upward search never leaves it.
 */

const FOUR = join(REPO_ROOT, 'scenarios/four-computer');
const HA = join(REPO_ROOT, 'scenarios/four-computer-ha');
let root: string;

/** A fresh project directory (with `.git`) holding the four-computer files and `config`. */
async function project(config: string | undefined, source = FOUR): Promise<string> {
  const directory = await mkdtemp(join(root, 'project-'));
  await mkdir(join(directory, '.git'));
  await mkdir(join(directory, 'inputs'));
  for (const file of ['environment.yaml', 'plan.yaml']) {
    await writeFile(join(directory, 'inputs', file), await readFile(join(source, file), 'utf8'));
  }
  if (config !== undefined) await writeFile(join(directory, 'scsm-dr.config.yaml'), config);
  return directory;
}

const PATHS = 'environment: inputs/environment.yaml\nplan: inputs/plan.yaml\nasOf: 2026-06-01\n';

interface JsonFinding {
  readonly ruleId: string;
  readonly severity: string;
}

function ruleIds(stdout: string): string[] {
  return (JSON.parse(stdout) as { findings: JsonFinding[] }).findings.map((finding) => finding.ruleId).sort();
}

/** Says a run failed on the user's input: exit 2, a located message, no stack trace. */
function expectUserError(result: { code: number | null; stderr: string }, located: RegExp): void {
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(located);
  expect(result.stderr).not.toMatch(/\n\s+at .+\(.*:\d+:\d+\)/);
}

beforeAll(async () => {
  assertBuilt();
  root = await mkdtemp(join(tmpdir(), 'scsm-dr-config-'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('scsm-dr.config.yaml: where it is found', () => {
  it('is found upward from a subdirectory, and its environment and plan paths are relative to it', async () => {
    const directory = await project(PATHS);
    const cwd = join(directory, 'deep', 'er');
    await mkdir(cwd, { recursive: true });
    const result = await runCli(['check', '--format', 'json'], { cwd });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(ruleIds(result.stdout)).toEqual([
      'backup-new-server-key',
      'backup-new-server-key',
      'import-management-packs',
      // The four-computer plan has no scenario for any of its five database corruptions.
      ...Array(5).fill('plan-coverage'),
      'rto-exceeded',
    ]);
    expect((JSON.parse(result.stdout) as { environment: { file: string } }).environment.file).toBe(
      join('..', '..', 'inputs', 'environment.yaml'),
    );
    // Nothing extra is printed about the config.
    expect((await runCli(['check'], { cwd })).stderr).toBe('');
  });

  it('without a config file (or with --no-config) the paths are missing, a usage error', async () => {
    const bare = await project(undefined);
    expectUserError(
      await runCli(['check'], { cwd: bare }),
      /required option '-p, --plan <plan>' not specified, and no config file names a plan/,
    );
    const configured = await project(PATHS);
    expectUserError(
      await runCli(['check', '--no-config'], { cwd: configured }),
      /no config file names a plan/,
    );
  });

  it('may be scsm-dr.config.json (or .yml), read as JSON with the same located errors', async () => {
    const directory = await project(undefined);
    const config = join(directory, 'scsm-dr.config.json');
    await writeFile(
      config,
      JSON.stringify({
        environment: 'inputs/environment.yaml',
        plan: 'inputs/plan.yaml',
        asOf: '2026-06-01',
        failOn: 'warning',
      }),
    );
    expect((await runCli(['check'], { cwd: directory })).code).toBe(1);
    await writeFile(config, '{\n  "failOn": "warnings"\n}\n');
    expectUserError(
      await runCli(['check'], { cwd: directory }),
      /scsm-dr\.config\.json:2:13: invalid value .*\(at failOn\).*did you mean 'warning'\?/,
    );
  });

  it('is not searched for above the repository root (a directory holding .git)', async () => {
    const outer = await project(PATHS);
    const inner = join(outer, 'nested');
    await mkdir(join(inner, '.git'), { recursive: true });
    expectUserError(await runCli(['check'], { cwd: inner }), /no config file names a plan/);
  });

  it('--config names a file elsewhere; its paths are relative to that file', async () => {
    const directory = await project(undefined);
    await writeFile(
      join(directory, 'inputs', 'ci.config.yaml'),
      'environment: environment.yaml\nplan: plan.yaml\nasOf: 2026-06-01\nfailOn: warning\n',
    );
    const result = await runCli(['check', '--config', 'inputs/ci.config.yaml', '--format', 'json'], {
      cwd: directory,
    });
    expect(result.code).toBe(1);
    expect(ruleIds(result.stdout)).toContain('rto-exceeded');
    expectUserError(
      await runCli(['check', '--config', 'missing.yaml'], { cwd: directory }),
      /missing\.yaml: no such file/,
    );
  });

  it('command-line arguments win over the config', async () => {
    const directory = await project(`${PATHS}failOn: warning\n`);
    const fromConfig = await runCli(['check', '--format', 'json'], { cwd: directory });
    expect(fromConfig.code).toBe(1);
    const overridden = await runCli(['check', '--format', 'json', '--fail-on', 'never'], { cwd: directory });
    expect(overridden.code).toBe(0);
    // An environment argument replaces the config's.
    const named = await runCli(['check', join('inputs', 'environment.yaml'), '--format', 'json'], {
      cwd: directory,
    });
    expect((JSON.parse(named.stdout) as { environment: { file: string } }).environment.file).toBe(
      join('inputs', 'environment.yaml'),
    );
    // An explicit plan replaces the config's, which names a file that does not exist.
    await writeFile(
      join(directory, 'scsm-dr.config.yaml'),
      'environment: inputs/environment.yaml\nplan: missing.yaml\n',
    );
    expectUserError(await runCli(['check'], { cwd: directory }), /missing\.yaml: no such file/);
    const other = await runCli(['check', '--plan', 'inputs/plan.yaml', '--as-of', '2026-06-01'], {
      cwd: directory,
    });
    expect(other.code).toBe(0);
  });
});

describe('scsm-dr.config.yaml: the input paths of every command', () => {
  it('validate, diagram, simulate, plan and drill take the environment and plan from it', async () => {
    const directory = await project(PATHS);
    const cwd = join(directory, 'deep');
    await mkdir(cwd, { recursive: true });
    const validate = await runCli(['validate', '--format', 'json'], { cwd });
    expect(validate.stderr).toBe('');
    expect(validate.code).toBe(0);
    const summary = JSON.parse(validate.stdout) as { environment: { file: string }; plan?: { file: string } };
    expect(summary.environment.file).toBe(join('..', 'inputs', 'environment.yaml'));
    expect(summary.plan?.file).toBe(join('..', 'inputs', 'plan.yaml'));

    const gantt = await runCli(['diagram', '--kind', 'gantt', '--scenario', 'workflow-server-lost'], { cwd });
    expect(gantt.code).toBe(0);
    expect(gantt.stdout).toMatch(/^gantt$/m);

    const simulate = await runCli(['simulate', '--runs', '5', '--seed', '7', '--format', 'json'], { cwd });
    expect(simulate.stderr).not.toMatch(/missing the environment|error/i);
    expect([0, 1]).toContain(simulate.code);

    // plan takes only the environment: the config's plan is an input, never the output.
    const plan = await runCli(['plan', '--lost', 'TWK-SM01'], { cwd });
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('action: restore-encryption-key');
    expect(await readFile(join(directory, 'inputs', 'plan.yaml'), 'utf8')).toBe(
      await readFile(join(FOUR, 'plan.yaml'), 'utf8'),
    );

    const answers = join(directory, 'answers.txt');
    await writeFile(answers, 'q\n');
    const drill = await runCli(
      [
        'drill',
        '--scenario',
        'workflow-server-lost',
        '--answers',
        answers,
        '--journal',
        join(directory, 'd.jsonl'),
      ],
      { cwd },
    );
    expect(drill.stderr).not.toMatch(/missing the environment|required option/);
    expect(drill.code).toBe(0);
  });

  it('with --no-config they ask for the environment again, and a broken config is exit 2 for each', async () => {
    const directory = await project(PATHS);
    expectUserError(await runCli(['validate', '--no-config'], { cwd: directory }), /missing the environment/);
    expectUserError(
      await runCli(['plan', '--no-config', '--lost', 'TWK-SM01'], { cwd: directory }),
      /missing the environment: give the environment file as the first argument, or set environment: in scsm-dr\.config\.yaml/,
    );
    const broken = await project(`${PATHS}failon: warning\n`);
    for (const args of [['validate'], ['diagram', '--kind', 'topology'], ['plan', '--lost', 'TWK-SM01']]) {
      expectUserError(await runCli(args, { cwd: broken }), /scsm-dr\.config\.yaml:4:1: unknown key 'failon'/);
    }
  });
});

describe('scsm-dr.config.yaml: rule levels', () => {
  it('off removes a rule’s findings and error fails the run, in every format', async () => {
    const directory = await project(
      `${PATHS}rules:\n  rto-exceeded: off\n  import-management-packs: error\n`,
    );
    const json = await runCli(['check', '--format', 'json'], { cwd: directory });
    expect(json.code).toBe(1);
    const findings = (JSON.parse(json.stdout) as { findings: JsonFinding[] }).findings;
    expect(findings.map((finding) => finding.ruleId)).not.toContain('rto-exceeded');
    expect(findings.find((finding) => finding.ruleId === 'import-management-packs')?.severity).toBe('error');
    const sarif = JSON.parse((await runCli(['check', '--format', 'sarif'], { cwd: directory })).stdout) as {
      runs: { results: { ruleId: string; level: string }[] }[];
    };
    const results = sarif.runs[0]!.results;
    expect(results.find((result) => result.ruleId === 'import-management-packs')?.level).toBe('error');
    expect(results.some((result) => result.ruleId === 'rto-exceeded')).toBe(false);
    // Without the config the same run passes: the levels came from the file.
    expect(
      (
        await runCli(
          [
            'check',
            '--no-config',
            'inputs/environment.yaml',
            '--plan',
            'inputs/plan.yaml',
            '--as-of',
            '2026-06-01',
          ],
          { cwd: directory },
        )
      ).code,
    ).toBe(0);
  });

  it('applies to score and report findings too', async () => {
    // A drill window of 30 days makes the HA scenario's newest drill (2026-10-21) overdue at its asOf (2026-11-24).
    const directory = await project(
      'environment: inputs/environment.yaml\nthresholds:\n  drillWindowDays: 30\nrules:\n  drill-overdue: error\n',
      HA,
    );
    const score = await runCli(['score', '--format', 'json'], { cwd: directory });
    const findings = (JSON.parse(score.stdout) as { findings: JsonFinding[] }).findings;
    expect(findings.find((finding) => finding.ruleId === 'drill-overdue')?.severity).toBe('error');
    // score's own --fail-on default is never; report's is error, so the override fails it.
    expect(score.code).toBe(0);
    const report = await runCli(['report', '--format', 'sarif'], { cwd: directory });
    expect(report.code).toBe(1);
    expect(report.stdout).toContain('"ruleId": "drill-overdue"');
  });
});

describe('scsm-dr.config.yaml: thresholds, gates, as-of and outputs', () => {
  it('a threshold changes a finding: drillWindowDays', async () => {
    const base = 'environment: inputs/environment.yaml\n';
    const without = await project(base, HA);
    const ids = (stdout: string) =>
      (JSON.parse(stdout) as { findings: JsonFinding[] }).findings.map((f) => f.ruleId);
    expect(ids((await runCli(['score', '--format', 'json'], { cwd: without })).stdout)).not.toContain(
      'drill-overdue',
    );
    const tight = await project(`${base}thresholds:\n  drillWindowDays: 30\n`, HA);
    const result = await runCli(['score', '--format', 'json'], { cwd: tight });
    expect(ids(result.stdout)).toContain('drill-overdue');
    expect(result.stdout).toContain('more than the 30-day window');
  });

  it('failUnder gates score unless the command line gives its own --fail-under', async () => {
    const directory = await project(
      'environment: inputs/environment.yaml\nfailUnder:\n  readiness: 100\n',
      HA,
    );
    const gated = await runCli(['score'], { cwd: directory });
    expect(gated.code).toBe(1);
    expect(gated.stderr).toMatch(/readiness \d+\/100 is below --fail-under 100/);
    expect((await runCli(['score', '--fail-under', '0'], { cwd: directory })).code).toBe(0);
  });

  it('asOf: a fixed date replaces the environment’s asOf; --as-of wins over it', async () => {
    const directory = await project('environment: inputs/environment.yaml\nasOf: 2030-01-01\n', HA);
    const judged = (args: string[]) =>
      runCli(['score', '--format', 'json', ...args], { cwd: directory }).then(
        (result) => (JSON.parse(result.stdout) as { asOf: string }).asOf,
      );
    expect(await judged([])).toBe('2030-01-01');
    expect(await judged(['--as-of', '2026-12-01'])).toBe('2026-12-01');
  });

  it('outputs: the default reports, relative to the config file; the command line replaces them', async () => {
    const directory = await project(`${PATHS}outputs:\n  check: [text, sarif=out/check.sarif]\n`);
    const cwd = join(directory, 'inputs');
    const result = await runCli(['check'], { cwd });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('rto-exceeded');
    const sarif = JSON.parse(await readFile(join(directory, 'out', 'check.sarif'), 'utf8')) as {
      version: string;
    };
    expect(sarif.version).toBe('2.1.0');
    // Paths from the config are named relative to the working directory, as a flag's would be.
    expect(result.stderr).toBe(`wrote ${join('..', 'out', 'check.sarif')}\n`);
    const json = await runCli(['check', '--format', 'json'], { cwd });
    expect(JSON.parse(json.stdout)).toHaveProperty('findings');
  });
});

describe('scsm-dr.config.yaml: hostile and wrong input', () => {
  const cases: [string, string, RegExp][] = [
    [
      'an unknown key, with did-you-mean at its line and column',
      `${PATHS}failon: warning\n`,
      /scsm-dr\.config\.yaml:4:1: unknown key 'failon'.*did you mean 'failOn'\?/,
    ],
    [
      'an unknown rule id, with did-you-mean',
      `${PATHS}rules:\n  drill-overdeu: off\n`,
      /scsm-dr\.config\.yaml:5:3: unknown key 'drill-overdeu' \(at rules\.drill-overdeu\).*did you mean 'drill-overdue'\?/,
    ],
    [
      'a wrong type',
      `${PATHS}thresholds:\n  drillWindowDays: soon\n`,
      /scsm-dr\.config\.yaml:5:20: .*drillWindowDays/,
    ],
    [
      'a level that is no level',
      `${PATHS}rules:\n  drill-overdue: silent\n`,
      /scsm-dr\.config\.yaml:5:18: .*off/,
    ],
    [
      'a __proto__ key',
      `${PATHS}__proto__: { failOn: never }\n`,
      /scsm-dr\.config\.yaml:4:1: the key '__proto__' is not allowed/,
    ],
    [
      'an unknown output format',
      `${PATHS}outputs:\n  check: [sarf=x.sarif]\n`,
      /scsm-dr\.config\.yaml:5:11: unknown format 'sarf' for check.*did you mean 'sarif'\?/,
    ],
    [
      'two scores in failUnder',
      `${PATHS}failUnder: { readiness: 80, assurance: 70 }\n`,
      /scsm-dr\.config\.yaml:4:29: failUnder gates one score/,
    ],
    [
      'an alias bomb',
      `a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n${Array.from(
        { length: 9 },
        (_, level) =>
          `a${level + 1}: &a${level + 1} [${Array.from({ length: 9 }, () => `*a${level}`).join(', ')}]`,
      ).join('\n')}\n`,
      /scsm-dr\.config\.yaml:\d+:\d+: .*alias/,
    ],
  ];
  it.each(cases)('%s exits 2 with a located error and no stack trace', async (_name, config, located) => {
    const directory = await project(config);
    expectUserError(await runCli(['check'], { cwd: directory }), located);
    // The error is reported even when the command would not need the value, and for every command.
    expectUserError(await runCli(['score'], { cwd: directory }), located);
  });

  it('an empty config file is no defaults, not an error', async () => {
    const directory = await project('');
    const result = await runCli(
      ['check', 'inputs/environment.yaml', '--plan', 'inputs/plan.yaml', '--as-of', '2026-06-01'],
      { cwd: directory },
    );
    expect(result.code).toBe(0);
  });
});
