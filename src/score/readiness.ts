/**
 * The readiness score (documented in `docs/scoring.md`). It is computed from simulated
 * evidence: every disruption the environment can suffer is recovered on the models with the
 * environment's real assets, and credited by outcome. Hygiene that the causal model does not
 * capture (restore tests, drills, stale backups) is scored separately as assurance.
 */

import { checkPlan, compareFindings } from '../check/check.js';
import { modelExecutor } from '../check/model-executor.js';
import type { CheckResult, ScenarioResult } from '../check/types.js';
import { applyWaivers } from '../check/waivers.js';
import type { Mutable } from '../common/types.js';
import type { Environment } from '../environment/types.js';
import { applyEvidence } from '../evidence/compare.js';
import type { EvidenceSummary } from '../evidence/interpret.js';
import {
  type Disruption,
  disruptionUniverse,
  type EffectiveLoss,
  lossUniverse,
  scenarioForKey,
  servicesStoppedBy,
} from '../loss/index.js';
import { createSystem, type Loss } from '../models/system.js';
import type { Plan } from '../plan/types.js';
import type { RuleThresholds } from '../rules/environment/define.js';
import { checkEnvironment } from '../rules/environment/index.js';
import {
  assuranceFindings,
  assuranceScore,
  creditOf,
  pointsLostOf,
  readinessScore,
  weightOf,
} from './formula.js';
import { type JudgedRecovery, outcomeOf } from './outcome.js';
import { type Reason, ruleOfReason } from './reasons.js';
import { EngineRecoveries, type RecoveryProvider } from './recovery.js';
import type { DisruptionScore, Readiness, ReadinessEvidence, Service } from './types.js';

/** What `scoreReadiness` needs besides the environment. */
export interface ScoreOptions {
  readonly asOfMillis: number;
  readonly version: string;
  readonly plan?: Plan;
  /** Also score every pair of computers (n(n−1)/2 more disruptions). */
  readonly pairs?: boolean;
  readonly maxStates?: number;
  /** msdb backup history: the score judges the backup facts it establishes instead of the claims. */
  readonly evidence?: EvidenceSummary;
  /** Teams working at once on a synthesised recovery (default 1: one step at a time). */
  readonly teams?: number;
  /** The rule limits of the config file (docs/config.md); each rule has its default. */
  readonly thresholds?: RuleThresholds;
  /** Where recoveries come from (default: the engine's, memoised for the run). */
  readonly recoveries?: RecoveryProvider;
}

/** A readiness score in progress: the judged environment, its recoveries, the plan's check and the disruptions. */
export interface PreparedScore {
  readonly env: Environment;
  readonly recoveries: RecoveryProvider;
  readonly check?: CheckResult;
  readonly disruptions: readonly Disruption[];
  /** What each disruption's loss takes (`effectiveLoss`), in the order of `disruptions`. */
  readonly effective: readonly EffectiveLoss[];
  /** What each disruption stops, in the order of `disruptions`. */
  readonly services: readonly (readonly Service[])[];
  readonly totalWeight: number;
  /** With evidence: the databases whose backup intervals the evidence established. */
  readonly evidenced?: readonly string[];
}

/**
 * Prepares the score of `claimed`: the environment judged (with `evidence`, the facts it
 * establishes), its recovery provider, the plan's check and every disruption.
 */
export function prepareScore(claimed: Environment, options: ScoreOptions): PreparedScore {
  const env = options.evidence ? applyEvidence(claimed, options.evidence).environment : claimed;
  const engine = options.recoveries === undefined ? new EngineRecoveries(env, options.maxStates) : undefined;
  const recoveries = options.recoveries ?? engine!;
  const check = options.plan
    ? checkPlan(env, options.plan, {
        // The plan runs on the system the recoveries were compiled for, when it is the engine's.
        execute: modelExecutor(engine?.memo.synthesizer.system ?? createSystem(env)),
        version: options.version,
        asOfMillis: options.asOfMillis,
      })
    : undefined;
  const { disruptions, effective } = disruptionUniverse(env, { pairs: options.pairs === true });
  const services = effective.map((takes) => servicesStoppedBy(env, takes));
  const totalWeight = services.reduce((sum, stopped) => sum + weightOf(stopped), 0);
  return {
    env,
    recoveries,
    ...(check ? { check } : {}),
    disruptions,
    effective,
    services,
    totalWeight,
    ...(options.evidence ? { evidenced: evidencedDatabases(env, options.evidence) } : {}),
  };
}

