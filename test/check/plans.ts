/**
 * The documented procedures for the environments of `environments.ts`, as `plan.yaml` text
 * (SPEC §2), one scenario each. They are the valid cases most rules share: each recovers its
 * loss completely and produces no finding except `plan-coverage` (one scenario cannot cover
 * every computer).
 */

/** Scenario steps indented as list items of `steps:`. */
function stepLines(steps: readonly string[]): string {
  return steps.map((step) => `      - ${step}\n`).join('');
}

/** A one-scenario plan. Line 3 holds `- id:`, line 6 the first step (column 9). */
export function plan(id: string, lost: string, steps: readonly string[]): string {
  return `version: 1\nscenarios:\n${scenario(id, lost, steps)}`;
}

/** One scenario, as an item of `scenarios:`. */
export function scenario(id: string, lost: string, steps: readonly string[]): string {
  return `  - id: ${id}\n    lost: ${lost}\n    steps:\n${stepLines(steps)}`;
}

/** D-PROMO (R-PROMOTE) on SM02, in order. */
export const PROMOTE_SM02_STEPS = [
  '{ action: stop-services, computer: SM02 }',
  '{ action: clear-health-service-state, computer: SM02 }',
  '{ action: promote-workflow-server, computer: SM02 }',
  '{ action: start-services, computer: SM02 }',
] as const;

/** R-ADD (P-ADDMSI, N-PROD): SM01 rebuilt under its name as an additional server, its new key backed up. */
export const ADD_SM01_STEPS = [
  '{ action: provision-computer, computer: SM01 }',
  '{ action: install-management-server, computer: SM01, database: ServiceManager, role: additional }',
  '{ action: backup-encryption-key, computer: SM01 }',
  '{ action: manual, description: Re-apply the data retention settings the install reset }',
] as const;

/** SM01 lost: promote SM02 (R-PROMOTE), then re-add SM01 as an additional server (R-ADD). */
export const PROMOTE_SM02 = plan('workflow-server-lost', '{ computers: [SM01] }', [
  ...PROMOTE_SM02_STEPS,
  ...ADD_SM01_STEPS,
]);

/** R-REPLACE-MS then R-MP (D-MSDR, D-RKEY, D-RECMS, N-IMPL) and the key backup (D-BKKEY). */
export const REPLACE_SM01_STEPS = [
  '{ action: provision-computer, computer: SM01 }',
  '{ action: restore-encryption-key, computer: SM01 }',
  '{ action: install-management-server, computer: SM01, database: ServiceManager, role: workflow }',
  '{ action: import-management-packs, computer: SM01 }',
  '{ action: backup-encryption-key, computer: SM01 }',
] as const;

/** SM01 lost and replaced under its own name (R-REPLACE-MS). */
export const REPLACE_SM01 = plan('workflow-server-lost', '{ computers: [SM01] }', REPLACE_SM01_STEPS);

/** SM02 (additional) lost: reinstalled as a fresh additional server (R-ADD); no key restore needed. */
export const ADD_SM02 = plan('additional-server-lost', '{ computers: [SM02] }', [
  '{ action: provision-computer, computer: SM02 }',
  '{ action: install-management-server, computer: SM02, database: ServiceManager, role: additional }',
  '{ action: backup-encryption-key, computer: SM02 }',
  '{ action: manual, description: Re-apply the data retention settings the install reset }',
]);

/** R-REPLACE-DW (D-OV, D-RECDW): the DW key, the existing DWStagingAndConfig, the original URL. */
export const REPLACE_DW01_STEPS = [
  '{ action: provision-computer, computer: DW01 }',
  '{ action: restore-encryption-key, computer: DW01 }',
  "{ action: install-data-warehouse-server, computer: DW01, database: DWStagingAndConfig, reportingUrl: 'http://dw01/ReportServer' }",
  '{ action: backup-encryption-key, computer: DW01 }',
] as const;

