/**
 * Plan synthesis on small inline environments: the choices the weights must make, the last
 * resort of recreating a data warehouse database, the reasons given for unrecoverable
 * losses, and determinism.
 */
import { describe, expect, it } from 'vitest';
import type { Environment } from '../../src/environment/types.js';
import { describeLoss, lossScenarioId, parseLossArguments } from '../../src/loss/index.js';
import { createSystem, type Loss } from '../../src/models/system.js';
import { executeScenario } from '../../src/simulator/execute.js';
import { synthesisMessage } from '../../src/simulator/synthesis-messages.js';
import { type SynthesisResult, synthesizeRecovery } from '../../src/simulator/synthesize.js';
import { buildEnvironment, fourComputerHa, s, scenario, twoComputer } from '../models/fixtures.js';

const lose = (...computers: string[]): Loss => ({ computers, databases: [], sites: [] });

function synthesize(env: Environment, loss: Loss): SynthesisResult {
  return synthesizeRecovery(createSystem(env), loss);
}

function okSteps(result: SynthesisResult) {
  if (!result.ok)
    throw new Error(`expected a plan, got: ${result.reasons.map((r) => synthesisMessage(r)).join('; ')}`);
  return result.steps;
}

const brief = (steps: ReturnType<typeof okSteps>) =>
  steps.map((step) => `${step.action} ${Object.values(step.params).join(' ')}`);

/** The plan, executed on the XState path, recovers with no violation and no reason at all. */
function expectCleanRecovery(env: Environment, loss: Loss, result: SynthesisResult): void {
  const steps = okSteps(result);
  const execution = executeScenario(
    createSystem(env),
    scenario(
      'synthesised',
      { computers: [...loss.computers], databases: [...loss.databases], sites: [...loss.sites] },
      steps.map((step) => s(step.action, { ...step.params })),
    ),
  );
  expect(execution.trace.flatMap((entry) => entry.violations)).toEqual([]);
  expect(execution.verdict.reasons).toEqual([]);
  expect(execution.verdict.recovered).toBe(true);
}

/** One management server (workflow) on SM01, its database on SQL01. */
function loneServer(key: Parameters<typeof buildEnvironment>[0]['smGroup']['servers'][number]['key']) {
  return buildEnvironment({
    computers: ['SM01', 'SQL01'],
    instances: ['SQL01'],
    databases: [{ name: 'ServiceManager', instance: 'SQL01', role: 'service-manager' }],
    smGroup: {
      name: 'SMMG',
      database: 'ServiceManager',
      servers: [{ computer: 'SM01', role: 'workflow', ...(key === undefined ? {} : { key }) }],
    },
  });
}

