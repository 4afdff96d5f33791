import { checkPlan, compareFindings, computersLost, lostComputers } from '../check/check.js';
import { modelExecutor } from '../check/model-executor.js';
import type { CheckResult } from '../check/types.js';
import { applyWaivers } from '../check/waivers.js';
import { selfServicePortals } from '../environment/names.js';
import type { Environment } from '../environment/types.js';
import { applyEvidence, type BackupFactsProvenance } from '../evidence/compare.js';
import type { EvidenceSummary } from '../evidence/interpret.js';
import { createSystem, type Loss, type ModelSystem } from '../models/system.js';
import type { Plan, Scenario } from '../plan/types.js';
import type { RuleThresholds } from '../rules/environment/define.js';
import { checkEnvironment } from '../rules/environment/index.js';
import type { Finding, Severity } from '../rules/types.js';
import { describeLoss } from '../simulator/loss.js';
import { type SynthesisResult, synthesizeRecovery } from '../simulator/synthesize.js';

/**
 * The readiness score (documented in `docs/scoring.md`). It is computed from simulated
 * evidence: every disruption the environment can suffer is recovered on the models with the
 * environment's real assets, and credited by outcome. Hygiene that the causal model does not
 * capture (restore tests, drills, stale backups) is scored separately as assurance.
 */

/** How a disruption ends, best first. */
export type Outcome = 'within-objectives' | 'over-objectives' | 'history-lost' | 'unrecoverable';

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
export const SERVICE_WEIGHTS = {
  'incident-handling': 3,
  reporting: 1,
  // The Self-Service Portal: end users cannot submit or follow requests while analysts can.
  'self-service': 1,
  redundancy: 0.5,
} as const;

export type Service = keyof typeof SERVICE_WEIGHTS;

/** With a plan, a disruption the plan has no scenario for earns at most this share. */
export const UNPLANNED_FACTOR = 0.5;

/** Penalties of the assurance score per hygiene finding. */
export const ASSURANCE_PENALTY: Readonly<Record<Severity, number>> = { error: 15, warning: 5, note: 1 };

/**
 * Environment rules that judge causes the models simulate; the rest are assurance.
 * `staging-repository-split` is not here: the models restore each database onto its declared
 * instance and do not simulate the split, so only the assurance penalty can charge for it.
 */
const CAUSAL_RULES = new Set([
  'key-backup-missing',
  'key-password-unavailable',
  'key-backup-not-off-host',
  'database-backup-missing',
  'backup-not-off-host',
  'management-server-colocated-with-database',
  'no-additional-management-server',
  'unrecoverable-scenario',
]);

export interface Disruption {
  /** A stable id, e.g. `computer:SM01`, `database:ServiceManager`, `site:hq`, `computers:SM01+SQL01`. */
  readonly id: string;
  readonly kind: 'computer' | 'database' | 'site' | 'pair';
  readonly loss: Loss;
  readonly description: string;
}

export interface DisruptionScore extends Disruption {
  readonly services: readonly Service[];
  readonly weight: number;
  readonly outcome: Outcome;
  /** The share of the weight earned, after the outcome and any unplanned reduction. */
  readonly credit: number;
  /** Points of the 100 this disruption costs. */
  readonly pointsLost: number;
  /** The estimated recovery time, seconds; absent when unrecoverable. */
  readonly recoverySeconds?: number;
  /** The worst-case data loss of the restores involved, seconds. */
  readonly dataLossSeconds: number;
  /** Which recovery the row judges: the plan's scenario, or the synthesised best recovery. */
  readonly planUsed:
    | { readonly kind: 'plan'; readonly scenario: string }
    | { readonly kind: 'synthesised'; readonly steps: number };
  /** Why points were lost, in words, naming components and objectives. */
  readonly explanation: readonly string[];
  /** Rule ids behind the lost points. */
  readonly ruleIds: readonly string[];
}

export interface Readiness {
  readonly environment: { readonly file: string; readonly name: string };
  readonly asOf: string;
  readonly objectives: { readonly rtoSeconds: number; readonly rpoSeconds: number };
  /** 0–100, from simulated recoveries of every disruption. */
  readonly score: number;
  readonly disruptions: readonly DisruptionScore[];
  /** 0–100, from hygiene findings the models do not simulate; reported separately. */
  readonly assurance: { readonly score: number; readonly findings: readonly Finding[] };
  /** Every environment finding, causal and assurance. */
  readonly findings: readonly Finding[];
  /** The plan check, when a plan was given. */
  readonly check?: CheckResult;
  /** With `--evidence`: which backup facts the score judged on evidence, and what it did not cover. */
  readonly evidence?: ReadinessEvidence;
  /** The teams a synthesised recovery was scheduled for (1: one step at a time). */
  readonly teams: number;
}