/**
 * The losses whose synthesised recovery the score asks for: every disruption the plan does
 * not recover, then the single losses the `unrecoverable-scenario` rule judges. What the
 * worker threads compute ahead (`scoreReadinessParallel`).
 */
export function synthesisedLosses(prepared: PreparedScore, plan: Plan | undefined): Loss[] {
  const rows = prepared.disruptions.filter((row) => recoveredScenario(prepared, plan, row) === undefined);
  return [
    ...rows.map((row) => row.loss),
    ...lossUniverse(prepared.env, { pairs: false }).map((candidate) => candidate.loss),
  ];
}

/** The plan's check of the scenario for `disruption`, when the plan has one and it recovers. */
function recoveredScenario(
  prepared: PreparedScore,
  plan: Plan | undefined,
  disruption: Disruption,
): ScenarioResult | undefined {
  const scenario = plan ? scenarioForKey(prepared.env, plan, disruption.canonical) : undefined;
  const result = scenario ? prepared.check?.scenarios.find((entry) => entry.id === scenario.id) : undefined;
  return result?.recovered === true ? result : undefined;
}

/**
 * Scores the disruption at `index` of `prepared`: its best recovery (the plan's scenario when
 * the plan has one that recovers; otherwise the synthesised one) judged against the objectives.
 */
export function scoreDisruption(
  prepared: PreparedScore,
  index: number,
  options: Pick<ScoreOptions, 'plan' | 'teams'>,
): DisruptionScore {
  const { env } = prepared;
  const disruption = prepared.disruptions[index]!;
  const services = prepared.services[index]!;
  const weight = weightOf(services);
  const scenario = options.plan ? scenarioForKey(env, options.plan, disruption.canonical) : undefined;
  const scenarioResult = scenario
    ? prepared.check?.scenarios.find((result) => result.id === scenario.id)
    : undefined;
  const reasons: Reason[] = [];
  let judged: JudgedRecovery;
  let planUsed: DisruptionScore['planUsed'];
  if (scenarioResult?.recovered === true) {
    judged = {
      seconds: scenarioResult.estimatedSeconds,
      historyLost: scenarioResult.historyLost,
      reasons: [],
    };
    planUsed = { kind: 'plan', scenario: scenarioResult.id };
  } else {
    const recovery = prepared.recoveries.recover(disruption.loss);
    planUsed = { kind: 'synthesised', steps: recovery.steps };
    if (recovery.ok) {
      judged = {
        seconds: synthesisedSeconds(prepared.recoveries, disruption, recovery.seconds, options.teams ?? 1),
        historyLost: recovery.historyLost,
        reasons: [],
      };
      if (scenarioResult)
        reasons.push({ code: 'plan-scenario-not-recovered', args: { scenario: scenarioResult.id } });
    } else {
      judged = { historyLost: [], reasons: recovery.reasons };
    }
  }
  const effective = prepared.effective[index]!;
  const ended = outcomeOf(
    env,
    disruption.loss,
    judged,
    prepared.evidenced ? { evidenced: prepared.evidenced, effective } : { effective },
  );
  reasons.push(...ended.reasons);
  const unplanned = options.plan !== undefined && scenario === undefined && weight > 0;
  if (unplanned) reasons.push({ code: 'unplanned', args: {} });
  const credit = creditOf(ended.outcome, unplanned);
  // The row is written out field by field: spreading `disruption` into a literal costs about
  // ten microseconds a row in V8 (a slow object clone), which is a third of a second on the
  // 31,000 rows of a 250-computer estate with pairs (bench/commands.ts). The readiness JSON writes
  // its keys in an order of its own, so the order here is free.
  const row: Mutable<DisruptionScore> = {
    id: disruption.id,
    kind: disruption.kind,
    loss: disruption.loss,
    description: disruption.description,
    canonical: disruption.canonical,
    services,
    weight,
    outcome: ended.outcome,
    credit,
    pointsLost: pointsLostOf(weight, credit, prepared.totalWeight),
    dataLossSeconds: ended.dataLossSeconds,
    planUsed,
    reasons: reasons.length > 0 ? reasons : NO_REASONS,
    ruleIds: reasons.length > 0 ? [...new Set(reasons.map(ruleOfReason))] : NO_RULES,
  };
  if (ended.recoverySeconds !== undefined) row.recoverySeconds = ended.recoverySeconds;
  return row;
}

