/**
 * The shared, well-prepared environment of the environment-rule tests, in the SPEC §1 format.
 *
 * It is the four-computer topology with an additional management server in a second site
 * (P-4C, P-ADDMS): SM01 (workflow) and SM02 (additional) in the group SMMG, SQL01 with the
 * ServiceManager database, DW01 as the data warehouse management server and the named
 * instance `DWSQL01\DW` with the data warehouse databases. Every key and database backup is
 * off-host on `\\backup01` (a share the file does not declare as a computer) with an escrowed
 * password, every database has a current permissions script and a recent restore test, the
 * management packs are exported off-host and a drill was run in May. As of 2026-11-24 it
 * produces no environment finding at all, including `unrecoverable-scenario`; `base.test.ts`
 * proves that. Each rule test changes it with `edit`, which fails loudly when its text no
 * longer occurs exactly once.
 */
import { loadEnvironmentText } from '../../../src/environment/load.js';
import type { Environment } from '../../../src/environment/types.js';

/** The file name findings are located in. */
export const FILE = 'environment.yaml';

/** The base environment: zero findings as of its `asOf`, 2026-11-24. */
export const BASE = String.raw`version: 1
name: contoso-production
product: scsm-2019
asOf: 2026-11-24
objectives:
  rto: 8h
  rpo: 1h

computers:
  - name: SM01
    fqdn: sm01.contoso.example
    site: hq
  - name: SM02
    fqdn: sm02.contoso.example
    site: dr
  - name: SQL01
    site: hq
  - name: DW01
    site: hq
  - name: DWSQL01
    site: hq

sqlInstances:
  - id: SQL01
    collation: SQL_Latin1_General_CP1_CI_AS
  - id: 'DWSQL01\DW'
    collation: SQL_Latin1_General_CP1_CI_AS

databases:
  - name: ServiceManager
    instance: SQL01
    sizeGb: 40
    backup:
      full: { every: 24h, last: 2026-11-23T22:00:00Z }
      differential: { every: 6h }
      log: { every: 15m }
      offHost: true
      permissionsScript: 2026-11-01
      lastRestoreTest: 2026-09-01
  - name: DWStagingAndConfig
    instance: 'DWSQL01\DW'
    backup:
      full: { every: 24h, last: 2026-11-23T23:00:00Z }
      log: { every: 30m }
      location: '\\backup01\sql\dw'
      permissionsScript: 2026-11-02
      lastRestoreTest: 2026-09-02
  - name: DWRepository
    instance: 'DWSQL01\DW'
    backup:
      full: { every: 24h, last: 2026-11-23T23:30:00Z }
      log: { every: 30m }
      offHost: true
      permissionsScript: 2026-11-03
      lastRestoreTest: 2026-09-03
  - name: DWDataMart
    instance: 'DWSQL01\DW'
    backup:
      full: { every: 7d, last: 2026-11-22T02:00:00Z }
      differential: { every: 24h }
      log: { every: 1h }
      offHost: true
      permissionsScript: 2026-11-04
      lastRestoreTest: 2026-09-04

managementGroups:
  - name: SMMG
    type: service-manager
    database: ServiceManager
    managementServers:
      - computer: SM01
        role: workflow
        keyBackup: { file: '\\backup01\scsm\keys\SM01.bin', taken: 2026-01-12, offHost: true, password: escrowed }
      - computer: SM02
        role: additional
        keyBackup: { file: '\\backup01\scsm\keys\SM02.bin', taken: 2026-01-13, offHost: true, password: escrowed }
    unsealedManagementPacks: { lastExport: 2026-11-20, offHost: true }

  - name: DW_SMMG
    type: data-warehouse
    databases: { staging: DWStagingAndConfig, repository: DWRepository, datamart: DWDataMart }
    managementServer:
      computer: DW01
      keyBackup: { file: '\\backup01\scsm\keys\DW01.bin', taken: 2026-01-14, offHost: true, password: escrowed }
    reportingServer: { computer: DWSQL01, url: 'http://dwsql01/ReportServer' }
    registeredWith: SMMG

drills:
  - { scenario: workflow-server-lost, date: 2026-05-14, outcome: passed, duration: 3h }
`;

/** Loads environment text with the real loader; throws with every input error when it fails. */
export function loadEnvironment(text: string): Environment {
  const result = loadEnvironmentText(text, FILE);
  if (!result.ok) {
    const errors = result.errors.map(
      (error) => `${error.location.line}:${error.location.column} ${error.message}`,
    );
    throw new Error(`the test environment does not load:\n${errors.join('\n')}`);
  }
  return result.value;
}
