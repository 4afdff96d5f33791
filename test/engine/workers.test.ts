/**
 * Disruption scoring on worker threads gives the single-threaded result: `scoreDisruptionsParallel`
 * (cluster syntheses split over the threads) and `scoreReadinessParallel` (whole-system scoring
 * split by disruption) deep-equal `scoreDisruptions` and `scoreReadiness` with 2 and 3 threads,
 * on the bundled scenarios and on generated environments. An exception in a thread surfaces
 * with its message and leaves no thread behind. The threads run the compiled program, so the
 * library is imported from dist/ here.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Environment } from '../../src/environment/types.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { fromDist } from '../helpers/dist.js';
import { loadEnvironment, loadEnvironmentAndPlan } from '../helpers/simulate.js';
import { generated } from './helpers.js';

type EngineScore = typeof import('../../src/engine/score.js') &
  typeof import('../../src/engine/score-parallel.js');
type ReportScore = typeof import('../../src/report/score.js') &
  typeof import('../../src/report/score-parallel.js');
type Pool = typeof import('../../src/engine/worker-pool.js');
type ClusterTask = typeof import('../../src/engine/cluster-recoveries.task.js').default;

let engine: EngineScore;
let report: ReportScore;
let pool: Pool;

beforeAll(async () => {
  engine = {
    ...(await fromDist<typeof import('../../src/engine/score.js')>('engine/score.js')),
    ...(await fromDist<typeof import('../../src/engine/score-parallel.js')>('engine/score-parallel.js')),
  };
  report = {
    ...(await fromDist<typeof import('../../src/report/score.js')>('report/score.js')),
    ...(await fromDist<typeof import('../../src/report/score-parallel.js')>('report/score-parallel.js')),
  };
  pool = await fromDist<Pool>('engine/worker-pool.js');
});

/** The compiled cluster-recoveries task: the pool knows no task, the test names one. */
const clusterTask = () => pool.taskAt<ClusterTask>(new URL(dist('engine/cluster-recoveries.task.js')));

const AS_OF = Date.UTC(2026, 10, 24);

/** The URL of a compiled module, for a spawned script. */
const dist = (path: string): string => pathToFileURL(join(REPO_ROOT, 'dist', path)).href;

describe('scoreDisruptionsParallel = scoreDisruptions', () => {
  const check = async (env: Environment, pairs: boolean) => {
    const single = engine.scoreDisruptions(env, { pairs });
    for (const workers of [2, 3]) {
      const parallel = await engine.scoreDisruptionsParallel(env, { pairs, workers });
      // Each distinct cluster question is answered once, by one thread: even the counters agree.
      expect(parallel, `${workers} threads`).toStrictEqual(single);
    }
  };
  it('four-computer-ha, with pairs', async () =>
    check(await loadEnvironment('scenarios/four-computer-ha/environment.yaml'), true));
  it('two-computer, without pairs', async () =>
    check(await loadEnvironment('scenarios/two-computer/environment.yaml'), false));
  it('three generated groups with a shared backup server, a split data warehouse and sites, with pairs', async () =>
    check(
      generated({ groups: 3, additionalServers: 1, splitDataWarehouse: true, backupServer: true, sites: 2 }),
      true,
    ));
  it('a subset of the disruptions (`only`)', async () => {
    const env = generated({ groups: 2, additionalServers: 1, backupServer: true });
    const only = [40, 3, 17, 3, 0];
    const single = engine.scoreDisruptions(env, { pairs: true, only });
    expect(await engine.scoreDisruptionsParallel(env, { pairs: true, only, workers: 2 })).toStrictEqual(
      single,
    );
  });
  it('one thread is scoreDisruptions itself', async () => {
    const env = await loadEnvironment('scenarios/four-computer/environment.yaml');
    expect(await engine.scoreDisruptionsParallel(env, { workers: 1 })).toStrictEqual(
      engine.scoreDisruptions(env),
    );
  });
});

