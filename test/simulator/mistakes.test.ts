/**
 * Every documented mistake is caught with the right rule id at the right step index.
 */
import { describe, expect, it } from 'vitest';
import type { Environment } from '../../src/environment/types.js';
import { createSystem, verdictMessage } from '../../src/models/system.js';
import type { PlanStep } from '../../src/plan/types.js';
import { executeScenario } from '../../src/simulator/execute.js';
import { buildEnvironment, fourComputerHa, s, scenario, twoComputer } from '../models/fixtures.js';

const ha = fourComputerHa();

function run(env: Environment, lost: Parameters<typeof scenario>[1], steps: readonly PlanStep[]) {
  const execution = executeScenario(createSystem(env), scenario('t', lost, steps));
  const found = execution.trace.flatMap((entry) =>
    entry.violations.map((violation) => [entry.index, violation.ruleId] as const),
  );
  return { execution, found, verdict: execution.verdict };
}

const promoteSm02 = [
  s('stop-services', { computer: 'SM02' }),
  s('clear-health-service-state', { computer: 'SM02' }),
  s('promote-workflow-server', { computer: 'SM02' }),
  s('start-services', { computer: 'SM02' }),
];

describe('documented mistakes are caught at the right step', () => {
  it('Setup before the key restore (F7): key-restored-before-setup', () => {
    const { found, verdict, execution } = run(ha, { computers: ['SM01'] }, [
      s('provision-computer', { computer: 'SM01' }),
      s('install-management-server', { computer: 'SM01', database: 'ServiceManager', role: 'workflow' }),
      s('restore-encryption-key', { computer: 'SM01' }),
    ]);
    expect(found).toEqual([[1, 'key-restored-before-setup']]);
    expect(execution.trace[1]!.after.components['ms:SM01']).toBe('broken.setupBeforeKeyRestore');
    expect(execution.trace[1]!.violations[0]!.message).toContain('SM01');
    expect(execution.trace[1]!.violations[0]!.citation).toBe('D-MSDR');
    expect(verdict.recovered).toBe(false);
  });

  it('DW Setup before the DW key restore: key-restored-before-setup', () => {
    const { found } = run(ha, { computers: ['DW01'] }, [
      s('provision-computer', { computer: 'DW01' }),
      s('install-data-warehouse-server', {
        computer: 'DW01',
        database: 'DWStagingAndConfig',
        reportingUrl: 'http://dwsql01/ReportServer',
      }),
    ]);
    expect(found).toEqual([[1, 'key-restored-before-setup']]);
  });

  it('a key restored after Setup: key-restored-before-setup', () => {
    const { found } = run(ha, { computers: ['SM02'] }, [
      s('provision-computer', { computer: 'SM02' }),
      s('install-management-server', { computer: 'SM02', database: 'ServiceManager', role: 'additional' }),
      s('restore-encryption-key', { computer: 'SM02' }),
    ]);
    expect(found).toEqual([[2, 'key-restored-before-setup']]);
  });

  it('different computer name (F8): SM01-NEW with SM01’s key', () => {
    const { found, execution, verdict } = run(ha, { computers: ['SM01'] }, [
      s('provision-computer', { computer: 'SM01-NEW' }),
      s('restore-encryption-key', { computer: 'SM01-NEW', from: 'SM01' }),
      s('install-management-server', { computer: 'SM01-NEW', database: 'ServiceManager', role: 'workflow' }),
    ]);
    expect(found).toEqual([[1, 'same-computer-name']]);
    expect(execution.trace[1]!.violations[0]!.message).toContain('SM01-NEW');
    expect(verdict.recovered).toBe(false);
  });

  it('a workflow Setup on a new name without any key: key-restored-before-setup', () => {
    const { found } = run(ha, { computers: ['SM01'] }, [
      s('provision-computer', { computer: 'SM03' }),
      s('install-management-server', { computer: 'SM03', database: 'ServiceManager', role: 'workflow' }),
    ]);
    expect(found).toEqual([[1, 'key-restored-before-setup']]);
  });

  it('different SQL instance name on the rebuilt host (F9): same-sql-instance', () => {
    const { found, execution } = run(ha, { computers: ['SQL01'] }, [
      s('provision-computer', { computer: 'SQL01' }),
      s('install-sql-server', { instance: 'SQL01\\SCSM' }),
      s('restore-database', { database: 'ServiceManager', instance: 'SQL01' }),
    ]);
    expect(found).toEqual([
      [1, 'same-sql-instance'],
      [2, 'step-precondition'],
    ]);
    expect(execution.trace[1]!.violations[0]!.message).toContain('SQL01\\SCSM');
  });

  it('database restored onto another instance (F9): same-sql-instance', () => {
    const { found, execution } = run(ha, { databases: ['ServiceManager'] }, [
      s('restore-database', { database: 'ServiceManager', instance: 'DWSQL01\\DW' }),
    ]);
    expect(found).toEqual([[0, 'same-sql-instance']]);
    expect(execution.trace[0]!.violations[0]!.message).toMatch(/ServiceManager.*DWSQL01\\DW/);
  });

  it('database restored onto a new SQL server on a new computer: same-sql-instance', () => {
    const { found } = run(ha, { computers: ['SQL01'] }, [
      s('provision-computer', { computer: 'SQL02' }),
      s('install-sql-server', { instance: 'SQL02' }),
      s('restore-database', { database: 'ServiceManager', instance: 'SQL02' }),
    ]);
    expect(found).toEqual([[2, 'same-sql-instance']]);
  });

  it('DW key restored on an SM server (F6): matching-encryption-key', () => {
    const { found } = run(ha, { computers: ['SM01'] }, [
      s('provision-computer', { computer: 'SM01' }),
      s('restore-encryption-key', { computer: 'SM01', from: 'DW01' }),
      s('install-management-server', { computer: 'SM01', database: 'ServiceManager', role: 'workflow' }),
    ]);
    expect(found).toEqual([[1, 'matching-encryption-key']]);
  });

  it('SM key restored on the DW server (F6): matching-encryption-key', () => {
    const { found } = run(ha, { computers: ['DW01'] }, [
      s('provision-computer', { computer: 'DW01' }),
      s('restore-encryption-key', { computer: 'DW01', from: 'SM01' }),
    ]);
    expect(found).toEqual([[1, 'matching-encryption-key']]);
  });

  it('another SM server’s key (open question 3, conservative): matching-encryption-key', () => {
    const { found } = run(ha, { computers: ['SM01'] }, [
      s('provision-computer', { computer: 'SM01' }),
      s('restore-encryption-key', { computer: 'SM01', from: 'SM02' }),
    ]);
    expect(found).toEqual([[1, 'matching-encryption-key']]);
  });

  it('promotion of the DW server: data-warehouse-replace-only', () => {
    const { found, execution } = run(ha, { computers: ['SM01'] }, [
      s('stop-services', { computer: 'DW01' }),
      s('clear-health-service-state', { computer: 'DW01' }),
      s('promote-workflow-server', { computer: 'DW01' }),
    ]);
    expect(found).toEqual([
      [1, 'data-warehouse-replace-only'],
      [2, 'data-warehouse-replace-only'],
    ]);
    expect(execution.trace[2]!.after.components['dw:DW01']).toBe('broken.promoted');
  });

  it('SM Setup on the lost DW server’s computer: data-warehouse-replace-only', () => {
    const { found } = run(ha, { computers: ['DW01'] }, [
      s('provision-computer', { computer: 'DW01' }),
      s('restore-encryption-key', { computer: 'DW01' }),
      s('install-management-server', { computer: 'DW01', database: 'ServiceManager', role: 'additional' }),
    ]);
    expect(found).toEqual([[2, 'data-warehouse-replace-only']]);
  });

  it('promotion while the ServiceManager database is down (F16): database-before-setup', () => {
    const { found, execution } = run(ha, { computers: ['SQL01', 'SM01'] }, promoteSm02);
    expect(found).toEqual([[2, 'database-before-setup']]);
    expect(execution.trace[2]!.after.components['ms:SM02']).toBe('healthStateCleared.additional');
  });

  it('promotion with Health Service State not cleared (F19): promotion-order', () => {
    const { found } = run(ha, { computers: ['SM01'] }, [
      s('stop-services', { computer: 'SM02' }),
      s('promote-workflow-server', { computer: 'SM02' }),
      s('start-services', { computer: 'SM02' }),
    ]);
    expect(found).toEqual([[1, 'promotion-order']]);
  });

  it('Health Service State cleared with services running (F19): promotion-order', () => {
    const { found } = run(ha, { computers: ['SM01'] }, [
      s('clear-health-service-state', { computer: 'SM02' }),
      s('stop-services', { computer: 'SM02' }),
      s('promote-workflow-server', { computer: 'SM02' }),
    ]);
    expect(found).toEqual([[0, 'promotion-order']]);
  });

  it('promotion before the services stop (F19): promotion-order', () => {
    const { found } = run(ha, { computers: ['SM01'] }, [
      s('promote-workflow-server', { computer: 'SM02' }),
      s('stop-services', { computer: 'SM02' }),
      s('clear-health-service-state', { computer: 'SM02' }),
      s('start-services', { computer: 'SM02' }),
    ]);
    expect(found).toEqual([[0, 'promotion-order']]);
  });

  it('promotion with no additional server (F1): promotion-requires-additional-server', () => {
    const single = buildEnvironment({
      computers: ['SM01', 'SQL01'],
      instances: ['SQL01'],
      databases: [{ name: 'ServiceManager', instance: 'SQL01', role: 'service-manager' }],
      smGroup: {
        name: 'SMMG',
        database: 'ServiceManager',
        servers: [{ computer: 'SM01', role: 'workflow' }],
      },
    });
    expect(
      run(single, { computers: ['SM01'] }, [s('promote-workflow-server', { computer: 'SM01' })]).found,
    ).toEqual([[0, 'promotion-requires-additional-server']]);
    expect(
      run(single, { computers: ['SM01'] }, [s('promote-workflow-server', { computer: 'SQL01' })]).found,
    ).toEqual([[0, 'promotion-requires-additional-server']]);
  });

  it('two workflow servers: promote SM02, then reinstall SM01 as workflow (F17)', () => {
    const { found, verdict, execution } = run(ha, { computers: ['SM01'] }, [
      ...promoteSm02,
      s('provision-computer', { computer: 'SM01' }),
      s('restore-encryption-key', { computer: 'SM01' }),
      s('install-management-server', { computer: 'SM01', database: 'ServiceManager', role: 'workflow' }),
    ]);
    expect(found).toEqual([[6, 'single-workflow-server']]);
    expect(execution.trace[6]!.violations[0]!.message).toMatch(/SM01.*SM02|SM02.*SM01/);
    expect(verdict.reasons.map((r) => r.ruleId)).toContain('single-workflow-server');
    expect(verdict.workflowServers).toEqual({ SMMG: ['SM01', 'SM02'] });
  });

  it('MS Setup before its database is back (invariant 6): database-before-setup', () => {
    const { found } = run(ha, { computers: ['SQL01', 'SM01'] }, [
      s('provision-computer', { computer: 'SM01' }),
      s('restore-encryption-key', { computer: 'SM01' }),
      s('install-management-server', { computer: 'SM01', database: 'ServiceManager', role: 'workflow' }),
    ]);
    expect(found).toEqual([[2, 'database-before-setup']]);
  });

  it('MS Setup on a restored database whose permissions were not re-applied', () => {
    const { found } = run(ha, { computers: ['SQL01', 'SM01'] }, [
      s('provision-computer', { computer: 'SQL01' }),
      s('install-sql-server', { instance: 'SQL01' }),
      s('enable-clr', { instance: 'SQL01' }),
      s('restore-database', { database: 'ServiceManager', instance: 'SQL01' }),
      s('provision-computer', { computer: 'SM01' }),
      s('restore-encryption-key', { computer: 'SM01' }),
      s('install-management-server', { computer: 'SM01', database: 'ServiceManager', role: 'workflow' }),
    ]);
    expect(found).toEqual([
      [6, 'database-before-setup'],
      [6, 'permissions-after-restore'],
    ]);
  });

  it('DW Setup with another Reporting Server URL (F21): original-reporting-url', () => {
    const { found } = run(ha, { computers: ['DW01'] }, [
      s('provision-computer', { computer: 'DW01' }),
      s('restore-encryption-key', { computer: 'DW01' }),
      s('install-data-warehouse-server', {
        computer: 'DW01',
        database: 'DWStagingAndConfig',
        reportingUrl: 'https://reports.example/ReportServer',
      }),
    ]);
    expect(found).toEqual([[2, 'original-reporting-url']]);
  });

  it('restore without CLR on a rebuilt instance (F10): clr-after-sql-rebuild', () => {
    const { found, verdict } = run(ha, { computers: ['SQL01'] }, [
      s('stop-services', { computer: 'SM01' }),
      s('provision-computer', { computer: 'SQL01' }),
      s('install-sql-server', { instance: 'SQL01' }),
      s('restore-database', { database: 'ServiceManager', instance: 'SQL01' }),
      s('run-permissions-script', { database: 'ServiceManager' }),
      s('start-services', { computer: 'SM01' }),
    ]);
    expect(found).toEqual([[5, 'clr-after-sql-rebuild']]);
    expect(verdict.recovered).toBe(false);
    expect(verdict.reasons.map((r) => r.ruleId)).toContain('clr-after-sql-rebuild');
  });

  it('permissions script skipped (F11): permissions-after-restore', () => {
    const { found, verdict } = run(ha, { databases: ['ServiceManager'] }, [
      s('stop-services', { computer: 'SM01' }),
      s('restore-database', { database: 'ServiceManager', instance: 'SQL01' }),
      s('start-services', { computer: 'SM01' }),
    ]);
    expect(found).toEqual([[2, 'permissions-after-restore']]);
    expect(verdict.reasons.map((r) => r.ruleId)).toContain('permissions-after-restore');
    expect(verdict.recovered).toBe(false);
  });

  it('DWStagingAndConfig and DWRepository on different instances (F14): staging-repository-same-instance', () => {
    const split = buildEnvironment({
      computers: ['SM01', 'SQL01', 'DW01', 'DWSQL01'],
      instances: ['SQL01', 'DWSQL01\\DW', 'DWSQL01\\REPO'],
      databases: [
        { name: 'ServiceManager', instance: 'SQL01', role: 'service-manager' },
        { name: 'DWStagingAndConfig', instance: 'DWSQL01\\DW', role: 'dw-staging' },
        { name: 'DWRepository', instance: 'DWSQL01\\REPO', role: 'dw-repository' },
        { name: 'DWDataMart', instance: 'DWSQL01\\DW', role: 'dw-datamart' },
      ],
      smGroup: {
        name: 'SMMG',
        database: 'ServiceManager',
        servers: [{ computer: 'SM01', role: 'workflow' }],
      },
      dwGroup: {
        name: 'DW_SMMG',
        staging: 'DWStagingAndConfig',
        repository: 'DWRepository',
        datamart: 'DWDataMart',
        server: 'DW01',
      },
    });
    const { found } = run(split, { databases: ['DWRepository'] }, [
      s('restore-database', { database: 'DWRepository', instance: 'DWSQL01\\REPO' }),
    ]);
    expect(found).toEqual([[0, 'staging-repository-same-instance']]);
  });

  it('impossible steps: step-precondition', () => {
    // SQL Server on a lost, not yet provisioned computer.
    expect(run(ha, { computers: ['SQL01'] }, [s('install-sql-server', { instance: 'SQL01' })]).found).toEqual(
      [[0, 'step-precondition']],
    );
    // Starting services on a lost server.
    expect(run(ha, { computers: ['SM01'] }, [s('start-services', { computer: 'SM01' })]).found).toEqual([
      [0, 'step-precondition'],
    ]);
    // Provisioning a computer that did not fail.
    expect(run(ha, { computers: ['SM01'] }, [s('provision-computer', { computer: 'SM02' })]).found).toEqual([
      [0, 'step-precondition'],
    ]);
    // ServiceManager cannot be recreated (D-DBREC).
    expect(
      run(ha, { databases: ['ServiceManager'] }, [s('recreate-database', { database: 'ServiceManager' })])
        .found,
    ).toEqual([[0, 'step-precondition']]);
  });

  it('a key backup destroyed with its computer, or without a known password (F4, F5): step-precondition', () => {
    const keyOnServer = fourComputerHa({
      smGroup: {
        name: 'SMMG',
        database: 'ServiceManager',
        servers: [
          { computer: 'SM01', role: 'workflow', key: { storedOn: 'SM01' } },
          { computer: 'SM02', role: 'additional', key: { password: 'unknown' } },
        ],
      },
    });
    const destroyed = run(keyOnServer, { computers: ['SM01'] }, [
      s('provision-computer', { computer: 'SM01' }),
      s('restore-encryption-key', { computer: 'SM01' }),
    ]);
    expect(destroyed.found).toEqual([[1, 'step-precondition']]);
    expect(destroyed.execution.initial.components['key:SM01']).toBe('destroyed');
    const unknown = run(keyOnServer, { computers: ['SM02'] }, [
      s('provision-computer', { computer: 'SM02' }),
      s('restore-encryption-key', { computer: 'SM02' }),
    ]);
    expect(unknown.found).toEqual([[1, 'step-precondition']]);
  });

  it('a database backup stored on the lost host cannot be restored: step-precondition', () => {
    const localBackup = fourComputerHa({
      databases: [
        { name: 'ServiceManager', instance: 'SQL01', role: 'service-manager', backup: { storedOn: 'SQL01' } },
        { name: 'DWStagingAndConfig', instance: 'DWSQL01\\DW', role: 'dw-staging' },
        { name: 'DWRepository', instance: 'DWSQL01\\DW', role: 'dw-repository' },
        { name: 'DWDataMart', instance: 'DWSQL01\\DW', role: 'dw-datamart' },
      ],
    });
    const { found } = run(localBackup, { computers: ['SQL01'] }, [
      s('provision-computer', { computer: 'SQL01' }),
      s('install-sql-server', { instance: 'SQL01' }),
      s('enable-clr', { instance: 'SQL01' }),
      s('restore-database', { database: 'ServiceManager', instance: 'SQL01' }),
    ]);
    expect(found).toEqual([[3, 'step-precondition']]);
  });

  it('MS and database lost together on one computer (D-STRAT, F3): unrecoverable', () => {
    const { found, execution, verdict } = run(twoComputer(), { computers: ['SM01'] }, [
      s('provision-computer', { computer: 'SM01' }),
      s('install-sql-server', { instance: 'SM01' }),
      s('enable-clr', { instance: 'SM01' }),
      s('restore-database', { database: 'ServiceManager', instance: 'SM01' }),
      s('run-permissions-script', { database: 'ServiceManager' }),
      s('restore-encryption-key', { computer: 'SM01' }),
      s('install-management-server', { computer: 'SM01', database: 'ServiceManager', role: 'workflow' }),
    ]);
    expect(execution.initial.components['ms:SM01']).toBe('unrecoverable');
    expect(found).toEqual([
      [5, 'step-precondition'],
      [6, 'step-precondition'],
    ]);
    expect(verdict.recovered).toBe(false);
    const reason = verdict.reasons.find((r) => r.component === 'ms:SM01');
    expect(reason?.ruleId).toBe('scenario-recovered');
    expect(verdictMessage(reason!)).toContain('impossible');
  });
});
