/**
 * The match of a loss to a plan scenario: the one rule `score` (which recovery a row judges)
 * and `check`'s `plan-coverage` (which losses the plan covers) share.
 */
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
  const wanted = canonicalLoss(env, loss);
  return plan.scenarios.find((scenario) => canonicalLoss(env, scenarioLoss(scenario)) === wanted);
}
