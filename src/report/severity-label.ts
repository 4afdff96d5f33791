/** The terminal's severity column, shared by the `score` report and `rules`: padded, coloured. */

import type { Severity } from '../rules/types.js';
import type { Colors } from './colors.js';

/** `error  `, `warning` or `note   `, seven characters wide, in the severity's colour. This is a pure function. */
export function severityLabel(severity: Severity, c: Colors): string {
  return severity === 'error'
    ? c.red('error  ')
    : severity === 'warning'
      ? c.yellow('warning')
      : c.blue('note   ');
}
