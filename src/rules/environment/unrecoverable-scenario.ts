/**
 * `unrecoverable-scenario`: a single failure (the loss of one computer, of one site, or of one
 * database while its host survives) after which no sequence of documented steps brings every
 * component back, as decided by the recovery synthesiser over the component models (D-STRAT,
 * D-OV, D-MSDR, D-BKKEY, D-DBREC).
 */

import { RecoveryMemo } from '../../engine/recoveries.js';
import type { Environment, Located } from '../../environment/types.js';
import { describeLossWithMembers, type LossCandidate, lossUniverse } from '../../loss/index.js';
import type { Loss } from '../../models/system.js';
import { synthesisMessage } from '../../simulator/synthesis-messages.js';
import { defineEnvironmentRule, type RuleRecovery } from './define.js';
import { plural, sameName } from './shared.js';

/** The pseudo-component the synthesiser names when it stops at its state budget. */
const SEARCH_COMPONENT = 'search';

/** The losses the rule judges: each computer, each site, each database alone, deduplicated. */
function judgedLosses(env: Environment): LossCandidate[] {
  return lossUniverse(env, { pairs: false });
}

/** The node a loss is reported at: the computer, the first computer of the site, or the database. */
function nodeOf(env: Environment, candidate: LossCandidate): Located {
  const { loss } = candidate;
  const computer = loss.computers[0];
  if (computer !== undefined) return env.computers.find((entry) => sameName(entry.name, computer)) ?? env;
  const site = loss.sites[0];
  if (site !== undefined) return env.computers.find((entry) => sameName(entry.site, site)) ?? env;
  const database = loss.databases[0];
  return env.databases.find((entry) => sameName(entry.name, database)) ?? env;
}

/** `BWA-HV01 lost: no valid recovery exists; <first reason> [D-STRAT] (and 2 more reasons)`. */
function messageOf(env: Environment, candidate: LossCandidate, result: RuleRecovery): string {
  const what = describeLossWithMembers(env, candidate.loss);
  const search = result.reasons.find((reason) => reason.component === SEARCH_COMPONENT);
  const reasons = result.reasons.filter((reason) => reason.component !== SEARCH_COMPONENT);
  const first = reasons[0];
  const more = reasons.length > 1 ? ` (and ${plural(reasons.length - 1, 'more reason')})` : '';
  const verdict =
    search === undefined
      ? 'no valid recovery exists'
      : `no recovery was found within the search budget of ${result.statesExplored} states`;
  if (first === undefined) return `${what}: ${verdict}`;
  return `${what}: ${verdict}; ${synthesisMessage(first)} [${first.citation}]${more}`;
}

/**
 * Asks the recovery of every judged loss and reports each one that cannot be recovered, at the
 * lost computer (the first computer of a lost site, the corrupt database), naming the loss and
 * the first reason with its citation. The recoveries are the run's (`context.recover`: inside
 * `score` and `report`, the ones the rows were scored from), else the engine's. Expensive: it
 * searches the models' state space once per loss, so `checkEnvironment` runs it only when asked
 * (`includeUnrecoverable`).
 */
export const unrecoverableScenario = defineEnvironmentRule({
  id: 'unrecoverable-scenario',
  expensive: true,
  check(env, context) {
    const memo = context.recover === undefined ? new RecoveryMemo(env) : undefined;
    const recover = context.recover ?? ((loss: Loss) => memo!.recover(loss));
    return judgedLosses(env).flatMap((candidate) => {
      const result = recover(candidate.loss);
      if (result.ok) return [];
      return [{ node: nodeOf(env, candidate), message: messageOf(env, candidate, result) }];
    });
  },
});
