/**
 * Every documented procedure (domain notes §4), executed step by step, recovers with no
 * violation.
 */
import { describe, expect, it } from 'vitest';
import { createSystem } from '../../src/models/system.js';
import { executeScenario } from '../../src/simulator/execute.js';
import { fourComputerHa, s, scenario } from '../models/fixtures.js';

const env = fourComputerHa();
const system = createSystem(env);

function run(lost: Parameters<typeof scenario>[1], steps: Parameters<typeof scenario>[2]) {
  const execution = executeScenario(system, scenario('t', lost, steps));
  const violations = execution.trace.flatMap((entry) => entry.violations);
  return { execution, violations, verdict: execution.verdict };
}

const promoteSm02 = [
  s('stop-services', { computer: 'SM02' }),
  s('clear-health-service-state', { computer: 'SM02' }),
  s('promote-workflow-server', { computer: 'SM02' }),
  s('start-services', { computer: 'SM02' }),
];

const rebuildSql01 = [
  s('provision-computer', { computer: 'SQL01' }),
  s('install-sql-server', { instance: 'SQL01' }),
  s('enable-clr', { instance: 'SQL01' }),
  s('restore-database', { database: 'ServiceManager', instance: 'SQL01' }),
  s('run-permissions-script', { database: 'ServiceManager' }),
];

