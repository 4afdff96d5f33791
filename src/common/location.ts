/**
 * A position in an input file. Lines and columns are 1-based, as editors show them.
 */
export interface SourceLocation {
  /** The file as the user named it (relative paths stay relative). */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine?: number;
  readonly endColumn?: number;
}

/** A path into a parsed document: object keys and array indices, as in JSON Pointer. */
export type NodePath = readonly (string | number)[];

/** Renders a node path the way users read it: `managementGroups[0].managementServers[1].computer`. */
export function formatNodePath(path: NodePath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out === '' ? '(document)' : out;
}

/** Renders `file:line:column`, the form editors and terminals turn into links. */
export function formatLocation(location: SourceLocation): string {
  return `${location.file}:${location.line}:${location.column}`;
}
