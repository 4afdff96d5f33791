import { isAbsolute, relative, resolve } from 'node:path';

/**
 * Where a report's file names are resolved from, for the formats a code host reads (SARIF,
 * GitHub annotations, GitLab Code Quality): the host places a finding on a file by its path
 * from the repository root, whatever directory the command ran in. The CLI finds both
 * directories (`src/cli/repository.ts`) and passes them in, so that reporters stay pure.
 */
export interface ReportPaths {
  /** The absolute directory the command ran in; relative file names are relative to it. */
  readonly workingDirectory: string;
  /** The absolute root of the git repository the command ran in, when it ran in one. */
  readonly repositoryRoot?: string;
}

/**
 * The path of `file` from the repository root, with forward slashes, or undefined when there
 * is no repository root or the file lies outside it. `file` is the name as the user gave it,
 * relative to the working directory or absolute. This is a pure function: it resolves against
 * `paths.workingDirectory`, never against the process's own directory.
 */
export function repositoryPath(file: string, paths: ReportPaths | undefined): string | undefined {
  if (paths?.repositoryRoot === undefined) return undefined;
  const absolute = resolve(paths.workingDirectory, file);
  const inside = relative(paths.repositoryRoot, absolute);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return undefined;
  return inside.replaceAll('\\', '/');
}

/**
 * The path a code host should show for `file`: its path from the repository root when it has
 * one, else the name as the user gave it (forward slashes, without a leading `./`).
 */
export function hostPath(file: string, paths: ReportPaths | undefined): string {
  const fromRoot = repositoryPath(file, paths);
  if (fromRoot !== undefined) return fromRoot;
  let slashed = file.replaceAll('\\', '/');
  while (slashed.startsWith('./')) slashed = slashed.slice(2).replace(/^\/+/, '');
  return slashed;
}
