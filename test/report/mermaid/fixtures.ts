/**
 * Inline fixtures for the diagram tests: a realistic four-computer installation (with an
 * additional management server, a named instance and two sites), its plan and check results,
 * and a hostile twin in which every free-text field carries markup, Mermaid syntax and
 * control characters.
 */
import type { ScenarioResult } from '../../../src/check/types.js';
import type { NodePath, SourceLocation } from '../../../src/common/location.js';
import type {
  Computer,
  Database,
  DatabaseRole,
  DataWarehouseGroup,
  Environment,
  KeyBackup,
  Located,
  ManagementServer,
  ServiceManagerGroup,
  SqlInstance,
} from '../../../src/environment/types.js';
import type { ActionName } from '../../../src/plan/actions.js';
import type { PlanStep, Scenario } from '../../../src/plan/types.js';
import type { Finding, TraceStep } from '../../../src/rules/types.js';

const ENV_FILE = 'environment.yaml';
const PLAN_FILE = 'plan.yaml';
const HOUR = 3600;
const DAY = 24 * HOUR;

function at(file: string, line: number, path: NodePath = []): Located {
  return { location: { file, line, column: 1 }, path };
}

function where(file: string, line: number): SourceLocation {
  return { file, line, column: 7 };
}

/**
 * Hostile strings: each tries to end a label, start a statement, a directive, a comment, a
 * Markdown string or an HTML tag, or to forge Mermaid's entity placeholders.
 */
export const HOSTILE = [
  '"]; click A call alert(1)',
  '<script>alert(1)</script>',
  '%%{init: {"securityLevel":"loose"}}%%',
  '#quot; #35; &amp; &lt;b&gt; #x3C;',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal `${…}` is the hostile part.
  '`**md**` ${alert(1)} __x__',
  'a:b;c,d@e',
  'line1\nclick B href "javascript:alert(1)"\r\nstyle A fill:#f00;',
  'end',
  'subgraph x["y"]',
  'classDef evil fill:#f00;',
  '{{x}} [y] (z) |w| <<v>> [(db)] ((c))',
  '--> x --- o -.-> ==> -x ->> A-->>B: hi',
  'ﬂ°°60¶ßscript ﬂ°lt¶ß',
  'Ünïcödé 名前 😀 \u202Ertl\u2028sep',
  '<img src=x onerror=alert(1)>',
  "'; alert(1); '",
  'participant Evil as Evil\nNote over Evil: owned',
  'section title click dateFormat 2026-01-01 : x, 0, 1',
  '%% comment\n%%{wrap}%%',
  'style:#000;',
  '   ',
] as const;

/** A hostile string with a distinguishing suffix, for fields that must be unique. */
function hostile(index: number): string {
  return `${HOSTILE[index % HOSTILE.length]}${index >= HOSTILE.length ? ` ${index}` : ''}`;
}

interface Names {
  readonly environment: string;
  readonly sites: readonly [string, string];
  readonly computers: {
    readonly sm1: string;
    readonly sm2: string;
    readonly sql: string;
    readonly dw: string;
    readonly dwsql: string;
  };
  readonly fqdn: string;
  readonly instances: { readonly sql: string; readonly dw: string };
  readonly collation: string;
  readonly databases: {
    readonly sm: string;
    readonly staging: string;
    readonly repository: string;
    readonly datamart: string;
  };
  readonly groups: { readonly sm: string; readonly dw: string };
  readonly backupRoot: string;
  readonly target: string;
  readonly reportingUrl: string;
  readonly scenarioIds: readonly [string, string, string];
  readonly titles: readonly [string, string, string];
  readonly owner: string;
  readonly note: string;
  readonly description: string;
  readonly message: string;
  readonly ruleId: string;
}

const NORMAL: Names = {
  environment: 'contoso-production',
  sites: ['hq', 'dr'],
  computers: { sm1: 'SM01', sm2: 'SM02', sql: 'SQL01', dw: 'DW01', dwsql: 'DWSQL01' },
  fqdn: 'sm01.contoso.com',
  instances: { sql: 'SQL01', dw: 'DWSQL01\\DW' },
  collation: 'SQL_Latin1_General_CP1_CI_AS',
  databases: {
    sm: 'ServiceManager',
    staging: 'DWStagingAndConfig',
    repository: 'DWRepository',
    datamart: 'DWDataMart',
  },
  groups: { sm: 'SMMG', dw: 'DW_SMMG' },
  backupRoot: '\\\\backup01\\scsm',
  target: '\\\\backup01\\sql\\ServiceManager',
  reportingUrl: 'http://dw01/ReportServer',
  scenarioIds: ['workflow-server-lost', 'sql-host-lost', 'dr-site-lost'],
  titles: [
    'SM01 (workflow server) is lost; promote SM02, then rebuild SM01 as additional',
    'SQL01 is lost; rebuild it and restore ServiceManager',
    'The dr site is lost',
  ],
  owner: 'dba team',
  note: 'check the SQL Agent jobs afterwards',
  description: 'tell the service desk',
  message: 'restore-database ServiceManager is not followed by run-permissions-script',
  ruleId: 'permissions-after-restore',
};

