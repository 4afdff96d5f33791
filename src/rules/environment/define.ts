/**
 * The factory every environment (readiness) rule is built with, in the manner of
 * arethetypeswrong's `defineCheck`: a rule file states its identifier and a pure `check`
 * over the loaded {@link Environment}; the factory looks up the catalog entry once, at module
 * load, and turns what `check` returns into {@link Finding}s with the catalog severity.
 */
import type { Environment, Located } from '../../environment/types.js';
import type { EvidenceSummary } from '../../evidence/interpret.js';
import type { Loss } from '../../models/system.js';
import type { SynthesisReason } from '../../simulator/synthesize.js';
import { getRule } from '../catalog.js';
import type { Finding, RuleMeta } from '../types.js';

/**
 * What the environment rules may read besides the environment. Time is injected: no rule
 * reads the clock. `asOfMillis` is the environment's `asOf`, the CLI's `--as-of`, or today as
 * decided at the edge of the program.
 */
export interface EnvironmentRuleContext {
  /** The instant ages are judged at, in epoch milliseconds (UTC). */
  readonly asOfMillis: number;
  /**
   * The msdb backup history given with `--evidence`, interpreted. When it is present the rules
   * receive the environment with its backup facts replaced by the evidence (see
   * `applyEvidence`), and {@link claimed} is the environment as written.
   */
  readonly evidence?: EvidenceSummary;
  /** The environment as environment.yaml states it, when the rules judge evidence instead. */
  readonly claimed?: Environment;
  /** The limits of `scsm-dr.config.yaml` (docs/config.md); each rule has its own default. */
  readonly thresholds?: RuleThresholds;
  /**
   * The run's recoveries (`score`/`report` pass the ones their rows were scored from), so that
   * `unrecoverable-scenario` synthesises no loss a second time; without it the rule asks the
   * engine itself.
   */
  readonly recover?: (loss: Loss) => RuleRecovery;
}

/** A loss's synthesised recovery, as `unrecoverable-scenario` reads it. */
export interface RuleRecovery {
  readonly ok: boolean;
  readonly reasons: readonly SynthesisReason[];
  readonly statesExplored: number;
}

/**
 * The limits a config file may set that are constants otherwise; a rule reads its own with
 * its default beside it, so that a run without a config file judges exactly as before.
 */
export interface RuleThresholds {
  /** `drill-overdue`: how old the newest drill may be, in days (default 365). */
  readonly drillWindowDays?: number;
  /** `restore-never-tested`: how old the last restore test may be, in days (default 365). */
  readonly restoreTestWindowDays?: number;
  /** `backup-stale`: how long past its interval a full backup is still current, in hours (default 0). */
  readonly backupStaleGraceHours?: number;
}

/** One thing a rule found: the YAML node that causes it and the message to show. */
export interface EnvironmentFindingInput {
  /**
   * The node that causes the finding (a server, its `keyBackup`, a database, its `backup`,
   * a group, an instance, a drill, or the document root). Every loaded node carries its
   * location and path.
   */
  readonly node: Located;
  /** Names the concrete computers, databases and numbers; one sentence, no trailing period. */
  readonly message: string;
  /** The name the finding is about when its node does not say it plainly (see `Finding.subject`). */
  readonly subject?: string;
}

/** The definition a rule file hands to {@link defineEnvironmentRule}. */
export interface EnvironmentRuleDefinition {
  /** The identifier of an environment rule of the catalog (docs/rules/README.md). */
  readonly id: string;
  /**
   * Marks a rule that runs the recovery synthesiser and is therefore only run on request
   * (`checkEnvironment(…, { includeUnrecoverable: true })`).
   */
  readonly expensive?: boolean;
  /** A pure function of the environment and the context: same inputs, same findings. */
  check(env: Environment, context: EnvironmentRuleContext): readonly EnvironmentFindingInput[];
}

/** An environment rule ready to run: its catalog metadata and a check that returns findings. */
export interface EnvironmentRule {
  readonly id: string;
  readonly meta: RuleMeta;
  readonly expensive: boolean;
  /** Runs the rule. This is a pure function: it reads no clock, file or randomness. */
  check(env: Environment, context: EnvironmentRuleContext): Finding[];
}

/**
 * Builds an environment rule from its definition. Throws when `id` is not an environment rule
 * of the catalog, so a misspelt identifier fails as soon as the rule's module is loaded.
 */
export function defineEnvironmentRule(definition: EnvironmentRuleDefinition): EnvironmentRule {
  const meta = getRule(definition.id);
  if (meta === undefined)
    throw new Error(`defineEnvironmentRule: '${definition.id}' is not in the rule catalog`);
  if (meta.category !== 'environment') {
    throw new Error(
      `defineEnvironmentRule: '${definition.id}' is a ${meta.category} rule, not an environment rule`,
    );
  }
  return Object.freeze({
    id: meta.id,
    meta,
    expensive: definition.expensive ?? false,
    check(env: Environment, context: EnvironmentRuleContext): Finding[] {
      return definition.check(env, context).map(({ node, message, subject }) => ({
        ruleId: meta.id,
        severity: meta.severity,
        message,
        location: node.location,
        path: node.path,
        ...(subject === undefined ? {} : { subject }),
      }));
    },
  });
}