describe('documented procedures recover', () => {
  it('R-PROMOTE then R-ADD: SM01 lost, SM02 promoted, SM01 rebuilt as additional', () => {
    const { violations, verdict, execution } = run({ computers: ['SM01'] }, [
      ...promoteSm02,
      s('provision-computer', { computer: 'SM01' }),
      s('install-management-server', { computer: 'SM01', database: 'ServiceManager', role: 'additional' }),
      s('backup-encryption-key', { computer: 'SM01' }),
    ]);
    expect(violations).toEqual([]);
    expect(verdict.reasons).toEqual([]);
    expect(verdict.recovered).toBe(true);
    expect(verdict.workflowServers).toEqual({ SMMG: ['SM02'] });
    expect(execution.trace[3]!.after.components['ms:SM02']).toBe('operational.workflow');
  });

  it('R-PROMOTE then R-ADD on a new computer name (D-OV follow-up)', () => {
    const { violations, verdict, execution } = run({ computers: ['SM01'] }, [
      ...promoteSm02,
      s('provision-computer', { computer: 'SM03' }),
      s('install-management-server', { computer: 'SM03', database: 'ServiceManager', role: 'additional' }),
      s('backup-encryption-key', { computer: 'SM03' }),
    ]);
    expect(violations).toEqual([]);
    expect(execution.trace[5]!.after.components['ms:SM03']).toBe('operational.additional');
    // The redundancy is back, but SM01 itself was not recovered.
    expect(verdict.reasons.map((r) => [r.ruleId, r.component])).toEqual([['scenario-recovered', 'ms:SM01']]);
  });

  it('R-PROMOTE alone recovers the service but asks for redundancy (warning)', () => {
    const { violations, verdict } = run({ computers: ['SM01'] }, promoteSm02);
    expect(violations).toEqual([]);
    expect(verdict.recovered).toBe(false); // SM01 itself stays lost
    expect(verdict.reasons.map((r) => r.ruleId).sort()).toEqual(['restore-redundancy', 'scenario-recovered']);
  });

  it('R-PROMOTE with the old primary alive demotes it', () => {
    const { violations, verdict } = run({ databases: [] }, promoteSm02);
    expect(violations).toEqual([]);
    expect(verdict.workflowServers).toEqual({ SMMG: ['SM02'] });
    expect(verdict.recovered).toBe(true);
  });

  it('R-REPLACE-MS then R-MP: SM01 replaced under its name with its own key', () => {
    const { violations, verdict } = run({ computers: ['SM01'] }, [
      s('provision-computer', { computer: 'SM01' }),
      s('restore-encryption-key', { computer: 'SM01' }),
      s('install-management-server', { computer: 'SM01', database: 'ServiceManager', role: 'workflow' }),
      s('import-management-packs', { computer: 'SM01' }),
      s('backup-encryption-key', { computer: 'SM01' }),
    ]);
    expect(violations).toEqual([]);
    expect(verdict.reasons).toEqual([]);
    expect(verdict.recovered).toBe(true);
  });

  it('R-REPLACE-MS without R-MP and key backup recovers with two warnings', () => {
    const { violations, verdict } = run({ computers: ['SM01'] }, [
      s('provision-computer', { computer: 'SM01' }),
      s('restore-encryption-key', { computer: 'SM01' }),
      s('install-management-server', { computer: 'SM01', database: 'ServiceManager', role: 'workflow' }),
    ]);
    expect(violations).toEqual([]);
    expect(verdict.recovered).toBe(true);
    expect(verdict.reasons.map((r) => r.ruleId).sort()).toEqual([
      'backup-new-server-key',
      'import-management-packs',
    ]);
  });

  it('R-REPLACE-DW: DW01 replaced with the DW key, existing staging DB and original URL', () => {
    const { violations, verdict } = run({ computers: ['DW01'] }, [
      s('provision-computer', { computer: 'DW01' }),
      s('restore-encryption-key', { computer: 'DW01' }),
      s('install-data-warehouse-server', {
        computer: 'DW01',
        database: 'DWStagingAndConfig',
        reportingUrl: 'http://dwsql01/ReportServer/',
      }),
      s('backup-encryption-key', { computer: 'DW01' }),
    ]);
    expect(violations).toEqual([]);
    expect(verdict.reasons).toEqual([]);
    expect(verdict.recovered).toBe(true);
  });

  it('R-DB: SQL01 rebuilt with the same instance, CLR, restore, permissions', () => {
    const { violations, verdict } = run({ computers: ['SQL01'] }, [
      s('stop-services', { computer: 'SM01' }),
      s('stop-services', { computer: 'SM02' }),
      ...rebuildSql01,
      s('start-services', { computer: 'SM01' }),
      s('start-services', { computer: 'SM02' }),
      s('import-management-packs', { computer: 'SM01' }),
    ]);
    expect(violations).toEqual([]);
    expect(verdict.reasons).toEqual([]);
    expect(verdict.recovered).toBe(true);
  });

  it('R-DB with CLR enabled after the permissions script (§4.9 order)', () => {
    const { violations, verdict } = run({ computers: ['SQL01'] }, [
      s('provision-computer', { computer: 'SQL01' }),
      s('install-sql-server', { instance: 'SQL01' }),
      s('restore-database', { database: 'ServiceManager', instance: 'SQL01' }),
      s('run-permissions-script', { database: 'ServiceManager' }),
      s('enable-clr', { instance: 'SQL01' }),
      s('import-management-packs', { computer: 'SM01' }),
    ]);
    expect(violations).toEqual([]);
    expect(verdict.recovered).toBe(true);
  });

  it('R-DB for the DW databases on a rebuilt named instance', () => {
    const { violations, verdict } = run({ computers: ['DWSQL01'] }, [
      s('stop-services', { computer: 'DW01' }),
      s('provision-computer', { computer: 'DWSQL01' }),
      s('install-sql-server', { instance: 'DWSQL01\\DW' }),
      s('enable-clr', { instance: 'DWSQL01\\DW' }),
      s('restore-database', { database: 'DWStagingAndConfig', instance: 'DWSQL01\\DW' }),
      s('restore-database', { database: 'DWRepository', instance: 'DWSQL01\\DW' }),
      s('restore-database', { database: 'DWDataMart', instance: 'DWSQL01\\DW' }),
      s('run-permissions-script', { database: 'DWStagingAndConfig' }),
      s('run-permissions-script', { database: 'DWRepository' }),
      s('run-permissions-script', { database: 'DWDataMart' }),
      s('start-services', { computer: 'DW01' }),
    ]);
    expect(violations).toEqual([]);
    expect(verdict.reasons).toEqual([]);
    expect(verdict.recovered).toBe(true);
  });

  it('R-DB for a database lost alone: restored onto its running instance, no CLR step', () => {
    const { violations, verdict } = run({ databases: ['ServiceManager'] }, [
      s('stop-services', { computer: 'SM01' }),
      s('restore-database', { database: 'ServiceManager', instance: 'SQL01' }),
      s('run-permissions-script', { database: 'ServiceManager' }),
      s('start-services', { computer: 'SM01' }),
      s('import-management-packs', { computer: 'SM01' }),
    ]);
    expect(violations).toEqual([]);
    expect(verdict.reasons).toEqual([]);
  });

  it('R-DB last resort: a DW database with no usable backup is recreated, history lost', () => {
    const noBackup = createSystem(
      fourComputerHa({
        databases: [
          { name: 'ServiceManager', instance: 'SQL01', role: 'service-manager' },
          { name: 'DWStagingAndConfig', instance: 'DWSQL01\\DW', role: 'dw-staging' },
          { name: 'DWRepository', instance: 'DWSQL01\\DW', role: 'dw-repository', backup: false },
          { name: 'DWDataMart', instance: 'DWSQL01\\DW', role: 'dw-datamart' },
        ],
      }),
    );
    const execution = executeScenario(
      noBackup,
      scenario('t', { databases: ['DWRepository'] }, [
        s('stop-services', { computer: 'DW01' }),
        s('recreate-database', { database: 'DWRepository' }),
        s('start-services', { computer: 'DW01' }),
      ]),
    );
    expect(execution.trace.flatMap((e) => e.violations)).toEqual([]);
    expect(execution.verdict.recovered).toBe(true);
    expect(execution.verdict.historyLost).toEqual(['DWRepository']);
  });

  it('combined DB host and workflow server loss, database first (invariant 6)', () => {
    const { violations, verdict } = run({ computers: ['SQL01', 'SM01'] }, [
      ...rebuildSql01,
      ...promoteSm02,
      s('provision-computer', { computer: 'SM01' }),
      s('install-management-server', { computer: 'SM01', database: 'ServiceManager', role: 'additional' }),
      s('backup-encryption-key', { computer: 'SM01' }),
      s('import-management-packs', { computer: 'SM02' }),
    ]);
    expect(violations).toEqual([]);
    expect(verdict.reasons).toEqual([]);
    expect(verdict.recovered).toBe(true);
  });

  it('combined loss with replacement of the workflow server after the database', () => {
    const { violations, verdict } = run({ computers: ['SQL01', 'SM01', 'SM02'] }, [
      ...rebuildSql01,
      s('provision-computer', { computer: 'SM01' }),
      s('restore-encryption-key', { computer: 'SM01' }),
      s('install-management-server', { computer: 'SM01', database: 'ServiceManager', role: 'workflow' }),
      s('import-management-packs', { computer: 'SM01' }),
      s('backup-encryption-key', { computer: 'SM01' }),
      s('provision-computer', { computer: 'SM02' }),
      s('install-management-server', { computer: 'SM02', database: 'ServiceManager', role: 'additional' }),
      s('backup-encryption-key', { computer: 'SM02' }),
    ]);
    expect(violations).toEqual([]);
    expect(verdict.reasons).toEqual([]);
  });

  it('site loss: hq lost, SM02 in dr promoted, everything else rebuilt', () => {
    const { violations, verdict } = run({ sites: ['hq'] }, [
      ...rebuildSql01,
      ...promoteSm02,
      s('import-management-packs', { computer: 'SM02' }),
      s('provision-computer', { computer: 'DWSQL01' }),
      s('install-sql-server', { instance: 'DWSQL01\\DW' }),
      s('enable-clr', { instance: 'DWSQL01\\DW' }),
      s('restore-database', { database: 'DWStagingAndConfig', instance: 'DWSQL01\\DW' }),
      s('restore-database', { database: 'DWRepository', instance: 'DWSQL01\\DW' }),
      s('restore-database', { database: 'DWDataMart', instance: 'DWSQL01\\DW' }),
      s('run-permissions-script', { database: 'DWStagingAndConfig' }),
      s('run-permissions-script', { database: 'DWRepository' }),
      s('run-permissions-script', { database: 'DWDataMart' }),
      s('provision-computer', { computer: 'DW01' }),
      s('restore-encryption-key', { computer: 'DW01' }),
      s('install-data-warehouse-server', {
        computer: 'DW01',
        database: 'DWStagingAndConfig',
        reportingUrl: 'http://dwsql01/ReportServer',
      }),
      s('backup-encryption-key', { computer: 'DW01' }),
      s('provision-computer', { computer: 'SM01' }),
      s('install-management-server', { computer: 'SM01', database: 'ServiceManager', role: 'additional' }),
      s('backup-encryption-key', { computer: 'SM01' }),
    ]);
    expect(violations).toEqual([]);
    expect(verdict.reasons).toEqual([]);
    expect(verdict.recovered).toBe(true);
  });
});