/** What the evidence covered (see `applyEvidence`). */
export interface ReadinessEvidence {
  readonly files: readonly string[];
  readonly rows: number;
  readonly provenance: readonly BackupFactsProvenance[];
  /** Declared databases the evidence does not mention. */
  readonly notInEvidence: readonly string[];
  /** Databases in the evidence the environment does not declare. */
  readonly notInEnvironment: readonly string[];
}

export interface ScoreOptions {
  readonly asOfMillis: number;
  readonly version: string;
  readonly plan?: Plan;
  /** Also score every pair of computers (slower: n(n−1)/2 more disruptions). */
  readonly pairs?: boolean;
  readonly maxStates?: number;
  /** msdb backup history: the score judges the backup facts it establishes instead of the claims. */
  readonly evidence?: EvidenceSummary;
  /** Teams working at once on a synthesised recovery (default 1: one step at a time). */
  readonly teams?: number;
  /** With `teams` above 1: the least makespan of a loss's recovery (`engine/parallel-synthesis.ts`). */
  readonly recoveryMakespan?: RecoveryMakespan;
  /** The rule limits of the config file (docs/config.md); each rule has its default. */
  readonly thresholds?: RuleThresholds;
}

/**
 * The least makespan, in seconds, of the recovery of a loss for a number of teams, or
 * undefined when there is none: `recoveryMakespan` of `engine/parallel-synthesis.ts`, passed
 * in because the engine imports this module.
 */
export type RecoveryMakespan = (
  env: Environment,
  loss: Loss,
  teams: number,
  options: { readonly maxStates?: number },
) => number | undefined;

const EMPTY_LOSS: Loss = { computers: [], databases: [], sites: [] };

/** Every disruption of the environment: each computer, each database with its host intact, each site, and optionally each pair. */
export function enumerateDisruptions(env: Environment, pairs: boolean): Disruption[] {
  const disruptions: Disruption[] = [];
  const add = (id: string, kind: Disruption['kind'], loss: Loss) =>
    disruptions.push({ id, kind, loss, description: describeLoss(loss) });
  for (const computer of env.computers)
    add(`computer:${computer.name}`, 'computer', { ...EMPTY_LOSS, computers: [computer.name] });
  for (const database of env.databases)
    add(`database:${database.name}`, 'database', { ...EMPTY_LOSS, databases: [database.name] });
  const sites = [...new Set(env.computers.flatMap((computer) => (computer.site ? [computer.site] : [])))];
  for (const site of sites) add(`site:${site}`, 'site', { ...EMPTY_LOSS, sites: [site] });
  if (pairs) {
    env.computers.forEach((first, index) => {
      for (const second of env.computers.slice(index + 1)) {
        add(`computers:${first.name}+${second.name}`, 'pair', {
          ...EMPTY_LOSS,
          computers: [first.name, second.name],
        });
      }
    });
  }
  return disruptions;
}

/** What a loss stops: incident handling, reporting, or only redundancy. */
export function servicesStopped(env: Environment, loss: Loss): Service[] {
  const computers = new Set(computersLost(env, loss));
  const databases = new Set(loss.databases);
  for (const database of env.databases) if (computers.has(database.computer)) databases.add(database.name);
  const services = new Set<Service>();
  for (const group of env.managementGroups) {
    if (group.type === 'service-manager') {
      const serversLeft = group.managementServers.filter((server) => !computers.has(server));
      if (databases.has(group.database) || !serversLeft.includes(group.workflowServer))
        services.add('incident-handling');
      else if (serversLeft.length < group.managementServers.length) services.add('redundancy');
    } else {
      const dwDatabases = Object.values(group.databases);
      if (computers.has(group.managementServer) || dwDatabases.some((name) => databases.has(name)))
        services.add('reporting');
      if (group.reportingServer && computers.has(group.reportingServer.computer)) services.add('reporting');
    }
    if (group.type === 'service-manager' && group.selfServicePortal !== undefined) {
      if (computers.has(group.selfServicePortal.computer)) services.add('self-service');
    }
  }
  return [...services];
}