describe('scoreReadinessParallel = scoreReadiness', () => {
  const check = async (
    env: Environment,
    options: { plan?: Parameters<ReportScore['scoreReadiness']>[1]['plan']; pairs: boolean },
  ) => {
    const base = {
      asOfMillis: AS_OF,
      version: 'test',
      pairs: options.pairs,
      ...(options.plan ? { plan: options.plan } : {}),
    };
    const single = report.scoreReadiness(env, base);
    for (const workers of [2, 3]) {
      expect(
        await report.scoreReadinessParallel(env, { ...base, workers }),
        `${workers} threads`,
      ).toStrictEqual(single);
    }
  };
  it('four-computer-ha with its plan, with pairs', async () => {
    const { env, plan } = await loadEnvironmentAndPlan(
      'scenarios/four-computer-ha/environment.yaml',
      'scenarios/four-computer-ha/plan.yaml',
    );
    await check(env, { plan, pairs: true });
  });
  it('single-computer with its plan (unrecoverable disruptions)', async () => {
    const { env, plan } = await loadEnvironmentAndPlan(
      'scenarios/single-computer/environment.yaml',
      'scenarios/single-computer/plan.yaml',
    );
    await check(env, { plan, pairs: false });
  });
  it('a generated environment without a plan, with pairs', async () =>
    check(generated({ groups: 2, splitDataWarehouse: true, backupServer: true }), { pairs: true }));
});

describe('worker threads', () => {
  it('an exception in a thread rejects with its message', async () => {
    const env = await loadEnvironment('scenarios/four-computer-ha/environment.yaml');
    const loss = { computers: ['CVL-SM01'], databases: [], sites: [] };
    await expect(
      pool.runBatches(
        clusterTask(),
        { environment: env },
        [{ answer: [{ cluster: 0, loss }] }, { answer: [{ cluster: 99, loss }] }],
        2,
      ),
    ).rejects.toThrow('no cluster 99');
  });

  it('a process whose threads failed or finished exits by itself', () => {
    // The script awaits a failing and a succeeding run; it never calls process.exit, so a
    // thread left running would keep it alive until the timeout kills it.
    const script = `
      import { loadEnvironmentFile } from ${JSON.stringify(dist('environment/load.js'))};
      import { runBatches, taskAt } from ${JSON.stringify(dist('engine/worker-pool.js'))};
      const task = taskAt(new URL(${JSON.stringify(dist('engine/cluster-recoveries.task.js'))}));
      const env = (await loadEnvironmentFile('scenarios/four-computer-ha/environment.yaml')).value;
      const loss = { computers: ['CVL-SM01'], databases: [], sites: [] };
      const ok = await runBatches(task, { environment: env }, [{ answer: [{ cluster: 0, loss }] }, { ask: [loss, { ...loss, computers: ['CVL-SQL01'] }] }], 2);
      console.log('answers', ok.length);
      try {
        await runBatches(task, { environment: env }, [{ answer: [{ cluster: 99, loss }] }, { answer: [{ cluster: 0, loss }] }], 2);
      } catch (error) {
        console.log('rejected:', error.message);
      }
    `;
    const dir = mkdtempSync(join(tmpdir(), 'scsm-dr-workers-'));
    try {
      const file = join(dir, 'script.mjs');
      writeFileSync(file, script);
      const child = spawnSync(process.execPath, [file], {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(child.signal, child.stderr).toBeNull();
      expect(child.status, child.stderr).toBe(0);
      expect(child.stdout).toBe('answers 2\nrejected: no cluster 99\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the pool refuses to start from the sources, where no compiled worker script exists', async () => {
    const { WorkerPool, taskAt } = await import('../../src/engine/worker-pool.js');
    const env = await loadEnvironment('scenarios/four-computer-ha/environment.yaml');
    const task = taskAt<ClusterTask>(new URL('../../src/engine/cluster-recoveries.task.js', import.meta.url));
    expect(() => new WorkerPool(task, { environment: env }, 1)).toThrow(/npm run build/);
  });
});
