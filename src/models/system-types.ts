/**
 * The public types of the system model: actions, losses, states, notes, violations, effects,
 * verdicts and the compiled system. Plain data only; `system.ts` re-exports them.
 */
import type {
  Computer,
  Database,
  DataWarehouseGroup,
  Environment,
  ManagementServer,
  ServiceManagerGroup,
  SqlInstance,
} from '../environment/types.js';
import type { ActionName } from '../plan/actions.js';
import type { MachineKind, ModelEventType } from './types.js';

/** A plan step as the models need it: the action and its parameters (declared spelling). */
export interface ModelAction {
  readonly action: ActionName | string;
  readonly params: Readonly<Record<string, string>>;
}

/** What a scenario loses before its steps run, by name. */
export interface Loss {
  readonly computers: readonly string[];
  readonly databases: readonly string[];
  readonly sites: readonly string[];
}

/** Bookkeeping the final-state rules need; every list is kept sorted. */
export interface SystemNotes {
  /** Service Manager groups in which a server was promoted (restore-redundancy). */
  readonly promotedGroups: readonly string[];
  /** `ms:<computer>` replaced by Setup, or `group:<name>` whose database was restored, awaiting `import-management-packs`. */
  readonly awaitingImport: readonly string[];
  /** Computers on which Setup installed a server that has had no `backup-encryption-key` since. */
  readonly awaitingKeyBackup: readonly string[];
  /** Databases recreated empty (D-DBREC, F13). */
  readonly historyLost: readonly string[];
  /** Management servers installed on computers the environment does not declare, with their group. */
  readonly extraServers: Readonly<Record<string, string>>;
}

/** The state of the whole system: plain, JSON-able data. */
export interface SystemState {
  /** Component id (`ms:SM01`, `database:ServiceManager`, …) → state path (`operational.workflow`). */
  readonly components: Readonly<Record<string, string>>;
  readonly notes: SystemNotes;
}

/** A rule broken by a step. */
export interface Violation {
  readonly ruleId: string;
  /** The component id, e.g. `ms:SM01`. */
  readonly component: string;
  /** Names the concrete computers, databases and instances. */
  readonly message: string;
  readonly citation: string;
}

/** A state change a step caused. */
export interface Effect {
  readonly component: string;
  readonly event: ModelEventType;
  readonly from: string;
  readonly to: string;
}

export interface StepResult {
  readonly state: SystemState;
  readonly effects: readonly Effect[];
  readonly violations: readonly Violation[];
}

/**
 * Why a final state is not (fully) recovered, as a code and its arguments (in the manner of
 * publint's messages): the verdict says what, `verdictMessage` (`verdict-messages.ts`) says it
 * in words for the findings built from it.
 */
export type VerdictCause =
  /** A restored database whose permissions script never ran (the component is the database). */
  | { readonly code: 'permissions-script-missing'; readonly args: NoArgs }
  /** A database waiting for CLR on its rebuilt instance. */
  | { readonly code: 'clr-awaited'; readonly args: { readonly instance: string } }
  /** A rebuilt instance on which CLR was never enabled (the component is the instance). */
  | { readonly code: 'clr-never-enabled'; readonly args: NoArgs }
  /** A component left in a state that is not operational; its machine's metadata says which. */
  | { readonly code: 'not-operational'; readonly args: { readonly state: string } }
  /** A data warehouse group no longer registered with its Service Manager group. */
  | {
      readonly code: 'registration-lost';
      readonly args: { readonly group: string; readonly registeredWith: string };
    }
  /** A Service Manager group without exactly one operational workflow server (those it has). */
  | {
      readonly code: 'workflow-server-count';
      readonly args: { readonly group: string; readonly active: readonly string[] };
    }
  /** A promotion after which no additional management server was re-added. */
  | { readonly code: 'redundancy-not-restored'; readonly args: { readonly group: string } }
  /** A restore or Setup after which no import-management-packs ran (a group or a server). */
  | { readonly code: 'management-packs-not-imported'; readonly args: NoArgs }
  /** A Setup after which the new server's encryption key was not backed up. */
  | { readonly code: 'key-not-backed-up'; readonly args: { readonly computer: string } };

/** The arguments of a code that needs none beyond its component. */
export type NoArgs = Readonly<Record<string, never>>;

/** A reason the final state is not (fully) recovered: the rule, the component and the cause. */
export type VerdictReason = {
  readonly ruleId: string;
  readonly component: string;
} & VerdictCause;

export interface Verdict {
  /** No error-level reason: every component is operational and each group has one workflow server. */
  readonly recovered: boolean;
  readonly reasons: readonly VerdictReason[];
  /** Databases recreated without their history. */
  readonly historyLost: readonly string[];
  /** The operational workflow servers of each Service Manager group. */
  readonly workflowServers: Readonly<Record<string, readonly string[]>>;
}

/** One declared component. */
export interface ComponentInfo {
  readonly id: string;
  readonly kind: MachineKind;
  /** How messages name it: `management server SM01`. */
  readonly label: string;
}

/** The models compiled for one environment. */
export interface ModelSystem {
  readonly env: Environment;
  /** Declared components, in a fixed order (the fast path indexes them). */
  readonly components: readonly ComponentInfo[];
  readonly componentIndex: ReadonlyMap<string, number>;
  /** The start path of each declared component, before any loss. */
  readonly start: readonly string[];
  readonly computers: ReadonlyMap<string, Computer>;
  readonly servers: ReadonlyMap<string, ManagementServer>;
  readonly instances: ReadonlyMap<string, SqlInstance>;
  readonly databases: ReadonlyMap<string, Database>;
  readonly smGroups: ReadonlyMap<string, ServiceManagerGroup>;
  readonly dwGroups: ReadonlyMap<string, DataWarehouseGroup>;
  /** Lower-cased computer name → ids of the servers and instances it hosts. */
  readonly hosted: ReadonlyMap<string, readonly string[]>;
  /** Instance key → databases declared on it. */
  readonly databasesOn: ReadonlyMap<string, readonly Database[]>;
}

/** The state of the fast path: leaf indices of the compiled tables. */
export interface FastState {
  /** Leaf index per declared component, in `system.components` order. */
  readonly codes: Int32Array;
  /** Components created by steps: id → leaf index. */
  readonly extras: Readonly<Record<string, number>>;
  readonly notes: SystemNotes;
}
