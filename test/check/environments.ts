/**
 * Environments for the per-rule tests, written as `environment.yaml` text in the SPEC §1
 * format and loaded by the real loader (see `harness.ts`).
 *
 * The base is the four-computer topology with an additional management server (P-4C,
 * P-ADDMS): SM01 is the workflow server, SM02 an additional server, SQL01 hosts
 * ServiceManager on its default instance, DW01 is the data warehouse management server and
 * DWSQL01 hosts the data warehouse databases on the named instance `DWSQL01\DW`, with SSRS.
 * Every key and database backup is off-host with an escrowed password, so every single loss
 * has a documented way back. The variants change one thing each, with `edit` so that an edit
 * that no longer applies fails loudly.
 */
import { edit } from '../helpers/text.js';

const BACKUP = `{ full: { every: 24h, last: 2026-11-23T22:00:00Z }, offHost: true, permissionsScript: 2026-11-01 }`;

/** Four computers plus the additional management server SM02. */
export const FOUR_COMPUTER_HA = `version: 1
name: contoso-test
product: scsm-2019
asOf: 2026-11-24
objectives:
  rto: 24h
  rpo: 24h

computers:
  - name: SM01
    fqdn: sm01.contoso.example
  - name: SM02
    fqdn: sm02.contoso.example
  - name: SQL01
  - name: DW01
  - name: DWSQL01

sqlInstances:
  - id: SQL01
    collation: SQL_Latin1_General_CP1_CI_AS
  - id: 'DWSQL01\\DW'
    collation: SQL_Latin1_General_CP1_CI_AS

databases:
  - { name: ServiceManager, instance: SQL01, backup: ${BACKUP} }
  - { name: DWStagingAndConfig, instance: 'DWSQL01\\DW', backup: ${BACKUP} }
  - { name: DWRepository, instance: 'DWSQL01\\DW', backup: ${BACKUP} }
  - { name: DWDataMart, instance: 'DWSQL01\\DW', backup: ${BACKUP} }

managementGroups:
  - name: SMMG
    type: service-manager
    database: ServiceManager
    managementServers:
      - computer: SM01
        role: workflow
        keyBackup: { file: '\\\\backup01\\keys\\SM01.bin', taken: 2026-01-12, offHost: true, password: escrowed }
      - computer: SM02
        role: additional
        keyBackup: { file: '\\\\backup01\\keys\\SM02.bin', taken: 2026-01-12, offHost: true, password: escrowed }
    unsealedManagementPacks: { lastExport: 2026-11-20, offHost: true }

  - name: DW_SMMG
    type: data-warehouse
    databases: { staging: DWStagingAndConfig, repository: DWRepository, datamart: DWDataMart }
    managementServer:
      computer: DW01
      keyBackup: { file: '\\\\backup01\\keys\\DW01.bin', taken: 2026-01-12, offHost: true, password: escrowed }
    reportingServer: { computer: DW01, url: 'http://dw01/ReportServer' }
    registeredWith: SMMG
`;

/** The four-computer topology without an additional management server: SM01 cannot be promoted away. */
export const FOUR_COMPUTER = edit(
  edit(FOUR_COMPUTER_HA, '  - name: SM02\n    fqdn: sm02.contoso.example\n', ''),
  `      - computer: SM02
        role: additional
        keyBackup: { file: '\\\\backup01\\keys\\SM02.bin', taken: 2026-01-12, offHost: true, password: escrowed }
`,
  '',
);

/**
 * DWRepository split from DWStagingAndConfig onto a second named instance `DWSQL01\REPO`
 * (the readiness rule `staging-repository-split` flags the environment itself).
 */
export const DW_DATABASES_SPLIT = edit(
  edit(
    FOUR_COMPUTER_HA,
    `  - id: 'DWSQL01\\DW'
    collation: SQL_Latin1_General_CP1_CI_AS
`,
    `  - id: 'DWSQL01\\DW'
    collation: SQL_Latin1_General_CP1_CI_AS
  - id: 'DWSQL01\\REPO'
    collation: SQL_Latin1_General_CP1_CI_AS
`,
  ),
  `{ name: DWRepository, instance: 'DWSQL01\\DW'`,
  `{ name: DWRepository, instance: 'DWSQL01\\REPO'`,
);

/** ServiceManager on the named instance `SQL01\SCSM` instead of the default instance. */
export const NAMED_INSTANCE = edit(
  edit(FOUR_COMPUTER_HA, '  - id: SQL01\n', "  - id: 'SQL01\\SCSM'\n"),
  '{ name: ServiceManager, instance: SQL01,',
  "{ name: ServiceManager, instance: 'SQL01\\SCSM',",
);

/** The base environment with a recovery time objective of 2 hours. */
export const SHORT_RTO = edit(FOUR_COMPUTER_HA, '  rto: 24h\n', '  rto: 2h\n');
