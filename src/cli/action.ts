/**
 * The run step of the GitHub Action (`action.yml` at the repository root): runs `scsm-dr check`
 * once with every report as an `--output`, then publishes what the runner reads (the job
 * summary, the step outputs) and ends with the check's exit code, so the step fails only after
 * every report is written. Inputs come as `INPUT_*` variables, which `action.yml` maps from its
 * inputs (a composite action's run steps see no inputs otherwise); nothing is interpolated into
 * a shell script, so no input can inject a command.
 *
 * It is a script of its own, not part of the command-line program, so that it can be tested
 * the way the runner runs it: `node dist/cli/action.js` with the runner's environment.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXIT } from '../common/exit-code.js';
import { escapeGithubData } from '../report/reporters/github.js';

/** The action's inputs, read from the environment the runner gives the step. */
export interface ActionInputs {
  readonly environment: string;
  readonly plan: string;
  readonly evidence?: string;
  readonly failOn: 'error' | 'warning' | 'never';
  readonly sarifFile?: string;
  readonly junitFile?: string;
  readonly summary: boolean;
  readonly annotations: boolean;
}

class InputError extends Error {}

/**
 * An input as the step sees it: `INPUT_FAIL_ON` for `fail-on`. The defaults are those of
 * `action.yml`, which the runner applies; they are not repeated here.
 */
function input(env: NodeJS.ProcessEnv, name: string): string {
  return env[`INPUT_${name.toUpperCase().replaceAll('-', '_')}`]?.trim() ?? '';
}

function requiredInput(env: NodeJS.ProcessEnv, name: string): string {
  const value = input(env, name);
  if (value === '') throw new InputError(`input '${name}' is empty; expected a file name`);
  return value;
}

/** `true`/`false` as the actions toolkit's `getBooleanInput` reads them (YAML 1.2 core schema). */
function booleanInput(env: NodeJS.ProcessEnv, name: string): boolean {
  const value = input(env, name);
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  if (['false', 'False', 'FALSE'].includes(value)) return false;
  throw new InputError(`input '${name}' is '${value}'; expected true or false`);
}

/** Reads and checks the inputs; a wrong value is reported before anything runs. */
export function readInputs(env: NodeJS.ProcessEnv): ActionInputs {
  const failOn = input(env, 'fail-on');
  if (failOn !== 'error' && failOn !== 'warning' && failOn !== 'never') {
    throw new InputError(`input 'fail-on' is '${failOn}'; expected error, warning or never`);
  }
  const evidence = input(env, 'evidence');
  const sarifFile = input(env, 'sarif-file');
  const junitFile = input(env, 'junit-file');
  return {
    environment: requiredInput(env, 'environment'),
    plan: requiredInput(env, 'plan'),
    ...(evidence !== '' ? { evidence } : {}),
    failOn,
    ...(sarifFile !== '' ? { sarifFile } : {}),
    ...(junitFile !== '' ? { junitFile } : {}),
    summary: booleanInput(env, 'summary'),
    annotations: booleanInput(env, 'annotations'),
  };
}

/**
 * The arguments of the one `check` run: every report is an `--output`, the JSON one (for the
 * step outputs) and the Markdown one (for the summary) into `scratch`. Annotations are the
 * `github` format on stdout; without them, the text report is the log.
 */
export function checkArguments(inputs: ActionInputs, scratch: string): string[] {
  return [
    'check',
    inputs.environment,
    '--plan',
    inputs.plan,
    ...(inputs.evidence !== undefined ? ['--evidence', inputs.evidence] : []),
    '--fail-on',
    inputs.failOn,
    // The step says itself which reports it wrote; `check` would also name the scratch files.
    '--quiet',
    '--output',
    `json=${join(scratch, 'scsm-dr.json')}`,
    ...(inputs.sarifFile !== undefined ? ['--output', `sarif=${inputs.sarifFile}`] : []),
    ...(inputs.junitFile !== undefined ? ['--output', `junit=${inputs.junitFile}`] : []),
    ...(inputs.summary ? ['--output', `markdown=${join(scratch, 'summary.md')}`] : []),
    '--output',
    inputs.annotations ? 'github' : 'text',
  ];
}

