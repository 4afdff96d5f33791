/**
 * Worker threads for work that splits. The pool knows no client: a unit of work is a task
 * module of its own (`*.task.ts`) whose default export is `defineTask({ kind, setup })`, in
 * the manner of arethetypeswrong's `defineCheck`. A pool starts `size` threads running
 * `worker.ts` from the compiled program; each loads the task module named by its `TaskRef`,
 * calls `setup` once with the job (plain data: the loaded environment and plan survive
 * structured clone unchanged), and answers batches one at a time as it comes free.
 *
 * Determinism is the callers' business and is by construction: workers only answer questions
 * whose answers are pure functions of the job and the batch, and the callers put the answers
 * back in their single-threaded order (or into the caches their single-threaded code reads).
 *
 * Imported only when more than one thread is asked for (`await import(...)`), so that
 * `node:worker_threads` stays out of the commands' start-up.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { BatchSizer } from './batching.js';
import type {
  AnyTask,
  InputOf,
  JobOf,
  OutputOf,
  TaskDefinition,
  TaskRef,
  WorkerData,
  WorkerReply,
} from './task.js';

export { type AnyTask, defineTask, type TaskDefinition, type TaskRef, taskAt } from './task.js';

/** A task whose input is a list of items and whose output lists one answer per item, in order. */
// biome-ignore lint/suspicious/noExplicitAny: as AnyTask: any job, any list of items.
export type ListTask = TaskDefinition<any, readonly any[], readonly unknown[]>;

/** A batch of items to answer, and where its answer goes. */
export interface Batch<T extends AnyTask> {
  readonly items: InputOf<T>;
  give(output: OutputOf<T>): void;
}

interface Pending {
  readonly input: unknown;
  readonly resolve: (output: unknown) => void;
  readonly reject: (error: Error) => void;
}

const WORKER_URL = new URL('./worker.js', import.meta.url);

/**
 * A fixed set of worker threads doing one job. `run` queues a batch and resolves with its
 * answer; the first error of any thread (an exception while answering, an uncaught error, an
 * unexpected exit) rejects every pending and later batch with that error's message and stops
 * every thread. `close` must be called in every case (`try … finally`): it terminates the
 * threads, so that none outlives the work.
 */
export class WorkerPool<T extends AnyTask> {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Pending>();
  private readonly queue: Pending[] = [];
  private failure: Error | undefined;
  private closed = false;

  constructor(task: TaskRef<T>, job: JobOf<T>, size: number) {
    for (const url of [WORKER_URL, task.url]) {
      if (!existsSync(url)) {
        throw new Error(
          `the worker thread script ${fileURLToPath(url)} does not exist: worker threads run the compiled program (npm run build), so import this module from dist/`,
        );
      }
    }
    const workerData: WorkerData = { task: task.url.href, job };
    for (let index = 0; index < Math.max(1, size); index++) {
      const worker = new Worker(WORKER_URL, { workerData });
      worker.on('message', (reply: WorkerReply) => this.answered(worker, reply));
      worker.on('error', (error: Error) => this.fail(error));
      worker.on('exit', (code) => {
        if (!this.closed) this.fail(new Error(`a worker thread exited unexpectedly (exit code ${code})`));
      });
      this.workers.push(worker);
      this.idle.push(worker);
    }
  }

  /** The number of threads. */
  get size(): number {
    return this.workers.length;
  }

  /** Queues one batch; resolves with the thread's answer. */
  run(input: InputOf<T>): Promise<OutputOf<T>> {
    return new Promise<unknown>((resolve, reject) => {
      if (this.failure !== undefined) return reject(this.failure);
      if (this.closed) return reject(new Error('the worker pool is closed'));
      this.queue.push({ input, resolve, reject });
      this.pump();
    }) as Promise<OutputOf<T>>;
  }

