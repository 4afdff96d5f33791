/**
 * The plan actions of docs/plan.md as data: their parameters, what each parameter refers to in
 * the environment, the documented procedure behind each, and a default duration.
 *
 * The documents give no durations at all (domain notes §7: "Time to promote or replace: not
 * specified"), so the defaults below are this project's conservative estimates for a
 * prepared team; `docs/plan.md` lists them, and an environment's `durations:` block or a
 * step's `duration:` overrides them.
 */

/** What a step parameter names. */
export type ParameterKind =
  | 'computer'
  | 'instance'
  | 'database'
  | 'management-server'
  | 'service-manager-group'
  | 'data-warehouse-group'
  | 'role'
  | 'url'
  | 'text';

export interface ParameterSpec {
  readonly name: string;
  readonly refersTo: ParameterKind;
  readonly required: boolean;
  readonly description: string;
  /** Allowed values, for enumerations such as `role`. */
  readonly values?: readonly string[];
}

export interface ActionSpec {
  readonly name: ActionName;
  readonly description: string;
  readonly parameters: readonly ParameterSpec[];
  readonly defaultDurationSeconds: number;
  /** Domain citation keys of the procedure the action performs. */
  readonly citations: readonly string[];
}

export const ACTION_NAMES = [
  'provision-computer',
  'install-sql-server',
  'enable-clr',
  'restore-database',
  'recreate-database',
  'run-permissions-script',
  'restore-encryption-key',
  'install-management-server',
  'install-data-warehouse-server',
  'stop-services',
  'start-services',
  'clear-health-service-state',
  'promote-workflow-server',
  'import-management-packs',
  'backup-encryption-key',
  'register-data-warehouse',
  'manual',
] as const;

export type ActionName = (typeof ACTION_NAMES)[number];

const MINUTE = 60;
const HOUR = 3600;

const computer = (description: string): ParameterSpec => ({
  name: 'computer',
  refersTo: 'computer',
  required: true,
  description,
});