const HOSTILE_NAMES: Names = {
  environment: hostile(0),
  sites: [hostile(1), hostile(2)],
  computers: { sm1: hostile(3), sm2: hostile(4), sql: hostile(5), dw: hostile(6), dwsql: hostile(7) },
  fqdn: hostile(8),
  instances: { sql: hostile(5), dw: `${hostile(7)}\\${hostile(9)}` },
  collation: hostile(10),
  databases: { sm: hostile(11), staging: hostile(12), repository: hostile(13), datamart: hostile(14) },
  groups: { sm: hostile(15), dw: hostile(16) },
  backupRoot: `\\\\${hostile(17)}\\share`,
  target: `\\\\${hostile(10)}\\${hostile(0)}`,
  reportingUrl: `javascript:alert(1)//${hostile(1)}`,
  scenarioIds: [hostile(19), hostile(2), hostile(20)],
  titles: [hostile(6), hostile(16), hostile(0)],
  owner: hostile(1),
  note: hostile(6),
  description: hostile(18),
  message: hostile(0),
  ruleId: hostile(9),
};

function environment(names: Names): Environment {
  const c = names.computers;
  const computers: Computer[] = [
    { ...at(ENV_FILE, 10), name: c.sm1, fqdn: names.fqdn, site: names.sites[0] },
    { ...at(ENV_FILE, 13), name: c.sm2, site: names.sites[1] },
    { ...at(ENV_FILE, 15), name: c.sql, site: names.sites[0] },
    { ...at(ENV_FILE, 17), name: c.dw, site: names.sites[0] },
    { ...at(ENV_FILE, 19), name: c.dwsql, site: names.sites[1] },
    // A computer without a site and without anything on it.
    { ...at(ENV_FILE, 21), name: `${c.sm1}-spare` },
  ];
  const sqlInstances: SqlInstance[] = [
    {
      ...at(ENV_FILE, 24),
      id: names.instances.sql,
      computer: c.sql,
      instanceName: 'MSSQLSERVER',
      collation: names.collation,
    },
    {
      ...at(ENV_FILE, 26),
      id: names.instances.dw,
      computer: c.dwsql,
      instanceName: 'DW',
      collation: names.collation,
    },
  ];
  const lastFull = Date.UTC(2026, 10, 23, 22);
  const db = (
    line: number,
    name: string,
    instance: string,
    computer: string,
    role: DatabaseRole,
    group: string,
    backup: Database['backup'],
  ): Database => ({
    ...at(ENV_FILE, line),
    name,
    instance,
    computer,
    role,
    managementGroup: group,
    sizeGb: 40,
    ...(backup ? { backup } : {}),
  });
  const databases: Database[] = [
    db(30, names.databases.sm, names.instances.sql, c.sql, 'service-manager', names.groups.sm, {
      ...at(ENV_FILE, 33),
      fullEverySeconds: DAY,
      lastFull,
      differentialEverySeconds: 6 * HOUR,
      logEverySeconds: 900,
      offHost: true,
      target: names.target,
      permissionsScript: Date.UTC(2026, 10, 1),
      lastRestoreTest: Date.UTC(2026, 8, 1),
      rpoSeconds: 900,
    }),
    db(40, names.databases.staging, names.instances.dw, c.dwsql, 'dw-staging', names.groups.dw, {
      ...at(ENV_FILE, 41),
      fullEverySeconds: DAY,
      offHost: true,
      // Stored on a declared computer: drawn inside that computer.
      target: `\\\\${c.dw}\\backups`,
      storedOn: c.dw,
      rpoSeconds: DAY,
    }),
    db(45, names.databases.repository, names.instances.dw, c.dwsql, 'dw-repository', names.groups.dw, {
      ...at(ENV_FILE, 46),
      fullEverySeconds: DAY,
      offHost: false,
      storedOn: c.dwsql,
      rpoSeconds: DAY,
    }),
    // No backup at all.
    db(50, names.databases.datamart, names.instances.dw, c.dwsql, 'dw-datamart', names.groups.dw, undefined),
  ];
  const key = (line: number, file: string, offHost: boolean, storedOn?: string): KeyBackup => ({
    ...at(ENV_FILE, line),
    file,
    taken: Date.UTC(2026, 0, 12),
    offHost,
    password: 'escrowed',
    ...(storedOn ? { storedOn } : {}),
  });
  const managementServers: ManagementServer[] = [
    {
      ...at(ENV_FILE, 60),
      computer: c.sm1,
      managementGroup: names.groups.sm,
      role: 'workflow',
      keyBackup: key(62, `${names.backupRoot}\\keys\\${c.sm1}.bin`, true),
    },
    {
      ...at(ENV_FILE, 66),
      computer: c.sm2,
      managementGroup: names.groups.sm,
      role: 'additional',
      keyBackup: key(67, `C:\\keys\\${c.sm2}.bin`, false, c.sm2),
    },
    {
      ...at(ENV_FILE, 75),
      computer: c.dw,
      managementGroup: names.groups.dw,
      role: 'data-warehouse',
      // Off-host, but the path says nowhere where: an unstated store.
      keyBackup: { ...key(76, `${hostile(3)} key file`, true), password: 'unknown' },
    },
  ];
  const smGroup: ServiceManagerGroup = {
    ...at(ENV_FILE, 55),
    type: 'service-manager',
    name: names.groups.sm,
    database: names.databases.sm,
    managementServers: [c.sm1, c.sm2],
    workflowServer: c.sm1,
    unsealedManagementPacks: { ...at(ENV_FILE, 69), lastExport: Date.UTC(2026, 10, 20), offHost: true },
  };
  const dwGroup: DataWarehouseGroup = {
    ...at(ENV_FILE, 71),
    type: 'data-warehouse',
    name: names.groups.dw,
    databases: {
      staging: names.databases.staging,
      repository: names.databases.repository,
      datamart: names.databases.datamart,
    },
    managementServer: c.dw,
    reportingServer: { ...at(ENV_FILE, 78), computer: c.dw, url: names.reportingUrl },
    registeredWith: names.groups.sm,
  };
  return {
    ...at(ENV_FILE, 1),
    file: ENV_FILE,
    version: 1,
    name: names.environment,
    product: 'scsm-2012-r2',
    asOf: Date.UTC(2026, 10, 24),
    objectives: { ...at(ENV_FILE, 5), rtoSeconds: 8 * HOUR, rpoSeconds: DAY },
    restoreThroughputGbPerHour: 50,
    durationOverrides: {},
    computers,
    sqlInstances,
    databases,
    managementGroups: [smGroup, dwGroup],
    managementServers,
    drills: [
      {
        ...at(ENV_FILE, 90),
        scenario: names.scenarioIds[0],
        date: Date.UTC(2026, 4, 14),
        outcome: 'passed',
        durationSeconds: 3 * HOUR,
        notes: names.note,
      },
    ],
  };
}

