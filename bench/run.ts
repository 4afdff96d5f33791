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
import { synthesizeParallel } from '../src/engine/parallel-synthesis.js';
import { exploreSpace, summarizeSpace } from '../src/engine/space.js';
import { loadEnvironmentText } from '../src/environment/load.js';
import type { Environment } from '../src/environment/types.js';
import { enumerateDisruptions } from '../src/loss/index.js';
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
import { EngineRecoveries, scoreReadiness } from '../src/score/index.js';
import {
  type CandidateAction,
  candidateActions,
  synthesisContext,
} from '../src/simulator/synthesis-candidates.js';
import { synthesizeRecovery } from '../src/simulator/synthesize.js';
import { benchLongNames, benchLongPlans, probe } from './check-scale.js';
import { benchCommands, COMMAND_HEADER, commandTable } from './commands.js';
import { benchEvidence } from './evidence.js';
import { type GenerateOptions, generateEnvironment } from './generate.js';
import { benchWorkers } from './workers.js';

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

/**
 * Runs `work` `times` times and keeps the median wall time (the machine is shared, and one run
 * of a 20 ms workload can be doubled by a neighbour's burst), then once more, untimed, for the
 * peak heap growth.
 */
function median<T>(
  times: number,
  work: (sample: () => void) => T,
): { value: T; ms: number; peakMb: number; runs: number } {
  const timings = Array.from({ length: times }, () => timed(work)).sort((a, b) => a.ms - b.ms);
  return { ...timings[Math.floor(timings.length / 2)]!, peakMb: heapPeak(work), runs: times };
}

/**
 * Runs `work` and returns its value and wall time. No forced collection before it: after a
 * forced full collection V8 starts again from a small young generation, and a workload of a few
 * milliseconds then spends most of its time in scavenges (measured: 14 ms became 60 ms).
 */
function timed<T>(work: (sample: () => void) => T): { value: T; ms: number } {
  const start = performance.now();
  const value = work(() => {});
  return { value, ms: performance.now() - start };
}

