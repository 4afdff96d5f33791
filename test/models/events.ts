/**
 * Explicit event lists for the machines, with payload (flag) variants.
 */
import type { AnyStateMachine } from 'xstate';
import { ALL_EVENT_TYPES } from '../../src/models/common.js';
import { FLAGS, type Flag, type ModelEvent } from '../../src/models/types.js';

/** The flags a machine's guards read. */
export function flagsOf(machine: AnyStateMachine): Flag[] {
  const names = Object.keys(machine.implementations.guards);
  return FLAGS.filter((flag) => names.includes(flag));
}

/**
 * Every event type with these flag variants: all true, all false, and each flag false alone.
 * Guard chains in the machines test "first failing precondition wins", so these variants
 * reach every branch.
 */
export function eventVariants(machine: AnyStateMachine): ModelEvent[] {
  const flags = flagsOf(machine);
  const allTrue = Object.fromEntries(flags.map((flag) => [flag, true]));
  const allFalse = Object.fromEntries(flags.map((flag) => [flag, false]));
  const variants: Record<string, boolean>[] = [
    allTrue,
    allFalse,
    ...flags.map((flag) => ({ ...allTrue, [flag]: false })),
  ];
  const unique = [...new Map(variants.map((v) => [JSON.stringify(v), v])).values()];
  return ALL_EVENT_TYPES.flatMap((type) => unique.map((flags) => ({ type, flags })));
}

/** Every combination of the machine's flags, for exhaustive comparisons. */
export function allFlagCombinations(machine: AnyStateMachine): Record<string, boolean>[] {
  const flags = flagsOf(machine);
  const out: Record<string, boolean>[] = [];
  for (let mask = 0; mask < 1 << flags.length; mask++) {
    out.push(Object.fromEntries(flags.map((flag, i) => [flag, (mask & (1 << i)) !== 0])));
  }
  return out;
}