/**
 * Why each Self-Service Portal a loss takes down cannot come back, with the rule behind it: the
 * models do not simulate the portal, and the DR guide has no procedure for it, so the score
 * takes the one thing the documents do say (its name is stored in the databases, D-BKMS; its
 * key is backed up like a management server's, D-BKKEY) and asks for a usable key backup that
 * survives the loss. An empty list when every lost portal has one.
 */
function portalBlockers(env: Environment, loss: Loss): { message: string; ruleId: string }[] {
  const computers = new Set(computersLost(env, loss));
  return selfServicePortals(env).flatMap((portal) => {
    if (!computers.has(portal.computer)) return [];
    const key = portal.keyBackup;
    const subject = `the Self-Service Portal on ${portal.computer}`;
    if (key === undefined)
      return [
        { message: `${subject} has no encryption key backup (D-BKKEY, N-KEY)`, ruleId: 'key-backup-missing' },
      ];
    if (key.password !== 'escrowed')
      return [
        {
          message: `the password of the key backup of ${subject} is ${key.password} (D-BKKEY, F5)`,
          ruleId: 'key-password-unavailable',
        },
      ];
    const storedOn = key.storedOn ?? (key.offHost ? undefined : portal.computer);
    if (storedOn !== undefined && computers.has(storedOn))
      return [
        {
          message: `the only key backup of ${subject} is stored on ${storedOn}, which is lost too (D-BKKEY)`,
          ruleId: 'key-backup-not-off-host',
        },
      ];
    return [];
  });
}

/** The worst-case data loss of restoring `databases`: the shortest backup interval of each, the worst of them. */
function dataLoss(env: Environment, restored: readonly string[]): number {
  return worstDataLoss(env, restored).seconds;
}

/** The restored database with the longest worst-case data loss, and that loss. */
function worstDataLoss(
  env: Environment,
  restored: readonly string[],
): { seconds: number; database?: string } {
  let worst: { seconds: number; database?: string } = { seconds: 0 };
  for (const name of restored) {
    const database = env.databases.find((candidate) => candidate.name === name);
    if (database?.backup && database.backup.rpoSeconds > worst.seconds)
      worst = { seconds: database.backup.rpoSeconds, database: name };
  }
  return worst;
}

/** The databases a loss takes down (their host lost, or lost themselves). */
function databasesLost(env: Environment, loss: Loss): string[] {
  const computers = new Set(computersLost(env, loss));
  return env.databases
    .filter((database) => loss.databases.includes(database.name) || computers.has(database.computer))
    .map((database) => database.name);
}

function scenarioFor(env: Environment, plan: Plan, disruption: Disruption): Scenario | undefined {
  const wanted = computersLost(env, disruption.loss).sort().join(',');
  const wantedDatabases = [...disruption.loss.databases].sort().join(',');
  return plan.scenarios.find((scenario) => {
    const computers = lostComputers(env, scenario).sort().join(',');
    const databases = scenario.lost.databases
      .map((entry) => entry.name)
      .sort()
      .join(',');
    return computers === wanted && databases === wantedDatabases;
  });
}

/**
 * Scores one disruption: its best recovery (the plan's scenario when the plan has one that
 * recovers; otherwise the synthesised one) judged against the objectives. This is a pure
 * function.
 */
