import { formatDuration } from '../../common/duration.js';
import type { FlowchartClass } from './escape.js';

/** Collects class assignments of a flowchart in first-use order. */
export class ClassAssignments {
  readonly byClass = new Map<FlowchartClass, string[]>();

  /** Gives `id` the fixed class `name`. */
  add(name: FlowchartClass, id: string): void {
    const ids = this.byClass.get(name);
    if (ids) ids.push(id);
    else this.byClass.set(name, [id]);
  }
}

/** A UTC calendar date (`2026-11-24`) for epoch milliseconds; dates in inputs carry no zone. */
export function isoDate(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

/** `every 24h` for a backup interval in seconds. */
export function every(seconds: number): string {
  return `every ${formatDuration(seconds)}`;
}

/**
 * The host of a UNC path (`\\backup01\scsm\keys` → `backup01`), or of a `//host/share` path,
 * or `undefined` when the text is not one.
 */
export function uncHost(path: string): string | undefined {
  const match = /^(?:\\\\|\/\/)([^\\/]+)[\\/]?/.exec(path.trim());
  return match?.[1] === undefined || match[1] === '' ? undefined : match[1];
}
