/**
 * Tasks for worker threads, declared apart from the pool so that declaring or naming a task
 * loads no `node:worker_threads` (see `worker-pool.ts`, which runs them).
 */

/**
 * A unit of work a worker thread does: `setup` turns the job (given once per thread) into the
 * function answering each batch. A task module's default export is one of these.
 */
export interface TaskDefinition<Job, Input, Output> {
  /** A short name for messages, e.g. `cluster-recoveries`. */
  readonly kind: string;
  readonly setup: (job: Job) => ((input: Input) => Output) | Promise<(input: Input) => Output>;
}

/** Declares a task; the identity function, there for its types. */
export function defineTask<Job, Input, Output>(
  definition: TaskDefinition<Job, Input, Output>,
): TaskDefinition<Job, Input, Output> {
  return definition;
}

/** Any task definition (the parameter positions accept every job and input). */
// biome-ignore lint/suspicious/noExplicitAny: a task's setup is contravariant in its job; any is the top type for it.
export type AnyTask = TaskDefinition<any, any, unknown>;
export type JobOf<T extends AnyTask> = Parameters<T['setup']>[0];
export type InputOf<T extends AnyTask> = T extends TaskDefinition<infer _J, infer I, infer _O> ? I : never;
export type OutputOf<T extends AnyTask> = T extends TaskDefinition<infer _J, infer _I, infer O> ? O : never;

/**
 * Where a task module is, typed by its definition: `taskAt<typeof import('./x.task.js').default>(new URL('./x.task.js', import.meta.url))`.
 * The caller names the module by URL, so the task module may import the caller's own
 * dependencies without the pool or the caller importing it.
 */
export interface TaskRef<T extends AnyTask> {
  readonly url: URL;
  /** Never set: carries the definition's type. */
  readonly definition?: T;
}

/** A typed reference to the task module at `url`. This is a pure function. */
export function taskAt<T extends AnyTask>(url: URL): TaskRef<T> {
  return { url };
}

/** What a worker thread receives as `workerData`. */
export interface WorkerData {
  /** The task module's file URL. */
  readonly task: string;
  readonly job: unknown;
}

/** A worker's answer to one batch. */
export type WorkerReply =
  | { readonly ok: true; readonly output: unknown }
  | { readonly ok: false; readonly message: string; readonly stack?: string };
