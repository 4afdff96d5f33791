/**
 * `src/loss/`: the one universe of losses (computers, databases, sites, pairs), their
 * canonical form, their description, what they stop, and their match to a plan scenario.
 * Every command that enumerates or compares losses goes through this folder.
 */
export { type LossArgumentsResult, lossScenarioId, parseLossArguments } from './arguments.js';
export {
  byName,
  canonicalKey,
  canonicalLoss,
  type EffectiveLoss,
  effectiveLoss,
  lower,
  NO_LOSS,
  siteNames,
} from './canonical.js';
export { describeLoss, describeLossWithMembers } from './describe.js';
export { scenarioFor, scenarioForKey, scenarioLoss } from './match.js';
export {
  databasesDown,
  databasesDownBy,
  SERVICES,
  type Service,
  servicesStopped,
  servicesStoppedBy,
} from './services.js';
export {
  type Disruption,
  type DisruptionOptions,
  type DisruptionUniverse,
  disruptionCount,
  disruptionUniverse,
  enumerateDisruptions,
  LOSS_KINDS,
  type LossCandidate,
  type LossKind,
  type LossUniverseOptions,
  lossKind,
  lossUniverse,
} from './universe.js';
