/**
 * The match of a loss to a plan scenario: the one rule `score` (which recovery a row judges)
 * and `check`'s `plan-coverage` (which losses the plan covers) share.
 */
import { memoized } from '../common/memo.js';
import type { Environment } from '../environment/types.js';
import type { Loss } from '../models/system.js';
import type { Plan, Scenario } from '../plan/types.js';
import { canonicalLoss } from './canonical.js';

/** A scenario's `lost:` as a {@link Loss}, by the names it gives. This is a pure function. */
export function scenarioLoss(scenario: Scenario): Loss {
  return {
    computers: scenario.lost.computers.map((entry) => entry.name),
    databases: scenario.lost.databases.map((entry) => entry.name),
    sites: scenario.lost.sites.map((entry) => entry.name),
  };
}

/**
 * The first scenario of the plan for this loss: the one whose loss takes the same computers
 * and the same databases, compared by canonical key (sites expanded, names case-insensitive,
 * a database on a lost computer counted with its host). A scenario for a wider or narrower
 * loss does not match: its order and its available servers differ. This is a pure function.
 */
export function scenarioFor(env: Environment, plan: Plan, loss: Loss): Scenario | undefined {
  return scenarioForKey(env, plan, canonicalLoss(env, loss));
}

/**
 * {@link scenarioFor} of a loss given by its canonical key ({@link canonicalLoss}), as the
 * score's rows carry it. The plan's keys are computed once per plan and environment, not once
 * per row: with pairs, a plan of ten scenarios was keyed 600,000 times. This is a pure function.
 */
export function scenarioForKey(env: Environment, plan: Plan, canonical: string): Scenario | undefined {
  return scenariosByKey(env, plan).get(canonical);
}

/** Plans and environments are not changed once loaded, so the index per pair stays true. */
const KEYED = new WeakMap<Plan, WeakMap<Environment, ReadonlyMap<string, Scenario>>>();

/** The plan's scenarios by canonical key, the first of equal keys kept (as `find` keeps it). */
function scenariosByKey(env: Environment, plan: Plan): ReadonlyMap<string, Scenario> {
  return memoized(
    memoized(KEYED, plan, () => new WeakMap()),
    env,
    () => {
      const keyed = new Map<string, Scenario>();
      for (const scenario of plan.scenarios) {
        const key = canonicalLoss(env, scenarioLoss(scenario));
        if (!keyed.has(key)) keyed.set(key, scenario);
      }
      return keyed;
    },
  );
}
