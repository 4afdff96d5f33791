/**
 * The fault model of `scsm-dr simulate`, as data: what can go wrong before and during a
 * recovery, which rule or consequence each fault exercises, and how the simulator injects it.
 *
 * A {@link FaultScenario} is a loss (what the disaster takes) plus the faults that strike
 * while the recovery runs. Scenarios have a canonical string form, so that the property runs
 * and the exhaustive explorer can deduplicate them, and a one-line description for people.
 */
import type { Environment } from '../environment/types.js';
import {
  byName,
  canonicalLoss,
  describeLossWithMembers,
  effectiveLoss,
  type LossKind,
  lower,
} from '../loss/index.js';
import type { Loss } from '../models/system.js';

/** The kinds of fault that strike during a recovery. */
export const FAULT_KINDS = [
  'step-fails',
  'lost-mid-plan',
  'backup-unusable',
  'key-password-unknown',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** The step at `step` (0-based) fails once and is retried: its duration counts twice. */
export interface StepFailsFault {
  readonly kind: 'step-fails';
  readonly step: number;
}

/**
 * `computer` is lost after the step at `afterStep` (0-based) has run; the plan then continues.
 * Without a plan (synthesis) there are no steps: `afterStep` is absent and the computer counts
 * as lost together with the disaster.
 */
export interface LostMidPlanFault {
  readonly kind: 'lost-mid-plan';
  readonly computer: string;
  readonly afterStep?: number;
}

/** The newest backup of `database` is corrupt: a restore falls back to the previous full backup. */
export interface BackupUnusableFault {
  readonly kind: 'backup-unusable';
  readonly database: string;
}

/** The key-backup password of the management server on `server` turns out to be unknown. */
export interface KeyPasswordUnknownFault {
  readonly kind: 'key-password-unknown';
  readonly server: string;
}

export type Fault = StepFailsFault | LostMidPlanFault | BackupUnusableFault | KeyPasswordUnknownFault;

/** A disaster and the faults that strike during its recovery. */
export interface FaultScenario {
  readonly loss: Loss;
  readonly faults: readonly Fault[];
}

/** One row of the fault model: what it is, what it exercises, how it is injected. */
export interface FaultModelEntry {
  /** A loss kind or a fault kind. */
  readonly id: LossKind | FaultKind;
  readonly category: 'loss' | 'fault';
  readonly description: string;
  /** The rule ids or consequences the fault exercises. */
  readonly exercises: readonly string[];
  readonly injection: string;
  /** Domain citations (domain notes §0) behind the consequence. */
  readonly citations: readonly string[];
}

/**
 * The fault model. `docs/simulate.md` shows it as a table, and a test keeps the two equal.
 * Faults that leave the component states alone (`step-fails`, `backup-unusable`) only change
 * what the trace costs (time, data), which lets the explorer share one execution between
 * fault combinations that differ only in them.
 */
export const FAULT_MODEL: readonly FaultModelEntry[] = [
  {
    id: 'computer',
    category: 'loss',
    description: 'one computer fails with everything on it',
    exercises: ['scenario-recovered', 'plan-coverage'],
    injection: 'initial state: `lose` to the computer, what it hosts, and backups stored on it',
    citations: ['D-OV'],
  },
  {
    id: 'site',
    category: 'loss',
    description: 'every computer of a site fails together',
    exercises: ['scenario-recovered', 'plan-coverage'],
    injection: 'initial state: as a loss of each computer of the site',
    citations: ['D-OV'],
  },
  {
    id: 'database',
    category: 'loss',
    description: 'a database is corrupt while its host stays healthy',
    exercises: ['scenario-recovered', 'backup-interval-exceeds-rpo'],
    injection: 'initial state: `lose` to the database only',
    citations: ['D-DBREC'],
  },
  {
    id: 'computer-pair',
    category: 'loss',
    description: 'two computers fail together (F2, F3)',
    exercises: ['scenario-recovered', 'plan-coverage'],
    injection: 'initial state: as a loss of both computers',
    citations: ['D-OV', 'D-STRAT'],
  },
  {
    id: 'step-fails',
    category: 'fault',
    description: 'a step fails once and must be retried',
    exercises: ['rto-exceeded'],
    injection: 'the step runs once on the models; its estimated duration counts twice',
    citations: ['D-OV'],
  },
  {
    id: 'lost-mid-plan',
    category: 'fault',
    description: 'another computer is lost while the plan runs',
    exercises: ['step-precondition', 'database-before-setup', 'scenario-recovered'],
    injection: 'after the step, `lose` reaches the computer and what it hosts; the plan continues',
    citations: ['D-OV', 'D-STRAT'],
  },
  {
    id: 'backup-unusable',
    category: 'fault',
    description: 'the newest backup of a database is corrupt, so the previous full backup is restored',
    exercises: ['backup-interval-exceeds-rpo'],
    injection: 'a restore of the database loses one more full-backup interval of data; compared with the RPO',
    citations: ['D-BKDB', 'D-DBREC'],
  },
  {
    id: 'key-password-unknown',
    category: 'fault',
    description: 'the password of a management server’s key backup turns out to be unknown',
    exercises: ['step-precondition'],
    injection: 'the key backup starts in `passwordUnknown`: its restore is impossible (F5)',
    citations: ['D-BKKEY'],
  },
];

// ---------------------------------------------------------------------------------------
// Faults
// ---------------------------------------------------------------------------------------

/** True for faults that change component states (the others only change time or data). */
export function changesState(fault: Fault): fault is LostMidPlanFault | KeyPasswordUnknownFault {
  return fault.kind === 'lost-mid-plan' || fault.kind === 'key-password-unknown';
}

/** The canonical form of one fault. Step numbers are 1-based, as people count them. */
export function canonicalFault(fault: Fault): string {
  switch (fault.kind) {
    case 'step-fails':
      return `step-fails@${fault.step + 1}`;
    case 'lost-mid-plan':
      return fault.afterStep === undefined
        ? `lost-mid-plan:${lower(fault.computer)}`
        : `lost-mid-plan:${lower(fault.computer)}@${fault.afterStep + 1}`;
    case 'backup-unusable':
      return `backup-unusable:${lower(fault.database)}`;
    case 'key-password-unknown':
      return `key-password-unknown:${lower(fault.server)}`;
  }
}

/** A fault in words, with 1-based step numbers. */
export function describeFault(fault: Fault): string {
  switch (fault.kind) {
    case 'step-fails':
      return `step ${fault.step + 1} fails once and is retried`;
    case 'lost-mid-plan':
      return fault.afterStep === undefined
        ? `${fault.computer} is lost during the recovery`
        : `${fault.computer} is lost after step ${fault.afterStep + 1}`;
    case 'backup-unusable':
      return `the newest backup of ${fault.database} is unusable`;
    case 'key-password-unknown':
      return `the key-backup password of ${fault.server} is unknown`;
  }
}

const KIND_ORDER: Readonly<Record<FaultKind, number>> = {
  'key-password-unknown': 0,
  'backup-unusable': 1,
  'lost-mid-plan': 2,
  'step-fails': 3,
};

/** The position a fault takes effect at: before step 0 (-1) for the timeless ones. */
function faultTime(fault: Fault): number {
  if (fault.kind === 'step-fails') return fault.step;
  if (fault.kind === 'lost-mid-plan') return fault.afterStep === undefined ? -1 : fault.afterStep + 0.5;
  return -1;
}

/** Orders faults by when they strike, then by kind and canonical text: a stable reading order. */
export function compareFaults(a: Fault, b: Fault): number {
  return (
    faultTime(a) - faultTime(b) ||
    KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
    byName(canonicalFault(a), canonicalFault(b))
  );
}

/**
 * Removes what cannot matter and sorts the rest: duplicate faults, a second mid-plan loss of
 * the same computer (the first wins), and a mid-plan loss of a computer the disaster already
 * took. Two fault scenarios that normalise equal are the same scenario. This is a pure function.
 */
export function normalizeScenario(environment: Environment, scenario: FaultScenario): FaultScenario {
  const lost = new Set(effectiveLoss(environment, scenario.loss).computers.map(lower));
  const seen = new Set<string>();
  const faults: Fault[] = [];
  for (const fault of [...scenario.faults].sort(compareFaults)) {
    const canonical = canonicalFault(fault);
    if (seen.has(canonical)) continue;
    if (fault.kind === 'lost-mid-plan') {
      if (lost.has(lower(fault.computer))) continue;
      lost.add(lower(fault.computer));
    }
    seen.add(canonical);
    faults.push(fault);
  }
  return { loss: scenario.loss, faults };
}

/** The canonical string of a fault scenario, for deduplication: `loss | fault, fault`. */
export function canonicalScenario(environment: Environment, scenario: FaultScenario): string {
  const normalized = normalizeScenario(environment, scenario);
  const faults = normalized.faults.map(canonicalFault);
  return `${canonicalLoss(environment, scenario.loss)}|${faults.join(',')}`;
}

/** A fault scenario on one line: `CVL-SM01 lost; then CVL-SM02 is lost after step 2`. */
export function describeScenario(environment: Environment, scenario: FaultScenario): string {
  const normalized = normalizeScenario(environment, scenario);
  const loss = describeLossWithMembers(environment, scenario.loss);
  if (normalized.faults.length === 0) return `${loss}; no further fault`;
  return `${loss}; then ${normalized.faults.map(describeFault).join('; ')}`;
}