type StepInput = {
  readonly action: ActionName;
  readonly params: Readonly<Record<string, string>>;
  readonly durationSeconds?: number;
  readonly owner?: string;
  readonly note?: string;
};

function scenario(
  line: number,
  id: string,
  title: string,
  lost: { computers?: string[]; databases?: string[]; sites?: string[] },
  steps: readonly StepInput[],
): Scenario {
  const entries = (names: string[] | undefined, offset: number) =>
    (names ?? []).map((name, index) => ({ ...at(PLAN_FILE, line + offset + index), name }));
  return {
    ...at(PLAN_FILE, line),
    id,
    title,
    lost: {
      ...at(PLAN_FILE, line + 2),
      computers: entries(lost.computers, 2),
      databases: entries(lost.databases, 2),
      sites: entries(lost.sites, 2),
    },
    steps: steps.map(
      (input, index): PlanStep => ({
        ...at(PLAN_FILE, line + 4 + index),
        index,
        action: input.action,
        params: input.params,
        paramLocations: Object.fromEntries(
          Object.keys(input.params).map((name) => [name, at(PLAN_FILE, line + 4 + index)]),
        ),
        ...(input.durationSeconds === undefined ? {} : { durationSeconds: input.durationSeconds }),
        ...(input.owner === undefined ? {} : { owner: input.owner }),
        ...(input.note === undefined ? {} : { note: input.note }),
      }),
    ),
  };
}