  /**
   * Answers the batches `take` gives until it gives none: each thread of the pool, and with
   * `local` this thread too, takes the next batch as it comes free, of the size `sizer` gives
   * (the one batching rule, {@link BatchSizer}), and hands its answer to the batch's `give`.
   * This thread yields between its batches, so that the threads' answers are collected and
   * they get their next batch. After an error or `close` nothing more is taken, on any lane.
   */
  async stream(
    take: (size: number) => Batch<T> | undefined,
    local?: (items: InputOf<T>) => OutputOf<T>,
    sizer: BatchSizer = new BatchSizer(),
  ): Promise<void> {
    const next = (): Batch<T> | undefined =>
      this.failure === undefined && !this.closed ? take(sizer.next()) : undefined;
    const remote = async (): Promise<void> => {
      for (let batch = next(); batch !== undefined; batch = next()) {
        const started = performance.now();
        const output = await this.run(batch.items);
        // One batch per thread in flight, so that the round trip measures the answering.
        sizer.record(batch.items.length, performance.now() - started);
        batch.give(output);
      }
    };
    const here = async (answer: NonNullable<typeof local>): Promise<void> => {
      for (let batch = next(); batch !== undefined; batch = next()) {
        const started = performance.now();
        const output = answer(batch.items);
        sizer.record(batch.items.length, performance.now() - started);
        batch.give(output);
        await yieldToEventLoop();
      }
    };
    // The threads' lanes first: their first batches are posted before this thread starts on its own.
    const lanes = Array.from({ length: this.size }, remote);
    if (local !== undefined) lanes.push(here(local));
    await Promise.all(lanes);
  }

  /** Terminates every thread; pending batches are rejected. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const error = this.failure ?? new Error('the worker pool was closed before the batch was answered');
    for (const pending of [...this.busy.values(), ...this.queue.splice(0)]) pending.reject(error);
    this.busy.clear();
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private pump(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop()!;
      const pending = this.queue.shift()!;
      try {
        worker.postMessage(pending.input);
      } catch (error) {
        // A batch that cannot be cloned (a bug of the caller) fails alone.
        this.idle.push(worker);
        pending.reject(error as Error);
        continue;
      }
      this.busy.set(worker, pending);
    }
  }

  private answered(worker: Worker, reply: WorkerReply): void {
    const pending = this.busy.get(worker);
    if (pending === undefined) return;
    this.busy.delete(worker);
    if (!reply.ok) {
      const error = new Error(reply.message);
      if (reply.stack !== undefined) error.stack = reply.stack;
      pending.reject(error);
      this.fail(error);
      return;
    }
    this.idle.push(worker);
    pending.resolve(reply.output);
    this.pump();
  }

  private fail(error: Error): void {
    if (this.failure !== undefined || this.closed) return;
    this.failure = error;
    for (const pending of [...this.busy.values(), ...this.queue.splice(0)]) pending.reject(error);
    this.busy.clear();
    for (const worker of this.workers) void worker.terminate();
  }
}

/**
 * The answers of every item, in item order, with `threads` threads: with `local` (this
 * thread's way of answering a batch of items, giving the same answers) this thread is one of
 * them and `threads − 1` worker threads start; without it, `threads` worker threads. The items
 * are cut into batches by the one batching rule as the threads come free; this thread's
 * batches overlap the threads' start (it needs none) and use its warm caches. The threads are
 * terminated when the last answer arrives or at the first error, which is rethrown.
 */
export async function runItems<T extends ListTask>(
  task: TaskRef<T>,
  job: JobOf<T>,
  items: InputOf<T>,
  threads: number,
  local?: (items: InputOf<T>) => OutputOf<T>,
): Promise<OutputOf<T>> {
  const own = local === undefined ? 0 : 1;
  const spawn = Math.min(threads - own, items.length - own);
  if (spawn <= 0) return (local === undefined ? [] : local(items)) as OutputOf<T>;
  const answers: unknown[] = new Array(items.length);
  let next = 0;
  const take = (size: number): Batch<T> | undefined => {
    if (next >= items.length) return undefined;
    const start = next;
    const batch = items.slice(start, start + size) as InputOf<T>;
    next += batch.length;
    return {
      items: batch,
      give: (output) => {
        output.forEach((answer, index) => {
          answers[start + index] = answer;
        });
      },
    };
  };
  const pool = new WorkerPool<T>(task, job, spawn);
  try {
    await pool.stream(take, local);
  } finally {
    await pool.close();
  }
  return answers as OutputOf<T>;
}

/** Lets the event loop run: the threads' answers are collected, and they get their next batch. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