// The rows of a large estate are kept until they are reported: the rows that lose nothing
// share one empty list of reasons and of rules.
const NO_REASONS: readonly Reason[] = Object.freeze([]);
const NO_RULES: readonly string[] = Object.freeze([]);

/**
 * The recovery time of a synthesised recovery: one step at a time for one team, else the
 * least makespan for the teams (never above the sequential time: one team can always run
 * the steps in sequence).
 */
function synthesisedSeconds(
  recoveries: RecoveryProvider,
  disruption: Disruption,
  sequentialSeconds: number,
  teams: number,
): number {
  if (teams <= 1) return sequentialSeconds;
  const makespan = recoveries.makespan(disruption.loss, teams);
  return makespan === undefined ? sequentialSeconds : Math.min(makespan, sequentialSeconds);
}

/**
 * Computes the readiness of an environment: every disruption scored from simulated evidence,
 * the environment findings, and the separate assurance score. Deterministic given
 * `asOfMillis`; it memoises recoveries within the call.
 */
export function scoreReadiness(claimed: Environment, options: ScoreOptions): Readiness {
  return finishScore(claimed, options, prepareScore(claimed, options));
}

/** The readiness of a prepared score (`prepareScore`): the rows, the findings, the totals. */
export function finishScore(claimed: Environment, options: ScoreOptions, prepared: PreparedScore): Readiness {
  const rows = prepared.disruptions.map((_disruption, index) => scoreDisruption(prepared, index, options));
  const { check, recoveries } = prepared;
  // unrecoverable-scenario is judged by the disruption table above; the rule's own finding
  // is still listed, located at the computer, from the same recoveries.
  const judged = checkEnvironment(claimed, {
    asOfMillis: options.asOfMillis,
    includeUnrecoverable: true,
    recover: (loss) => recoveries.recover(loss),
    ...(options.evidence ? { evidence: options.evidence } : {}),
    ...(options.thresholds ? { thresholds: options.thresholds } : {}),
  });
  // Waivers do not change a score: the evidence is the same; they only keep a finding from
  // failing the gate. The assurance score is computed from the same findings either way.
  const findings = applyWaivers(
    judged,
    {
      environment: claimed,
      ...(options.plan ? { plan: options.plan } : {}),
      asOfMillis: options.asOfMillis,
    },
    'environment',
  ).sort(compareFindings);
  const assurance = assuranceFindings(judged);
  return {
    environment: { file: claimed.file, name: claimed.name },
    asOf: new Date(options.asOfMillis).toISOString().slice(0, 10),
    objectives: { rtoSeconds: claimed.objectives.rtoSeconds, rpoSeconds: claimed.objectives.rpoSeconds },
    score: readinessScore(rows, prepared.totalWeight),
    disruptions: rows,
    assurance: { score: assuranceScore(assurance), findings: assurance },
    findings,
    ...(check ? { check } : {}),
    ...(options.evidence ? { evidence: readinessEvidence(claimed, options.evidence) } : {}),
    teams: options.teams ?? 1,
  };
}

/** The databases whose backup intervals the evidence established. */
function evidencedDatabases(env: Environment, evidence: EvidenceSummary): string[] {
  return applyEvidence(env, evidence)
    .provenance.filter((entry) => entry.fullEvery === 'evidenced' || entry.logEvery === 'evidenced')
    .map((entry) => entry.database);
}

function readinessEvidence(env: Environment, evidence: EvidenceSummary): ReadinessEvidence {
  const { provenance, comparison } = applyEvidence(env, evidence);
  return {
    files: evidence.files,
    rows: evidence.rows,
    provenance,
    notInEvidence: comparison.missing.map((database) => database.name),
    notInEnvironment: comparison.unmatched.map((entry) => entry.database),
  };
}
