/**
 * The entry of a worker thread (see `worker-pool.ts`): loads the task module named in
 * `workerData`, builds its answer function from the job once, then answers batches until it
 * is terminated. An exception while answering is sent back with its message and stack; the
 * pool rethrows it in the main thread. This file knows no task: each task module declares
 * itself with `defineTask`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { AnyTask, WorkerData, WorkerReply } from './task.js';

const port = parentPort;
if (port === null) throw new Error('worker.js runs as a worker thread only (see worker-pool.ts)');
const { task, job } = workerData as WorkerData;
const definition = ((await import(task)) as { default: AnyTask }).default;
const answer = (await definition.setup(job)) as (input: unknown) => unknown;
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
    // An answer that cannot be cloned is a bug of the task module: say so instead of hanging.
    port.postMessage({
      ok: false,
      message: `cannot send the answer of task ${definition.kind}: ${(error as Error).message}`,
    });
  }
});
