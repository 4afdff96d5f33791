/**
 * The commands as a user runs them: the built CLI spawned, `score` and `report` with pairs on a
 * generated 250-computer estate (written to a temporary file) and `score` on four-computer-ha,
 * each the median of 3 runs and a ratio against baselines spawned in the same process (the
 * program's `--version`, which loads no command, and `validate` of the same file, which loads
 * and parses it), so that the ratios hold on a shared machine. Goal (issue 13): under 1 s each
 * for 250 computers with pairs. `node dist-bench/bench/commands.js` runs this table alone.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generatedComputerCount, generateEnvironment } from '../src/engine/generate.js';

/** The generated estate: 50 groups of a workflow server, an additional one, a SQL host and a DW pair. */
const ESTATE = { groups: 50, additionalServers: 1, seed: 250 } as const;

/** One measured command. */
export interface CommandRow {
  readonly command: string;
  readonly ms: number;
  /** The median of `--version` in the same run. */
  readonly versionMs: number;
  /** The median of `validate` of the same environment, when there is one. */
  readonly validateMs?: number;
  readonly bytes: number;
}

/** Spawns the built CLI with `args` and returns its wall time and output size; throws when it fails. */
function spawnCli(args: readonly string[]): { ms: number; bytes: number } {
  const started = performance.now();
  const child = spawnSync(process.execPath, ['dist/cli/main.js', ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    env: { ...process.env, NO_COLOR: '1' },
  });
  const ms = performance.now() - started;
  if (child.error) throw child.error;
  if (child.status !== 0) throw new Error(`${args.join(' ')}: exit ${child.status}\n${child.stderr}`);
  return { ms, bytes: Buffer.byteLength(child.stdout) };
}

/** The median of 3 runs of `args`. */
function median3(args: readonly string[]): { ms: number; bytes: number } {
  const runs = [spawnCli(args), spawnCli(args), spawnCli(args)].sort((a, b) => a.ms - b.ms);
  return runs[1]!;
}

/** Measures the commands (see the module comment). Paths are relative to the repository root. */
export function benchCommands(): CommandRow[] {
  const dir = mkdtempSync(join(tmpdir(), 'scsm-dr-bench-'));
  try {
    const estate = join(dir, 'estate-250.yaml');
    writeFileSync(estate, generateEnvironment(ESTATE));
    const computers = generatedComputerCount(ESTATE);
    const version = median3(['--version']).ms;
    const validate = median3(['validate', estate]).ms;
    const ha = 'scenarios/four-computer-ha';
    const haValidate = median3(['validate', `${ha}/environment.yaml`]).ms;
    const row = (command: string, args: readonly string[], validateMs: number): CommandRow => {
      const { ms, bytes } = median3(args);
      return { command, ms, versionMs: version, validateMs, bytes };
    };
    return [
      row(
        `score --pairs --format json, ${computers} computers`,
        ['score', estate, '--pairs', '--format', 'json'],
        validate,
      ),
      row(
        `report --pairs --format json, ${computers} computers`,
        ['report', estate, '--pairs', '--format', 'json', '--fail-on', 'never'],
        validate,
      ),
      row(
        'score, four-computer-ha + plan + evidence (npm start)',
        [
          'score',
          `${ha}/environment.yaml`,
          '--plan',
          `${ha}/plan.yaml`,
          '--evidence',
          `${ha}/evidence/cvl-dwsql01-dw-omdw.csv`,
          `${ha}/evidence/cvl-dwsql01-dw-reportserver.csv`,
          `${ha}/evidence/cvl-dwsql01-dw.json`,
          `${ha}/evidence/cvl-sql01.json`,
        ],
        haValidate,
      ),
      row('score, four-computer-ha, no plan', ['score', `${ha}/environment.yaml`], haValidate),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The table rows of `benchCommands`, formatted by `fmt`. */
export function commandTable(
  rows: readonly CommandRow[],
  fmt: (n: number, digits?: number) => string,
): string[][] {
  return rows.map((row) => [
    row.command,
    fmt(row.ms),
    fmt(row.bytes / 1024),
    fmt(row.ms / row.versionMs, 1),
    row.validateMs === undefined ? '' : fmt(row.ms / row.validateMs, 1),
    row.ms < 1000 ? 'yes' : 'no',
  ]);
}

/** The header of `commandTable`. */
export const COMMAND_HEADER = [
  'command (spawned, median of 3)',
  'ms',
  'KiB out',
  '× --version',
  '× validate',
  'under 1 s',
];

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const fmt = (n: number, digits = 0): string =>
    n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const rows = commandTable(benchCommands(), fmt);
  console.log(`| ${COMMAND_HEADER.join(' | ')} |`);
  console.log(`|${COMMAND_HEADER.map(() => '---').join('|')}|`);
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
}
