/**
 * The GitHub Action (`action.yml`), run here the way the runner runs it: the run step of
 * `action.yml` is taken from the parsed file and executed with bash, with the runner's
 * variables (GITHUB_WORKSPACE, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_ACTION_PATH,
 * RUNNER_TEMP) pointed at temporary files and the inputs as INPUT_* variables with the
 * defaults of `action.yml`, as the step's `env:` maps them.
 */
import { spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checkArguments, readInputs, summaryText } from '../../src/cli/action.js';
import { assertBuilt, REPO_ROOT, runCli } from '../helpers/cli.js';

interface ActionInput {
  readonly description: string;
  readonly required?: boolean;
  readonly default?: string;
}

interface ActionStep {
  readonly id?: string;
  readonly name?: string;
  readonly shell?: string;
  readonly run?: string;
  readonly uses?: string;
  readonly env?: Readonly<Record<string, string>>;
}

interface ActionFile {
  readonly inputs: Readonly<Record<string, ActionInput>>;
  readonly outputs: Readonly<Record<string, { readonly value: string }>>;
  readonly runs: { readonly using: string; readonly steps: readonly ActionStep[] };
}

const ACTION = parse(readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8')) as ActionFile;
const CHECK_STEP = ACTION.runs.steps.find((step) => step.id === 'check');

/** The variable the step's `env:` maps an input to: `fail-on` → `INPUT_FAIL_ON`. */
function variable(input: string): string {
  return `INPUT_${input.toUpperCase().replaceAll('-', '_')}`;
}

interface StepRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly workspace: string;
  readonly outputs: Map<string, string>;
  readonly summary: string;
}

/** What was in the job summary before the step: the step must append, not replace. */
const EARLIER_SUMMARY = '# an earlier step wrote this\n';

/**
 * Runs the check step in a fresh workspace (a git repository holding `files`), with the
 * defaults of action.yml overridden by `inputs`.
 */
function runStep(
  files: Readonly<Record<string, string>>,
  inputs: Readonly<Record<string, string>> = {},
): Promise<StepRun> {
  const root = mkdtempSync(join(tmpdir(), 'scsm-dr-action-'));
  const workspace = join(root, 'workspace');
  mkdirSync(join(workspace, '.git'), { recursive: true });
  for (const [name, source] of Object.entries(files)) copyFileSync(source, join(workspace, name));
  const output = join(root, 'github-output');
  const summary = join(root, 'step-summary.md');
  const temp = join(root, 'runner-temp');
  mkdirSync(temp);
  writeFileSync(output, '');
  writeFileSync(summary, EARLIER_SUMMARY);
  const env: Record<string, string> = {};
  for (const [name, declared] of Object.entries(ACTION.inputs))
    env[variable(name)] = inputs[name] ?? declared.default ?? '';
  const { FORCE_COLOR: _ignored, ...inherited } = process.env;
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', CHECK_STEP!.run!], {
      cwd: workspace,
      env: {
        ...inherited,
        NO_COLOR: '1',
        ...env,
        GITHUB_ACTIONS: 'true',
        GITHUB_WORKSPACE: workspace,
        GITHUB_OUTPUT: output,
        GITHUB_STEP_SUMMARY: summary,
        GITHUB_ACTION_PATH: REPO_ROOT,
        RUNNER_TEMP: temp,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({
        code,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        workspace,
        outputs: parseOutputs(readFileSync(output, 'utf8')),
        summary: readFileSync(summary, 'utf8'),
      }),
    );
  });
}

/** Reads `$GITHUB_OUTPUT` as the runner does: `name=value` lines and `name<<DELIMITER` blocks. */
function parseOutputs(text: string): Map<string, string> {
  const outputs = new Map<string, string>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2]!, i + 1);
      expect(end, `unterminated output ${heredoc[1]}`).toBeGreaterThan(i);
      outputs.set(heredoc[1]!, lines.slice(i + 1, end).join('\n'));
      i = end;
    } else if (line.includes('=')) {
      outputs.set(line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1));
    }
  }
  return outputs;
}

