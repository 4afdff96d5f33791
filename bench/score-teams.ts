/**
 * `npm run bench`, the teams row: `score --teams 1` against `score --teams 2` on a generated
 * 25-computer estate, in this one process (the score as the CLI runs it with one worker:
 * `scoreReadiness` with `teams` set), the median of three runs each, and
 * the ratio to the one-team run. Two teams make the score synthesise each loss's least
 * makespan for two teams as well (`engine/parallel-synthesis.ts`), which is what the ratio
 * shows. No thresholds: the table is for reading (docs/performance.md).
 */
import { generatedComputerCount } from '../src/engine/generate.js';
import { loadEnvironmentText } from '../src/environment/load.js';
import { scoreReadiness } from '../src/score/index.js';
import { type GenerateOptions, generateEnvironment } from './generate.js';

/** 4 groups × (workflow, additional, SQL host, split DW of three) + the key-backup server = 25. */
const ESTATE: GenerateOptions = {
  groups: 4,
  additionalServers: 1,
  splitDataWarehouse: true,
  backupServer: true,
};
const RUNS = 3;

const text = generateEnvironment(ESTATE);
/**
 * The estate, loaded afresh: the parallel synthesis memoises each loss's makespan per
 * environment object (`engine/parallel-synthesis.ts`), so a score of an environment already
 * scored would time cache hits, where the CLI scores once per process.
 */
function freshEnvironment() {
  const loaded = loadEnvironmentText(text, 'generated.yaml');
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return loaded.value;
}
// A fixed judgement date, so that every run judges the same backups.
const asOfMillis = Date.UTC(2026, 0, 15);

type Measured = { ms: number; score: number };

/** One score for a team count, timed. */
function once(options: Parameters<typeof scoreReadiness>[1]): Measured {
  const estate = freshEnvironment();
  const start = performance.now();
  const readiness = scoreReadiness(estate, options);
  return { ms: performance.now() - start, score: readiness.score };
}

const median = (runs: Measured[]): Measured => runs.sort((a, b) => a.ms - b.ms)[Math.floor(runs.length / 2)]!;

const teamCounts = [1, 2] as const;
const options = teamCounts.map((teams) => ({ asOfMillis, version: 'bench', teams }));
// Two untimed rounds first, then the timed runs interleaved (1, 2, 1, 2, …): a process this
// short is still compiling the models and the scorer during its first scores, and whichever
// team count went first would be charged for it (measured: the order alone swung the ratio
// from 0.5 to 1.35).
for (let round = 0; round < 2; round++) for (const given of options) once(given);
const runs: Measured[][] = options.map(() => []);
for (let run = 0; run < RUNS; run++)
  for (const [index, given] of options.entries()) runs[index]!.push(once(given));
const [one, two] = runs.map(median) as [Measured, Measured];
console.log(
  `\n## Score with teams (\`score --teams N\`): ${generatedComputerCount(ESTATE)} computers, every single loss, in process, median of ${RUNS} runs\n`,
);
const rows = [
  ['1', one.ms.toFixed(0), '1.00', String(one.score)],
  ['2', two.ms.toFixed(0), (two.ms / one.ms).toFixed(2), String(two.score)],
];
const header = ['teams', 'median ms', 'ratio to 1 team', 'score'];
const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => row[i]!.length)));
const line = (cells: readonly string[]) =>
  `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
console.log(line(header));
console.log(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
for (const row of rows) console.log(line(row));
console.log('');
