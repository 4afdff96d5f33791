import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository root, as a path. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The built command-line program the end-to-end tests run. */
export const CLI_PATH = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  /** Working directory of the program (default: the repository root). */
  readonly cwd?: string;
  /** Text written to the program's stdin (stdin is closed either way). */
  readonly input?: string | Buffer;
  /** Extra environment variables. */
  readonly env?: Readonly<Record<string, string>>;
  /** Kill the program after this many milliseconds (default 30 s). */
  readonly timeoutMs?: number;
}

/**
 * Runs `node dist/cli/main.js …args` with `NO_COLOR=1` and collects its exit code and output.
 * Resolves for every exit code; rejects only if the process cannot be started.
 */
export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const { FORCE_COLOR: _ignored, ...inherited } = process.env;
    const child = spawn(process.execPath, [CLI_PATH, ...args], {
      cwd: options.cwd ?? REPO_ROOT,
      env: { ...inherited, NO_COLOR: '1', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({
        code,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

/**
 * Fails with a clear message when the program has not been built: the end-to-end tests run
 * `dist/cli/main.js`, which `npm test` builds before vitest starts.
 */
export function assertBuilt(): void {
  if (!existsSync(CLI_PATH)) {
    throw new Error(`${CLI_PATH} does not exist: run \`npm run build\` first (\`npm test\` does it for you)`);
  }
}
