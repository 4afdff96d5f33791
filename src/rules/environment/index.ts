/**
 * The environment (readiness) rules, one per file, and `checkEnvironment`, which runs them.
 *
 * Every rule is a pure function of the loaded environment and an injected as-of instant; none
 * reads the clock. The caller decides the instant: the environment's `asOf`, the CLI's
 * `--as-of`, or today, chosen at the edge of the program.
 */
import type { Environment } from '../../environment/types.js';
import { applyEvidence } from '../../evidence/compare.js';
import type { EvidenceSummary } from '../../evidence/interpret.js';
import type { Finding } from '../types.js';
import { backupClaimContradicted } from './backup-claim-contradicted.js';
import { backupEvidenceMissing } from './backup-evidence-missing.js';
import { backupIntervalExceedsRpo } from './backup-interval-exceeds-rpo.js';
import { backupNotOffHost } from './backup-not-off-host.js';
import { backupOlderThanRpo } from './backup-older-than-rpo.js';
import { backupSinglePointOfFailure } from './backup-single-point-of-failure.js';
import { backupStale } from './backup-stale.js';
import { collationMismatch } from './collation-mismatch.js';
import { copyOnlyOnlyFull } from './copy-only-only-full.js';
import { databaseBackupMissing } from './database-backup-missing.js';
import type { EnvironmentRule, EnvironmentRuleContext, RuleThresholds } from './define.js';
import { drillOverdue } from './drill-overdue.js';
import { keyBackupMissing } from './key-backup-missing.js';
import { keyBackupNotOffHost } from './key-backup-not-off-host.js';
import { keyPasswordUnavailable } from './key-password-unavailable.js';
import { logChainBroken } from './log-chain-broken.js';
import { managementPacksNotExported } from './management-packs-not-exported.js';
import { managementServerColocatedWithDatabase } from './management-server-colocated-with-database.js';
import { noAdditionalManagementServer } from './no-additional-management-server.js';
import { permissionsScriptMissing } from './permissions-script-missing.js';
import { restoreNeverTested } from './restore-never-tested.js';
import { stagingRepositorySplit } from './staging-repository-split.js';
import { unrecoverableScenario } from './unrecoverable-scenario.js';

export {
  defineEnvironmentRule,
  type EnvironmentFindingInput,
  type EnvironmentRule,
  type EnvironmentRuleContext,
  type EnvironmentRuleDefinition,
} from './define.js';
export { DRILL_WINDOW_DAYS } from './drill-overdue.js';
export { RESTORE_TEST_WINDOW_DAYS } from './restore-never-tested.js';

/** Every environment rule, in catalog (docs/rules/README.md) order. */
export const ENVIRONMENT_RULES: readonly EnvironmentRule[] = Object.freeze([
  keyBackupMissing,
  keyPasswordUnavailable,
  keyBackupNotOffHost,
  databaseBackupMissing,
  backupIntervalExceedsRpo,
  backupStale,
  backupNotOffHost,
  backupSinglePointOfFailure,
  restoreNeverTested,
  permissionsScriptMissing,
  managementServerColocatedWithDatabase,
  noAdditionalManagementServer,
  managementPacksNotExported,
  stagingRepositorySplit,
  collationMismatch,
  drillOverdue,
  unrecoverableScenario,
  backupClaimContradicted,
  backupOlderThanRpo,
  logChainBroken,
  copyOnlyOnlyFull,
  backupEvidenceMissing,
]);

/** Options of {@link checkEnvironment}. */
export interface CheckEnvironmentOptions {
  /** The instant ages are judged at, in epoch milliseconds (UTC). */
  readonly asOfMillis: number;
  /**
   * Also run `unrecoverable-scenario`, which searches for a recovery of every single loss
   * with the synthesiser. Default `false`: it is much slower than the other rules together.
   */
  readonly includeUnrecoverable?: boolean;
  /**
   * msdb backup history (`--evidence`): the rules then judge the backup facts the evidence
   * establishes instead of the claims, and the evidence rules compare the two.
   */
  readonly evidence?: EvidenceSummary;
  /** The limits of `scsm-dr.config.yaml`; without them each rule uses its default. */
  readonly thresholds?: RuleThresholds;
  /** The run's recoveries, for `unrecoverable-scenario` (see `EnvironmentRuleContext.recover`). */
  readonly recover?: EnvironmentRuleContext['recover'];
}

const RULE_ORDER: ReadonlyMap<string, number> = new Map(
  ENVIRONMENT_RULES.map((rule, index) => [rule.id, index]),
);

/**
 * Orders findings by line, column, then catalog order; findings of one rule at one place keep
 * the order the rule emitted them in (the sort is stable).
 */
function compareFindings(a: Finding, b: Finding): number {
  return (
    a.location.line - b.location.line ||
    a.location.column - b.location.column ||
    (RULE_ORDER.get(a.ruleId) ?? 0) - (RULE_ORDER.get(b.ruleId) ?? 0)
  );
}

/**
 * Runs the environment rules on a loaded environment and returns their findings sorted by
 * line and column. This is a pure function: the as-of instant is an input, and the same
 * environment and options give the same findings.
 */
export function checkEnvironment(env: Environment, options: CheckEnvironmentOptions): Finding[] {
  const judged = options.evidence ? applyEvidence(env, options.evidence).environment : env;
  const context = {
    asOfMillis: options.asOfMillis,
    ...(options.evidence ? { evidence: options.evidence, claimed: env } : {}),
    ...(options.thresholds ? { thresholds: options.thresholds } : {}),
    ...(options.recover ? { recover: options.recover } : {}),
  };
  return ENVIRONMENT_RULES.filter((rule) => !rule.expensive || options.includeUnrecoverable === true)
    .flatMap((rule) => rule.check(judged, context))
    .sort(compareFindings);
}
