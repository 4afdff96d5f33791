/**
 * `scsm-dr check` must not load mermaid, jsdom or a browser, nor the worker threads of
 * `--workers`: the built program is run with a resolve hook that records every module it
 * loads. The trace must contain the check command itself (so the hook demonstrably works) and
 * none of the heavy packages.
 *
 * Each command also loads only its own implementation: the commands are declared from light
 * modules and import what they run inside their actions, so `validate` and `check` do not load
 * the simulator, the drill or the readiness renderers, and `--help` and `rules` do not even load
 * the input loaders (the YAML parser and zod).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Runs the built CLI with `args` under the resolve hook; returns its exit status and every module URL it resolved. */
function traceImports(args: readonly string[]): { status: number | null; modules: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'scsm-dr-imports-'));
  const trace = join(dir, 'trace.txt');
  try {
    const run = spawnSync(
      process.execPath,
      ['--import', './test/engine/fixtures/trace-imports.mjs', 'dist/cli/main.js', ...args],
      { env: { ...process.env, TRACE_IMPORTS: trace, NO_COLOR: '1' }, encoding: 'utf8' },
    );
    return { status: run.status, modules: readFileSync(trace, 'utf8').split('\n').filter(Boolean) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const CHECK = [
  'check',
  'scenarios/four-computer/environment.yaml',
  '--plan',
  'scenarios/four-computer/plan.yaml',
] as const;

/** The project modules (under dist/) a run resolved, as paths such as `simulator/property.js`. */
function projectModules(modules: readonly string[]): string[] {
  return [...new Set(modules.flatMap((url) => /\/dist\/(.+)$/.exec(url)?.[1] ?? []))];
}

/**
 * Modules of other commands' implementations: the simulator (but `simulator/execute.js`, which
 * the checker's model executor uses), the drill, the readiness score and renderers, the Mermaid
 * builders, plan writing and machine diagrams. The previous program imported every command
 * eagerly and so loaded all of these for any command, `--help` included.
 */
const OTHER_COMMANDS =
  /^(simulator\/(?!execute\.js$)|drill\/(?!options\.js$)|report\/readiness\/(?!formats\.js$)|report\/score\.js$|report\/mermaid\/(?!kinds\.js$)|report\/html\/|plan\/write\.js$|models\/diagram\.js$)/;

describe('check loads no heavy module', () => {
  it('resolves neither mermaid, jsdom, playwright nor worker threads', () => {
    const { modules } = traceImports(CHECK);
    expect(modules.some((url) => url.endsWith('/dist/cli/commands/check.js'))).toBe(true);
    expect(modules.some((url) => url.includes('/node_modules/xstate/'))).toBe(true);
    const heavy = modules.filter((url) => /\/node_modules\/(mermaid|jsdom|playwright(-core)?)\//.test(url));
    expect(heavy).toEqual([]);
    const threads = modules.filter(
      (url) => url === 'node:worker_threads' || url.includes('/dist/engine/worker'),
    );
    expect(threads).toEqual([]);
  });
});

describe('each command loads only its own implementation', () => {
  it('check loads the checker and its reporters, not the simulator, the drill or the readiness report', () => {
    const { status, modules } = traceImports(CHECK);
    const project = projectModules(modules);
    expect(status).toBe(0);
    expect(project).toContain('check/check.js');
    expect(project).toContain('report/reporters/text.js');
    expect(project.filter((path) => OTHER_COMMANDS.test(path))).toEqual([]);
  });

  it('validate loads the input loaders, not the checker, the models, the simulator or the drill', () => {
    const { status, modules } = traceImports(['validate', 'scenarios/four-computer/environment.yaml']);
    const project = projectModules(modules);
    expect(status).toBe(0);
    expect(project).toContain('environment/load.js');
    expect(project.filter((path) => OTHER_COMMANDS.test(path))).toEqual([]);
    expect(project.filter((path) => /^(check|models|report\/reporters)\//.test(path))).toEqual([
      'report/reporters/names.js',
    ]);
    expect(modules.filter((url) => url.includes('/node_modules/xstate/'))).toEqual([]);
  });

  it.each([[['--help']], [['rules']]])(
    '%j loads neither the input loaders nor any implementation',
    (args) => {
      const { status, modules } = traceImports(args);
      const project = projectModules(modules);
      expect(status).toBe(0);
      expect(project).toContain('cli/program.js');
      expect(project.filter((path) => !/^(cli|common)\//.test(path)).sort()).toEqual([
        'drill/options.js',
        'report/markdown-escape.js',
        'report/mermaid/kinds.js',
        'report/readiness/formats.js',
        'report/reporters/names.js',
        // The severity column of `rules` (and of `score`'s terminal report): one pure function.
        'report/severity-label.js',
        'rules/catalog.js',
      ]);
      expect(modules.filter((url) => /\/node_modules\/(zod|yaml|xstate|fast-check)\//.test(url))).toEqual([]);
    },
  );
});
