/**
 * `scsm-dr check` must not load mermaid, jsdom or a browser, nor the worker threads of
 * `--workers`: the built program is run with a resolve hook that records every module it
 * loads. The trace must contain the check command itself (so the hook demonstrably works) and
 * none of the heavy packages.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('check loads no heavy module', () => {
  it('resolves neither mermaid, jsdom, playwright nor worker threads', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scsm-dr-imports-'));
    const trace = join(dir, 'trace.txt');
    try {
      spawnSync(
        process.execPath,
        [
          '--import',
          './test/engine/fixtures/trace-imports.mjs',
          'dist/cli/main.js',
          'check',
          'scenarios/four-computer/environment.yaml',
          '--plan',
          'scenarios/four-computer/plan.yaml',
        ],
        { env: { ...process.env, TRACE_IMPORTS: trace, NO_COLOR: '1' }, encoding: 'utf8' },
      );
      const modules = readFileSync(trace, 'utf8').split('\n').filter(Boolean);
      expect(modules.some((url) => url.endsWith('/dist/cli/commands/check.js'))).toBe(true);
      expect(modules.some((url) => url.includes('/node_modules/xstate/'))).toBe(true);
      const heavy = modules.filter((url) => /\/node_modules\/(mermaid|jsdom|playwright(-core)?)\//.test(url));
      expect(heavy).toEqual([]);
      const threads = modules.filter(
        (url) => url === 'node:worker_threads' || url.includes('/dist/engine/worker'),
      );
      expect(threads).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
