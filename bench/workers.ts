/**
 * Worker threads against one thread on the work that splits, for `bench/run.ts` to call:
 * `benchWorkers()` measures each workload with 1 thread and with more, checks that every run
 * gives the single-threaded result (it throws otherwise), and returns one row per run. Paths
 * are relative to the working directory, the repository root under `npm run bench`. Wall
 * times include starting the threads (each loads the program and compiles the models).
 */
import { isDeepStrictEqual } from 'node:util';
import { generateEnvironment } from '../src/engine/generate.js';
import { loadEnvironmentFile, loadEnvironmentText } from '../src/environment/load.js';
import { environmentNames } from '../src/environment/names.js';
import type { Environment } from '../src/environment/types.js';
import { loadPlanFile, resolvePlanReferences } from '../src/plan/load.js';
import type { Plan } from '../src/plan/types.js';
import { scoreReadinessParallel } from '../src/score/index.js';
import { runPropertyParallel } from '../src/simulator/property.js';
import { createSimulationContext } from '../src/simulator/simulate.js';

/** One measured run. */
export interface WorkersRow {
  readonly workload: string;
  readonly threads: number;
  readonly ms: number;
  /** What the run got through: property runs executed, or disruptions scored. */
  readonly units: number;
}

/** Property runs executed, or disruptions scored, by a workload's result. */
function unitsOf(result: unknown): number {
  const value = result as { runsExecuted?: number; disruptions?: readonly unknown[] };
  return value.runsExecuted ?? value.disruptions?.length ?? 0;
}

export interface BenchWorkersOptions {
  /** Thread counts to compare; the first should be 1 (the reference result). Default [1, 2]. */
  readonly threads?: readonly number[];
  /** Property runs of the four-computer-ha workload (default 2,000). */
  readonly runs?: number;
  readonly seed?: number;
}

function generated(text: string): Environment {
  const result = loadEnvironmentText(text, 'generated.yaml');
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

/** `text` with objectives nothing misses, so that a property run judges every drawn scenario. */
function relaxed(text: string): string {
  return text.replace(/^ {2}rto: .*$/m, '  rto: 1000h').replace(/^ {2}rpo: .*$/m, '  rpo: 1000h');
}

async function scenario(name: string): Promise<{ env: Environment; plan: Plan }> {
  const env = await loadEnvironmentFile(`scenarios/${name}/environment.yaml`);
  if (!env.ok) throw new Error(JSON.stringify(env.errors));
  const plan = await loadPlanFile(`scenarios/${name}/plan.yaml`);
  if (!plan.ok) throw new Error(JSON.stringify(plan.errors));
  return { env: env.value, plan: resolvePlanReferences(plan.value, environmentNames(env.value)).plan };
}

/** Measures every workload with each thread count; throws if any result differs from the first's. */
export async function benchWorkers(options: BenchWorkersOptions = {}): Promise<WorkersRow[]> {
  const threads = options.threads ?? [1, 2];
  const runs = options.runs ?? 2_000;
  const seed = options.seed ?? 1;
  const rows: WorkersRow[] = [];
  const measure = async (workload: string, work: (threads: number) => Promise<unknown>): Promise<void> => {
    let reference: unknown;
    for (const [index, count] of threads.entries()) {
      const started = performance.now();
      const result = await work(count);
      rows.push({
        workload,
        threads: count,
        ms: Math.round(performance.now() - started),
        units: unitsOf(result),
      });
      if (index === 0) reference = result;
      else if (!isDeepStrictEqual(result, reference))
        throw new Error(`${workload}: ${count} threads differ from ${threads[0]}`);
    }
  };

  const large = generated(
    generateEnvironment({ groups: 7, additionalServers: 2, splitDataWarehouse: true, backupServer: true }),
  );
  const ha = await scenario('four-computer-ha');
  const property = (plan: Plan | undefined, maxFaults: number) => (workers: number) =>
    runPropertyParallel(createSimulationContext(ha.env, plan), { seed, runs, maxFaults, workers });
  await measure(
    `property, four-computer-ha + plan, ${runs} runs, up to 2 faults, seed ${seed}`,
    property(ha.plan, 2),
  );
  await measure(
    `property, four-computer-ha + plan, ${runs} runs, no fault, seed ${seed}`,
    property(ha.plan, 0),
  );
  await measure(
    `property, four-computer-ha, no plan, ${runs} runs, no fault, seed ${seed}`,
    property(undefined, 0),
  );

  const twoGroups = generated(relaxed(generateEnvironment({ groups: 2, additionalServers: 1 })));
  await measure(
    `property, 2 generated groups (relaxed objectives), no plan, ${runs} runs, no fault`,
    (workers) =>
      runPropertyParallel(createSimulationContext(twoGroups), { seed, runs, maxFaults: 0, workers }),
  );

  const asOfMillis = Date.UTC(2026, 10, 24);
  await measure('scoreReadiness, 50 computers, pairs (1,303 disruptions)', (workers) =>
    scoreReadinessParallel(large, { asOfMillis, version: 'bench', pairs: true, workers }),
  );
  await measure('scoreReadiness, four-computer-ha + plan, pairs', (workers) =>
    scoreReadinessParallel(ha.env, { asOfMillis, version: 'bench', plan: ha.plan, pairs: true, workers }),
  );
  return rows;
}