const FAILING = {
  'environment.yaml': join(REPO_ROOT, 'test/fixtures/check/reportserver-on-host/environment.yaml'),
  'plan.yaml': join(REPO_ROOT, 'test/fixtures/check/reportserver-on-host/plan.yaml'),
};
/** Warnings only: passes under the default `fail-on: error`. */
const PASSING = {
  'environment.yaml': join(REPO_ROOT, 'scenarios/two-computer/environment.yaml'),
  'plan.yaml': join(REPO_ROOT, 'scenarios/two-computer/plan.yaml'),
};

interface Summary {
  readonly summary: { readonly error: number; readonly warning: number; readonly note: number };
}

/** The counts `check` itself reports for the same files, to compare the step's outputs with. */
async function counts(files: typeof FAILING): Promise<Summary['summary']> {
  const result = await runCli([
    'check',
    files['environment.yaml'],
    '--plan',
    files['plan.yaml'],
    '--format',
    'json',
  ]);
  return (JSON.parse(result.stdout) as Summary).summary;
}

beforeAll(() => assertBuilt());

describe('action.yml', () => {
  it('is a composite action whose check step gets every input through env, never interpolated', () => {
    expect(ACTION.runs.using).toBe('composite');
    expect(Object.keys(ACTION.inputs)).toEqual(
      expect.arrayContaining([
        'environment',
        'plan',
        'evidence',
        'fail-on',
        'sarif-file',
        'junit-file',
        'summary',
        'annotations',
      ]),
    );
    expect(ACTION.inputs.summary?.default).toBe('true');
    expect(ACTION.inputs.annotations?.default).toBe('true');
    expect(Object.keys(ACTION.outputs).sort()).toEqual(['errors', 'exit-code', 'sarif-file', 'warnings']);
    for (const output of Object.values(ACTION.outputs))
      expect(output.value).toMatch(/^\$\{\{ steps\.check\.outputs\.[a-z-]+ \}\}$/);
    expect(CHECK_STEP?.shell).toBe('bash');
    for (const name of Object.keys(ACTION.inputs).filter((input) => input !== 'node-version')) {
      expect(CHECK_STEP?.env?.[variable(name)]).toBe(`\${{ inputs.${name} }}`);
    }
    // An expression inside the script would be pasted into it before bash runs: script injection.
    for (const step of ACTION.runs.steps) expect(step.run ?? '').not.toContain('${{');
  });
});

describe('the action script', () => {
  const defaults = Object.fromEntries(
    Object.entries(ACTION.inputs).map(([name, declared]) => [variable(name), declared.default ?? '']),
  );

  it('runs one check with every report as an --output, and --evidence only when given', () => {
    const plain = checkArguments(readInputs(defaults), '/scratch');
    expect(plain.filter((arg) => arg === 'check')).toHaveLength(1);
    expect(plain).not.toContain('--evidence');
    expect(plain.filter((_, i) => plain[i - 1] === '--output')).toEqual([
      'json=/scratch/scsm-dr.json',
      'sarif=scsm-dr.sarif',
      'junit=scsm-dr-junit.xml',
      'markdown=/scratch/summary.md',
      'github',
    ]);
    const withEvidence = checkArguments(
      readInputs({ ...defaults, INPUT_EVIDENCE: 'evidence.yaml' }),
      '/scratch',
    );
    expect(
      withEvidence.slice(withEvidence.indexOf('--evidence'), withEvidence.indexOf('--evidence') + 2),
    ).toEqual(['--evidence', 'evidence.yaml']);
  });

  it('keeps the job summary under the 1 MiB limit: without the diagrams, or not at all', () => {
    const report = '## verdict\n\nfindings\n\n### Diagrams\n\n```mermaid\nflowchart TD\n```\n';
    expect(summaryText(report, report.length)).toBe(report);
    expect(summaryText(report, report.length - 1)).toBe('## verdict\n\nfindings\n');
    expect(summaryText(report, 5)).toBeUndefined();
  });

  it('refuses values the inputs cannot take', () => {
    expect(() => readInputs({ ...defaults, INPUT_SUMMARY: 'yes' })).toThrow(
      "input 'summary' is 'yes'; expected true or false",
    );
    expect(() => readInputs({ ...defaults, INPUT_PLAN: ' ' })).toThrow("input 'plan' is empty");
  });
});

