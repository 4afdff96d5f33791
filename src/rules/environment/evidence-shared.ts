/**
 * What the evidence rules share: each declared database (as environment.yaml states it) with
 * its evidence, and the tolerances that keep jitter from reading as a contradiction.
 */
import type { Database, Environment } from '../../environment/types.js';
import { type DatabaseEvidence, findEvidence } from '../../evidence/interpret.js';
import type { EnvironmentRuleContext } from './define.js';

/**
 * An observed interval contradicts a claimed one only when it is longer than the claim by a
 * quarter and five minutes: schedules drift by minutes, and a 90th percentile of a month of
 * history moves with them.
 */
export function intervalContradicts(claimedSeconds: number, observedSeconds: number): boolean {
  return observedSeconds > claimedSeconds * 1.25 + 300;
}

/** A claimed `full.last` may be this much later than the newest full on record (clock and rounding). */
export const LAST_FULL_SLACK_MS = 3_600_000;

/** The declared databases (as written) that have evidence, with it; none without `--evidence`. */
export function withEvidence(
  env: Environment,
  context: EnvironmentRuleContext,
): { readonly database: Database; readonly judged: Database; readonly evidence: DatabaseEvidence }[] {
  const { evidence } = context;
  if (evidence === undefined) return [];
  const claimed = context.claimed ?? env;
  return claimed.databases.flatMap((database, index) => {
    const found = findEvidence(evidence, database.name);
    return found ? [{ database, judged: env.databases[index] ?? database, evidence: found }] : [];
  });
}
