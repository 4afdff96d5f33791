/**
 * Property runs on worker threads (`runPropertyParallel`) give exactly the single-threaded
 * result — runs, counterexample, shrink path, statistics and progress calls — for several
 * seeds, 2 and 3 threads, on the broken plan (a counterexample), the bundled four-computer-ha
 * installation with and without its plan, and a generated environment. The workers run the
 * compiled program, so the library is imported from dist/ here.
 */
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateEnvironment } from '../../src/engine/generate.js';
import { loadEnvironmentText } from '../../src/environment/load.js';
import type { Environment } from '../../src/environment/types.js';
import type { Plan } from '../../src/plan/types.js';
import { fromDist } from '../helpers/dist.js';
import {
  BROKEN_ENV,
  BROKEN_PLAN,
  HA_ENV,
  HA_PLAN,
  loadEnvironment,
  loadEnvironmentAndPlan,
} from '../helpers/simulate.js';

type Property = typeof import('../../src/simulator/property.js');
type Simulate = typeof import('../../src/simulator/simulate.js');

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log(`fast-check seed ${seed}`);
/** The printed seed and two more derived from it. */
const SEEDS = [seed, (seed * 7 + 1) % 2 ** 31, (seed * 13 + 5) % 2 ** 31];

let property: Property;
let simulate: Simulate;
const inputs: Record<string, { env: Environment; plan?: Plan }> = {};

/** Generated groups whose objectives nothing misses, so that only real impossibilities fail. */
function generatedRelaxed(groups: number): Environment {
  const text = generateEnvironment({ groups, additionalServers: 1 })
    .replace(/^ {2}rto: .*$/m, '  rto: 1000h')
    .replace(/^ {2}rpo: .*$/m, '  rpo: 1000h');
  const loaded = loadEnvironmentText(text, 'generated.yaml');
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return loaded.value;
}

beforeAll(async () => {
  property = await fromDist<Property>('simulator/property.js');
  simulate = await fromDist<Simulate>('simulator/simulate.js');
  inputs.broken = await loadEnvironmentAndPlan(BROKEN_ENV, BROKEN_PLAN);
  inputs.ha = await loadEnvironmentAndPlan(HA_ENV, HA_PLAN);
  inputs.haNoPlan = { env: await loadEnvironment(HA_ENV) };
  inputs.generated = { env: generatedRelaxed(1) };
  inputs.twoGroups = { env: generatedRelaxed(2) };
});

/** One run, single-threaded or not, with every progress call recorded. */
async function run(
  name: string,
  options: { seed: number; runs: number; maxFaults: number; workers: number; here?: boolean },
) {
  const { env, plan } = inputs[name]!;
  const progress: [number, number][] = [];
  const result = await property.runPropertyParallel(simulate.createSimulationContext(env, plan), {
    seed: options.seed,
    runs: options.runs,
    maxFaults: options.maxFaults,
    workers: options.workers,
    judgeFirstRunsHere: options.here ?? false,
    onProgress: (done, total) => progress.push([done, total]),
  });
  return { result, progress };
}

