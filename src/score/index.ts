/**
 * `src/score/`: the readiness score as analysis (docs/scoring.md). One outcome ladder and
 * data-loss rule (`outcome.ts`), one formula (`formula.ts`), one recovery provider
 * (`recovery.ts`, the engine's by default), reasons as codes (`reasons.ts`); the words are the
 * reporters' (`src/report/reasons.ts`). Imports nothing from `src/report` or `src/cli`.
 */
export {
  ASSURANCE_PENALTY,
  CAUSAL_RULES,
  OUTCOME_CREDIT,
  readinessScore,
  SERVICE_WEIGHTS,
  UNPLANNED_FACTOR,
  weightOf,
} from './formula.js';
export { type JudgedRecovery, type OutcomeOf, type OutcomeOptions, outcomeOf } from './outcome.js';
export { type ParallelScoreOptions, scoreReadinessParallel } from './parallel.js';
export {
  finishScore,
  type PreparedScore,
  prepareScore,
  type ScoreOptions,
  scoreDisruption,
  scoreReadiness,
} from './readiness.js';
export { type Reason, type ReasonCode, ruleOfReason } from './reasons.js';
export { EngineRecoveries, type Recovery, type RecoveryProvider } from './recovery.js';
export type { Disruption, DisruptionScore, Outcome, Readiness, ReadinessEvidence, Service } from './types.js';
