import { formatLocation, formatNodePath, type NodePath, type SourceLocation } from './location.js';

/**
 * One problem with an input file: where it is, which node, what was expected, and a
 * suggestion when one is obvious. Input errors are data; the CLI renders them and exits 2.
 */
export interface InputError {
  readonly location: SourceLocation;
  /** The path of the offending node (empty for problems with the whole file). */
  readonly path: NodePath;
  readonly message: string;
  /** What would have been valid here, in words. */
  readonly expected?: string;
  /** A did-you-mean or other concrete fix. */
  readonly suggestion?: string;
}

/**
 * Renders an input error as `file:line:column: message (at path) expected … did you mean …`;
 * an error about the file as a whole (line 0: missing, a directory, unreadable) as
 * `file: message`, since no position in it means anything.
 */
export function formatInputError(error: InputError): string {
  const where = error.location.line > 0 ? formatLocation(error.location) : error.location.file;
  let text = `${where}: ${error.message}`;
  if (error.path.length > 0) text += ` (at ${formatNodePath(error.path)})`;
  if (error.expected) text += `; expected ${error.expected}`;
  if (error.suggestion) text += `; ${error.suggestion}`;
  return text;
}

/**
 * Thrown by the file-reading edge and by the CLI for problems that are the user's, not the
 * program's. The CLI prints these without a stack trace and exits 2; anything else is a bug.
 */
export class UserError extends Error {
  readonly errors: readonly InputError[];
  constructor(message: string, errors: readonly InputError[] = []) {
    super(message);
    this.name = 'UserError';
    this.errors = errors;
  }
}

/** The outcome of loading a file: a value, or every error found (not just the first). */
export type LoadResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly errors: readonly InputError[] };