/** DW01 lost and replaced under its own name (R-REPLACE-DW). */
export const REPLACE_DW01 = plan('dw-server-lost', '{ computers: [DW01] }', REPLACE_DW01_STEPS);

/** R-DB for SQL01 (D-OV, D-DBREC, D-BKDB): same name, same default instance, CLR, restore, permissions. */
export const REBUILD_SQL01_STEPS = [
  '{ action: provision-computer, computer: SQL01 }',
  '{ action: install-sql-server, instance: SQL01 }',
  '{ action: enable-clr, instance: SQL01 }',
  '{ action: restore-database, database: ServiceManager, instance: SQL01 }',
  '{ action: run-permissions-script, database: ServiceManager }',
] as const;

/** SQL01 lost: the management servers wait, the database comes back (R-DB), then R-MP. */
export const REBUILD_SQL01 = plan('sm-sql-host-lost', '{ computers: [SQL01] }', [
  '{ action: stop-services, computer: SM01 }',
  '{ action: stop-services, computer: SM02 }',
  ...REBUILD_SQL01_STEPS,
  '{ action: start-services, computer: SM01 }',
  '{ action: start-services, computer: SM02 }',
  '{ action: import-management-packs, computer: SM01 }',
]);

/** ServiceManager corrupt, SQL01 healthy: restored in place (R-DB without a rebuild, no CLR step). */
export const RESTORE_SERVICEMANAGER = plan('servicemanager-corrupt', '{ databases: [ServiceManager] }', [
  '{ action: stop-services, computer: SM01 }',
  '{ action: stop-services, computer: SM02 }',
  '{ action: restore-database, database: ServiceManager, instance: SQL01 }',
  '{ action: run-permissions-script, database: ServiceManager }',
  '{ action: start-services, computer: SM01 }',
  '{ action: start-services, computer: SM02 }',
  '{ action: import-management-packs, computer: SM01 }',
]);

/** R-DB for DWSQL01: the named instance `DWSQL01\DW` rebuilt, every DW database restored onto it. */
export const REBUILD_DWSQL01_STEPS = [
  '{ action: provision-computer, computer: DWSQL01 }',
  "{ action: install-sql-server, instance: 'DWSQL01\\DW' }",
  "{ action: enable-clr, instance: 'DWSQL01\\DW' }",
  "{ action: restore-database, database: DWStagingAndConfig, instance: 'DWSQL01\\DW' }",
  "{ action: restore-database, database: DWRepository, instance: 'DWSQL01\\DW' }",
  "{ action: restore-database, database: DWDataMart, instance: 'DWSQL01\\DW' }",
  '{ action: run-permissions-script, database: DWStagingAndConfig }',
  '{ action: run-permissions-script, database: DWRepository }',
  '{ action: run-permissions-script, database: DWDataMart }',
] as const;

/** DWSQL01 lost: the DW management server waits while its databases come back (R-DB). */
export const REBUILD_DWSQL01 = plan('dw-sql-host-lost', '{ computers: [DWSQL01] }', [
  '{ action: stop-services, computer: DW01 }',
  ...REBUILD_DWSQL01_STEPS,
  '{ action: start-services, computer: DW01 }',
]);

/** SQL01 and SM01 lost together (invariant 6, F16): R-DB first, then R-PROMOTE, then R-ADD. */
export const SQL01_AND_SM01 = plan('sql-and-workflow-server-lost', '{ computers: [SQL01, SM01] }', [
  ...REBUILD_SQL01_STEPS,
  ...PROMOTE_SM02_STEPS,
  ...ADD_SM01_STEPS,
  '{ action: import-management-packs, computer: SM02 }',
]);

/** DW01 and DWSQL01 lost together: the DW databases first (R-DB), then R-REPLACE-DW. */
export const DWSQL01_AND_DW01 = plan('data-warehouse-lost', '{ computers: [DWSQL01, DW01] }', [
  ...REBUILD_DWSQL01_STEPS,
  ...REPLACE_DW01_STEPS,
]);
