/**
 * The data of the readiness score (docs/scoring.md): what `score` and `report` compute and
 * every readiness renderer reads. Analysis only: no English here; the reasons are codes with
 * arguments, worded by `src/report/reasons.ts`.
 */
import type { CheckResult } from '../check/types.js';
import type { BackupFactsProvenance } from '../evidence/compare.js';
import type { Disruption, Service } from '../loss/index.js';
import type { Finding } from '../rules/types.js';
import type { Reason } from './reasons.js';

export type { Disruption, Service };

/** How a disruption ends, best first. */
export type Outcome = 'within-objectives' | 'over-objectives' | 'history-lost' | 'unrecoverable';

/** One scored disruption: its loss, what it stops, how it ends and what it costs. */
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
  /** Why points were lost, as codes with arguments, in the order they are explained. */
  readonly reasons: readonly Reason[];
  /** Rule ids behind the lost points, each once, in the order of the reasons. */
  readonly ruleIds: readonly string[];
}

/** The readiness of an environment: the score, every disruption, the findings and the assurance. */
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