export function scoreDisruption(
  system: ModelSystem,
  disruption: Disruption,
  context: {
    readonly check?: CheckResult;
    readonly plan?: Plan;
    readonly totalWeight: number;
    readonly maxStates?: number;
    /** With evidence: the databases whose backup intervals the evidence established. */
    readonly evidenced?: readonly string[];
    /** Teams above 1: a synthesised recovery takes its least makespan for them from `makespan`. */
    readonly teams?: number;
    readonly makespan?: RecoveryMakespan;
  },
): DisruptionScore {
  const env = system.env;
  const services = servicesStopped(env, disruption.loss);
  const weight = services.reduce((sum, service) => sum + SERVICE_WEIGHTS[service], 0);
  const { rtoSeconds, rpoSeconds } = env.objectives;
  const explanation: string[] = [];
  const ruleIds: string[] = [];
  const lostDatabases = databasesLost(env, disruption.loss);

  const scenario = context.plan ? scenarioFor(env, context.plan, disruption) : undefined;
  const scenarioResult = scenario
    ? context.check?.scenarios.find((result) => result.id === scenario.id)
    : undefined;

  let outcome: Outcome;
  let recoverySeconds: number | undefined;
  let historyLost: readonly string[] = [];
  let planUsed: DisruptionScore['planUsed'];

  const synthesis: SynthesisResult | undefined =
    scenarioResult?.recovered === true
      ? undefined
      : synthesizeRecovery(system, disruption.loss, { maxStates: context.maxStates });
  if (scenarioResult?.recovered === true) {
    recoverySeconds = scenarioResult.estimatedSeconds;
    historyLost = scenarioResult.historyLost;
    planUsed = { kind: 'plan', scenario: scenarioResult.id };
  } else if (synthesis?.ok) {
    recoverySeconds = synthesisedSeconds(system, disruption.loss, synthesis.totalSeconds, context);
    historyLost = synthesis.historyLost;
    planUsed = { kind: 'synthesised', steps: synthesis.steps.length };
    if (scenarioResult) {
      explanation.push(
        `the plan's scenario '${scenarioResult.id}' does not recover; a valid recovery exists (run scsm-dr plan)`,
      );
      ruleIds.push('scenario-recovered');
    }
  } else {
    planUsed = { kind: 'synthesised', steps: synthesis?.ok === false ? synthesis.partial.steps.length : 0 };
  }

  const restoredDatabases = lostDatabases.filter((name) => !historyLost.includes(name));
  const dataLossSeconds = dataLoss(env, restoredDatabases);

  const portals = portalBlockers(env, disruption.loss);
  if (portals.length > 0) {
    // No documented recovery and no usable key: the conservative reading is that the portal
    // does not come back, whatever the models say about the rest.
    outcome = 'unrecoverable';
    recoverySeconds = undefined;
    for (const blocker of portals) {
      explanation.push(blocker.message);
      ruleIds.push(blocker.ruleId);
    }
  } else if (recoverySeconds === undefined) {
    outcome = 'unrecoverable';
    const reasons = synthesis && !synthesis.ok ? synthesis.reasons : [];
    for (const reason of reasons) explanation.push(`${reason.message} (${reason.citation})`);
    if (reasons.length === 0) explanation.push('no valid recovery was found within the search budget');
    ruleIds.push('unrecoverable-scenario');
  } else if (historyLost.length > 0) {
    outcome = 'history-lost';
    explanation.push(
      `recoverable only by recreating ${historyLost.join(', ')}: data warehouse history is lost (D-DBREC, F13)`,
    );
    ruleIds.push('database-backup-missing');
  } else if (recoverySeconds > rtoSeconds || dataLossSeconds > rpoSeconds) {
    outcome = 'over-objectives';
    if (recoverySeconds > rtoSeconds) {
      explanation.push(
        `estimated recovery ${formatHours(recoverySeconds)} exceeds the RTO of ${formatHours(rtoSeconds)}`,
      );
      ruleIds.push('rto-exceeded');
    }
    if (dataLossSeconds > rpoSeconds) {
      const worst = worstDataLoss(env, restoredDatabases).database;
      const source =
        context.evidenced === undefined || worst === undefined
          ? ''
          : context.evidenced.includes(worst)
            ? ` (${worst}: evidenced by the backup history)`
            : ` (${worst}: claimed in the environment, not in the evidence)`;
      explanation.push(
        `up to ${formatHours(dataLossSeconds)} of data lost, over the RPO of ${formatHours(rpoSeconds)}${source}`,
      );
      ruleIds.push('backup-interval-exceeds-rpo');
    }
  } else {
    outcome = 'within-objectives';
  }

  let credit = OUTCOME_CREDIT[outcome];
  if (context.plan && !scenario && weight > 0) {
    credit *= UNPLANNED_FACTOR;
    explanation.push('the plan has no scenario for this disruption');
    ruleIds.push('plan-coverage');
  }
  const pointsLost = context.totalWeight > 0 ? (100 * weight * (1 - credit)) / context.totalWeight : 0;
  return {
    ...disruption,
    services,
    weight,
    outcome,
    credit,
    pointsLost,
    ...(recoverySeconds === undefined ? {} : { recoverySeconds }),
    dataLossSeconds,
    planUsed,
    explanation,
    ruleIds: [...new Set(ruleIds)],
  };
}

/**
 * The recovery time of a synthesised recovery: one step at a time for one team, else the
 * least makespan for the teams (never above the sequential time: one team can always run
 * the steps in sequence).
 */
