/**
 * Inputs for the readiness report tests: the bundled scenarios, a plan with violations (for
 * traces), and a hostile environment and plan written to a directory whose own name is
 * hostile, so that every file path in a location is hostile too. Computer names must be
 * NetBIOS names, so the hostile text goes into every field that allows free text: the
 * environment's name, sites, collations, management group names, key backup and backup
 * locations (UNC paths), the Reporting Server URL, drill scenarios and notes, scenario titles,
 * owners, notes, manual descriptions and the reporting URL of a step.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { stringify } from 'yaml';
import { loadEnvironmentFile } from '../../../src/environment/load.js';
import type { Environment } from '../../../src/environment/types.js';
import { loadPlanFile } from '../../../src/plan/load.js';
import type { Plan } from '../../../src/plan/types.js';
import type { ReadinessReportInput } from '../../../src/report/readiness/index.js';
import { scoreReadiness } from '../../../src/score/index.js';

/** The bundled reference installation with its plan. */
export const HA = {
  environment: 'scenarios/four-computer-ha/environment.yaml',
  plan: 'scenarios/four-computer-ha/plan.yaml',
} as const;

/** The single-computer lab: many environment findings, unrecoverable losses. */
export const SINGLE = {
  environment: 'scenarios/single-computer/environment.yaml',
  plan: 'scenarios/single-computer/plan.yaml',
} as const;

/** A plan with violations found by executing steps, so the report has traces. */
export const BROKEN = {
  environment: 'test/fixtures/check/reportserver-on-host/environment.yaml',
  plan: 'test/fixtures/check/reportserver-on-host/plan.yaml',
} as const;

/** A directory name with every character HTML and Markdown care about; Linux allows them all. */
export const HOSTILE_DIRECTORY = `evil <b>dir</b> & "q" 's' [x](javascript:y) |`;

/** Hostile text per free-text field. Each is distinct, so a test can tell where it came from. */
export const HOSTILE = {
  environmentName: '<script>alert("env")</script> & <b>co</b>',
  siteA: 'hq"><img src=x onerror=alert(1)>',
  siteB: "dr' onmouseover='alert(2)' `**md**` [l](javascript:z)",
  collationA: 'Latin1_<b>bold</b>_CI_AS',
  collationB: 'Latin1_`code`_|pipe|_@mention',
  smGroup: 'SM_[link](javascript:alert(3))',
  dwGroup: 'DW_<i>@mention</i> #1 | pipe',
  keyFile: '\\\\backup01\\keys\\<svg onload=alert(4)>.bin',
  keyFileLocal: 'C:\\keys\\"><script>alert(41)</script>.bin',
  backupLocation: '\\\\backup01\\sql\\</textarea><script>alert(5)</script>',
  reportingUrl: 'http://dw01/ReportServer?"><iframe src=javascript:alert(6)>',
  drillScenario: '<marquee>drill</marquee> & more',
  drillNotes: '%%{init: {"securityLevel":"loose"}}%%\nclick A call alert(7)\n<img src=x onerror=alert(71)>',
  title1: '"]; click A call alert(8) <details open ontoggle=alert(9)>',
  title2: '</td></tr></table><h1>forged</h1>',
  title3: '\u202Eevil\u202C <a href="http://evil.example">x</a> ~~strike~~ _em_',
  owner: '<u>owner</u> & "team"',
  note: "<style>body{display:none}</style> it's",
  description: '<!-- comment --> ]]> &amp; &lt; <object data=x>',
  stepUrl: 'http://evil.example/<script>alert(10)</script>',
} as const;

/** Every hostile string, for tests that check them all. */
export const HOSTILE_TEXTS: readonly string[] = Object.values(HOSTILE);