/** Peak heap growth of one run of `work` after a forced collection (sampled by `sample`). */
function heapPeak(work: (sample: () => void) => unknown): number {
  gc?.();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const sample = (): void => {
    const used = process.memoryUsage().heapUsed;
    if (used > peak) peak = used;
  };
  work(sample);
  sample();
  return (peak - base) / 2 ** 20;
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

/** The models of the exploration table, by the name the memory probe is given. */
const MODELS: readonly (readonly [string, GenerateOptions])[] = [
  ['1 SM group + DW (4 computers)', { groups: 1 }],
  ['1 SM group + 1 additional + DW (5 computers)', { groups: 1, additionalServers: 1 }],
  ['2 SM groups (4 computers)', { groups: 2, dataWarehouse: false }],
];

/**
 * The explorers compared, each given a fresh system (so the engine's transition cache starts
 * empty and its learning is in the figure) and a sample callback. Returns the states found.
 */
const EXPLORERS: Readonly<Record<string, (env: Environment, sample: () => void) => number>> = {
  'engine, compositional': (env) => checkCompositional(createSystem(env), allLost(env)).productStates,
  'engine, packed BFS (full product)': (env, sample) => {
    const system = createSystem(env);
    const space = exploreSpace(system, toFastState(system, initialState(system, allLost(env))));
    sample();
    return summarizeSpace(space).states;
  },
  'fastStep BFS (no cache, string keys)': (env, sample) => {
    const system = createSystem(env);
    return fastPathBfs(system, initialState(system, allLost(env)), sample);
  },
  'XState graph traversal': (env, sample) => {
    const system = createSystem(env);
    return xstateGraph(system, initialState(system, allLost(env)), sample);
  },
  'one XState actor per step': (env, sample) => {
    const system = createSystem(env);
    return actorPerStep(system, initialState(system, allLost(env)), sample);
  },
};

/** The XState baselines take minutes beyond this many states; the larger models skip them. */
const XSTATE_LIMIT = 6_000;

// Memory probe: `run.js --memory <model> <explorer>` runs one exploration in a process of its
// own and prints its peak resident set size, so that no earlier workload's heap is counted.
const memoryArgs = process.argv.indexOf('--memory');
if (memoryArgs >= 0) {
  const [, options] = MODELS[Number(process.argv[memoryArgs + 1])]!;
  const explorer = process.argv[memoryArgs + 2]!;
  const env = load(options);
  if (explorer !== 'none') EXPLORERS[explorer]!(env, () => {});
  console.log(JSON.stringify({ maxRssMb: process.resourceUsage().maxRSS / 1024 }));
  process.exit(0);
}

// Check probe: `run.js --probe <check|validate> <environment> <plan>` (see check-scale.ts).
const probeArgs = process.argv.indexOf('--probe');
if (probeArgs >= 0) {
  const [mode, environment, plan] = process.argv.slice(probeArgs + 1);
  await probe(mode!, environment!, plan!);
  process.exit(0);
}

/** `check` on long plans and loading long names, with their baselines (check-scale.ts). */
function longInputSections(): void {
  console.log(
    '## `check` on long plans (500 computers; half the steps legal, half each refused with a traced finding; each run its own process, median of 3)\n',
  );
  table(
    [
      'steps',
      'findings',
      'check ms',
      'check peak RSS MB',
      'validate ms (baseline)',
      'validate peak RSS MB',
      'check / validate time',
      'check / validate RSS',
    ],
    benchLongPlans(process.argv[1]!, [1_000, 2_000, 10_000]),
  );
  console.log('## Loading a plan with a very long name (in process, median of 3)\n');
  table(['file', 'result', 'ms', 'same size, short names ms (baseline)', 'vs baseline'], benchLongNames());
}

// `run.js --only long-inputs` runs only the long-input sections (the full run takes minutes).
const onlyArgs = process.argv.indexOf('--only');
if (onlyArgs >= 0) {
  const only = (process.argv[onlyArgs + 1] ?? '').split(',');
  if (!only.every((name) => name === 'long-inputs'))
    throw new Error(`--only knows one section: long-inputs (got ${only.join(', ')})`);
  console.log(`# scsm-dr bench (long inputs only) — node ${process.version}, ${new Date().toISOString()}\n`);
  longInputSections();
  process.exit(0);
}

/** Peak RSS of one exploration in its own process (MB). */
function peakRss(model: number, explorer: string): number {
  const child = spawnSync(process.execPath, [process.argv[1]!, '--memory', String(model), explorer], {
    encoding: 'utf8',
  });
  if (child.status !== 0) throw new Error(`memory probe failed: ${child.stderr}`);
  return (JSON.parse(child.stdout) as { maxRssMb: number }).maxRssMb;
}

// 1. Exhaustive exploration, the same model, every explorer.
console.log(`# scsm-dr bench — node ${process.version}, ${new Date().toISOString()}\n`);
console.log('## Exhaustive exploration (everything lost, documented moves interleaved freely)\n');
{
  // Warm-up: every explorer once on a small model, so that no row pays the JIT for the others,
  // and the engine a few times on the first model, whose data warehouse machines the small
  // model lacks: a 50 ms run is otherwise measured while V8 is still optimising it, which a
  // 1.5 s baseline absorbs in its own first run.
  const env = load({ groups: 1, dataWarehouse: false });
  for (const explorer of Object.values(EXPLORERS)) explorer(env, () => {});
  const first = load(MODELS[0]![1]);
  for (let i = 0; i < 5; i++) {
    EXPLORERS['engine, compositional']!(first, () => {});
    EXPLORERS['engine, packed BFS (full product)']!(first, () => {});
  }
}
MODELS.forEach(([name, options], modelIndex) => {
  const env = load(options);
  const measured: [string, { value: number; ms: number; peakMb: number; runs: number }][] = [];
  for (const [label, explorer] of Object.entries(EXPLORERS)) {
    const xstate = label.includes('XState');
    if (xstate && measured[0] !== undefined && measured[0][1].value > XSTATE_LIMIT) continue;
    measured.push([label, median(label.startsWith('engine') ? 7 : 3, (sample) => explorer(env, sample))]);
  }
  const rate = (states: number, ms: number) => (states / ms) * 1000;
  const graph = measured.find(([label]) => label === 'XState graph traversal')?.[1];
  const floor = peakRss(modelIndex, 'none');
  for (const [label, m] of measured) {
    rows.push([
      name,
      label,
      fmt(m.value),
      `${fmt(m.ms)} (${m.runs})`,
      fmt(rate(m.value, m.ms)),
      graph === undefined ? '' : `${fmt(rate(m.value, m.ms) / rate(graph.value, graph.ms), 1)}×`,
      fmt(m.peakMb, 1),
      // Below about 3 MB the difference is within the floor's own run-to-run noise.
      fmt(Math.max(0, peakRss(modelIndex, label) - floor), 1),
    ]);
  }
});
table(
  [
    'model',
    'explorer',
    'states',
    'median ms (runs)',
    'states/s',
    'vs graph',
    'peak heap MB',
    'peak RSS MB (own process)',
  ],
  rows,
);
console.log(
  'Peak RSS is measured in a process of its own per row, less the RSS of the same process exploring nothing. The engine rows include building the system and learning its transition cache from empty.\n',
);

// 2. Growing environments: the compositional check, everything lost.
console.log(
  '## Exhaustive check as the environment grows (each group: workflow + 1 additional server, SQL host, DW server, DW SQL host; everything lost)\n',
);
const growth: string[][] = [];
// Warm-up of the compositional path on the table's own kind of group.
for (let i = 0; i < 3; i++) {
  const env = load({ groups: 2, additionalServers: 1, seed: 99 });
  checkCompositional(createSystem(env), allLost(env));
}
for (const groups of [1, 2, 3, 5, 10, 20, 50]) {
  for (const symmetry of [true, false]) {
    if (!symmetry && groups > 10) continue;
    const env = load({ groups, additionalServers: 1, seed: groups });
    // A fresh system per run: its transition cache starts empty, as in a user's first check.
    const m = median(3, () => checkCompositional(createSystem(env), allLost(env), { symmetry }));
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
    'median ms (3 runs)',
    'optimal h (seq)',
    'optimal h (parallel)',
    'peak heap MB',
  ],
  growth,
);

// 2b. Symmetry inside a cluster: interchangeable additional servers.
console.log(
  '## Symmetry inside a cluster (one group + DW, N additional servers, everything lost; packed BFS)\n',
);
{
  const inside: string[][] = [];
  for (const additionalServers of [1, 2, 3, 4]) {
    const env = load({ groups: 1, additionalServers });
    const run = (symmetry: boolean) =>
      median(3, () => {
        const system = createSystem(env);
        const start = toFastState(system, initialState(system, allLost(env)));
        return summarizeSpace(exploreSpace(system, start, { symmetry }));
      });
    const plain = run(false);
    const reduced = run(true);
    for (const [label, m] of [
      ['no', plain],
      ['yes', reduced],
    ] as const) {
      inside.push([
        String(additionalServers),
        label,
        fmt(m.value.states),
        fmt(m.value.stored),
        fmt(m.ms),
        `${fmt(plain.ms / m.ms, 1)}×`,
        fmt((m.value.optimal?.seconds ?? Number.NaN) / 3600, 1),
      ]);
    }
  }
  table(
    ['additional servers', 'symmetry', 'states', 'stored', 'median ms (3 runs)', 'speed-up', 'optimal h'],
    inside,
  );
}

/**
 * The readiness score of `env` with pairs, no plan (`src/score/`, the engine's recoveries), with
 * the cluster syntheses it ran.
 */
function scoreAll(env: Environment): { score: number; synthesesRun: number } {
  const recoveries = new EngineRecoveries(env);
  const readiness = scoreReadiness(env, {
    asOfMillis: Date.UTC(2026, 10, 24),
    version: 'bench',
    pairs: true,
    recoveries,
  });
  return { score: readiness.score, synthesesRun: recoveries.memo.synthesizer.synthesesRun };
}

// 3. Synthesis and scoring of every single and double loss, growing to 50 and 100 computers.
console.log(
  '## Synthesis and scoring of every disruption (each computer, database, site, and every pair of computers)\n',
);
console.log(
  'Each group: workflow + 2 additional servers, SQL host, split DW (server, staging/repository host, datamart host); one shared key-backup server.\n',
);
const scoring: string[][] = [];
for (const groups of [1, 2, 4, 7, 14]) {
  const options: GenerateOptions = {
    groups,
    additionalServers: 2,
    splitDataWarehouse: true,
    backupServer: true,
  };
  const env = load(options);
  const count = enumerateDisruptions(env, { pairs: true }).length;
  const m = timed(() => scoreAll(env));
  scoring.push([
    String(groups),
    String(generatedComputerCount(options)),
    fmt(count),
    fmt(m.ms),
    fmt(m.ms / count, 2),
    fmt(m.value.synthesesRun),
    String(m.value.score),
  ]);
}
table(['groups', 'computers', 'disruptions', 'ms', 'ms/disruption', 'cluster syntheses', 'score'], scoring);

const big: GenerateOptions = {
  groups: 7,
  additionalServers: 2,
  splitDataWarehouse: true,
  backupServer: true,
};
const bigEnv = load(big);
const disruptions = enumerateDisruptions(bigEnv, { pairs: true });
const fastScore = timed(() => scoreAll(bigEnv));
// The baseline synthesises each disruption on the whole system (no clusters, no shared
// answers; the same transition cache); a sample of the disruptions keeps it short.
const bigSystem = createSystem(bigEnv);
const sample = disruptions.filter((_, index) => index % 25 === 0);
const slow = timed(() => sample.map((disruption) => synthesizeRecovery(bigSystem, disruption.loss).ok));
const perFast = fastScore.ms / disruptions.length;
const perSlow = slow.ms / sample.length;
table(
  ['50 computers', 'disruptions', 'ms', 'ms/disruption', 'vs engine'],
  [
    [
      'engine: clusters, cached answers, transition cache',
      fmt(disruptions.length),
      fmt(fastScore.ms),
      fmt(perFast, 2),
      '1.0×',
    ],
    [
      'synthesis on the whole system (every 25th disruption)',
      fmt(sample.length),
      fmt(slow.ms),
      fmt(perSlow, 2),
      `${fmt(perSlow / perFast, 1)}× slower`,
    ],
  ],
);

// 4. Threads: property runs and scoring, one thread against two, the same result checked.
console.log(
  '## Property runs and scoring on worker threads (each multi-threaded result is checked equal to the single-threaded one)\n',
);
{
  const workerRows = await benchWorkers({ threads: [1, 2], runs: 2_000, seed: 1 });
  const single = new Map(
    workerRows.filter((row) => row.threads === 1).map((row) => [row.workload, row.ms] as const),
  );
  table(
    ['workload', 'threads', 'ms', 'runs or disruptions', 'per second', 'vs 1 thread'],
    workerRows.map((row) => [
      row.workload,
      String(row.threads),
      fmt(row.ms),
      fmt(row.units),
      row.ms > 0 ? fmt((row.units / row.ms) * 1000) : '',
      `${fmt(single.get(row.workload)! / Math.max(row.ms, 1), 2)}×`,
    ]),
  );
}

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
const middle = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
table(
  ['command', 'median ms'],
  [
    ['scsm-dr check four-computer', fmt(middle(times))],
    ['node -e 0 (floor)', fmt(middle(node))],
  ],
);

// 5. Long inputs.
longInputSections();

// Parallel synthesis (`plan --teams N`): the recovery with the least makespan for N teams, on
// 50 computers with everything lost, beside the engine's compositional check (which computes
// the parallel optimum's value but no plan) in the same process.
console.log(
  '\n## Parallel synthesis (`plan --teams N`): 10 groups with an additional server each (50 computers), everything lost\n',
);
{
  const env = load({ groups: 10, additionalServers: 1, seed: 10 });
  const loss = allLost(env);
  const engine = median(3, () => checkCompositional(createSystem(env), loss));
  const rows: string[][] = [];
  for (const teams of [1, 2, 5, 10]) {
    const m = median(3, () => synthesizeParallel(env, loss, teams));
    const result = m.value;
    rows.push([
      String(env.computers.length),
      String(teams),
      fmt(m.ms),
      fmt(engine.ms),
      fmt(m.ms / engine.ms, 2),
      result.ok ? fmt(result.makespanSeconds / 3600, 1) : 'unrecoverable',
      engine.value.optimal ? fmt(engine.value.optimal.parallelSeconds / 3600, 1) : '',
      result.ok ? (result.exact ? 'yes' : 'no (greedy)') : '',
      fmt(m.peakMb, 1),
    ]);
  }
  table(
    [
      'computers',
      'teams',
      'synthesis median ms (3 runs)',
      'engine check median ms',
      'vs engine check',
      'makespan h',
      'optimal h (parallel)',
      'assignment exact',
      'peak heap MB',
    ],
    rows,
  );
}

// 6. Import of backup evidence.
console.log('## Import of 100,000 msdb backup history rows (median of 3; peak heap growth of one more)\n');
table(['workload', 'MiB of text', 'ms', 'heap MB', 'vs baseline'], benchEvidence(fmt));

// 7. The commands as a user runs them, spawned (issue 13's goal: under 1 s with pairs on 250 computers).
console.log(
  '## score and report spawned: 250 generated computers with pairs, and four-computer-ha (median of 3; ratios against --version and validate spawned in this run)\n',
);
table(COMMAND_HEADER, commandTable(benchCommands(), fmt));
