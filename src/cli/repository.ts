import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { ReportPaths } from '../report/reporters/paths.js';

/**
 * The root of the git repository that contains `start`: the nearest directory, walking up,
 * that holds a `.git` entry (a directory in a clone, a file in a worktree or a submodule).
 * Undefined outside a repository. No git program is needed, so this works in any CI image.
 */
export function findRepositoryRoot(start: string): string | undefined {
  let directory = resolve(start);
  for (;;) {
    if (existsSync(join(directory, '.git'))) return directory;
    const parent = dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
}

/**
 * The working directory and repository root of this run, for the reporters that write paths
 * a code host reads (SARIF, `github`, `gitlab`).
 */
export function reportPaths(workingDirectory: string = process.cwd()): ReportPaths {
  const repositoryRoot = findRepositoryRoot(workingDirectory);
  return { workingDirectory, ...(repositoryRoot !== undefined ? { repositoryRoot } : {}) };
}
