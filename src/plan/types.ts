import type { SourceLocation } from '../common/location.js';
import type { Located } from '../environment/types.js';
import type { Waiver } from '../rules/waiver.js';
import type { ActionName } from './actions.js';

/** One step of a scenario, as written, with the location of every parameter. */
export interface PlanStep extends Located {
  /** 0-based position in its scenario. */
  readonly index: number;
  readonly action: ActionName;
  /**
   * The action's parameters by name (see `ACTIONS`). After `resolvePlanReferences`, names of computers,
   * instances, databases and groups are in their declared spelling.
   */
  readonly params: Readonly<Record<string, string>>;
  /** Where each parameter's value is written. */
  readonly paramLocations: Readonly<Record<string, Located>>;
  /** The step's own duration, when the plan states one, in seconds. */
  readonly durationSeconds?: number;
  readonly owner?: string;
  readonly note?: string;
  /** The step's id, for other steps' `after:` (unique within the scenario). */
  readonly id?: string;
  /** The team that performs the step. */
  readonly team?: string;
  /** The ids the step's `after:` names, each where it is written (see `stepPredecessors`). */
  readonly after?: readonly (Located & { readonly id: string })[];
}

/** What a scenario loses before its steps run. */
export interface LossSpec {
  readonly computers: readonly (Located & { readonly name: string })[];
  readonly databases: readonly (Located & { readonly name: string })[];
  readonly sites: readonly (Located & { readonly name: string })[];
}

export interface Scenario extends Located {
  readonly id: string;
  readonly title?: string;
  readonly lost: LossSpec & Located;
  readonly steps: readonly PlanStep[];
  /** The declared teams and how many people each has (`teams:`), when the scenario declares them. */
  readonly teams?: Readonly<Record<string, number>>;
}

/** A loaded recovery plan (docs/plan.md). */
export interface Plan extends Located {
  readonly file: string;
  readonly version: 1;
  /** The environment file named by the plan, resolved relative to the plan file. */
  readonly environment?: string;
  readonly scenarios: readonly Scenario[];
  /** Where the `scenarios:` key is written: plan-wide findings (coverage) point here. */
  readonly scenariosLocation: SourceLocation;
  /** The plan's waivers: its `waivers:` list and its `# scsm-dr-ignore` comments. */
  readonly waivers?: readonly Waiver[];
}