describe('docs/ci.md', () => {
  it('shows the whole GitHub workflow in under 25 lines, with inputs and outputs the action has', () => {
    const page = readFileSync(join(REPO_ROOT, 'docs/ci.md'), 'utf8');
    const workflow = /## GitHub Actions[\s\S]*?```yaml\n([\s\S]*?)```/.exec(page)?.[1] ?? '';
    expect(workflow.trimEnd().split('\n').length).toBeLessThan(25);
    const parsed = parse(workflow) as {
      jobs: Record<
        string,
        { steps: { id?: string; uses?: string; if?: string; with?: Record<string, string> }[] }
      >;
    };
    const steps = Object.values(parsed.jobs)[0]!.steps;
    const action = steps.find((step) => step.id === 'scsm-dr')!;
    expect(action.uses).toMatch(/^scsm-dr\/scsm-dr@/);
    for (const name of Object.keys(action.with ?? {})) expect(Object.keys(ACTION.inputs)).toContain(name);
    const upload = steps.find((step) => step.uses?.startsWith('github/codeql-action/upload-sarif'))!;
    expect(upload.if).toContain('always()');
    for (const text of [upload.if ?? '', ...Object.values(upload.with ?? {})]) {
      for (const match of text.matchAll(/steps\.scsm-dr\.outputs\.([a-z-]+)/g)) {
        expect(Object.keys(ACTION.outputs)).toContain(match[1]);
      }
    }
  });
});

