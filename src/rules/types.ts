import type { NodePath, SourceLocation } from '../common/location.js';

/** How serious a finding is. `error` fails `check` by default (see `--fail-on`). */
export type Severity = 'error' | 'warning' | 'note';

/** Which input a rule judges: a recovery plan, or the environment's readiness. */
export type RuleCategory = 'plan' | 'environment';

/**
 * The metadata of one rule. One table of these is the single source for `scsm-dr rules`,
 * the SARIF rule descriptors, the JUnit test names and the docs pages.
 */
export interface RuleMeta {
  /** The stable identifier of docs/rules/README.md, e.g. `key-restored-before-setup`. */
  readonly id: string;
  readonly category: RuleCategory;
  /** One line, imperative or declarative, without a trailing period. */
  readonly title: string;
  readonly severity: Severity;
  /** Domain citation keys such as `D-MSDR` or `D-OV`, most specific first. */
  readonly citations: readonly string[];
  /** Why the rule exists, in full sentences, citing the documentation. */
  readonly rationale: string;
  /** What to change in the plan or the environment to satisfy the rule. */
  readonly remediation: string;
  /**
   * Where the documentation is silent or inconsistent on this point, what it leaves open and
   * which conservative behaviour the rule chose. Omitted when the documents settle it.
   */
  readonly documentationGap?: string;
  /**
   * For rules the component models enforce: the machine and transition that enforce it,
   * e.g. `managementServer: provisioned --install-management-server--> broken.setupBeforeKeyRestore`
   * (see the form the catalog test parses in test/check/enforced-by-syntax.ts).
   */
  readonly enforcedBy?: string;
  /**
   * The files that implement the rule, relative to the repository root, the main one first:
   * the rule's own file for an environment rule, the machines and the verdict for a rule the
   * models enforce, `src/check/` for the rules `checkPlan` judges itself. Each names the id.
   */
  readonly sources: readonly string[];
  /** The test file that proves the rule, relative to the repository root; it names the id. */
  readonly test: string;
}

/** One step of the trace that led to a dynamic violation. */
export interface TraceStep {
  readonly index: number;
  readonly action: string;
  readonly summary: string;
  readonly location?: SourceLocation;
}

/**
 * A finding: one rule judged one place wrong (or worth a note). Findings are data; only the
 * reporters turn them into text.
 */
export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  readonly location: SourceLocation;
  /** The path of the YAML node that causes the finding. */
  readonly path?: NodePath;
  /** The plan scenario the finding belongs to, when it belongs to one. */
  readonly scenario?: string;
  /** For violations found by executing steps: the steps that led there. */
  readonly trace?: readonly TraceStep[];
  /**
   * The name the finding is about when neither its scenario nor its node names it (the
   * computer of a `plan-coverage` finding); waiver targets match it.
   */
  readonly subject?: string;
  /** Set when a waiver or the baseline accepts the finding: it is reported but fails nothing. */
  readonly suppression?: Suppression;
}

/**
 * Why a finding does not count: a `waivers:` entry (`external`), a `# scsm-dr-ignore` comment
 * (`inSource`), both as SARIF names them, or a match in the `check --baseline` file (`baseline`).
 */
export interface Suppression {
  readonly kind: 'external' | 'inSource' | 'baseline';
  /** The waiver's reason, or which baseline file matched. */
  readonly justification: string;
  /** Where the waiver is written (none for the baseline). */
  readonly location?: SourceLocation;
}
