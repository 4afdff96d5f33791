import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatInputError } from '../../src/common/errors.js';
import { loadEnvironmentText } from '../../src/environment/load.js';
import type { DataWarehouseGroup, Environment, ServiceManagerGroup } from '../../src/environment/types.js';

/** The topologies `scsm-dr init --topology` accepts (SPEC §4). */
const TOPOLOGIES = ['single-computer', 'two-computer', 'four-computer', 'four-computer-ha'] as const;

/** Every field of SPEC §1, as it is spelt in the file. */
const SPEC_FIELDS = [
  'version',
  'name',
  'product',
  'asOf',
  'objectives',
  'rto',
  'rpo',
  'computers',
  'fqdn',
  'site',
  'sqlInstances',
  'id',
  'collation',
  'databases',
  'instance',
  'sizeGb',
  'backup',
  'full',
  'every',
  'last',
  'differential',
  'log',
  'offHost',
  'permissionsScript',
  'lastRestoreTest',
  'managementGroups',
  'type',
  'database',
  'managementServers',
  'computer',
  'role',
  'keyBackup',
  'file',
  'taken',
  'password',
  'unsealedManagementPacks',
  'lastExport',
  'staging',
  'repository',
  'datamart',
  'managementServer',
  'reportingServer',
  'url',
  'registeredWith',
  'drills',
  'scenario',
  'date',
  'outcome',
  'duration',
] as const;

function read(topology: string): { file: string; text: string } {
  const url = new URL(`../../templates/${topology}.environment.yaml`, import.meta.url);
  return { file: `templates/${topology}.environment.yaml`, text: readFileSync(url, 'utf8') };
}

function load(topology: string): Environment {
  const { file, text } = read(topology);
  const result = loadEnvironmentText(text, file);
  if (!result.ok) throw new Error(result.errors.map(formatInputError).join('\n'));
  return result.value;
}

describe.each(TOPOLOGIES)('templates/%s.environment.yaml', (topology) => {
  const { text } = read(topology);

  it('loads with zero errors', () => {
    expect(load(topology).name).toMatch(/^contoso-/);
  });

  it('starts with the local schema modeline and names no network location for it', () => {
    expect(text.split('\n')[0]).toBe(
      '# yaml-language-server: $schema=./node_modules/scsm-dr/schema/environment.schema.json',
    );
    expect(text).not.toMatch(/https?:\/\/(?!dw01\/|dwsql01\/|sm01\/)/);
  });

  it('leaves asOf out, so ages are judged at today', () => {
    expect(load(topology)).not.toHaveProperty('asOf');
    expect(text).not.toMatch(/^asOf:/m);
    expect(text).toMatch(/^# asOf: /m);
  });

  it('shows every SPEC §1 field at least once', () => {
    for (const field of SPEC_FIELDS) {
      expect(text, `field '${field}'`).toMatch(new RegExp(`(?:^|[\\s{,#-])${field}:`, 'm'));
    }
  });

  it('cites the domain sources for the DR-relevant fields', () => {
    for (const key of ['B1', 'B2', 'D-BKKEY', 'B4', 'D-SQLSCR', 'B5', 'D-BKMP', 'D-OV', 'D-STRAT']) {
      expect(text, key).toContain(key);
    }
  });

  it('uses plain placeholder names only', () => {
    const environment = load(topology);
    for (const computer of environment.computers) {
      expect(['SM01', 'SM02', 'SQL01', 'DW01', 'DWSQL01']).toContain(computer.name);
      if (computer.fqdn) expect(computer.fqdn).toBe(`${computer.name.toLowerCase()}.contoso.example`);
    }
  });

  it('has one workflow server and a data warehouse registered with the SM group', () => {
    const environment = load(topology);
    const sm = environment.managementGroups.find(
      (group): group is ServiceManagerGroup => group.type === 'service-manager',
    );
    const dw = environment.managementGroups.find(
      (group): group is DataWarehouseGroup => group.type === 'data-warehouse',
    );
    expect(sm?.workflowServer).toBe('SM01');
    expect(dw?.registeredWith).toBe(sm?.name);
    expect(dw?.managementServer).toBe('DW01');
  });
});

describe('template topologies', () => {
  const hosts = (environment: Environment, database: string) =>
    environment.databases.find((candidate) => candidate.name === database)?.computer;

  it('single-computer: the SM database and the DW databases are on the management server host (P-1C)', () => {
    const environment = load('single-computer');
    expect(environment.computers.map((computer) => computer.name)).toEqual(['SM01', 'DW01']);
    expect(hosts(environment, 'ServiceManager')).toBe('SM01');
    expect(hosts(environment, 'DWDataMart')).toBe('SM01');
  });

  it('two-computer: each management server shares its computer with its databases (P-2C)', () => {
    const environment = load('two-computer');
    expect(environment.computers.map((computer) => computer.name)).toEqual(['SM01', 'DW01']);
    expect(hosts(environment, 'ServiceManager')).toBe('SM01');
    expect(hosts(environment, 'DWStagingAndConfig')).toBe('DW01');
  });

  it('four-computer: management servers and databases are separated, with a named DW instance (P-4C)', () => {
    const environment = load('four-computer');
    expect(environment.computers.map((computer) => computer.name)).toEqual([
      'SM01',
      'SQL01',
      'DW01',
      'DWSQL01',
    ]);
    expect(environment.sqlInstances.map((instance) => instance.id)).toEqual(['SQL01', 'DWSQL01\\DW']);
    expect(environment.managementServers).toHaveLength(2);
  });

  it('four-computer-ha: adds an additional management server in a second site (P-ADDMS)', () => {
    const environment = load('four-computer-ha');
    const additional = environment.managementServers.filter((server) => server.role === 'additional');
    expect(additional.map((server) => server.computer)).toEqual(['SM02']);
    expect(environment.computers.find((computer) => computer.name === 'SM02')?.site).toBe('dr');
    expect(additional[0]?.keyBackup).toBeDefined();
  });
});
