/**
 * The compiled modules, for the tests that start worker threads: a worker runs
 * `dist/engine/worker.js`, which exists only in the build (`npm test` builds first), so these
 * tests import the library from `dist/` too, typed as its sources.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { assertBuilt, REPO_ROOT } from './cli.js';

/** Imports `dist/<path>` (e.g. `engine/score.js`); type it as `typeof import('../../src/<path>')`. */
export async function fromDist<T>(path: string): Promise<T> {
  assertBuilt();
  return (await import(pathToFileURL(join(REPO_ROOT, 'dist', path)).href)) as T;
}