/** The most a step's summary may hold: GitHub refuses a larger `$GITHUB_STEP_SUMMARY` (1 MiB). */
export const SUMMARY_LIMIT = 1024 * 1024;

/**
 * What goes into the job summary: the Markdown report, without its diagrams if it would
 * otherwise exceed `limit` bytes, and nothing (undefined) if even that is too large.
 */
export function summaryText(markdown: string, limit = SUMMARY_LIMIT): string | undefined {
  if (Buffer.byteLength(markdown) <= limit) return markdown;
  const diagrams = markdown.indexOf('\n### Diagrams\n');
  const shorter = diagrams === -1 ? markdown : `${markdown.slice(0, diagrams).trimEnd()}\n`;
  return Buffer.byteLength(shorter) <= limit ? shorter : undefined;
}

/**
 * One `name=value` entry for `$GITHUB_OUTPUT`, in the runner's multi-line form with a random
 * delimiter, so that no value (a file name with a line break) can set another output.
 */
function outputEntry(name: string, value: string): string {
  const delimiter = `ghadelimiter_${randomUUID()}`;
  return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
}

function run(program: string, args: readonly string[], cwd: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [program, ...args], { cwd, stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? EXIT.usage));
  });
}

/** Runs the action with the runner's environment; resolves to the step's exit code. */
export async function runAction(env: NodeJS.ProcessEnv): Promise<number> {
  let inputs: ActionInputs;
  try {
    inputs = readInputs(env);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    process.stdout.write(`::error title=scsm-dr::${escapeGithubData(error.message)}\n`);
    await publish(env, [['exit-code', String(EXIT.usage)]]);
    return EXIT.usage;
  }
  const workspace =
    env.GITHUB_WORKSPACE !== undefined && env.GITHUB_WORKSPACE !== '' ? env.GITHUB_WORKSPACE : process.cwd();
  const scratch = await mkdtemp(
    join(env.RUNNER_TEMP !== undefined && env.RUNNER_TEMP !== '' ? env.RUNNER_TEMP : tmpdir(), 'scsm-dr-'),
  );
  try {
    const main = fileURLToPath(new URL('./main.js', import.meta.url));
    const code = await run(main, checkArguments(inputs, scratch), workspace);
    if (code !== EXIT.ok && code !== EXIT.findings) {
      // Unusable input: `check` has said why (file, line, column) and written no report.
      await publish(env, [['exit-code', String(code)]]);
      return code;
    }
    const report = JSON.parse(await readFile(join(scratch, 'scsm-dr.json'), 'utf8')) as {
      summary: { error: number; warning: number };
    };
    if (inputs.summary && env.GITHUB_STEP_SUMMARY) {
      const markdown = await readFile(join(scratch, 'summary.md'), 'utf8');
      const text = summaryText(markdown);
      if (text === undefined) {
        process.stdout.write(
          '::warning title=scsm-dr::the Markdown report is over 1 MiB, too large for the job summary\n',
        );
      } else {
        if (text !== markdown)
          process.stderr.write('scsm-dr: the job summary leaves out the diagrams (over 1 MiB)\n');
        await appendFile(env.GITHUB_STEP_SUMMARY, text);
      }
    }
    await publish(env, [
      ['exit-code', String(code)],
      ['errors', String(report.summary.error)],
      ['warnings', String(report.summary.warning)],
      ['sarif-file', inputs.sarifFile ?? ''],
    ]);
    const written = [inputs.sarifFile, inputs.junitFile].filter((file) => file !== undefined);
    if (written.length > 0) process.stderr.write(`scsm-dr: wrote ${written.join(', ')}\n`);
    if (code === EXIT.findings) {
      process.stderr.write(
        `scsm-dr: findings at or above --fail-on ${inputs.failOn}; the reports are written, failing the step\n`,
      );
    }
    return code;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

async function publish(
  env: NodeJS.ProcessEnv,
  outputs: readonly (readonly [string, string])[],
): Promise<void> {
  if (env.GITHUB_OUTPUT === undefined || env.GITHUB_OUTPUT === '') return;
  await appendFile(env.GITHUB_OUTPUT, outputs.map(([name, value]) => outputEntry(name, value)).join(''));
}

// Run only as the action's entry point, not when a test imports the functions above.
if (process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await runAction(process.env);
}