/** The hostile environment, as plain data (written as YAML, so the real loader reads it). */
function hostileEnvironment(): Record<string, unknown> {
  const backup = (last: string) => ({
    full: { every: '24h', last },
    log: { every: '1h' },
    offHost: true,
    location: HOSTILE.backupLocation,
    permissionsScript: '2026-10-01',
    lastRestoreTest: '2026-10-15',
  });
  return {
    version: 1,
    name: HOSTILE.environmentName,
    product: 'scsm-2019',
    asOf: '2026-11-24',
    objectives: { rto: '8h', rpo: '24h' },
    computers: [
      { name: 'SM01', fqdn: 'sm01.contoso.example', site: HOSTILE.siteA },
      { name: 'SM02', site: HOSTILE.siteB },
      { name: 'SQL01', site: HOSTILE.siteA },
      { name: 'DW01', site: HOSTILE.siteB },
      { name: 'DWSQL01', site: HOSTILE.siteB },
    ],
    sqlInstances: [
      { id: 'SQL01', collation: HOSTILE.collationA },
      { id: 'DWSQL01\\DW', collation: HOSTILE.collationB },
    ],
    databases: [
      { name: 'ServiceManager', instance: 'SQL01', sizeGb: 20, backup: backup('2026-11-23T22:00:00Z') },
      { name: 'DWStagingAndConfig', instance: 'DWSQL01\\DW', backup: backup('2026-11-23T22:00:00Z') },
      { name: 'DWRepository', instance: 'DWSQL01\\DW', backup: backup('2026-11-23T22:00:00Z') },
      // No backup at all: a finding, and a data warehouse history that can only be recreated.
      { name: 'DWDataMart', instance: 'DWSQL01\\DW' },
    ],
    managementGroups: [
      {
        name: HOSTILE.smGroup,
        type: 'service-manager',
        database: 'ServiceManager',
        managementServers: [
          {
            computer: 'SM01',
            role: 'workflow',
            keyBackup: { file: HOSTILE.keyFile, taken: '2026-01-12', offHost: true, password: 'escrowed' },
          },
          {
            computer: 'SM02',
            role: 'additional',
            keyBackup: {
              file: HOSTILE.keyFileLocal,
              taken: '2026-01-12',
              offHost: false,
              password: 'unknown',
            },
          },
        ],
        unsealedManagementPacks: { lastExport: '2026-11-20', offHost: true },
      },
      {
        name: HOSTILE.dwGroup,
        type: 'data-warehouse',
        databases: { staging: 'DWStagingAndConfig', repository: 'DWRepository', datamart: 'DWDataMart' },
        managementServer: {
          computer: 'DW01',
          keyBackup: {
            file: HOSTILE.keyFile.replace('.bin', '-dw.bin'),
            offHost: true,
            password: 'escrowed',
          },
        },
        reportingServer: { computer: 'DWSQL01', url: HOSTILE.reportingUrl },
        registeredWith: HOSTILE.smGroup,
      },
    ],
    drills: [
      { scenario: HOSTILE.drillScenario, date: '2024-05-14', outcome: 'failed', notes: HOSTILE.drillNotes },
    ],
  };
}

/** The hostile plan: one scenario with a violation (and so a trace), one clean, one for a site. */
function hostilePlan(): Record<string, unknown> {
  return {
    version: 1,
    environment: './environment.yaml',
    scenarios: [
      {
        id: 'workflow-server-lost',
        title: HOSTILE.title1,
        lost: { computers: ['SM01'] },
        steps: [
          {
            action: 'stop-services',
            computer: 'SM02',
            owner: HOSTILE.owner,
            note: HOSTILE.note,
            duration: '5m',
          },
          { action: 'clear-health-service-state', computer: 'SM02', owner: HOSTILE.owner },
          { action: 'promote-workflow-server', computer: 'SM02', note: HOSTILE.note },
          { action: 'start-services', computer: 'SM02' },
          { action: 'manual', description: HOSTILE.description, owner: HOSTILE.owner },
        ],
      },
      {
        id: 'dw-server-lost',
        title: HOSTILE.title2,
        lost: { computers: ['DW01'] },
        steps: [
          { action: 'provision-computer', computer: 'DW01', owner: HOSTILE.owner },
          // Setup before the key restore, at another URL: violations with a trace.
          {
            action: 'install-data-warehouse-server',
            computer: 'DW01',
            database: 'DWStagingAndConfig',
            reportingUrl: HOSTILE.stepUrl,
            note: HOSTILE.note,
          },
          { action: 'restore-encryption-key', computer: 'DW01' },
        ],
      },
      {
        id: 'site-lost',
        title: HOSTILE.title3,
        lost: { sites: [HOSTILE.siteB] },
        steps: [{ action: 'manual', description: HOSTILE.description, owner: HOSTILE.owner, duration: '2h' }],
      },
    ],
  };
}

