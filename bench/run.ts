/**
 * `npm run bench`: every figure is measured in this one process run, the engine side by side
 * with its baselines on the same model, so that the ratios hold on a shared machine. No
 * thresholds: the table is for reading (docs/performance.md).
 */
import { spawnSync } from 'node:child_process';
import { assign, createActor, setup } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { checkCompositional } from '../src/engine/compose.js';
import { generatedComputerCount } from '../src/engine/generate.js';
import { scoreDisruptions } from '../src/engine/score.js';
import { exploreSpace, summarizeSpace } from '../src/engine/space.js';
import { loadEnvironmentText } from '../src/environment/load.js';
import type { Environment } from '../src/environment/types.js';
import {
  createSystem,
  fastStateKey,
  fastStep,
  initialState,
  type Loss,
  type ModelSystem,
  type SystemState,
  stateKey,
  step,
  toFastState,
} from '../src/models/system.js';
import { enumerateDisruptions } from '../src/report/score.js';
import {
  type CandidateAction,
  candidateActions,
  synthesisContext,
} from '../src/simulator/synthesis-candidates.js';
import { synthesizeRecovery } from '../src/simulator/synthesize.js';
import { type GenerateOptions, generateEnvironment } from './generate.js';

const gc = (globalThis as { gc?: () => void }).gc;

function load(options: GenerateOptions): Environment {
  const result = loadEnvironmentText(generateEnvironment(options), 'generated.yaml');
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

const allLost = (env: Environment): Loss => ({
  computers: env.computers.map((computer) => computer.name),
  databases: [],
  sites: [],
});

/** Runs `work`, returning its value, wall time and peak heap growth (sampled by `sample`). */
function measure<T>(work: (sample: () => void) => T): { value: T; ms: number; peakMb: number } {
  gc?.();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const sample = (): void => {
    const used = process.memoryUsage().heapUsed;
    if (used > peak) peak = used;
  };
  const start = performance.now();
  const value = work(sample);
  const ms = performance.now() - start;
  sample();
  return { value, ms, peakMb: (peak - base) / 2 ** 20 };
}

/** The legal, state-changing moves of a state: the model every explorer below explores. */
function moves(
  system: ModelSystem,
  state: SystemState,
  context = synthesisContext(system),
): CandidateAction[] {
  return candidateActions(context, toFastState(system, state));
}

/** Baseline (a): XState's graph traversal over a machine wrapping the composed system. */
function xstateGraph(system: ModelSystem, start: SystemState, sample: () => void): number {
  const context = synthesisContext(system);
  let visited = 0;
  const machine = setup({
    types: {
      context: {} as { state: SystemState },
      events: {} as { type: 'act'; action: CandidateAction },
    },
  }).createMachine({
    context: { state: start },
    on: {
      act: {
        // A pure assign: XState's graph traversal does not run custom actions.
        actions: assign(({ context: ctx, event }) => {
          const result = step(system, ctx.state, event.action);
          return result.violations.length === 0 ? { state: result.state } : {};
        }),
      },
    },
  });
  const paths = getShortestPaths(machine, {
    events: (snapshot) => {
      if (++visited % 256 === 0) sample();
      return moves(system, snapshot.context.state, context).map((action) => ({
        type: 'act' as const,
        action,
      }));
    },
    serializeState: (snapshot) => stateKey(snapshot.context.state),
  });
  return paths.length;
}

/** Baseline (b): breadth first, one `createActor(...).start()` + `send` per step. */
function actorPerStep(system: ModelSystem, start: SystemState, sample: () => void): number {
  const context = synthesisContext(system);
  const machine = setup({
    types: {
      context: {} as { state: SystemState },
      input: {} as { state: SystemState },
      events: {} as { type: 'act'; action: CandidateAction },
    },
  }).createMachine({
    context: ({ input }) => ({ state: input.state }),
    on: {
      act: {
        actions: ({ context: ctx, event }) => {
          const result = step(system, ctx.state, event.action);
          if (result.violations.length === 0) (ctx as { state: SystemState }).state = result.state;
        },
      },
    },
  });
  const seen = new Map<string, SystemState>([[stateKey(start), start]]);
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    if (head % 256 === 0) sample();
    const state = queue[head]!;
    for (const action of moves(system, state, context)) {
      const actor = createActor(machine, { input: { state } }).start();
      actor.send({ type: 'act', action });
      const next = actor.getSnapshot().context.state;
      actor.stop();
      const key = stateKey(next);
      if (!seen.has(key)) {
        seen.set(key, next);
        queue.push(next);
      }
    }
  }
  return seen.size;
}

