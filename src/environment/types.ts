import type { NodePath, SourceLocation } from '../common/location.js';
import type { Waiver } from '../rules/waiver.js';
import type { DRILL_OUTCOMES, KEY_PASSWORD_STATES, PRODUCTS } from './schema.js';

/** Every node of a loaded file keeps where it came from, so findings can point at it. */
export interface Located {
  readonly location: SourceLocation;
  readonly path: NodePath;
}

export type Product = (typeof PRODUCTS)[number];
export type KeyPasswordState = (typeof KEY_PASSWORD_STATES)[number];
export type DrillOutcome = (typeof DRILL_OUTCOMES)[number];

export interface Computer extends Located {
  /** The NetBIOS name as declared. References in any casing resolve to this spelling. */
  readonly name: string;
  readonly fqdn?: string;
  readonly site?: string;
}

export interface SqlInstance extends Located {
  /** Canonical id: `COMPUTER` for the default instance, `COMPUTER\NAME` for a named one. */
  readonly id: string;
  /** The declared name of the computer that hosts the instance. */
  readonly computer: string;
  /** `MSSQLSERVER` for the default instance, otherwise the instance name. */
  readonly instanceName: string;
  readonly collation?: string;
}

/** The part a database plays, derived from the management groups that reference it. */
export type DatabaseRole =
  | 'service-manager'
  | 'dw-staging'
  | 'dw-repository'
  | 'dw-datamart'
  | 'om-datamart'
  | 'cm-datamart'
  | 'report-server'
  | 'analysis'
  | 'other';

export interface DatabaseBackup extends Located {
  readonly fullEverySeconds: number;
  /** Epoch milliseconds of the last full backup, when known. */
  readonly lastFull?: number;
  readonly differentialEverySeconds?: number;
  readonly logEverySeconds?: number;
  /** A copy is kept off the database's own computer. */
  readonly offHost: boolean;
  /** Where the backup files are written, as declared (`location:` in the file). */
  readonly target?: string;
  /**
   * The declared computer the backup files live on when that is knowable: the database host
   * when `offHost` is false, or the host of a UNC `location` that names a declared computer.
   */
  readonly storedOn?: string;
  /** Epoch milliseconds the permissions script was generated; `false` when there is none; undefined when unstated. */
  readonly permissionsScript?: number | false;
  readonly lastRestoreTest?: number;
  /** The worst-case data loss of a restore: the shortest interval among full, differential and log backups. */
  readonly rpoSeconds: number;
}

export interface Database extends Located {
  readonly name: string;
  /** Canonical id of the hosting instance. */
  readonly instance: string;
  /** The declared name of the computer that hosts the instance. */
  readonly computer: string;
  readonly role: DatabaseRole;
  /** The management group that uses the database, when one does. */
  readonly managementGroup?: string;
  readonly sizeGb?: number;
  readonly backup?: DatabaseBackup;
}

export interface KeyBackup extends Located {
  readonly file: string;
  readonly taken?: number;
  /** A copy is kept off the management server itself (declared, or judged from the path). */
  readonly offHost: boolean;
  readonly password: KeyPasswordState;
  /**
   * The declared computer the backup file lives on when that is knowable: the management
   * server itself when not off-host, or the host of a UNC path that names a declared computer.
   */
  readonly storedOn?: string;
}

export type ManagementServerRole = 'workflow' | 'additional' | 'data-warehouse';

/** A Service Manager or data warehouse management server, flattened out of its group. */
export interface ManagementServer extends Located {
  readonly computer: string;
  readonly managementGroup: string;
  readonly role: ManagementServerRole;
  readonly keyBackup?: KeyBackup;
}

/**
 * The Self-Service Portal of a Service Manager management group: a server with an encryption
 * key of its own (N-KEY) that the key backup page asks to back up (D-BKKEY), and whose name is
 * stored in the databases (D-BKMS). The DR guide has no recovery procedure for it.
 */
export interface SelfServicePortal extends Located {
  /** The declared computer it runs on. */
  readonly computer: string;
  readonly managementGroup: string;
  readonly keyBackup?: KeyBackup;
}

export interface ServiceManagerGroup extends Located {
  readonly type: 'service-manager';
  readonly name: string;
  readonly database: string;
  /** Computers of the management servers, workflow server first. */
  readonly managementServers: readonly string[];
  readonly workflowServer: string;
  readonly unsealedManagementPacks?: Located & { readonly lastExport: number; readonly offHost: boolean };
  readonly selfServicePortal?: SelfServicePortal;
}

export interface DataWarehouseGroup extends Located {
  readonly type: 'data-warehouse';
  readonly name: string;
  readonly databases: {
    readonly staging: string;
    readonly repository: string;
    readonly datamart: string;
    readonly omDatamart?: string;
    readonly cmDatamart?: string;
    readonly reportServer?: string;
    readonly analysis?: string;
  };
  readonly managementServer: string;
  readonly reportingServer?: Located & { readonly computer: string; readonly url: string };
  readonly registeredWith?: string;
}

export type ManagementGroup = ServiceManagerGroup | DataWarehouseGroup;

export interface Drill extends Located {
  readonly scenario: string;
  readonly date: number;
  readonly outcome: DrillOutcome;
  readonly durationSeconds?: number;
  readonly notes?: string;
}

/**
 * A loaded, validated and normalized environment (docs/environment.md). References between nodes are by
 * declared name and are guaranteed to resolve; durations are seconds, dates epoch ms (UTC).
 */
export interface Environment extends Located {
  readonly file: string;
  readonly version: 1;
  readonly name: string;
  readonly product: Product;
  readonly asOf?: number;
  readonly objectives: Located & { readonly rtoSeconds: number; readonly rpoSeconds: number };
  readonly restoreThroughputGbPerHour: number;
  /** Per-action default durations overriding the built-in table, in seconds. */
  readonly durationOverrides: Readonly<Record<string, number>>;
  /** How many teams recover at once (`teams:`), when the environment says. */
  readonly teams?: number;
  readonly computers: readonly Computer[];
  readonly sqlInstances: readonly SqlInstance[];
  readonly databases: readonly Database[];
  readonly managementGroups: readonly ManagementGroup[];
  readonly managementServers: readonly ManagementServer[];
  readonly drills: readonly Drill[];
  /** The environment's waivers: its `waivers:` list and its `# scsm-dr-ignore` comments. */
  readonly waivers?: readonly Waiver[];
}
