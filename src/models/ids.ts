/**
 * Component ids and the state facts the rest of the program may ask about them.
 *
 * A component id is `<prefix>:<name>` (`ms:SM01`, `database:ServiceManager`). The prefixes
 * and the machines' state paths are the models' own vocabulary: code outside `src/models/`
 * builds ids with `componentId` and asks about states with the predicates below, so that a
 * renamed state or prefix is changed here alone. The string values are part of the outputs
 * (findings name components by id) and of the caches, and must not change.
 */
import type { MachineKind } from './types.js';

/** The case-insensitive key the models look names up by. */
export const key = (name: string): string => name.toLowerCase();

/** The canonical key of an instance id: case-insensitive; `COMPUTER\MSSQLSERVER` is `COMPUTER`. */
export function instanceKey(id: string): string {
  const slash = id.indexOf('\\');
  if (slash < 0) return id.toLowerCase();
  const name = id.slice(slash + 1);
  return name.toUpperCase() === 'MSSQLSERVER' ? id.slice(0, slash).toLowerCase() : id.toLowerCase();
}

/** The computer part of an instance id (`SQL01\DW` → `SQL01`). */
export function instanceHost(id: string): string {
  const slash = id.indexOf('\\');
  return slash < 0 ? id : id.slice(0, slash);
}

/**
 * The builders of component ids, one per kind of component. Each returns exactly the string
 * the models key their states by.
 */
export const componentId = {
  /** A computer, by its name. */
  computer: (name: string): string => `computer:${name}`,
  /** The Service Manager management server on a computer. */
  managementServer: (computer: string): string => `ms:${computer}`,
  /** The data warehouse management server on a computer. */
  dataWarehouseServer: (computer: string): string => `dw:${computer}`,
  /** A SQL Server instance, by its id (`COMPUTER` or `COMPUTER\NAME`). */
  sqlInstance: (id: string): string => `instance:${id}`,
  /** A database, by its name. */
  database: (name: string): string => `database:${name}`,
  /** The encryption-key backup of the management server on a computer. */
  keyBackup: (computer: string): string => `key:${computer}`,
  /** The backup of a database, by the database's name. */
  databaseBackup: (name: string): string => `backup:${name}`,
  /** A Service Manager management group. */
  serviceManagerGroup: (name: string): string => `group:${name}`,
  /** A data warehouse management group. */
  dataWarehouseGroup: (name: string): string => `dwgroup:${name}`,
} as const;

/** The name part of a component id (`ms:SM01` → `SM01`). */
export function nameOf(id: string): string {
  return id.slice(id.indexOf(':') + 1);
}

/** True when the id names a Service Manager management server. */
export const isManagementServerId = (id: string): boolean => id.startsWith('ms:');

/** True when the id names a data warehouse management server. */
export const isDataWarehouseServerId = (id: string): boolean => id.startsWith('dw:');

/** True when the id names a SQL Server instance. */
export const isSqlInstanceId = (id: string): boolean => id.startsWith('instance:');

/** True when the id names a database (not its backup). */
export const isDatabaseId = (id: string): boolean => id.startsWith('database:');

/** True when the id names a data warehouse management group. */
export const isDataWarehouseGroupId = (id: string): boolean => id.startsWith('dwgroup:');

/** True when the id names a Service Manager management group. */
export const isServiceManagerGroupId = (id: string): boolean => id.startsWith('group:');

const PREFIX_KIND: Readonly<Record<string, MachineKind>> = {
  computer: 'computer',
  ms: 'managementServer',
  dw: 'dataWarehouseServer',
  instance: 'sqlInstance',
  database: 'database',
  key: 'backup',
  backup: 'backup',
  group: 'serviceManagerGroup',
  dwgroup: 'dataWarehouseGroup',
};

/** The machine kind of a component id (`ms:SM01` → `managementServer`). */
export function kindOf(id: string): MachineKind {
  const kind = PREFIX_KIND[id.slice(0, id.indexOf(':'))];
  if (kind === undefined) throw new Error(`not a component id: ${id}`);
  return kind;
}

const LABELS: Readonly<Record<string, string>> = {
  computer: 'computer',
  ms: 'management server',
  dw: 'data warehouse management server',
  instance: 'SQL instance',
  database: 'database',
  key: 'encryption-key backup of',
  backup: 'backup of database',
  group: 'management group',
  dwgroup: 'data warehouse group',
};

/** How messages name a component id. */
export function labelOf(id: string): string {
  const colon = id.indexOf(':');
  return `${LABELS[id.slice(0, colon)] ?? id.slice(0, colon)} ${id.slice(colon + 1)}`;
}

// ---------------------------------------------------------------------------------------
// State predicates: what a state path means, for code outside the machines
// ---------------------------------------------------------------------------------------

export const HEALTHY_DB: ReadonlySet<string> = new Set(['online', 'recreated']);
export const AVAILABLE_INSTANCE: ReadonlySet<string> = new Set(['running', 'installed', 'ready']);
export const CLR_ON: ReadonlySet<string> = new Set(['running', 'ready']);
export const DW_DATABASE_ROLES: ReadonlySet<string> = new Set([
  'dw-staging',
  'dw-repository',
  'dw-datamart',
  'om-datamart',
  'cm-datamart',
]);

/** The state path of the Service Manager group's one operational workflow server. */
export const WORKFLOW_SERVER_PATH = 'operational.workflow';
/** The state path of an operational additional Service Manager management server. */
export const ADDITIONAL_SERVER_PATH = 'operational.additional';

/** True when a database in this state serves its consumers (online, or recreated empty). */
export const isDatabaseHealthy = (path: string | undefined): boolean => HEALTHY_DB.has(path ?? '');

/** True when a SQL instance in this state accepts a restore or a new database (D-BKDB). */
export const isInstanceAvailable = (path: string | undefined): boolean => AVAILABLE_INSTANCE.has(path ?? '');

/** True when a management server (either kind) in this state is operational. */
export const isOperational = (path: string | undefined): boolean => path?.startsWith('operational') === true;

/** True when a Service Manager management server in this state is the group's workflow server. */
export const isWorkflowServer = (path: string | undefined): boolean => path === WORKFLOW_SERVER_PATH;

/** True when a Service Manager management server in this state is an operational additional server. */
export const isAdditionalServer = (path: string | undefined): boolean => path === ADDITIONAL_SERVER_PATH;