/** Writes the hostile environment and plan under `root`, in {@link HOSTILE_DIRECTORY}; returns their paths. */
export function writeHostileInputs(root: string): { environment: string; plan: string; directory: string } {
  const directory = join(root, HOSTILE_DIRECTORY);
  mkdirSync(directory, { recursive: true });
  const environment = join(directory, 'environment.yaml');
  const plan = join(directory, 'plan.yaml');
  writeFileSync(environment, stringify(hostileEnvironment()));
  writeFileSync(plan, stringify(hostilePlan()));
  return { environment, plan, directory };
}

async function loadEnvironment(file: string): Promise<Environment> {
  const result = await loadEnvironmentFile(file);
  if (!result.ok) throw new Error(`${file}: ${JSON.stringify(result.errors, null, 2)}`);
  return result.value;
}

async function loadPlan(file: string): Promise<Plan> {
  const result = await loadPlanFile(file);
  if (!result.ok) throw new Error(`${file}: ${JSON.stringify(result.errors, null, 2)}`);
  return result.value;
}

/** Loads an environment (and plan) and scores it at the environment's own `asOf`, as the CLI does. */
export async function reportInput(
  environmentFile: string,
  planFile?: string,
  failOn: ReadinessReportInput['failOn'] = 'error',
): Promise<ReadinessReportInput> {
  const environment = await loadEnvironment(environmentFile);
  const plan = planFile === undefined ? undefined : await loadPlan(planFile);
  const readiness = scoreReadiness(environment, {
    asOfMillis: environment.asOf ?? Date.UTC(2026, 10, 24),
    version: '0.1.0',
    ...(plan ? { plan } : {}),
  });
  return { readiness, environment, ...(plan ? { plan } : {}), version: '0.1.0', failOn };
}

/** The inputs the readiness report tests read. */
export interface ReadinessInputs {
  /** {@link HA} with its plan. */
  readonly ha: ReadinessReportInput;
  /** {@link HA} without a plan. */
  readonly haNoPlan: ReadinessReportInput;
  /** {@link SINGLE} with its plan. */
  readonly single: ReadinessReportInput;
  /** {@link BROKEN} with its plan. */
  readonly broken: ReadinessReportInput;
  /** The hostile environment and plan. */
  readonly hostile: ReadinessReportInput;
}

/** Writes the hostile inputs under `directory` and loads every readiness input, in parallel. */
export async function loadReadinessInputs(directory: string): Promise<ReadinessInputs> {
  const hostileFiles = writeHostileInputs(directory);
  const [ha, haNoPlan, single, broken, hostile] = await Promise.all([
    reportInput(HA.environment, HA.plan),
    reportInput(HA.environment),
    reportInput(SINGLE.environment, SINGLE.plan),
    reportInput(BROKEN.environment, BROKEN.plan),
    reportInput(hostileFiles.environment, hostileFiles.plan),
  ]);
  return { ha, haNoPlan, single, broken, hostile };
}

/**
 * Registers `beforeAll`/`afterAll` hooks that make a scratch folder named after `tmpPrefix`,
 * {@link loadReadinessInputs} into it, and remove it after the file's tests. The object
 * returned is filled in by the `beforeAll` hook.
 */
export function useReadinessInputs(tmpPrefix: string): ReadinessInputs {
  const inputs = {} as { -readonly [Name in keyof ReadinessInputs]: ReadinessInputs[Name] };
  let directory = '';

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), tmpPrefix));
    Object.assign(inputs, await loadReadinessInputs(directory));
  }, 120_000);

  afterAll(async () => {
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  return inputs;
}
