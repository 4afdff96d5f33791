/**
 * The layers of src/ (docs/architecture.md, *Layers*): load → analyse → report → cli. Read from
 * the import graph of the sources, so a violation fails here whatever the compiler allows:
 *
 * - no file under src/report/ imports src/cli/ (reporters are given colours and verdicts, they
 *   never reach for a stream or the command line);
 * - no file in an analysis folder imports src/report/ or src/cli/ (analysis returns data and
 *   codes; only reporters write words);
 * - no import cycle anywhere in src/.
 *
 * Edges are static imports and re-exports (type-only ones included, since they couple the
 * modules' design as much as values do), dynamic `import()` and `new URL('./…', import.meta.url)`
 * (worker entry points and task modules). Each detector is proven on a made-up graph first, so
 * that a silent detector cannot pass the real check.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';

const EDGE =
  /(?:import|export)[^'"]*?from\s*['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)|new URL\(\s*['"](\.[^'"]+)['"]/g;

/**
 * The folders of src/ that analyse: they return data and codes and must not import the
 * reporters or the command line. `score` is the scoring folder another branch adds.
 */
const ANALYSIS = [
  'models',
  'loss',
  'simulator',
  'engine',
  'check',
  'rules',
  'environment',
  'plan',
  'evidence',
  'config',
  'common',
  'score',
] as const;

/**
 * Known violations, each a `from -> to` pair of files relative to the repository root. None
 * is left: the scoring that needed them moved to src/score/. A line added here must say why,
 * and a line whose import has gone fails the last test, so the list can only shrink.
 */
const ALLOWED: ReadonlySet<string> = new Set<string>([]);

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

/** The top folder under src/ of a path relative to the repository root (`src/report/x.ts` → `report`). */
function layerOf(path: string): string | undefined {
  const parts = path.split(sep);
  return parts[0] === 'src' && parts.length > 2 ? parts[1] : undefined;
}

/** Every import that crosses a layer the wrong way, as `from -> to` pairs, in graph order. */
function layerViolations(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const found: string[] = [];
  for (const [from, targets] of graph) {
    const fromLayer = layerOf(from);
    for (const to of targets) {
      const toLayer = layerOf(to);
      const reportToCli = fromLayer === 'report' && toLayer === 'cli';
      const analysisUp =
        (ANALYSIS as readonly (string | undefined)[]).includes(fromLayer) &&
        (toLayer === 'report' || toLayer === 'cli');
      if (reportToCli || analysisUp) found.push(`${from} -> ${to}`);
    }
  }
  return found;
}

/** The import graph of src/, with paths relative to the repository root. */
function sourceGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const walk = (directory: string): void => {
    for (const name of readdirSync(join(REPO_ROOT, directory))) {
      const path = join(directory, name);
      if (statSync(join(REPO_ROOT, path)).isDirectory()) walk(path);
      else if (/\.ts$/.test(name) && !name.endsWith('.d.ts'))
        graph.set(path, edgesOf(path, readFileSync(join(REPO_ROOT, path), 'utf8')));
    }
  };
  walk('src');
  return graph;
}

describe('layers', () => {
  const graph = sourceGraph();

  it('the detector finds a report → cli and an analysis → report import, type-only and dynamic ones too', () => {
    const made = new Map([
      [
        join('src', 'report', 'a.ts'),
        edgesOf(join('src', 'report', 'a.ts'), "import type { C } from '../cli/io.js';"),
      ],
      [
        join('src', 'check', 'b.ts'),
        edgesOf(join('src', 'check', 'b.ts'), "const r = await import('../report/x.js');"),
      ],
      [
        join('src', 'models', 'c.ts'),
        edgesOf(join('src', 'models', 'c.ts'), "export { d } from '../cli/d.js';"),
      ],
      [
        join('src', 'cli', 'd.ts'),
        edgesOf(join('src', 'cli', 'd.ts'), "import { a } from '../report/a.js';"),
      ],
      [
        join('src', 'report', 'e.ts'),
        edgesOf(join('src', 'report', 'e.ts'), "import { b } from '../check/b.js';"),
      ],
    ]);
    expect(layerViolations(made)).toEqual([
      `${join('src', 'report', 'a.ts')} -> ${join('src', 'cli', 'io.ts')}`,
      `${join('src', 'check', 'b.ts')} -> ${join('src', 'report', 'x.ts')}`,
      `${join('src', 'models', 'c.ts')} -> ${join('src', 'cli', 'd.ts')}`,
    ]);
  });

  it('no file under src/report/ imports src/cli/, and no analysis folder imports src/report/ or src/cli/', () => {
    expect(graph.size).toBeGreaterThan(100);
    const violations = layerViolations(graph).filter((pair) => !ALLOWED.has(pair.split(sep).join('/')));
    expect(violations).toEqual([]);
  });

  it('every allowed exception is still an import (delete its line once it is fixed)', () => {
    const present = new Set(layerViolations(graph).map((pair) => pair.split(sep).join('/')));
    expect([...ALLOWED].filter((pair) => !present.has(pair))).toEqual([]);
  });
});

describe('import cycles', () => {
  it('the detector finds a cycle through a type import, a dynamic import and a worker URL', () => {
    const made = new Map([
      ['a.ts', edgesOf('a.ts', "import type { B } from './b.js';")],
      ['b.ts', edgesOf('b.ts', "const c = await import('./c.js');")],
      ['c.ts', edgesOf('c.ts', "const worker = new URL('./a.js', import.meta.url);")],
      ['d.ts', edgesOf('d.ts', "import { a } from './a.js';")],
    ]);
    expect(firstCycle(made)).toEqual(['a.ts', 'b.ts', 'c.ts', 'a.ts']);
    made.set('c.ts', []);
    expect(firstCycle(made)).toBeUndefined();
  });

  it('src/ has none', () => {
    const graph = sourceGraph();
    expect(graph.size).toBeGreaterThan(100);
    const cycle = firstCycle(graph);
    expect(cycle, cycle?.join(' -> ')).toBeUndefined();
  });
});
