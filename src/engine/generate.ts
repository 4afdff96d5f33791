/**
 * A generator of large, valid environments for benchmarks and scaling tests: `groups`
 * Service Manager management groups, each with its workflow server, `additionalServers`
 * additional servers, its own SQL host, and (unless `dataWarehouse` is false) a data
 * warehouse group registered with it, with its own DW server and DW SQL host. Options add named
 * instances, a split data warehouse (the data marts on a second SQL host) and sites.
 *
 * The output is environment YAML text, so it goes through the same loader as a user's file.
 * Everything is derived from the options and a seeded generator (mulberry32): the same options
 * give the same bytes.
 */
import { seededFraction } from '../common/random.js';

/** Parameters of a generated environment. */
export interface GenerateOptions {
  /** Service Manager management groups (each a cluster of its own). */
  readonly groups: number;
  /** Additional management servers per group. */
  readonly additionalServers?: number;
  /** SQL Server named instances (`HOST\SM`, `HOST\DW`) instead of default instances. */
  readonly namedInstances?: boolean;
  /** The data marts on a second DW SQL host (staging and repository stay together, P-MVDW). */
  readonly splitDataWarehouse?: boolean;
  /** A data warehouse group per Service Manager group (default true). */
  readonly dataWarehouse?: boolean;
  /** Number of sites; computers are spread over them (additional servers on the next site). */
  readonly sites?: number;
  /** A shared backup file server holding every key backup (one more computer). */
  readonly backupServer?: boolean;
  readonly seed?: number;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** The number of computers `generateEnvironment(options)` declares. This is a pure function. */
export function generatedComputerCount(options: GenerateOptions): number {
  const dw = options.dataWarehouse !== false;
  const perGroup = 2 + (options.additionalServers ?? 0) + (dw ? 2 + (options.splitDataWarehouse ? 1 : 0) : 0);
  return options.groups * perGroup + (options.backupServer ? 1 : 0);
}

/**
 * Generates environment YAML text for the loader (see `GenerateOptions`). This is a pure
 * function: the same options give the same text.
 */
export function generateEnvironment(options: GenerateOptions): string {
  const rand = seededFraction(options.seed ?? 1);
  const additional = options.additionalServers ?? 0;
  const sites = Math.max(0, options.sites ?? 0);
  const dw = options.dataWarehouse !== false;
  const named = options.namedInstances === true;
  const split = options.splitDataWarehouse === true;
  const backupServer = options.backupServer === true ? 'BAK01' : undefined;
  const computers: string[] = [];
  const instances: string[] = [];
  const databases: string[] = [];
  const groups: string[] = [];
  const site = (index: number): string => (sites > 0 ? `, site: site${(index % sites) + 1}` : '');
  const size = (min: number, max: number): number => Math.round(min + rand() * (max - min));
  const keyBackup = (computer: string): string[] => {
    // Off-host on a file server: a declared one (its loss destroys every key backup) or an
    // undeclared share that no disruption of the environment reaches.
    const file = `'\\\\${backupServer ?? 'FILESRV'}\\Keys$\\${computer}.bin'`;
    return [
      `        keyBackup:`,
      `          file: ${file}`,
      `          taken: 2026-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 9)}`,
      `          offHost: true`,
      `          password: escrowed`,
    ];
  };
  const database = (name: string, instance: string, min: number, max: number): void => {
    databases.push(
      `  - name: ${name}`,
      `    instance: '${instance}'`,
      `    sizeGb: ${size(min, max)}`,
      `    backup:`,
      `      full: { every: 24h, last: 2026-11-23T2${Math.floor(rand() * 4)}:00:00Z }`,
      `      log: { every: ${[15, 30, 60][Math.floor(rand() * 3)]}m }`,
      `      offHost: true`,
      `      permissionsScript: 2026-10-14`,
    );
  };
  const instance = (computer: string, name: string): string => {
    const id = named ? `${computer}\\${name}` : computer;
    instances.push(`  - id: '${id}'`);
    return id;
  };
  if (backupServer !== undefined) computers.push(`  - { name: ${backupServer}${site(0)} }`);
  for (let g = 1; g <= options.groups; g++) {
    const prefix = `G${pad(g)}`;
    const sm = `${prefix}-SM01`;
    const sql = `${prefix}-SQL01`;
    computers.push(`  - { name: ${sm}${site(g)} }`, `  - { name: ${sql}${site(g)} }`);
    const extra: string[] = [];
    for (let a = 0; a < additional; a++) {
      const name = `${prefix}-SM${pad(a + 2)}`;
      extra.push(name);
      computers.push(`  - { name: ${name}${site(g + 1 + a)} }`);
    }
    const smDatabase = `SM_${prefix}`;
    database(smDatabase, instance(sql, 'SM'), 20, 80);
    const group = `MG_${prefix}`;
    groups.push(
      `  - name: ${group}`,
      `    type: service-manager`,
      `    database: ${smDatabase}`,
      `    managementServers:`,
      `      - computer: ${sm}`,
      `        role: workflow`,
      ...keyBackup(sm),
    );
    for (const name of extra)
      groups.push(`      - computer: ${name}`, `        role: additional`, ...keyBackup(name));
    if (!dw) continue;
    const dwServer = `${prefix}-DW01`;
    const dwSql = `${prefix}-DWSQL01`;
    computers.push(`  - { name: ${dwServer}${site(g)} }`, `  - { name: ${dwSql}${site(g)} }`);
    const dwInstance = instance(dwSql, 'DW');
    let martInstance = dwInstance;
    if (split) {
      const martSql = `${prefix}-DWSQL02`;
      computers.push(`  - { name: ${martSql}${site(g)} }`);
      martInstance = instance(martSql, 'DM');
    }
    const staging = `DWStaging_${prefix}`;
    const repository = `DWRepository_${prefix}`;
    const datamart = `DWDataMart_${prefix}`;
    database(staging, dwInstance, 10, 30);
    database(repository, dwInstance, 50, 150);
    database(datamart, martInstance, 100, 400);
    groups.push(
      `  - name: DW_${group}`,
      `    type: data-warehouse`,
      `    databases: { staging: ${staging}, repository: ${repository}, datamart: ${datamart} }`,
      `    managementServer:`,
      `      computer: ${dwServer}`,
      ...keyBackup(dwServer).map((line) => line.slice(2)),
      `    reportingServer: { computer: ${dwSql}, url: 'http://${dwSql.toLowerCase()}/ReportServer' }`,
      `    registeredWith: ${group}`,
    );
  }
  return [
    `# Generated by scsm-dr's environment generator: ${JSON.stringify(options)}`,
    'version: 1',
    `name: generated-${options.groups}g-${additional}a${named ? '-named' : ''}${split ? '-split' : ''}`,
    'product: scsm-2019',
    'asOf: 2026-11-24',
    'objectives:',
    '  rto: 8h',
    '  rpo: 1h',
    '',
    'computers:',
    ...computers,
    '',
    'sqlInstances:',
    ...instances,
    '',
    'databases:',
    ...databases,
    '',
    'managementGroups:',
    ...groups,
    '',
  ].join('\n');
}

/**
 * Generates plan YAML text of `steps` steps in two scenarios for an environment generated with
 * at least one additional server per group, for the scaling tests and benchmarks of `check`.
 * Both scenarios lose `G01-SM02` and provision it again; then `restarts` stops and starts the
 * workflow server `G01-SM01` over and over (legal every time), and `refused-starts` starts
 * services on the bare `G01-SM02` over and over (a `step-precondition` violation every time,
 * so every step gets a finding with a trace). This is a pure function.
 */
export function generateLongPlan(options: GenerateOptions, steps: number): string {
  if ((options.additionalServers ?? 0) < 1)
    throw new Error('generateLongPlan needs an environment with an additional server per group');
  const lines = [`# Generated by scsm-dr's plan generator: ${steps} steps`, 'version: 1', 'scenarios:'];
  const half = Math.ceil(steps / 2);
  const scenario = (id: string, count: number, step: (index: number) => string): void => {
    if (count <= 0) return;
    lines.push(`  - id: ${id}`, '    lost: { computers: [G01-SM02] }', '    steps:');
    lines.push('      - { action: provision-computer, computer: G01-SM02 }');
    for (let index = 1; index < count; index++) lines.push(`      - ${step(index)}`);
  };
  scenario(
    'restarts',
    half,
    (index) => `{ action: ${index % 2 === 1 ? 'stop' : 'start'}-services, computer: G01-SM01 }`,
  );
  scenario('refused-starts', steps - half, () => '{ action: start-services, computer: G01-SM02 }');
  return `${lines.join('\n')}\n`;
}