/** Baseline (c): the existing fast path, BFS with its string keys and a stored path per state. */
function fastPathBfs(system: ModelSystem, start: SystemState, sample: () => void): number {
  const context = synthesisContext(system);
  const first = toFastState(system, start);
  const seen = new Set<string>([fastStateKey(first)]);
  const queue: { state: ReturnType<typeof toFastState>; path: CandidateAction[] }[] = [
    { state: first, path: [] },
  ];
  for (let head = 0; head < queue.length; head++) {
    if (head % 256 === 0) sample();
    const { state, path } = queue[head]!;
    for (const action of candidateActions(context, state)) {
      const next = fastStep(system, state, action);
      if (next.violations.length > 0) continue;
      const key = fastStateKey(next.state);
      if (seen.has(key)) continue;
      seen.add(key);
      queue.push({ state: next.state, path: [...path, action] });
    }
  }
  return seen.size;
}

const rows: string[][] = [];
const fmt = (n: number, digits = 0): string =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
function table(header: string[], body: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of body) console.log(line(row));
  console.log('');
}

// 1. Exhaustive exploration, the same model, every explorer.
console.log(`# scsm-dr bench — node ${process.version}, ${new Date().toISOString()}\n`);
console.log('## Exhaustive exploration (everything lost, documented moves interleaved freely)\n');
{
  // Warm-up: every explorer once on a small model, so that no row pays the JIT for the others.
  const env = load({ groups: 1, dataWarehouse: false });
  const system = createSystem(env);
  const start = initialState(system, allLost(env));
  const none = (): void => {};
  exploreSpace(system, toFastState(system, start));
  checkCompositional(system, allLost(env));
  fastPathBfs(system, start, none);
  xstateGraph(system, start, none);
  actorPerStep(system, start, none);
}
for (const [name, options] of [
  ['1 SM group + DW (4 computers)', { groups: 1 }],
  ['2 SM groups (4 computers)', { groups: 2, dataWarehouse: false }],
] as const) {
  const env = load(options);
  const system = createSystem(env);
  const start = initialState(system, allLost(env));
  const engine = measure((sample) => {
    const space = exploreSpace(system, toFastState(system, start));
    sample();
    return summarizeSpace(space).states;
  });
  const composed = measure(() => checkCompositional(system, allLost(env)).productStates);
  const fast = measure((sample) => fastPathBfs(system, start, sample));
  const graph = measure((sample) => xstateGraph(system, start, sample));
  const actor = measure((sample) => actorPerStep(system, start, sample));
  const rate = (states: number, ms: number) => (states / ms) * 1000;
  const base = rate(graph.value, graph.ms);
  for (const [label, m] of [
    ['engine, compositional', composed],
    ['engine, full product (packed BFS)', engine],
    ['existing fast path BFS', fast],
    ['XState graph traversal', graph],
    ['one XState actor per step', actor],
  ] as const) {
    rows.push([
      name,
      label,
      fmt(m.value),
      fmt(m.ms),
      fmt(rate(m.value, m.ms)),
      `${fmt(rate(m.value, m.ms) / base, 1)}×`,
      fmt(m.peakMb, 1),
    ]);
  }
}
table(['model', 'explorer', 'states', 'ms', 'states/s', 'vs graph', 'peak heap MB'], rows);

