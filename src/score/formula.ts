/**
 * The score formula (docs/scoring.md) in one place: what each outcome earns, what each
 * service weighs, the unplanned reduction, the assurance penalties, and the totals.
 */
import type { Service } from '../loss/index.js';
import type { Finding, Severity } from '../rules/types.js';
import type { Outcome } from './types.js';

/** The share of a disruption's weight each outcome earns. */
export const OUTCOME_CREDIT: Readonly<Record<Outcome, number>> = {
  'within-objectives': 1,
  'over-objectives': 0.5,
  'history-lost': 0.25,
  unrecoverable: 0,
};

/**
 * What a loss stops, with the weight the score gives it. Incident handling (the Service
 * Manager management group and its database) outranks reporting (the data warehouse), and
 * losing only redundancy (an additional management server) weighs least.
 */
export const SERVICE_WEIGHTS: Readonly<Record<Service, number>> = {
  'incident-handling': 3,
  reporting: 1,
  // The Self-Service Portal: end users cannot submit or follow requests while analysts can.
  'self-service': 1,
  redundancy: 0.5,
};

/** With a plan, a disruption the plan has no scenario for earns at most this share. */
export const UNPLANNED_FACTOR = 0.5;

/** Penalties of the assurance score per hygiene finding. */
export const ASSURANCE_PENALTY: Readonly<Record<Severity, number>> = { error: 15, warning: 5, note: 1 };

/**
 * Environment rules that judge causes the models simulate; the rest are assurance.
 * `staging-repository-split` is not here: the models restore each database onto its declared
 * instance and do not simulate the split, so only the assurance penalty can charge for it.
 */
export const CAUSAL_RULES: ReadonlySet<string> = new Set([
  'key-backup-missing',
  'key-password-unavailable',
  'key-backup-not-off-host',
  'database-backup-missing',
  'backup-not-off-host',
  'management-server-colocated-with-database',
  'no-additional-management-server',
  'unrecoverable-scenario',
]);

/** The weight of a disruption that stops `services`. This is a pure function. */
export function weightOf(services: readonly Service[]): number {
  return services.reduce((sum, service) => sum + SERVICE_WEIGHTS[service], 0);
}

/** The share of its weight a disruption earns: its outcome's, halved when the plan has no scenario for it. */
export function creditOf(outcome: Outcome, unplanned: boolean): number {
  const credit = OUTCOME_CREDIT[outcome];
  return unplanned ? credit * UNPLANNED_FACTOR : credit;
}

/** The points of the 100 a disruption costs, given the weight of every disruption together. */
export function pointsLostOf(weight: number, credit: number, totalWeight: number): number {
  return totalWeight > 0 ? (100 * weight * (1 - credit)) / totalWeight : 0;
}

/** The 0–100 readiness score of scored rows: the share of the total weight they earned. */
export function readinessScore(
  rows: readonly { readonly weight: number; readonly credit: number }[],
  totalWeight: number,
): number {
  const earned = rows.reduce((sum, row) => sum + row.weight * row.credit, 0);
  return totalWeight > 0 ? Math.round((100 * earned) / totalWeight) : 100;
}

/** The hygiene findings the assurance score charges: those of rules the models do not simulate. */
export function assuranceFindings(findings: readonly Finding[]): Finding[] {
  return findings.filter((finding) => !CAUSAL_RULES.has(finding.ruleId));
}

/** The 0–100 assurance score: 100 less each assurance finding's penalty, never below 0. */
export function assuranceScore(findings: readonly Finding[]): number {
  const penalty = findings.reduce((sum, finding) => sum + ASSURANCE_PENALTY[finding.severity], 0);
  return Math.max(0, 100 - penalty);
}