describe('runPropertyParallel = runProperty', () => {
  const cases: [string, number, number][] = [
    // name, runs, maxFaults
    ['broken', 200, 2],
    ['ha', 300, 2],
    ['ha', 400, 0],
    ['haNoPlan', 60, 1],
    ['generated', 300, 1],
  ];
  for (const [name, runs, maxFaults] of cases) {
    it(`${name}, ${runs} runs, up to ${maxFaults} faults, 2 and 3 threads`, async () => {
      for (const s of SEEDS) {
        const single = await run(name, { seed: s, runs, maxFaults, workers: 1 });
        for (const workers of [2, 3]) {
          const parallel = await run(name, { seed: s, runs, maxFaults, workers });
          expect(parallel.result, `seed ${s}, ${workers} threads`).toStrictEqual(single.result);
          expect(parallel.progress, `seed ${s}, ${workers} threads`).toEqual(single.progress);
        }
      }
    });
  }

  it('finds the broken plan’s counterexample with threads, this thread judging the first runs or not', async () => {
    for (const here of [false, true]) {
      const single = await run('broken', { seed, runs: 200, maxFaults: 2, workers: 1 });
      const parallel = await run('broken', { seed, runs: 200, maxFaults: 2, workers: 2, here });
      expect(single.result.counterexample, `seed ${seed}`).toBeDefined();
      expect(parallel.result).toStrictEqual(single.result);
    }
  });

  it('passes a run that judges every drawn scenario (no counterexample) identically', async () => {
    const single = await run('ha', { seed, runs: 400, maxFaults: 0, workers: 1 });
    expect(single.result.counterexample).toBeUndefined();
    expect(single.result.runsExecuted).toBe(400);
    const parallel = await run('ha', { seed, runs: 400, maxFaults: 0, workers: 2, here: true });
    expect(parallel.result).toStrictEqual(single.result);
  });

  it('this thread and worker threads judging together (a passing run long enough to start them)', async () => {
    // Without a plan or faults each distinct loss is one plan synthesis on the whole system:
    // more than the 100 ms this thread judges alone, so the threads start and share the rest.
    for (const s of SEEDS.slice(0, 2)) {
      const single = await run('twoGroups', { seed: s, runs: 400, maxFaults: 0, workers: 1 });
      expect(single.result.counterexample, `seed ${s}`).toBeUndefined();
      for (const workers of [2, 3]) {
        const parallel = await run('twoGroups', { seed: s, runs: 400, maxFaults: 0, workers, here: true });
        expect(parallel.result, `seed ${s}, ${workers} threads`).toStrictEqual(single.result);
        expect(parallel.progress, `seed ${s}, ${workers} threads`).toEqual(single.progress);
      }
    }
  });

  it('replays a path in this thread, with the same result', async () => {
    const first = await run('broken', { seed, runs: 200, maxFaults: 2, workers: 1 });
    const path = first.result.counterexample!.path;
    const { env, plan } = inputs.broken!;
    const options = { seed, runs: 200, maxFaults: 2, path };
    const single = property.runProperty(simulate.createSimulationContext(env, plan), options);
    const parallel = await property.runPropertyParallel(simulate.createSimulationContext(env, plan), {
      ...options,
      workers: 2,
    });
    expect(parallel).toStrictEqual(single);
  });

  it('refuses a context whose synthesizer was replaced', async () => {
    const { env } = inputs.haNoPlan!;
    const context = simulate.createSimulationContext(env, undefined, {
      synthesize: () => ({ ok: false, reasons: [], statesExplored: 0 }),
    });
    await expect(
      property.runPropertyParallel(context, { seed, runs: 10, maxFaults: 1, workers: 2 }),
    ).rejects.toThrow(/replaced synthesizer/);
  });
});

describe('what phase 1 relies on', () => {
  it('fc.sample draws what fc.check draws for the same seed, also from a path offset', () => {
    for (const name of ['broken', 'ha', 'haNoPlan']) {
      const { env, plan } = inputs[name]!;
      const context = simulate.createSimulationContext(env, plan);
      for (const maxFaults of [0, 2]) {
        const arbitrary = property.faultScenarioArbitrary(context, maxFaults);
        const checked: unknown[] = [];
        fc.check(
          fc.property(arbitrary, (scenario) => {
            checked.push(scenario);
            return true;
          }),
          { seed, numRuns: 500 },
        );
        expect(fc.sample(arbitrary, { seed, numRuns: 500 }), `${name}, seed ${seed}`).toEqual(checked);
        expect(fc.sample(arbitrary, { seed, numRuns: 100, path: '300' })).toEqual(checked.slice(300, 400));
      }
    }
  });

  it('an evaluation survives structured clone unchanged', () => {
    for (const name of ['broken', 'ha', 'haNoPlan']) {
      const { env, plan } = inputs[name]!;
      const context = simulate.createSimulationContext(env, plan);
      for (const scenario of fc.sample(property.faultScenarioArbitrary(context, 2), { seed, numRuns: 20 })) {
        const evaluation = simulate.evaluateFaultScenario(context, scenario);
        expect(isDeepStrictEqual(structuredClone(evaluation), evaluation), `${name}, seed ${seed}`).toBe(
          true,
        );
      }
    }
  });

  it('the loaded environment and plan survive structured clone unchanged', () => {
    for (const { env, plan } of Object.values(inputs)) {
      expect(isDeepStrictEqual(structuredClone(env), env)).toBe(true);
      if (plan) expect(isDeepStrictEqual(structuredClone(plan), plan)).toBe(true);
    }
  });
});