describe('synthesizeRecovery: choices the durations make', () => {
  it('promotes the additional server when one exists and promotion is faster (R-PROMOTE, then R-ADD)', () => {
    const env = fourComputerHa();
    const result = synthesize(env, lose('SM01'));
    expect(brief(okSteps(result))).toEqual([
      'stop-services SM02',
      'clear-health-service-state SM02',
      'promote-workflow-server SM02',
      'start-services SM02',
      'provision-computer SM01',
      'install-management-server SM01 ServiceManager additional',
      'backup-encryption-key SM01',
    ]);
    const steps = okSteps(result);
    expect(steps[1]).toMatchObject({ procedure: 'R-PROMOTE step 2', citation: 'D-PROMO' });
    expect(result.ok && result.totalSeconds).toBe(steps.reduce((sum, step) => sum + step.seconds, 0));
    expectCleanRecovery(env, lose('SM01'), result);
  });

  it('replaces the workflow server from its key when there is no additional server (R-REPLACE-MS, R-MP)', () => {
    const env = loneServer(undefined);
    const result = synthesize(env, lose('SM01'));
    expect(brief(okSteps(result))).toEqual([
      'provision-computer SM01',
      'restore-encryption-key SM01',
      'install-management-server SM01 ServiceManager workflow',
      'import-management-packs SM01',
      'backup-encryption-key SM01',
    ]);
    expectCleanRecovery(env, lose('SM01'), result);
  });

  it('replaces rather than promotes when the environment makes promotion slower', () => {
    const env: Environment = {
      ...fourComputerHa(),
      durationOverrides: { 'promote-workflow-server': 10 * 3600 },
    };
    const steps = okSteps(synthesize(env, lose('SM01')));
    expect(steps.map((step) => step.action)).not.toContain('promote-workflow-server');
    expect(brief(steps)).toContain('restore-encryption-key SM01');
  });

  it('restores the ServiceManager database before any server recovery on a combined loss (invariant 6, F16)', () => {
    const env = fourComputerHa();
    const result = synthesize(env, lose('SQL01', 'SM01'));
    const steps = brief(okSteps(result));
    const restore = steps.indexOf('restore-database ServiceManager SQL01');
    const permissions = steps.indexOf('run-permissions-script ServiceManager');
    const serverSteps = steps
      .map((step, index) => ({ step, index }))
      .filter(({ step }) => /^(install-management-server|promote-workflow-server|start-services)/.test(step));
    expect(restore).toBeGreaterThanOrEqual(0);
    expect(serverSteps.length).toBeGreaterThan(0);
    for (const { index } of serverSteps) expect(index).toBeGreaterThan(permissions);
    expect(steps.slice(0, 2)).toEqual(['provision-computer SQL01', 'install-sql-server SQL01']);
    expectCleanRecovery(env, lose('SQL01', 'SM01'), result);
  });

  it('uses a promotion when the workflow server’s key is unusable but an additional server survives (F4 inference)', () => {
    const env = fourComputerHa({
      smGroup: {
        name: 'SMMG',
        database: 'ServiceManager',
        servers: [
          { computer: 'SM01', role: 'workflow', key: { password: 'lost' } },
          { computer: 'SM02', role: 'additional' },
        ],
      },
    });
    const result = synthesize(env, lose('SM01'));
    const steps = brief(okSteps(result));
    expect(steps).toContain('promote-workflow-server SM02');
    expect(steps).not.toContain('restore-encryption-key SM01');
    expectCleanRecovery(env, lose('SM01'), result);
  });

  it('refuses when both servers are lost and the workflow server’s key is unusable (F2, F4, F5)', () => {
    const env = fourComputerHa({
      smGroup: {
        name: 'SMMG',
        database: 'ServiceManager',
        servers: [
          { computer: 'SM01', role: 'workflow', key: { password: 'lost' } },
          { computer: 'SM02', role: 'additional' },
        ],
      },
    });
    // Reinstalling SM02 as an additional server needs a running workflow server (P-ADDMSI),
    // so promotion is out, and replacing SM01 needs its key (D-MSDR).
    const result = synthesize(env, lose('SM01', 'SM02'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reasons.map((reason) => [reason.component, reason.citation])).toContainEqual([
      'ms:SM01',
      'D-BKKEY',
    ]);
    expect(synthesisMessage(result.reasons.find((reason) => reason.component === 'ms:SM01')!)).toContain(
      'no additional management server of the group survives',
    );
  });
});

describe('synthesizeRecovery: data warehouse databases without a backup', () => {
  const noRepositoryBackup = () =>
    fourComputerHa({
      databases: [
        { name: 'ServiceManager', instance: 'SQL01', role: 'service-manager' },
        { name: 'DWStagingAndConfig', instance: 'DWSQL01\\DW', role: 'dw-staging' },
        { name: 'DWRepository', instance: 'DWSQL01\\DW', role: 'dw-repository', backup: false },
        { name: 'DWDataMart', instance: 'DWSQL01\\DW', role: 'dw-datamart' },
      ],
    });

  it('recreates a DW database that has no backup and reports its history lost (D-DBREC, F13)', () => {
    const env = noRepositoryBackup();
    const result = synthesize(env, lose('DWSQL01'));
    const steps = brief(okSteps(result));
    expect(steps).toContain('recreate-database DWRepository');
    expect(steps).toContain('restore-database DWStagingAndConfig DWSQL01\\DW');
    expect(steps).toContain('restore-database DWDataMart DWSQL01\\DW');
    expect(result.ok && result.historyLost).toEqual(['DWRepository']);
    const recreate = okSteps(result).find((step) => step.action === 'recreate-database')!;
    expect(recreate).toMatchObject({ procedure: 'R-DB step 5', citation: 'D-DBREC' });
    expectCleanRecovery(env, lose('DWSQL01'), result);
  });

  it('re-registers the data warehouse when DWStagingAndConfig had to be recreated (P-REG)', () => {
    const env = fourComputerHa({
      databases: [
        { name: 'ServiceManager', instance: 'SQL01', role: 'service-manager' },
        { name: 'DWStagingAndConfig', instance: 'DWSQL01\\DW', role: 'dw-staging', backup: false },
        { name: 'DWRepository', instance: 'DWSQL01\\DW', role: 'dw-repository' },
        { name: 'DWDataMart', instance: 'DWSQL01\\DW', role: 'dw-datamart' },
      ],
    });
    const result = synthesize(env, lose('DWSQL01'));
    expect(brief(okSteps(result))).toContain('register-data-warehouse SMMG DW_SMMG');
    expect(result.ok && result.historyLost).toEqual(['DWStagingAndConfig']);
    expectCleanRecovery(env, lose('DWSQL01'), result);
  });

  it('restores rather than recreates whenever a backup exists', () => {
    const env = fourComputerHa();
    const loss: Loss = { computers: [], databases: ['DWRepository'], sites: [] };
    const result = synthesize(env, loss);
    expect(brief(okSteps(result))).toEqual([
      'restore-database DWRepository DWSQL01\\DW',
      'run-permissions-script DWRepository',
    ]);
    expect(result.ok && result.historyLost).toEqual([]);
  });
});

describe('synthesizeRecovery: unrecoverable losses say why', () => {
  it('a management server lost with its own database on one computer (D-STRAT, invariant 7)', () => {
    const result = synthesize(twoComputer(), lose('SM01'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reasons[0]).toMatchObject({ component: 'ms:SM01', citation: 'D-STRAT' });
    expect(synthesisMessage(result.reasons[0]!)).toMatch(/ServiceManager.*same lost computer SM01/);
    // The database itself comes back from its off-host backup: the partial recovery says so.
    expect(result.partial.recovered).toContain('database:ServiceManager');
    expect(result.partial.notRecovered).toEqual(['ms:SM01']);
  });

  it('the only key backup stored on the lost computer, and no additional server to promote (F4)', () => {
    const result = synthesize(loneServer({ storedOn: 'SM01' }), lose('SM01'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reasons.map((reason) => reason.component)).toEqual(['ms:SM01', 'group:SMMG']);
    expect(result.reasons[0]).toMatchObject({ component: 'ms:SM01', citation: 'D-MSDR' });
    expect(synthesisMessage(result.reasons[1]!)).toMatch(
      /0 operational workflow servers.*without management server SM01/,
    );
    expect(synthesisMessage(result.reasons[0]!)).toMatch(/stored on the lost computer SM01/);
    expect(synthesisMessage(result.reasons[0]!)).toMatch(
      /no additional management server of the group survives to be promoted/,
    );
  });

  it('the key backup’s password is lost (F5)', () => {
    const result = synthesize(loneServer({ password: 'lost' }), lose('SM01'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reasons[0]).toMatchObject({ component: 'ms:SM01', citation: 'D-BKKEY' });
    expect(synthesisMessage(result.reasons[0]!)).toMatch(/password/);
  });

  it('a database whose only backup was on the lost host, and the servers that need it', () => {
    const env = fourComputerHa({
      databases: [
        { name: 'ServiceManager', instance: 'SQL01', role: 'service-manager', backup: { storedOn: 'SQL01' } },
        { name: 'DWStagingAndConfig', instance: 'DWSQL01\\DW', role: 'dw-staging' },
        { name: 'DWRepository', instance: 'DWSQL01\\DW', role: 'dw-repository' },
        { name: 'DWDataMart', instance: 'DWSQL01\\DW', role: 'dw-datamart' },
      ],
    });
    const result = synthesize(env, lose('SQL01', 'SM01'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reasons[0]).toMatchObject({ component: 'database:ServiceManager', citation: 'D-DBREC' });
    expect(synthesisMessage(result.reasons[0]!)).toMatch(/only backup was stored on the lost computer SQL01/);
    const dependent = result.reasons.find((reason) => reason.component === 'ms:SM01');
    expect(synthesisMessage(dependent!)).toMatch(/cannot be recovered without database ServiceManager/);
    expect(result.partial.recovered).toContain('instance:SQL01');
  });

  it('a data warehouse server whose key backup was never taken can only be replaced (D-OV)', () => {
    const env = fourComputerHa({
      dwGroup: {
        name: 'DW_SMMG',
        staging: 'DWStagingAndConfig',
        repository: 'DWRepository',
        datamart: 'DWDataMart',
        server: 'DW01',
        key: false,
        reportingUrl: 'http://dwsql01/ReportServer',
      },
    });
    const result = synthesize(env, lose('DW01'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reasons[0]).toMatchObject({ component: 'dw:DW01' });
    expect(synthesisMessage(result.reasons[0]!)).toMatch(/no key backup was ever taken.*cannot be promoted/);
  });
});

describe('synthesizeRecovery: determinism and bounds', () => {
  it('gives identical output for identical input', () => {
    const env = fourComputerHa();
    const loss = lose('SM01', 'DWSQL01');
    const first = synthesizeRecovery(createSystem(env), loss);
    const second = synthesizeRecovery(createSystem(env), loss);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  });

  it('stops at maxStates and says so', () => {
    const result = synthesizeRecovery(
      createSystem(fourComputerHa()),
      { computers: [], databases: [], sites: ['hq'] },
      {
        maxStates: 3,
      },
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.statesExplored).toBe(3);
    expect(synthesisMessage(result.reasons.at(-1)!)).toMatch(/stopped after 3 states/);
  });
});

describe('parseLossArguments and describeLoss', () => {
  const env = fourComputerHa();

  it('resolves computers, sites and databases case-insensitively to their declared spelling', () => {
    const parsed = parseLossArguments(['sm01, SITE:HQ', 'database:servicemanager', 'SM01'], env);
    expect(parsed).toEqual({
      ok: true,
      loss: { computers: ['SM01'], sites: ['hq'], databases: ['ServiceManager'] },
    });
    if (!parsed.ok) return;
    expect(describeLoss(parsed.loss)).toBe(
      'SM01 lost; site hq lost; database ServiceManager corrupt (host intact)',
    );
    expect(lossScenarioId(parsed.loss)).toBe('sm01-site-hq-database-servicemanager-lost');
  });

  it('reports every unknown name with a did-you-mean', () => {
    const parsed = parseLossArguments(['SM1,database:ServiceManagr', 'computr:SM01', 'site:mars'], env);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors).toEqual([
      "--lost SM1: t.yaml declares no computer 'SM1'; did you mean 'SM01'?",
      "--lost database:ServiceManagr: t.yaml declares no database 'ServiceManagr'; did you mean 'database:ServiceManager'?",
      "--lost computr:SM01: unknown kind 'computr'; expected a computer name, site:NAME or database:NAME; did you mean 'computer:'?",
      "--lost site:mars: t.yaml declares no site 'mars'; declared: hq, dr",
    ]);
  });

  it('refuses an empty loss', () => {
    expect(parseLossArguments([' , '], env).ok).toBe(false);
  });
});

describe('synthesis and instance names', () => {
  // D-DBREC: a rebuilt database host gets "the same instance name"; synthesis must never
  // propose installing SQL Server under a name the environment does not declare on that host.
  const named = fourComputerHa({
    instances: ['SQL01\\SCSM', 'DWSQL01\\DW'],
    databases: [
      { name: 'ServiceManager', instance: 'SQL01\\SCSM', role: 'service-manager' },
      { name: 'DWStagingAndConfig', instance: 'DWSQL01\\DW', role: 'dw-staging' },
      { name: 'DWRepository', instance: 'DWSQL01\\DW', role: 'dw-repository' },
      { name: 'DWDataMart', instance: 'DWSQL01\\DW', role: 'dw-datamart' },
    ],
  });
  it.each([
    ['four-computer-ha, default instance SQL01', fourComputerHa(), ['SQL01', 'DWSQL01\\DW']],
    ['named instance SQL01\\SCSM', named, ['SQL01\\SCSM', 'DWSQL01\\DW']],
  ] as const)('%s: every install-sql-server names a declared instance', (_name, env, declared) => {
    for (const computer of ['SQL01', 'DWSQL01']) {
      const steps = okSteps(synthesize(env, lose(computer)));
      const installs = steps.filter((step) => step.action === 'install-sql-server');
      expect(installs.length).toBe(1);
      for (const step of installs) expect(declared).toContain(step.params.instance);
      expect(installs[0]!.params.instance?.startsWith(computer)).toBe(true);
      for (const step of steps.filter((each) => each.params.instance !== undefined))
        expect(declared).toContain(step.params.instance);
    }
  });
});