function scenarios(names: Names): Scenario[] {
  const c = names.computers;
  const d = names.databases;
  return [
    scenario(3, names.scenarioIds[0], names.titles[0], { computers: [c.sm1] }, [
      { action: 'stop-services', params: { computer: c.sm2 }, durationSeconds: 300, owner: names.owner },
      { action: 'clear-health-service-state', params: { computer: c.sm2 }, owner: names.owner },
      { action: 'promote-workflow-server', params: { computer: c.sm2 }, owner: names.owner },
      { action: 'start-services', params: { computer: c.sm2 } },
      { action: 'provision-computer', params: { computer: c.sm1 } },
      {
        action: 'install-management-server',
        params: { computer: c.sm1, database: d.sm, role: 'additional' },
        note: names.note,
      },
      { action: 'backup-encryption-key', params: { computer: c.sm1 } },
    ]),
    scenario(20, names.scenarioIds[1], names.titles[1], { computers: [c.sql], databases: [d.sm] }, [
      { action: 'provision-computer', params: { computer: c.sql }, owner: names.owner },
      { action: 'install-sql-server', params: { instance: names.instances.sql }, owner: names.owner },
      { action: 'enable-clr', params: { instance: names.instances.sql }, owner: names.owner },
      { action: 'restore-database', params: { database: d.sm, instance: names.instances.sql } },
      { action: 'manual', params: { description: names.description } },
      { action: 'start-services', params: { computer: c.sm1 } },
    ]),
    scenario(40, names.scenarioIds[2], names.titles[2], { sites: [names.sites[1]] }, [
      { action: 'provision-computer', params: { computer: c.dwsql } },
      { action: 'install-sql-server', params: { instance: names.instances.dw } },
      { action: 'restore-database', params: { database: d.staging, instance: names.instances.dw } },
      { action: 'restore-database', params: { database: d.repository, instance: names.instances.dw } },
      { action: 'recreate-database', params: { database: d.datamart } },
      {
        action: 'install-data-warehouse-server',
        params: { computer: c.dw, database: d.staging, reportingUrl: names.reportingUrl },
      },
      {
        action: 'register-data-warehouse',
        params: { managementGroup: names.groups.sm, dataWarehouse: names.groups.dw },
      },
      { action: 'provision-computer', params: { computer: c.sm2 } },
      {
        action: 'install-management-server',
        params: { computer: c.sm2, database: d.sm, role: 'additional' },
      },
    ]),
  ];
}

function summaryOf(step: PlanStep): string {
  const values = Object.entries(step.params).map(([name, value]) => `${name}=${value}`);
  return `${step.action}${values.length > 0 ? ` ${values.join(' ')}` : ''}`;
}

/** Everything one fixture offers the diagram builders. */
export interface DiagramFixture {
  readonly name: string;
  readonly environment: Environment;
  readonly scenarios: readonly Scenario[];
  readonly results: readonly ScenarioResult[];
  readonly trace: readonly TraceStep[];
  readonly violation: Finding;
}

function fixture(name: string, names: Names): DiagramFixture {
  const env = environment(names);
  const all = scenarios(names);
  const sqlLost = all[1]!;
  const restore = sqlLost.steps[3]!;
  const trace: TraceStep[] = sqlLost.steps.map((step) => ({
    index: step.index,
    action: step.action,
    summary: summaryOf(step),
    location: step.location,
  }));
  const violation: Finding = {
    ruleId: names.ruleId,
    severity: 'error',
    message: names.message,
    location: where(PLAN_FILE, restore.location.line),
    scenario: sqlLost.id,
    trace,
  };
  const result = (scenario: Scenario, recovered: boolean, findings: Finding[]): ScenarioResult => ({
    id: scenario.id,
    ...(scenario.title === undefined ? {} : { title: scenario.title }),
    location: scenario.location,
    lost: {
      computers: scenario.lost.computers.map((entry) => entry.name),
      databases: scenario.lost.databases.map((entry) => entry.name),
      sites: scenario.lost.sites.map((entry) => entry.name),
    },
    recovered,
    historyLost: [],
    steps: scenario.steps.length,
    estimatedSeconds: 0,
    rtoSeconds: env.objectives.rtoSeconds,
    findings,
  });
  const results = [
    result(all[0]!, true, [
      {
        ruleId: 'restore-redundancy',
        severity: 'warning',
        message: names.message,
        location: where(PLAN_FILE, all[0]!.steps[4]!.location.line),
        scenario: all[0]!.id,
      },
    ]),
    result(sqlLost, false, [
      violation,
      {
        ruleId: 'scenario-recovered',
        severity: 'error',
        message: names.message,
        location: where(PLAN_FILE, sqlLost.location.line),
        scenario: sqlLost.id,
      },
    ]),
    result(all[2]!, true, [
      {
        ruleId: 'rto-exceeded',
        severity: 'error',
        message: names.message,
        location: where(PLAN_FILE, all[2]!.location.line),
        scenario: all[2]!.id,
      },
    ]),
  ];
  return { name, environment: env, scenarios: all, results, trace, violation };
}

/** The four-computer installation with an additional server, a named instance and two sites. */
export const FOUR_COMPUTER = fixture('four-computer', NORMAL);

/** The same installation with every free-text field hostile. */
export const HOSTILE_FIXTURE = fixture('hostile', HOSTILE_NAMES);

/** Both fixtures, for tests that run every builder on each. */
export const FIXTURES: readonly DiagramFixture[] = [FOUR_COMPUTER, HOSTILE_FIXTURE];