function synthesisedSeconds(
  system: ModelSystem,
  loss: Loss,
  sequentialSeconds: number,
  context: { readonly teams?: number; readonly makespan?: RecoveryMakespan; readonly maxStates?: number },
): number {
  const teams = context.teams ?? 1;
  if (teams <= 1) return sequentialSeconds;
  if (context.makespan === undefined) throw new Error('scoring for several teams needs recoveryMakespan');
  const makespan = context.makespan(system.env, loss, teams, { maxStates: context.maxStates });
  return makespan === undefined ? sequentialSeconds : Math.min(makespan, sequentialSeconds);
}

function formatHours(seconds: number): string {
  const hours = seconds / 3600;
  return hours >= 1 ? `${Number(hours.toFixed(1))}h` : `${Math.round(seconds / 60)}m`;
}

/** The disruptions of a readiness score and what scoring each of them needs. */
interface Prepared {
  readonly system: ModelSystem;
  readonly check?: CheckResult;
  readonly disruptions: readonly Disruption[];
  readonly totalWeight: number;
}

function prepare(env: Environment, options: ScoreOptions): Prepared {
  const system = createSystem(env);
  const check = options.plan
    ? checkPlan(env, options.plan, {
        execute: modelExecutor(system),
        version: options.version,
        asOfMillis: options.asOfMillis,
      })
    : undefined;
  const disruptions = enumerateDisruptions(env, options.pairs === true);
  return { system, ...(check ? { check } : {}), disruptions, totalWeight: totalWeightOf(env, disruptions) };
}

function totalWeightOf(env: Environment, disruptions: readonly Disruption[]): number {
  return disruptions.reduce(
    (sum, disruption) =>
      sum + servicesStopped(env, disruption.loss).reduce((s, service) => s + SERVICE_WEIGHTS[service], 0),
    0,
  );
}

/** What a thread of `scoreReadinessParallel` needs to score disruptions: plain data only. */
export interface DisruptionScoresJob {
  readonly environment: Environment;
  readonly pairs: boolean;
  readonly plan?: Plan;
  readonly check?: CheckResult;
  readonly totalWeight: number;
  readonly maxStates?: number;
  readonly evidenced?: readonly string[];
  /** Teams working at once on a synthesised recovery (absent: 1). */
  readonly teams?: number;
}

/**
 * The scorer of the disruptions at given indices of `enumerateDisruptions(env, pairs)`, with
 * the plan, its check and the total weight computed by the caller, on `system` (compiled from
 * the environment unless given) and `disruptions` (enumerated unless given): what
 * `scoreReadiness` and each thread of `scoreReadinessParallel` run. The
 * answers are `scoreReadiness`'s rows for those indices.
 */
export function scoreDisruptionsAt(
  job: DisruptionScoresJob,
  system: ModelSystem = createSystem(job.environment),
  disruptions: readonly Disruption[] = enumerateDisruptions(job.environment, job.pairs),
  makespan?: RecoveryMakespan,
): (indices: readonly number[]) => DisruptionScore[] {
  const context = {
    ...(job.check ? { check: job.check } : {}),
    ...(job.plan ? { plan: job.plan } : {}),
    totalWeight: job.totalWeight,
    ...(job.maxStates === undefined ? {} : { maxStates: job.maxStates }),
    ...(job.evidenced ? { evidenced: job.evidenced } : {}),
    ...(job.teams === undefined ? {} : { teams: job.teams }),
    ...(makespan === undefined ? {} : { makespan }),
  };
  return (indices) =>
    indices.map((index) => {
      const disruption = disruptions[index];
      if (disruption === undefined) throw new Error(`no disruption ${index}`);
      return scoreDisruption(system, disruption, context);
    });
}

/**
 * Computes the readiness of an environment: every disruption scored from simulated evidence,
 * the environment findings, and the separate assurance score. This is a pure function given
 * `asOfMillis`.
 */
export function scoreReadiness(claimed: Environment, options: ScoreOptions): Readiness {
  const env = judgedEnvironment(claimed, options);
  const prepared = prepare(env, options);
  const scoreAt = scoreDisruptionsAt(
    jobOf(env, options, prepared),
    prepared.system,
    prepared.disruptions,
    options.recoveryMakespan,
  );
  return finish(claimed, options, prepared, scoreAt(prepared.disruptions.map((_, index) => index)));
}

