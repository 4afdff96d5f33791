/**
 * Scoring on worker threads gives the single-threaded result: `scoreReadinessParallel` (the
 * cluster syntheses split over the threads, the rows scored here) deep-equals `scoreReadiness`
 * with 2 and 3 threads, on the bundled scenarios and on generated environments. An exception in a thread surfaces
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

type Score = typeof import('../../src/score/index.js');
type Pool = typeof import('../../src/engine/worker-pool.js');
type ClusterTask = typeof import('../../src/engine/cluster-recoveries.task.js').default;

let score: Score;
let pool: Pool;

beforeAll(async () => {
  score = await fromDist<Score>('score/index.js');
  pool = await fromDist<Pool>('engine/worker-pool.js');
});

/** The compiled cluster-recoveries task: the pool knows no task, the test names one. */
const clusterTask = () => pool.taskAt<ClusterTask>(new URL(dist('engine/cluster-recoveries.task.js')));

const AS_OF = Date.UTC(2026, 10, 24);

/** The URL of a compiled module, for a spawned script. */
const dist = (path: string): string => pathToFileURL(join(REPO_ROOT, 'dist', path)).href;

describe('scoreReadinessParallel = scoreReadiness', () => {
  const check = async (
    env: Environment,
    options: { plan?: Parameters<Score['scoreReadiness']>[1]['plan']; pairs: boolean },
  ) => {
    const base = {
      asOfMillis: AS_OF,
      version: 'test',
      pairs: options.pairs,
      ...(options.plan ? { plan: options.plan } : {}),
    };
    const single = score.scoreReadiness(env, base);
    for (const workers of [2, 3]) {
      expect(
        await score.scoreReadinessParallel(env, { ...base, workers }),
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
  it('three generated groups with a shared backup server, a split data warehouse and sites, with pairs', async () =>
    check(
      generated({ groups: 3, additionalServers: 1, splitDataWarehouse: true, backupServer: true, sites: 2 }),
      { pairs: true },
    ));
  it('the faulty estate of the golden test (failures in several clusters), with pairs', async () =>
    check(await loadEnvironment('test/fixtures/golden/faulty-estate.yaml'), { pairs: true }));
  it('one thread is scoreReadiness itself', async () => {
    const env = await loadEnvironment('scenarios/four-computer/environment.yaml');
    const base = { asOfMillis: AS_OF, version: 'test' };
    expect(await score.scoreReadinessParallel(env, { ...base, workers: 1 })).toStrictEqual(
      score.scoreReadiness(env, base),
    );
  });
});

describe('worker threads', () => {
  it('an exception in a thread rejects with its message', async () => {
    const env = await loadEnvironment('scenarios/four-computer-ha/environment.yaml');
    const loss = { computers: ['CVL-SM01'], databases: [], sites: [] };
    await expect(
      pool.runItems(
        clusterTask(),
        { environment: env },
        [
          { cluster: 0, loss },
          { cluster: 99, loss },
        ],
        2,
      ),
    ).rejects.toThrow('no cluster 99');
  });

  it('a process whose threads failed or finished exits by itself', () => {
    // The script awaits a failing and a succeeding run; it never calls process.exit, so a
    // thread left running would keep it alive until the timeout kills it.
    const script = `
      import { loadEnvironmentFile } from ${JSON.stringify(dist('environment/load.js'))};
      import { runItems, taskAt } from ${JSON.stringify(dist('engine/worker-pool.js'))};
      const task = taskAt(new URL(${JSON.stringify(dist('engine/cluster-recoveries.task.js'))}));
      const env = (await loadEnvironmentFile('scenarios/four-computer-ha/environment.yaml')).value;
      const loss = { computers: ['CVL-SM01'], databases: [], sites: [] };
      const ok = await runItems(task, { environment: env }, [{ cluster: 0, loss }, { cluster: 0, loss: { ...loss, computers: ['CVL-SQL01'] } }], 2);
      console.log('answers', ok.length);
      try {
        await runItems(task, { environment: env }, [{ cluster: 99, loss }, { cluster: 0, loss }], 2);
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
