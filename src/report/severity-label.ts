/** The terminal's severity column, shared by the `score` report and `rules`: padded, coloured. */
import type { Colors } from '../cli/io.js';
import type { Severity } from '../rules/types.js';

/** `error  `, `warning` or `note   `, seven characters wide, in the severity's colour. This is a pure function. */
export function severityLabel(severity: Severity, c: Colors): string {
  return severity === 'error'
    ? c.red('error  ')
    : severity === 'warning'
      ? c.yellow('warning')
      : c.blue('note   ');
}