/** The environment the score simulates: the claims, or with `evidence` the facts it establishes. */
function judgedEnvironment(claimed: Environment, options: ScoreOptions): Environment {
  return options.evidence ? applyEvidence(claimed, options.evidence).environment : claimed;
}

/** The scoring job of a prepared readiness score: what every thread scores disruptions with. */
function jobOf(env: Environment, options: ScoreOptions, prepared: Prepared): DisruptionScoresJob {
  return {
    environment: env,
    pairs: options.pairs === true,
    ...(options.plan ? { plan: options.plan } : {}),
    ...(prepared.check ? { check: prepared.check } : {}),
    totalWeight: prepared.totalWeight,
    ...(options.maxStates === undefined ? {} : { maxStates: options.maxStates }),
    ...(options.evidence ? { evidenced: evidencedDatabases(env, options.evidence) } : {}),
    ...((options.teams ?? 1) > 1 ? { teams: options.teams } : {}),
  };
}

/** The databases whose backup intervals the evidence established. */
function evidencedDatabases(env: Environment, evidence: EvidenceSummary): string[] {
  return applyEvidence(env, evidence)
    .provenance.filter((entry) => entry.fullEvery === 'evidenced' || entry.logEvery === 'evidenced')
    .map((entry) => entry.database);
}

/**
 * Scores every disruption of a prepared readiness score: the job (plain data), the indices of
 * the disruptions, and this thread's scorer of a batch of indices. It resolves with one row
 * per index, in order. `scoreReadinessParallel` hands the batches to worker threads.
 */
export type DisruptionScoring = (
  job: DisruptionScoresJob,
  indices: readonly number[],
  here: (indices: readonly number[]) => DisruptionScore[],
) => Promise<readonly DisruptionScore[]>;

/**
 * `scoreReadiness` with the disruptions scored by `scoring`, whose rows must be the ones
 * `here` gives (every row is a pure function of its disruption), so the result deep-equals
 * `scoreReadiness`'s. The plan's check runs once, in this thread.
 */
export async function scoreReadinessWith(
  claimed: Environment,
  options: ScoreOptions,
  scoring: DisruptionScoring,
): Promise<Readiness> {
  const env = judgedEnvironment(claimed, options);
  const prepared = prepare(env, options);
  const job = jobOf(env, options, prepared);
  const indices = prepared.disruptions.map((_, index) => index);
  const rows = await scoring(
    job,
    indices,
    scoreDisruptionsAt(job, prepared.system, prepared.disruptions, options.recoveryMakespan),
  );
  return finish(claimed, options, prepared, rows);
}

function finish(
  env: Environment,
  options: ScoreOptions,
  prepared: Prepared,
  scored: readonly DisruptionScore[],
): Readiness {
  const { totalWeight, check } = prepared;
  const earned = scored.reduce((sum, row) => sum + row.weight * row.credit, 0);
  const score = totalWeight > 0 ? Math.round((100 * earned) / totalWeight) : 100;

  // unrecoverable-scenario is judged by the disruption table above; the rule's own finding
  // is still listed, located at the computer.
  const judged = checkEnvironment(env, {
    asOfMillis: options.asOfMillis,
    includeUnrecoverable: true,
    ...(options.evidence ? { evidence: options.evidence } : {}),
    ...(options.thresholds ? { thresholds: options.thresholds } : {}),
  });
  // Waivers do not change a score: the evidence is the same; they only keep a finding from
  // failing the gate. The assurance score is computed from the same findings either way.
  const findings = applyWaivers(
    judged,
    { environment: env, ...(options.plan ? { plan: options.plan } : {}), asOfMillis: options.asOfMillis },
    'environment',
  ).sort(compareFindings);
  const assuranceFindings = judged.filter((finding) => !CAUSAL_RULES.has(finding.ruleId));
  const penalty = assuranceFindings.reduce((sum, finding) => sum + ASSURANCE_PENALTY[finding.severity], 0);
  return {
    environment: { file: env.file, name: env.name },
    asOf: new Date(options.asOfMillis).toISOString().slice(0, 10),
    objectives: { rtoSeconds: env.objectives.rtoSeconds, rpoSeconds: env.objectives.rpoSeconds },
    score,
    disruptions: scored,
    assurance: { score: Math.max(0, 100 - penalty), findings: assuranceFindings },
    findings,
    ...(check ? { check } : {}),
    ...(options.evidence ? { evidence: readinessEvidence(env, options.evidence) } : {}),
    teams: options.teams ?? 1,
  };
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
