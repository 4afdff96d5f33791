/**
 * No import cycle anywhere in src/: static imports and re-exports (type-only ones included,
 * since they couple the modules' design as much as values do), dynamic `import()` and
 * `new URL('./…', import.meta.url)` (worker entry points and task modules). The detector is
 * proven on a made-up graph first, so that a silent detector cannot pass the real check.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';

const EDGE =
  /(?:import|export)[^'"]*?from\s*['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)|new URL\(\s*['"](\.[^'"]+)['"]/g;

/** The relative imports of a module's text, resolved against its file and mapped to `.ts`. */
function edgesOf(file: string, text: string): string[] {
  return [...text.matchAll(EDGE)].map((match) =>
    normalize(join(dirname(file), (match[1] ?? match[2] ?? match[3])!.replace(/\.js$/, '.ts'))),
  );
}

/** The first cycle of a module graph, as a path that starts and ends at the same module. */
function firstCycle(graph: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (module: string): string[] | undefined => {
    state.set(module, 'open');
    stack.push(module);
    for (const next of graph.get(module) ?? []) {
      if (!graph.has(next)) continue;
      if (state.get(next) === 'open') return [...stack.slice(stack.indexOf(next)), next];
      if (!state.has(next)) {
        const found = visit(next);
        if (found) return found;
      }
    }
    state.set(module, 'done');
    stack.pop();
    return undefined;
  };
  for (const module of graph.keys()) {
    if (state.has(module)) continue;
    const found = visit(module);
    if (found) return found;
  }
  return undefined;
}

function sourceGraph(root: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const walk = (directory: string): void => {
    for (const name of readdirSync(directory)) {
      const path = join(directory, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.ts$/.test(name) && !name.endsWith('.d.ts'))
        graph.set(path, edgesOf(path, readFileSync(path, 'utf8')));
    }
  };
  walk(root);
  return graph;
}

describe('import cycles', () => {
  it('the detector finds a cycle through a type import, a dynamic import and a worker URL', () => {
    const graph = new Map([
      ['a.ts', edgesOf('a.ts', "import type { B } from './b.js';")],
      ['b.ts', edgesOf('b.ts', "const c = await import('./c.js');")],
      ['c.ts', edgesOf('c.ts', "const worker = new URL('./a.js', import.meta.url);")],
      ['d.ts', edgesOf('d.ts', "import { a } from './a.js';")],
    ]);
    expect(firstCycle(graph)).toEqual(['a.ts', 'b.ts', 'c.ts', 'a.ts']);
    graph.set('c.ts', []);
    expect(firstCycle(graph)).toBeUndefined();
  });

  it('src/ has none', () => {
    const graph = sourceGraph(join(REPO_ROOT, 'src'));
    expect(graph.size).toBeGreaterThan(100);
    const cycle = firstCycle(graph)?.map((module) => relative(REPO_ROOT, module));
    expect(cycle, cycle?.join(' -> ')).toBeUndefined();
  });
});
