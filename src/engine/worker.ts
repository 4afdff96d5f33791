/**
 * The entry of a worker thread (see `worker-pool.ts`): rebuilds the models of its job from the
 * plain data in `workerData`, then answers batches until it is terminated. An exception while
 * answering is sent back with its message and stack; the pool rethrows it in the main thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { JobKind, WorkerJob, WorkerJobs, WorkerReply } from './worker-pool.js';

type Answer<K extends JobKind> = (input: WorkerJobs[K]['input']) => WorkerJobs[K]['output'];

/** The function answering a job's batches; each job loads only the modules it needs. */
async function answerer(job: WorkerJob): Promise<(input: never) => unknown> {
  switch (job.kind) {
    case 'fault-scenarios': {
      const { createSimulationContext, evaluateFaultScenario } = await import('../simulator/simulate.js');
      const context = createSimulationContext(job.environment, job.plan);
      const answer: Answer<'fault-scenarios'> = (scenarios) =>
        scenarios.map((scenario) => evaluateFaultScenario(context, scenario));
      return answer;
    }
    case 'cluster-recoveries': {
      const { answerClusterBatch, ClusterSynthesizer } = await import('./score.js');
      const synthesizer = new ClusterSynthesizer(job.environment, job.maxStates);
      const answer: Answer<'cluster-recoveries'> = (input) => answerClusterBatch(synthesizer, input);
      return answer;
    }
    case 'disruption-scores': {
      const { scoreDisruptionsAt } = await import('../report/score.js');
      const answer: Answer<'disruption-scores'> = scoreDisruptionsAt(job);
      return answer;
    }
  }
}

const port = parentPort;
if (port === null) throw new Error('worker.js runs as a worker thread only (see worker-pool.ts)');
const answer = (await answerer(workerData as WorkerJob)) as (input: unknown) => unknown;
port.on('message', (input: unknown) => {
  let reply: WorkerReply;
  try {
    reply = { ok: true, output: answer(input) };
  } catch (error) {
    reply =
      error instanceof Error
        ? { ok: false, message: error.message, ...(error.stack === undefined ? {} : { stack: error.stack }) }
        : { ok: false, message: String(error) };
  }
  try {
    port.postMessage(reply);
  } catch (error) {
    // An answer that cannot be cloned is a bug of this module: say so instead of hanging.
    port.postMessage({ ok: false, message: `cannot send the answer: ${(error as Error).message}` });
  }
});
