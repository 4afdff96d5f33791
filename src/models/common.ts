/**
 * Small helpers shared by the machine definitions.
 */
import { ACTION_NAMES } from '../plan/actions.js';
import { INTERNAL_EVENT_TYPES, type ModelEventType } from './types.js';

/** Every event type any machine can receive: the plan actions and the system's own events. */
export const ALL_EVENT_TYPES: readonly ModelEventType[] = [...ACTION_NAMES, ...INTERNAL_EVENT_TYPES];

/**
 * Targetless, violation-free transitions for `types`: the state accepts the events and stays
 * as it is. Used for no-ops (starting services that run) and for broken states, which swallow
 * every later event because the rule they stand for has already been reported.
 */
export function ignore(types: readonly ModelEventType[]): Record<string, Record<string, never>> {
  const out: Record<string, Record<string, never>> = {};
  for (const type of types) out[type] = {};
  return out;
}

/** Every event ignored: the `on` of a broken state. */
export function ignoreAll(): Record<string, Record<string, never>> {
  return ignore(ALL_EVENT_TYPES);
}