// 2. Growing environments: the compositional check, everything lost.
console.log(
  '## Exhaustive check as the environment grows (each group: workflow + 1 additional server, SQL host, DW server, DW SQL host; everything lost)\n',
);
const growth: string[][] = [];
for (const groups of [1, 2, 3, 5, 10, 20]) {
  for (const symmetry of [true, false]) {
    if (!symmetry && groups > 5) continue;
    const env = load({ groups, additionalServers: 1, seed: groups });
    const system = createSystem(env);
    const m = measure(() => checkCompositional(system, allLost(env), { symmetry }));
    growth.push([
      String(groups),
      String(env.computers.length),
      symmetry ? 'yes' : 'no',
      m.value.productStates.toExponential(2),
      fmt(m.value.storedStates),
      fmt(m.ms),
      m.value.recoverable ? fmt(m.value.optimal!.sequentialSeconds / 3600, 1) : 'unrecoverable',
      m.value.recoverable ? fmt(m.value.optimal!.parallelSeconds / 3600, 1) : '',
      fmt(m.peakMb, 1),
    ]);
  }
}
table(
  [
    'groups',
    'computers',
    'symmetry',
    'product states',
    'stored states',
    'ms',
    'optimal h (seq)',
    'optimal h (parallel)',
    'peak heap MB',
  ],
  growth,
);

// 3. Synthesis and scoring of every single and double loss, 50 computers.
console.log(
  '## Synthesis and scoring of every disruption, 50 computers (7 groups, 2 additional servers, split DW, shared key-backup server)\n',
);
const big: GenerateOptions = {
  groups: 7,
  additionalServers: 2,
  splitDataWarehouse: true,
  backupServer: true,
};
const bigEnv = load(big);
const disruptions = enumerateDisruptions(bigEnv, true);
const fastScore = measure(() => scoreDisruptions(bigEnv, { pairs: true }));
// The baseline synthesises on the whole system; a sample of the disruptions keeps it short.
const bigSystem = createSystem(bigEnv);
const sample = disruptions.filter((_, index) => index % 25 === 0);
const slow = measure(() => sample.map((disruption) => synthesizeRecovery(bigSystem, disruption.loss).ok));
const perFast = fastScore.ms / disruptions.length;
const perSlow = slow.ms / sample.length;
table(
  ['explorer', 'computers', 'disruptions', 'ms', 'ms/disruption', 'cluster syntheses', 'score'],
  [
    [
      'engine (clusters, cached)',
      String(generatedComputerCount(big)),
      fmt(disruptions.length),
      fmt(fastScore.ms),
      fmt(perFast, 2),
      fmt(fastScore.value.synthesesRun),
      String(fastScore.value.score),
    ],
    [
      'synthesis on the whole system (every 25th)',
      String(bigEnv.computers.length),
      fmt(sample.length),
      fmt(slow.ms),
      fmt(perSlow, 2),
      '',
      `${fmt(perSlow / perFast, 1)}× slower`,
    ],
  ],
);

// 4. Cold start of check.
console.log('## Cold start of `scsm-dr check` on the four-computer scenario (spawned, median of 5)\n');
const times: number[] = [];
for (let i = 0; i < 5; i++) {
  const t = performance.now();
  spawnSync(
    process.execPath,
    [
      'dist/cli/main.js',
      'check',
      'scenarios/four-computer/environment.yaml',
      '--plan',
      'scenarios/four-computer/plan.yaml',
    ],
    { encoding: 'utf8' },
  );
  times.push(performance.now() - t);
}
const node = [] as number[];
for (let i = 0; i < 5; i++) {
  const t = performance.now();
  spawnSync(process.execPath, ['-e', '0']);
  node.push(performance.now() - t);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
table(
  ['command', 'median ms'],
  [
    ['scsm-dr check four-computer', fmt(median(times))],
    ['node -e 0 (floor)', fmt(median(node))],
  ],
);
