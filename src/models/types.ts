/**
 * Types shared by the component machines of `src/models`.
 *
 * Every machine is a pure function of (state, event): it has no context, no side-effecting
 * actions and no timers. Cross-component facts (is the database online? whose key backup is
 * restored? is this the computer's original name?) are computed by the system
 * (`system.ts`) and passed in the event as boolean `flags`; guards read only those flags.
 * Keeping the machines context-free is what lets `compile.ts` turn each of them into a flat
 * integer transition table that provably behaves like the machine.
 */
import type { ActionName } from '../plan/actions.js';

/** The component kinds the models know, one machine each. */
export const MACHINE_KINDS = [
  'computer',
  'managementServer',
  'dataWarehouseServer',
  'sqlInstance',
  'database',
  'backup',
  'serviceManagerGroup',
  'dataWarehouseGroup',
] as const;

export type MachineKind = (typeof MACHINE_KINDS)[number];

/**
 * Events the system sends besides the plan actions:
 * - `lose`: the component is lost (its computer, or its site, failed; or the database is corrupt);
 * - `use`: another component starts to depend on this database or instance (Setup, promotion,
 *   service start, management pack import, DW registration);
 * - `demote`: another server of the group was promoted, so this one is no longer the workflow server;
 * - `workflow-count`: the number of active workflow servers of a group changed;
 * - `registration-lost`: the DW registration data was lost with a recreated DWStagingAndConfig.
 */
export const INTERNAL_EVENT_TYPES = ['lose', 'use', 'demote', 'workflow-count', 'registration-lost'] as const;

export type InternalEventType = (typeof INTERNAL_EVENT_TYPES)[number];

export type ModelEventType = ActionName | InternalEventType;

/** The cross-component facts an event may carry. Every guard reads exactly one of them. */
export const FLAGS = [
  /** `lose` on a management server: its own database shared the lost computer (D-STRAT). */
  'databaseColocated',
  /** The key backup named by the step exists, survived the loss and its password is known. */
  'keyUsable',
  /** The key backup is the one taken from this very server (invariant 4, D-GUIDE). */
  'keyMatches',
  /** The computer is the declared home of this server (same name, invariant 2). */
  'originalName',
  /** The database the server needs is online (invariant 6, D-STRAT). */
  'databaseOnline',
  /** The step names the server's own existing database ("Use an existing database", invariant 8). */
  'existingDatabase',
  /** Setup is asked to install the workflow (initial) server rather than an additional one. */
  'roleWorkflow',
  /** The Reporting Server URL given to DW Setup is the original one (invariant 18, D-RECDW). */
  'originalReportingUrl',
  /** `install-sql-server` names the instance the environment declares (invariant 3). */
  'sameInstanceName',
  /** The database has a backup that exists and survived the loss. */
  'backupUsable',
  /** `restore-database` targets the database's declared instance (invariant 3, D-DBREC). */
  'originalInstance',
  /** The target instance is installed and running. */
  'instanceAvailable',
  /** CLR is enabled on the database's instance (D-BKDB). */
  'clrEnabled',
  /** DWStagingAndConfig and DWRepository end up on one instance (invariant 16, P-MVDW). */
  'partnerSameInstance',
  /** The database is a data warehouse database (recreation is allowed, D-DBREC). */
  'dataWarehouse',
  /** `workflow-count`: no operational workflow server is left in the group. */
  'noWorkflowServer',
  /** `workflow-count`: more than one operational workflow server in the group (W-TARGET). */
  'severalWorkflowServers',
  /** `register-data-warehouse`: both management servers are operational (P-REG). */
  'serversOperational',
] as const;

export type Flag = (typeof FLAGS)[number];

/** What every machine receives: an event type and the cross-component facts it needs. */
export interface ModelEvent {
  readonly type: ModelEventType;
  readonly flags?: Readonly<Partial<Record<Flag, boolean>>>;
}

/** A violation attached to a transition or to a broken state: which rule, on which document. */
export interface ViolationMeta {
  readonly ruleId: string;
  readonly citation: string;
  /** Why, in words that follow "<action> on <component>: ". */
  readonly reason: string;
}

/** The `meta` of every state node. */
export interface StateMeta {
  readonly description: string;
  /** Set on broken and unrecoverable states: the rule the state stands for. */
  readonly ruleId?: string;
  readonly citation?: string;
}

/** The `meta` of every transition that breaks a rule (targetless rejections included). */
export interface TransitionMeta {
  readonly violation?: ViolationMeta;
}

/** A guard name: a flag that must be true, or `not<Flag>` for a flag that must be false. */
export type GuardName = Flag | `not${Capitalize<Flag>}`;

function capitalize<S extends string>(s: S): Capitalize<S> {
  return (s.charAt(0).toUpperCase() + s.slice(1)) as Capitalize<S>;
}

/** The guard name that requires `flag` to be false. */
export function notFlag<F extends Flag>(flag: F): `not${Capitalize<F>}` {
  return `not${capitalize(flag)}`;
}

type GuardArgs = { readonly event: ModelEvent };

/**
 * Builds the guard implementations for a machine: for each flag, `flag` (true) and `notFlag`
 * (false or absent). This is a pure function; guards read nothing but the event.
 */
export function flagGuards<const F extends Flag>(
  flags: readonly F[],
): Record<F | `not${Capitalize<F>}`, (args: GuardArgs) => boolean> {
  const out: Record<string, (args: GuardArgs) => boolean> = {};
  for (const flag of flags) {
    out[flag] = ({ event }) => event.flags?.[flag] === true;
    out[notFlag(flag)] = ({ event }) => event.flags?.[flag] !== true;
  }
  return out as Record<F | `not${Capitalize<F>}`, (args: GuardArgs) => boolean>;
}

/** Shorthand for the meta of a transition that violates `ruleId`. */
export function violation(ruleId: string, citation: string, reason: string): TransitionMeta {
  return { violation: { ruleId, citation, reason } };
}