/** The action table. Keys are the action names used in plan files. */
export const ACTIONS: { readonly [K in ActionName]: ActionSpec } = {
  'provision-computer': {
    name: 'provision-computer',
    description: 'A new computer joined to the domain under this name.',
    parameters: [computer('The computer name; a replacement must take the failed computer’s name (D-OV).')],
    defaultDurationSeconds: 2 * HOUR,
    citations: ['D-OV', 'D-DBREC'],
  },
  'install-sql-server': {
    name: 'install-sql-server',
    description: 'SQL Server installed with this instance name on a provisioned computer.',
    parameters: [
      {
        name: 'instance',
        refersTo: 'instance',
        required: true,
        description: "'COMPUTER' or 'COMPUTER\\NAME'; a rebuilt host keeps the same instance name (D-DBREC).",
      },
    ],
    defaultDurationSeconds: 1 * HOUR,
    citations: ['D-OV', 'D-DBREC'],
  },
  'enable-clr': {
    name: 'enable-clr',
    description: "sp_configure 'clr enabled', 1 on a rebuilt instance.",
    parameters: [
      { name: 'instance', refersTo: 'instance', required: true, description: 'The rebuilt instance.' },
    ],
    defaultDurationSeconds: 5 * MINUTE,
    citations: ['D-BKDB'],
  },
  'restore-database': {
    name: 'restore-database',
    description: 'Restore the latest backup onto the instance.',
    parameters: [
      { name: 'database', refersTo: 'database', required: true, description: 'The database to restore.' },
      {
        name: 'instance',
        refersTo: 'instance',
        required: true,
        description: 'The target instance; it must be the original one (D-DBREC).',
      },
    ],
    // Without a size the estimate is an hour; with `sizeGb` it is size / throughput + 15 minutes.
    defaultDurationSeconds: 1 * HOUR,
    citations: ['D-DBREC', 'D-OV'],
  },
  'recreate-database': {
    name: 'recreate-database',
    description: 'DW databases only, last resort: history is lost.',
    parameters: [
      { name: 'database', refersTo: 'database', required: true, description: 'A data warehouse database.' },
    ],
    defaultDurationSeconds: 2 * HOUR,
    citations: ['D-DBREC'],
  },
  'run-permissions-script': {
    name: 'run-permissions-script',
    description: 'Re-apply logins and permissions after a restore.',
    parameters: [
      { name: 'database', refersTo: 'database', required: true, description: 'The restored database.' },
    ],
    defaultDurationSeconds: 15 * MINUTE,
    citations: ['D-DBREC', 'D-BKDB'],
  },
  'restore-encryption-key': {
    name: 'restore-encryption-key',
    description: 'SecureStorageBackup restore of a management server’s encryption key.',
    parameters: [
      computer('The computer the key is restored on.'),
      {
        name: 'from',
        refersTo: 'management-server',
        required: false,
        description: 'The management server whose key backup is restored (default: the computer itself).',
      },
    ],
    defaultDurationSeconds: 15 * MINUTE,
    citations: ['D-RKEY', 'D-MSDR'],
  },
  'install-management-server': {
    name: 'install-management-server',
    description: 'Service Manager Setup with "Use an existing database".',
    parameters: [
      computer('The computer Setup runs on.'),
      {
        name: 'database',
        refersTo: 'database',
        required: true,
        description: 'The existing ServiceManager database.',
      },
      {
        name: 'role',
        refersTo: 'role',
        required: true,
        description: 'workflow (a replacement of the workflow server) or additional.',
        values: ['workflow', 'additional'],
      },
    ],
    defaultDurationSeconds: 1 * HOUR,
    citations: ['D-RECMS', 'D-BKMS', 'P-ADDMSI'],
  },
  'install-data-warehouse-server': {
    name: 'install-data-warehouse-server',
    description: 'Data warehouse Setup with "Use an existing database".',
    parameters: [
      computer('The computer Setup runs on.'),
      {
        name: 'database',
        refersTo: 'database',
        required: true,
        description: 'The existing DWStagingAndConfig database.',
      },
      {
        name: 'reportingUrl',
        refersTo: 'url',
        required: true,
        description: 'The Reporting Server URL; it must be the original one (D-RECDW).',
      },
    ],
    defaultDurationSeconds: 90 * MINUTE,
    citations: ['D-RECDW'],
  },
  'stop-services': {
    name: 'stop-services',
    description: 'Stop the three SCSM services.',
    parameters: [computer('The management server.')],
    defaultDurationSeconds: 5 * MINUTE,
    citations: ['D-PROMO'],
  },
  'start-services': {
    name: 'start-services',
    description: 'Start the three SCSM services.',
    parameters: [computer('The management server.')],
    defaultDurationSeconds: 10 * MINUTE,
    citations: ['D-PROMO'],
  },
  'clear-health-service-state': {
    name: 'clear-health-service-state',
    description: 'Delete the Health Service State folder.',
    parameters: [computer('The management server being promoted.')],
    defaultDurationSeconds: 5 * MINUTE,
    citations: ['D-PROMO'],
  },
  'promote-workflow-server': {
    name: 'promote-workflow-server',
    description: "EXEC p_PromoteActiveWorkflowServer '<FQDN>'.",
    parameters: [computer('The additional management server to promote.')],
    defaultDurationSeconds: 15 * MINUTE,
    citations: ['D-PROMO'],
  },
  'import-management-packs': {
    name: 'import-management-packs',
    description: 'Import the exported unsealed management packs.',
    parameters: [computer('A restored Service Manager management server.')],
    defaultDurationSeconds: 30 * MINUTE,
    citations: ['D-IMPMP', 'N-IMPL'],
  },
  'backup-encryption-key': {
    name: 'backup-encryption-key',
    description: 'SecureStorageBackup backup of a newly installed server.',
    parameters: [computer('The newly installed management server.')],
    defaultDurationSeconds: 15 * MINUTE,
    citations: ['D-BKKEY', 'P-ADDMSI'],
  },
  'register-data-warehouse': {
    name: 'register-data-warehouse',
    description: 'Register the Service Manager management group with the data warehouse (hours).',
    parameters: [
      {
        name: 'managementGroup',
        refersTo: 'service-manager-group',
        required: true,
        description: 'The Service Manager management group.',
      },
      {
        name: 'dataWarehouse',
        refersTo: 'data-warehouse-group',
        required: true,
        description: 'The data warehouse management group.',
      },
    ],
    // "can take several hours" plus MPSyncJob "up to two hours" (P-REG).
    defaultDurationSeconds: 6 * HOUR,
    citations: ['P-REG'],
  },
  manual: {
    name: 'manual',
    description: 'A free-text step with no effect on the model.',
    parameters: [{ name: 'description', refersTo: 'text', required: true, description: 'What is done.' }],
    defaultDurationSeconds: 0,
    citations: [],
  },
};

/** Fields every step may carry besides its action's parameters. */
export const COMMON_STEP_FIELDS = ['action', 'duration', 'owner', 'note', 'id', 'team', 'after'] as const;

/** Restore throughput assumed when the environment does not state one, in GB per hour. */
export const DEFAULT_RESTORE_THROUGHPUT_GB_PER_HOUR = 50;

/** Fixed overhead of a database restore on top of the size-driven part, in seconds. */
export const RESTORE_OVERHEAD_SECONDS = 15 * MINUTE;

/** True when `name` is an action of the table. */
export function isActionName(name: string): name is ActionName {
  return Object.hasOwn(ACTIONS, name);
}
