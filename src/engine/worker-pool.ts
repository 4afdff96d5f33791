/**
 * Worker threads for the work that splits: judging fault scenarios (`simulate` property
 * mode), synthesising cluster recoveries (`scoreDisruptions`) and scoring disruptions on the
 * whole system (`score`, `report`). A pool starts `size` threads running `worker.ts` from the
 * compiled program, each rebuilding its own models from a job of plain data (the loaded
 * environment and plan survive structured clone unchanged), and hands them batches one at a
 * time as they come free.
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
import type { Environment } from '../environment/types.js';
import type { Loss } from '../models/system.js';
import type { Plan } from '../plan/types.js';
import type { DisruptionScore, DisruptionScoresJob } from '../report/score.js';
import type { FaultScenario } from '../simulator/faults.js';
import type { Evaluation } from '../simulator/simulate.js';
import type { ClusterRecovery } from './score.js';

/** The kinds of work a worker thread does: what it is given once, per batch, and what it answers. */
export interface WorkerJobs {
  /** `evaluateFaultScenario` on the context of the environment and (resolved) plan. */
  readonly 'fault-scenarios': {
    readonly job: { readonly environment: Environment; readonly plan?: Plan };
    readonly input: readonly FaultScenario[];
    readonly output: Evaluation[];
  };
  /**
   * `ClusterSynthesizer`: `{ ask }`, each loss's questions (their keys, in cluster order), or
   * `{ answer }`, one cluster's recovery of a loss each (`recoverCluster`).
   */
  readonly 'cluster-recoveries': {
    readonly job: { readonly environment: Environment; readonly maxStates?: number };
    readonly input:
      | { readonly ask: readonly Loss[] }
      | { readonly answer: readonly { readonly cluster: number; readonly loss: Loss }[] };
    readonly output: string[][] | ClusterRecovery[];
  };
  /** `scoreDisruption` of the disruptions at these indices of `enumerateDisruptions`. */
  readonly 'disruption-scores': {
    readonly job: DisruptionScoresJob;
    readonly input: readonly number[];
    readonly output: DisruptionScore[];
  };
}

export type JobKind = keyof WorkerJobs;

/** What a worker thread receives as `workerData`. */
export type WorkerJob<K extends JobKind = JobKind> = K extends JobKind
  ? { readonly kind: K } & WorkerJobs[K]['job']
  : never;

/** A worker's answer to one batch. */
export type WorkerReply =
  | { readonly ok: true; readonly output: unknown }
  | { readonly ok: false; readonly message: string; readonly stack?: string };

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
export class WorkerPool<K extends JobKind> {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Pending>();
  private readonly queue: Pending[] = [];
  private failure: Error | undefined;
  private closed = false;

  constructor(job: WorkerJob<K>, size: number) {
    if (!existsSync(WORKER_URL)) {
      throw new Error(
        `the worker thread script ${fileURLToPath(WORKER_URL)} does not exist: worker threads run the compiled program (npm run build), so import this module from dist/`,
      );
    }
    for (let index = 0; index < Math.max(1, size); index++) {
      const worker = new Worker(WORKER_URL, { workerData: job });
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
  run(input: WorkerJobs[K]['input']): Promise<WorkerJobs[K]['output']> {
    return new Promise<unknown>((resolve, reject) => {
      if (this.failure !== undefined) return reject(this.failure);
      if (this.closed) return reject(new Error('the worker pool is closed'));
      this.queue.push({ input, resolve, reject });
      this.pump();
    }) as Promise<WorkerJobs[K]['output']>;
  }

  /**
   * Answers every batch, in batch order: each thread takes the next batch as it comes free,
   * and with `local` this thread takes batches too (see `runBatches`).
   */
  async map(
    batches: readonly WorkerJobs[K]['input'][],
    local?: (input: WorkerJobs[K]['input']) => WorkerJobs[K]['output'],
  ): Promise<WorkerJobs[K]['output'][]> {
    const results: WorkerJobs[K]['output'][] = new Array(batches.length);
    let next = 0;
    // After an error or `close`, nothing more is taken (this thread's lane stops too).
    const take = (): number | undefined =>
      next < batches.length && this.failure === undefined && !this.closed ? next++ : undefined;
    const remote = async (): Promise<void> => {
      for (let index = take(); index !== undefined; index = take())
        results[index] = await this.run(batches[index]!);
    };
    const here = async (answer: NonNullable<typeof local>): Promise<void> => {
      for (let index = take(); index !== undefined; index = take()) {
        results[index] = answer(batches[index]!);
        await yieldToEventLoop();
      }
    };
    // The threads' lanes first: their first batches are posted before this thread starts on its own.
    const lanes = Array.from({ length: this.size }, remote);
    if (local !== undefined) lanes.push(here(local));
    await Promise.all(lanes);
    return results;
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
 * Answers every batch, in batch order, with `threads` threads: with `local` (this thread's way
 * of answering a batch, giving the same answer) this thread is one of them and `threads − 1`
 * worker threads start; without it, `threads` worker threads. This thread's batches
 * overlap the threads' start (it needs none) and use its warm caches; between two of them it
 * yields, so that the threads' answers are collected and they get their next batch. The
 * threads are terminated when the last answer arrives or at the first error, which is rethrown.
 */
export async function runBatches<K extends JobKind>(
  job: WorkerJob<K>,
  batches: readonly WorkerJobs[K]['input'][],
  threads: number,
  local?: (input: WorkerJobs[K]['input']) => WorkerJobs[K]['output'],
): Promise<WorkerJobs[K]['output'][]> {
  const own = local === undefined ? 0 : 1;
  const spawn = Math.min(threads - own, batches.length - own);
  if (spawn <= 0) return local === undefined ? [] : batches.map(local);
  const pool = new WorkerPool<K>(job, spawn);
  try {
    return await pool.map(batches, local);
  } finally {
    await pool.close();
  }
}

/** Lets the event loop run: the threads' answers are collected, and they get their next batch. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Splits `items` into consecutive batches of at most `size` (at least 1). This is a pure function. */
export function batchesOf<T>(items: readonly T[], size: number): T[][] {
  const step = Math.max(1, Math.floor(size));
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += step) out.push(items.slice(start, start + step));
  return out;
}