describe('the action run step', () => {
  it('on a failing plan: writes every report and the outputs first, then fails the step', async () => {
    const expected = await counts(FAILING);
    expect(expected.error).toBeGreaterThan(0);
    const step = await runStep(FAILING);
    expect(step.code, step.stderr).toBe(1);
    expect(Object.fromEntries(step.outputs)).toEqual({
      'exit-code': '1',
      errors: String(expected.error),
      warnings: String(expected.warning),
      'sarif-file': 'scsm-dr.sarif',
    });
    // SARIF for code scanning, with paths from the repository root (the workspace).
    const sarif = JSON.parse(readFileSync(join(step.workspace, 'scsm-dr.sarif'), 'utf8')) as {
      runs: {
        results: {
          locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } } }[];
        }[];
      }[];
    };
    const results = sarif.runs[0]!.results;
    expect(results).toHaveLength(expected.error + expected.warning + expected.note);
    for (const result of results) {
      expect(result.locations[0]!.physicalLocation.artifactLocation).toEqual({
        uri: 'plan.yaml',
        uriBaseId: '%SRCROOT%',
      });
    }
    // JUnit, well formed, with a failed test case.
    const junit = new JSDOM(readFileSync(join(step.workspace, 'scsm-dr-junit.xml'), 'utf8'), {
      contentType: 'text/xml',
    });
    expect(junit.window.document.getElementsByTagName('parsererror')).toHaveLength(0);
    expect(junit.window.document.getElementsByTagName('failure').length).toBeGreaterThan(0);
    // The job summary: appended, with the verdict and the plan diagrams.
    expect(step.summary.startsWith(EARLIER_SUMMARY)).toBe(true);
    expect(step.summary).toContain('## ❌ scsm-dr check failed');
    expect(step.summary).toMatch(/^```mermaid$/m);
    // Annotations on the log, one command per finding (all fit under GitHub's limit here).
    const commands = step.stdout.split('\n').filter((line) => line.startsWith('::'));
    expect(commands.filter((line) => line.startsWith('::error '))).toHaveLength(expected.error);
    expect(commands.filter((line) => line.startsWith('::warning '))).toHaveLength(expected.warning);
    for (const command of commands)
      expect(command).toMatch(/^::(error|warning|notice) file=plan\.yaml,line=\d+,col=\d+/);
    // The scratch files of the run are gone.
    expect(existsSync(join(step.workspace, '..', 'runner-temp'))).toBe(true);
    expect(readdirSync(join(step.workspace, '..', 'runner-temp'))).toEqual([]);
  }, 60_000);

  it('on a passing plan: exit 0, outputs and reports, the summary says passed', async () => {
    const expected = await counts(PASSING);
    expect(expected.error).toBe(0);
    const step = await runStep(PASSING);
    expect(step.code, step.stderr).toBe(0);
    expect(step.outputs.get('exit-code')).toBe('0');
    expect(step.outputs.get('errors')).toBe('0');
    expect(step.outputs.get('warnings')).toBe(String(expected.warning));
    expect(existsSync(join(step.workspace, 'scsm-dr.sarif'))).toBe(true);
    expect(existsSync(join(step.workspace, 'scsm-dr-junit.xml'))).toBe(true);
    expect(step.summary).toContain('## ✅ scsm-dr check passed');
  }, 60_000);

  it('fail-on warning fails the same passing plan; annotations false prints the text report; no SARIF when empty', async () => {
    const step = await runStep(PASSING, {
      'fail-on': 'warning',
      annotations: 'false',
      'sarif-file': '',
      summary: 'false',
    });
    expect(step.code, step.stderr).toBe(1);
    expect(step.outputs.get('exit-code')).toBe('1');
    expect(step.outputs.get('sarif-file')).toBe('');
    expect(existsSync(join(step.workspace, 'scsm-dr.sarif'))).toBe(false);
    expect(existsSync(join(step.workspace, 'scsm-dr-junit.xml'))).toBe(true);
    expect(step.stdout.split('\n').filter((line) => line.startsWith('::'))).toEqual([]);
    expect(step.stdout).toMatch(/✖ 0 errors, \d+ warnings?, \d+ notes? in \d+ scenarios/);
    expect(step.summary).toBe(EARLIER_SUMMARY);
  }, 60_000);

  it('on unusable input: exit 2, exit-code output 2, no report and no summary', async () => {
    const root = mkdtempSync(join(tmpdir(), 'scsm-dr-action-bad-'));
    const broken = join(root, 'plan.yaml');
    writeFileSync(
      broken,
      'version: 1\nscenarios:\n  - id: x\n    lost: { computers: [A] }\n    steps:\n      - { action: restor-database }\n',
    );
    const step = await runStep({ 'environment.yaml': PASSING['environment.yaml'], 'plan.yaml': broken });
    expect(step.code).toBe(2);
    expect(step.outputs.get('exit-code')).toBe('2');
    expect(step.outputs.has('errors')).toBe(false);
    expect(step.stderr).toMatch(/plan\.yaml:6:\d+: .*did you mean 'restore-database'\?/);
    expect(existsSync(join(step.workspace, 'scsm-dr.sarif'))).toBe(false);
    expect(step.summary).toBe(EARLIER_SUMMARY);
  }, 60_000);

  it('rejects a bad input value with an annotation and exit 2, before running anything', async () => {
    const step = await runStep(PASSING, { 'fail-on': 'sometimes' });
    expect(step.code).toBe(2);
    expect(step.stdout).toContain(
      "::error title=scsm-dr::input 'fail-on' is 'sometimes'; expected error, warning or never",
    );
    expect(step.outputs.get('exit-code')).toBe('2');
    expect(existsSync(join(step.workspace, 'scsm-dr-junit.xml'))).toBe(false);
  }, 60_000);
});
