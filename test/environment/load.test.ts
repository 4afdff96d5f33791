import { describe, expect, it } from 'vitest';
import type { InputError, LoadResult } from '../../src/common/errors.js';
import { loadEnvironmentText, splitInstanceId, uncHost } from '../../src/environment/load.js';
import type { DataWarehouseGroup, Environment, ServiceManagerGroup } from '../../src/environment/types.js';
import { edit, type Position, positionOf } from '../helpers/text.js';

const FILE = 'environment.yaml';

/**
 * A complete environment in the form of SPEC §1, with a named instance, references in other
 * casings than their declarations, and every kind of backup location.
 */
const VALID = String.raw`version: 1
name: contoso-production
product: scsm-2012-r2
asOf: 2026-11-24
objectives:
  rto: 8h
  rpo: PT24H
restoreThroughputGbPerHour: 80
durations:
  restore-database: 90m
  install-management-server: 1h30m
computers:
  - name: SM01
    fqdn: sm01.contoso.example
    site: hq
  - name: SM02
    site: dr
  - name: SM03
  - name: SQL01
  - name: DW01
  - name: DWSQL01
  - name: BACKUP01
sqlInstances:
  - id: SQL01\MSSQLSERVER
    collation: SQL_Latin1_General_CP1_CI_AS
  - id: dwsql01\DW
    collation: SQL_Latin1_General_CP1_CI_AS
databases:
  - name: ServiceManager
    instance: sql01
    sizeGb: 40
    backup:
      full: { every: 24h, last: 2026-11-23T22:00:00Z }
      differential: { every: 6h }
      log: { every: 15m }
      location: '\\backup01.contoso.example\sql'
      permissionsScript: 2026-11-01
      lastRestoreTest: 2026-09-01
  - name: DWStagingAndConfig
    instance: 'DWSQL01\dw'
    backup: { full: { every: 1d }, offHost: true, permissionsScript: false }
  - name: DWRepository
    instance: 'DWSQL01\DW'
    backup: { full: { every: 1w }, differential: { every: 2d }, offHost: false }
  - name: DWDataMart
    instance: 'DWSQL01\DW'
    backup: { full: { every: P1D }, location: '\\nas01\sql' }
  - name: OMDWDataMart
    instance: 'DWSQL01\DW'
  - name: Scratch
    instance: SQL01
managementGroups:
  - name: SMMG
    type: service-manager
    database: servicemanager
    managementServers:
      - computer: sm02
        role: additional
        keyBackup: { file: 'C:\keys\SM02.bin', taken: 2026-01-12, password: unknown }
      - computer: sm01
        role: workflow
        keyBackup:
          file: '\\BACKUP01\scsm\keys\SM01.bin'
          taken: 2026-01-12
          password: escrowed
      - computer: SM03
        role: additional
        keyBackup: { file: '\\sm03\c$\keys\SM03.bin', password: lost }
    unsealedManagementPacks: { lastExport: 2026-11-20, offHost: true }
  - name: DW_SMMG
    type: data-warehouse
    databases: { staging: DWStagingAndConfig, repository: dwrepository, datamart: DWDataMart, omDatamart: OMDWDataMart }
    managementServer:
      computer: dw01
      keyBackup: { file: '\\SQL01\keys\DW01.bin', taken: 2026-01-12T08:30:00Z, offHost: false, password: escrowed }
    reportingServer: { computer: dwsql01, url: 'http://dwsql01/ReportServer' }
    registeredWith: smmg
drills:
  - { scenario: workflow-server-lost, date: 2026-05-14, outcome: passed, duration: 3h }
  - { scenario: dw-sql-host-lost, date: 2026-03-02, outcome: failed, notes: CLR was not re-enabled }
`;

function loaded(text: string): Environment {
  const result = loadEnvironmentText(text, FILE);
  if (!result.ok)
    throw new Error(`expected the environment to load, got:\n${JSON.stringify(result.errors, null, 2)}`);
  return result.value;
}

function errorsOf(result: LoadResult<Environment>): readonly InputError[] {
  if (result.ok) throw new Error('expected input errors, the environment loaded');
  return result.errors;
}

/** Loads `VALID` with one edit and returns its only error. */
function onlyError(text: string): InputError {
  const errors = errorsOf(loadEnvironmentText(text, FILE));
  expect(errors, JSON.stringify(errors, null, 2)).toHaveLength(1);
  return errors[0]!;
}

function expectAt(error: InputError, position: Position): void {
  expect({ line: error.location.line, column: error.location.column }).toEqual(position);
  expect(error.location.file).toBe(FILE);
}

describe('loadEnvironmentText: a valid environment', () => {
  const environment = loaded(VALID);

  it('keeps the header fields', () => {
    expect(environment).toMatchObject({
      file: FILE,
      version: 1,
      name: 'contoso-production',
      product: 'scsm-2012-r2',
      asOf: Date.UTC(2026, 10, 24),
      restoreThroughputGbPerHour: 80,
    });
    expect(environment.objectives).toMatchObject({ rtoSeconds: 8 * 3600, rpoSeconds: 24 * 3600 });
    expect(environment.durationOverrides).toEqual({
      'restore-database': 5400,
      'install-management-server': 5400,
    });
  });

  it('keeps computers in declaration order with their optional fields', () => {
    expect(environment.computers.map((computer) => computer.name)).toEqual([
      'SM01',
      'SM02',
      'SM03',
      'SQL01',
      'DW01',
      'DWSQL01',
      'BACKUP01',
    ]);
    expect(environment.computers[0]).toMatchObject({
      name: 'SM01',
      fqdn: 'sm01.contoso.example',
      site: 'hq',
    });
    expect(environment.computers[1]).toMatchObject({ site: 'dr' });
    expect(environment.computers[2]).not.toHaveProperty('fqdn');
  });

  it('canonicalizes instance ids: COMPUTER\\MSSQLSERVER is COMPUTER, computers take the declared spelling', () => {
    expect(environment.sqlInstances).toEqual([
      expect.objectContaining({ id: 'SQL01', computer: 'SQL01', instanceName: 'MSSQLSERVER' }),
      expect.objectContaining({ id: 'DWSQL01\\DW', computer: 'DWSQL01', instanceName: 'DW' }),
    ]);
    expect(environment.sqlInstances[0]?.collation).toBe('SQL_Latin1_General_CP1_CI_AS');
  });

  it('resolves references in any casing to the declared spelling', () => {
    const byName = new Map(environment.databases.map((database) => [database.name, database]));
    expect(byName.get('ServiceManager')).toMatchObject({ instance: 'SQL01', computer: 'SQL01' });
    expect(byName.get('DWStagingAndConfig')).toMatchObject({ instance: 'DWSQL01\\DW', computer: 'DWSQL01' });
    const sm = environment.managementGroups[0] as ServiceManagerGroup;
    expect(sm).toMatchObject({ type: 'service-manager', name: 'SMMG', database: 'ServiceManager' });
    const dw = environment.managementGroups[1] as DataWarehouseGroup;
    expect(dw).toMatchObject({
      type: 'data-warehouse',
      name: 'DW_SMMG',
      managementServer: 'DW01',
      registeredWith: 'SMMG',
      databases: {
        staging: 'DWStagingAndConfig',
        repository: 'DWRepository',
        datamart: 'DWDataMart',
        omDatamart: 'OMDWDataMart',
      },
    });
    expect(dw.reportingServer).toMatchObject({ computer: 'DWSQL01', url: 'http://dwsql01/ReportServer' });
  });

  it('lists the workflow server first and flattens every management server', () => {
    const sm = environment.managementGroups[0] as ServiceManagerGroup;
    expect(sm.workflowServer).toBe('SM01');
    expect(sm.managementServers).toEqual(['SM01', 'SM02', 'SM03']);
    expect(
      environment.managementServers.map((server) => [server.computer, server.role, server.managementGroup]),
    ).toEqual([
      ['SM02', 'additional', 'SMMG'],
      ['SM01', 'workflow', 'SMMG'],
      ['SM03', 'additional', 'SMMG'],
      ['DW01', 'data-warehouse', 'DW_SMMG'],
    ]);
    expect(sm.unsealedManagementPacks).toMatchObject({ lastExport: Date.UTC(2026, 10, 20), offHost: true });
  });

  it('derives database roles from the groups that name them', () => {
    expect(
      environment.databases.map((database) => [database.name, database.role, database.managementGroup]),
    ).toEqual([
      ['ServiceManager', 'service-manager', 'SMMG'],
      ['DWStagingAndConfig', 'dw-staging', 'DW_SMMG'],
      ['DWRepository', 'dw-repository', 'DW_SMMG'],
      ['DWDataMart', 'dw-datamart', 'DW_SMMG'],
      ['OMDWDataMart', 'om-datamart', 'DW_SMMG'],
      ['Scratch', 'other', undefined],
    ]);
  });

  it('judges key backups from their UNC paths', () => {
    const keys = new Map(environment.managementServers.map((server) => [server.computer, server.keyBackup]));
    // A UNC path naming another declared computer: off the server, but lost with BACKUP01.
    expect(keys.get('SM01')).toMatchObject({ offHost: true, storedOn: 'BACKUP01', password: 'escrowed' });
    // A local path: on the server itself.
    expect(keys.get('SM02')).toMatchObject({ offHost: false, storedOn: 'SM02', password: 'unknown' });
    // A UNC path naming the server itself, in another casing.
    expect(keys.get('SM03')).toMatchObject({ offHost: false, storedOn: 'SM03', password: 'lost' });
    expect(keys.get('SM03')).not.toHaveProperty('taken');
    // A declared offHost wins over the judgement; the path still says where the file is.
    expect(keys.get('DW01')).toMatchObject({
      offHost: false,
      storedOn: 'SQL01',
      taken: Date.UTC(2026, 0, 12, 8, 30),
      file: '\\\\SQL01\\keys\\DW01.bin',
    });
  });

  it('judges database backups from their location, in seconds and epoch milliseconds', () => {
    const backups = new Map(environment.databases.map((database) => [database.name, database.backup]));
    expect(backups.get('ServiceManager')).toEqual(
      expect.objectContaining({
        fullEverySeconds: 86_400,
        differentialEverySeconds: 21_600,
        logEverySeconds: 900,
        // The shortest interval is the worst-case loss.
        rpoSeconds: 900,
        lastFull: Date.UTC(2026, 10, 23, 22),
        permissionsScript: Date.UTC(2026, 10, 1),
        lastRestoreTest: Date.UTC(2026, 8, 1),
        // An FQDN in the UNC path names the declared computer BACKUP01.
        target: '\\\\backup01.contoso.example\\sql',
        offHost: true,
        storedOn: 'BACKUP01',
      }),
    );
    // Declared off-host with no location: nowhere known.
    expect(backups.get('DWStagingAndConfig')).toMatchObject({
      offHost: true,
      permissionsScript: false,
      rpoSeconds: 86_400,
    });
    expect(backups.get('DWStagingAndConfig')).not.toHaveProperty('storedOn');
    // Declared on-host: lost with the database's own computer.
    expect(backups.get('DWRepository')).toMatchObject({
      offHost: false,
      storedOn: 'DWSQL01',
      rpoSeconds: 172_800,
    });
    expect(backups.get('DWRepository')).not.toHaveProperty('permissionsScript');
    // A UNC location on an undeclared computer is off-host, stored nowhere in the model.
    expect(backups.get('DWDataMart')).toMatchObject({
      offHost: true,
      fullEverySeconds: 86_400,
      target: '\\\\nas01\\sql',
    });
    expect(backups.get('DWDataMart')).not.toHaveProperty('storedOn');
    expect(backups.get('OMDWDataMart')).toBeUndefined();
  });

  it('normalizes drills', () => {
    expect(environment.drills).toEqual([
      expect.objectContaining({
        scenario: 'workflow-server-lost',
        date: Date.UTC(2026, 4, 14),
        outcome: 'passed',
        durationSeconds: 10_800,
      }),
      expect.objectContaining({
        scenario: 'dw-sql-host-lost',
        outcome: 'failed',
        notes: 'CLR was not re-enabled',
      }),
    ]);
    expect(environment.drills[1]).not.toHaveProperty('durationSeconds');
  });

  it('remembers where every node came from', () => {
    expect(environment.computers[3]?.location).toMatchObject({
      file: FILE,
      ...positionOf(VALID, 'name: SQL01'),
    });
    expect(environment.computers[3]?.path).toEqual(['computers', 3]);
    expect(environment.databases[0]?.backup?.location).toMatchObject(positionOf(VALID, 'full: { every: 24h'));
    expect(environment.managementServers[1]?.path).toEqual(['managementGroups', 0, 'managementServers', 1]);
  });

  it('applies the defaults of optional blocks', () => {
    const minimal = loaded(
      [
        'version: 1',
        'name: minimal',
        'product: scsm-2025',
        'objectives: { rto: 1d, rpo: 1d }',
        'computers: [ { name: SM01 } ]',
        'managementGroups:',
        '  - { name: SMMG, type: service-manager, database: ServiceManager, managementServers: [ { computer: SM01, role: workflow } ] }',
        'databases: [ { name: ServiceManager, instance: SM01 } ]',
        'sqlInstances: [ { id: SM01 } ]',
        '',
      ].join('\n'),
    );
    expect(minimal).not.toHaveProperty('asOf');
    expect(minimal.restoreThroughputGbPerHour).toBe(50);
    expect(minimal.durationOverrides).toEqual({});
    expect(minimal.drills).toEqual([]);
    expect(minimal.managementServers[0]).not.toHaveProperty('keyBackup');
  });

  it('reads the same environment written as JSON', () => {
    const json = JSON.stringify({
      version: 1,
      name: 'json',
      product: 'scsm-2016',
      objectives: { rto: 'PT8H', rpo: '1h' },
      computers: [{ name: 'SM01' }, { name: 'SQL01' }],
      sqlInstances: [{ id: 'SQL01\\MSSQLSERVER' }],
      databases: [{ name: 'ServiceManager', instance: 'SQL01' }],
      managementGroups: [
        {
          name: 'SMMG',
          type: 'service-manager',
          database: 'ServiceManager',
          managementServers: [{ computer: 'SM01', role: 'workflow' }],
        },
      ],
    });
    expect(loaded(json).sqlInstances[0]?.id).toBe('SQL01');
  });
});

describe('loadEnvironmentText: schema errors', () => {
  it('reports an unknown key with did-you-mean (managementServer → managementServers)', () => {
    const text = edit(
      VALID,
      '    managementServers:\n      - computer: sm02',
      '    managementServer:\n      - computer: sm02',
    );
    const errors = errorsOf(loadEnvironmentText(text, FILE));
    const unknown = errors.find((error) => error.message === "unknown key 'managementServer'");
    expect(unknown).toBeDefined();
    expectAt(unknown!, positionOf(text, 'managementServer:'));
    expect(unknown!.path).toEqual(['managementGroups', 0, 'managementServer']);
    expect(unknown!.suggestion).toBe("did you mean 'managementServers'?");
    expect(unknown!.expected).toBe(
      'one of: name, type, database, managementServers, unsealedManagementPacks, selfServicePortal',
    );
    // The required list it replaced is reported missing, at the group.
    const missing = errors.find((error) => error.message === "missing required key 'managementServers'");
    expectAt(missing!, positionOf(text, 'name: SMMG'));
  });

  it('reports an unknown key with did-you-mean (sizeGB → sizeGb)', () => {
    const text = edit(VALID, 'sizeGb: 40', 'sizeGB: 40');
    const error = onlyError(text);
    expectAt(error, positionOf(text, 'sizeGB'));
    expect(error.path).toEqual(['databases', 0, 'sizeGB']);
    expect(error.message).toBe("unknown key 'sizeGB'");
    expect(error.expected).toBe('one of: name, instance, sizeGb, backup');
    expect(error.suggestion).toBe("did you mean 'sizeGb'?");
  });

  it('reports an unknown top-level key without a suggestion when nothing is close', () => {
    const text = edit(VALID, 'computers:\n', 'owner: ops-team\ncomputers:\n');
    const error = onlyError(text);
    expectAt(error, positionOf(text, 'owner:'));
    expect(error.message).toBe("unknown key 'owner'");
    expect(error.suggestion).toBeUndefined();
  });

  it('reports a missing required key at the mapping that lacks it', () => {
    const text = edit(VALID, '  rpo: PT24H\n', '');
    const error = onlyError(text);
    expectAt(error, positionOf(text, 'rto: 8h'));
    expect(error.path).toEqual(['objectives', 'rpo']);
    expect(error.message).toBe("missing required key 'rpo'");
    expect(error.expected).toBe('a string');
  });

  it('reports a missing top-level key at the start of the document', () => {
    const error = onlyError(edit(VALID, 'name: contoso-production\n', ''));
    expectAt(error, { line: 1, column: 1 });
    expect(error.path).toEqual(['name']);
    expect(error.message).toBe("missing required key 'name'");
  });

  it('reports a wrong type', () => {
    const text = edit(VALID, 'sizeGb: 40', 'sizeGb: forty');
    const error = onlyError(text);
    expectAt(error, positionOf(text, 'forty'));
    expect(error.path).toEqual(['databases', 0, 'sizeGb']);
    expect(error.message).toBe('wrong type: got the string "forty"');
    expect(error.expected).toBe('a number');
  });

  it('reports a scalar where a list belongs', () => {
    const text = edit(VALID, 'drills:\n', 'drills: none\nx:\n');
    const errors = errorsOf(loadEnvironmentText(text, FILE));
    const wrong = errors.find((error) => error.path.join('.') === 'drills');
    expectAt(wrong!, positionOf(text, 'none'));
    expect(wrong!.message).toBe('wrong type: got the string "none"');
    expect(wrong!.expected).toBe('a list');
  });

  it('reports a wrong type for the whole document', () => {
    const error = onlyError('- just\n- a list\n');
    expectAt(error, { line: 1, column: 1 });
    expect(error.path).toEqual([]);
    expect(error.expected).toBe('a mapping');
  });

  it.each([
    ['product: scsm-2012-r2', 'product: scsm-2012r2', 'scsm-2012r2', ['product'], 'scsm-2012-r2'],
    [
      '      - computer: SM03\n        role: additional',
      '      - computer: SM03\n        role: aditional',
      'aditional',
      ['managementGroups', 0, 'managementServers', 2, 'role'],
      'additional',
    ],
    [
      'taken: 2026-01-12, password: unknown',
      'taken: 2026-01-12, password: escrow',
      'escrow',
      ['managementGroups', 0, 'managementServers', 0, 'keyBackup', 'password'],
      'escrowed',
    ],
    ['outcome: passed', 'outcome: passd', 'passd', ['drills', 0, 'outcome'], 'passed'],
  ])('reports a bad enum value with a suggestion: %s → %s', (from, to, value, path, suggestion) => {
    const text = edit(VALID, from, to);
    const error = onlyError(text);
    // The value's position: just past the ': ' before it.
    const colon = positionOf(text, `: ${value}`);
    expectAt(error, { line: colon.line, column: colon.column + 2 });
    expect(error.path).toEqual(path);
    expect(error.message).toBe(`invalid value the string "${value}"`);
    expect(error.expected).toMatch(/^one of: /);
    expect(error.suggestion).toBe(`did you mean '${suggestion}'?`);
  });

  it('lists every product in the expectation', () => {
    const error = onlyError(edit(VALID, 'product: scsm-2012-r2', 'product: scsm-2012r2'));
    expect(error.expected).toBe(
      'one of: scsm-2012, scsm-2012-sp1, scsm-2012-r2, scsm-2016, scsm-2019, scsm-2022, scsm-2025',
    );
  });

  it('reports a bad management group type with a suggestion', () => {
    const text = edit(VALID, 'type: data-warehouse', 'type: datawarehouse');
    const error = onlyError(text);
    expectAt(error, positionOf(text, 'datawarehouse'));
    expect(error.path).toEqual(['managementGroups', 1, 'type']);
    expect(error.expected).toBe('one of: service-manager, data-warehouse');
    expect(error.suggestion).toBe("did you mean 'data-warehouse'?");
  });

  it('reports a bad duration once, explaining the forms', () => {
    const text = edit(VALID, 'rto: 8h', 'rto: 8 hours');
    const error = onlyError(text);
    expectAt(error, positionOf(text, '8 hours'));
    expect(error.path).toEqual(['objectives', 'rto']);
    expect(error.message).toBe('the string "8 hours" is not a duration');
    expect(error.expected).toContain("'90s', '30m', '8h'");
  });

  it.each(['8', 'P', 'PT', '-1h', '1y'])('reports the duration %j', (bad) => {
    const text = edit(VALID, '{ every: 6h }', `{ every: '${bad}' }`);
    const error = onlyError(text);
    expectAt(error, positionOf(text, `'${bad}'`));
    expect(error.path).toEqual(['databases', 0, 'backup', 'differential', 'every']);
  });

  it('reports a bad date (Feb 30) once', () => {
    const text = edit(VALID, 'asOf: 2026-11-24', 'asOf: 2026-02-30');
    const error = onlyError(text);
    expectAt(error, positionOf(text, '2026-02-30'));
    expect(error.path).toEqual(['asOf']);
    expect(error.message).toBe('invalid value the string "2026-02-30"');
    expect(error.expected).toContain("'2026-11-24'");
  });

  it('reports a malformed date-time', () => {
    const text = edit(VALID, 'last: 2026-11-23T22:00:00Z', 'last: 23/11/2026 22:00');
    const error = onlyError(text);
    expectAt(error, positionOf(text, '23/11/2026'));
    expect(error.path).toEqual(['databases', 0, 'backup', 'full', 'last']);
  });

  it('reports a wrong version', () => {
    const text = edit(VALID, 'version: 1', 'version: 2');
    const error = onlyError(text);
    expectAt(error, { line: 1, column: 10 });
    expect(error.path).toEqual(['version']);
    expect(error.message).toBe('invalid value number 2');
    expect(error.expected).toBe('one of: 1');
  });

  it('reports a non-positive size', () => {
    const text = edit(VALID, 'sizeGb: 40', 'sizeGb: 0');
    const error = onlyError(text);
    expectAt(error, {
      line: positionOf(text, 'sizeGb: 0').line,
      column: positionOf(text, 'sizeGb: 0').column + 8,
    });
    expect(error.path).toEqual(['databases', 0, 'sizeGb']);
  });
});

describe('loadEnvironmentText: dangling references', () => {
  it('reports a database on an undeclared instance, with a suggestion', () => {
    const text = edit(
      VALID,
      "  - name: DWDataMart\n    instance: 'DWSQL01\\DW'",
      "  - name: DWDataMart\n    instance: 'DWSQL01\\DX'",
    );
    const error = onlyError(text);
    expectAt(error, positionOf(text, "'DWSQL01\\DX'"));
    expect(error.path).toEqual(['databases', 3, 'instance']);
    expect(error.message).toBe("unknown SQL instance 'DWSQL01\\DX'");
    expect(error.expected).toBe('a declared SQL instance: SQL01, DWSQL01\\DW');
    expect(error.suggestion).toBe("did you mean 'DWSQL01\\DW'?");
  });

  it('reports an instance on an undeclared computer once, not again for each of its databases', () => {
    const text = edit(VALID, '  - id: dwsql01\\DW', '  - id: dwsql02\\DW');
    const error = errorsOf(loadEnvironmentText(text, FILE))[0]!;
    expectAt(error, positionOf(text, 'dwsql02\\DW'));
    expect(error.path).toEqual(['sqlInstances', 1, 'id']);
    expect(error.message).toBe("unknown computer 'dwsql02'");
    expect(error.suggestion).toBe("did you mean 'DWSQL01'?");
  });

  it('does not cascade: a database on a broken instance is still declared', () => {
    const text = edit(VALID, '  - id: SQL01\\MSSQLSERVER', '  - id: SQL1\\MSSQLSERVER');
    const error = onlyError(
      edit(edit(text, 'instance: sql01', 'instance: SQL1'), 'instance: SQL01\n', 'instance: sql1\n'),
    );
    expect(error.message).toBe("unknown computer 'SQL1'");
    expect(error.suggestion).toBe("did you mean 'SQL01'?");
  });

  it('reports a management server on an undeclared computer', () => {
    const text = edit(VALID, '      - computer: SM03', '      - computer: SM04');
    const error = onlyError(text);
    expectAt(error, positionOf(text, 'SM04'));
    expect(error.path).toEqual(['managementGroups', 0, 'managementServers', 2, 'computer']);
    expect(error.message).toBe("unknown computer 'SM04'");
    expect(error.expected).toBe('a declared computer: SM01, SM02, SM03, SQL01, DW01, DWSQL01, BACKUP01');
    expect(error.suggestion).toBe("did you mean 'SM01'?");
  });

  it('reports the DW management server on an undeclared computer', () => {
    const text = edit(VALID, 'computer: dw01', 'computer: dw1');
    const error = onlyError(text);
    expectAt(error, positionOf(text, 'dw1'));
    expect(error.path).toEqual(['managementGroups', 1, 'managementServer', 'computer']);
    expect(error.suggestion).toBe("did you mean 'DW01'?");
  });

  it('reports an undeclared group database', () => {
    const text = edit(VALID, 'database: servicemanager', 'database: ServiceManagr');
    const error = onlyError(text);
    expectAt(error, positionOf(text, 'ServiceManagr'));
    expect(error.path).toEqual(['managementGroups', 0, 'database']);
    expect(error.message).toBe("unknown database 'ServiceManagr'");
    expect(error.suggestion).toBe("did you mean 'ServiceManager'?");
  });

  it('reports undeclared DW databases, each at its slot', () => {
    const text = edit(
      VALID,
      'staging: DWStagingAndConfig, repository: dwrepository',
      'staging: DWStaging, repository: DWRepositry',
    );
    const errors = errorsOf(loadEnvironmentText(text, FILE));
    expect(errors).toHaveLength(2);
    expectAt(errors[0]!, positionOf(text, 'DWStaging,'));
    expect(errors[0]!.path).toEqual(['managementGroups', 1, 'databases', 'staging']);
    expect(errors[0]!.message).toBe("unknown database 'DWStaging'");
    expectAt(errors[1]!, positionOf(text, 'DWRepositry'));
    expect(errors[1]!.path).toEqual(['managementGroups', 1, 'databases', 'repository']);
    expect(errors[1]!.suggestion).toBe("did you mean 'DWRepository'?");
  });

  it('reports a reporting server on an undeclared computer', () => {
    const text = edit(VALID, 'reportingServer: { computer: dwsql01', 'reportingServer: { computer: dwsql1');
    const error = onlyError(text);
    expectAt(error, positionOf(text, 'dwsql1,'));
    expect(error.path).toEqual(['managementGroups', 1, 'reportingServer', 'computer']);
    expect(error.suggestion).toBe("did you mean 'DWSQL01'?");
  });

  it('reports registeredWith naming an unknown group', () => {
    const text = edit(VALID, 'registeredWith: smmg', 'registeredWith: SMMX');
    const error = onlyError(text);
    expectAt(error, positionOf(text, 'SMMX'));
    expect(error.path).toEqual(['managementGroups', 1, 'registeredWith']);
    expect(error.message).toBe("unknown Service Manager management group 'SMMX'");
    expect(error.expected).toBe('a declared Service Manager management group: SMMG');
    expect(error.suggestion).toBe("did you mean 'SMMG'?");
  });

  it('reports registeredWith naming a data warehouse group', () => {
    const text = edit(VALID, 'registeredWith: smmg', 'registeredWith: DW_SMMG');
    const error = onlyError(text);
    expectAt(error, { line: positionOf(text, 'registeredWith: DW_SMMG').line, column: 21 });
    expect(error.message).toBe("unknown Service Manager management group 'DW_SMMG'");
    expect(error.expected).toBe('a declared Service Manager management group: SMMG');
  });
});

describe('loadEnvironmentText: duplicates', () => {
  it('reports duplicate computer names case-insensitively', () => {
    const text = edit(VALID, '  - name: BACKUP01', '  - name: sm02');
    // BACKUP01 is gone, so the references to it in UNC paths simply name no declared computer.
    const error = onlyError(text);
    expectAt(error, positionOf(text, 'sm02', 1));
    expect(error.path).toEqual(['computers', 6, 'name']);
    expect(error.message).toBe(
      `duplicate computer 'sm02' (first declared at line ${positionOf(VALID, '- name: SM02').line})`,
    );
    expect(error.expected).toBe('unique computer names (case-insensitive)');
  });

  it('reports duplicate instance ids, whatever their spelling', () => {
    const text = edit(
      VALID,
      '  - name: Scratch\n    instance: SQL01',
      '  - name: Scratch\n    instance: SQL01',
    );
    const withDuplicate = edit(text, 'sqlInstances:\n', 'sqlInstances:\n  - id: sql01\n');
    const errors = errorsOf(loadEnvironmentText(withDuplicate, FILE));
    expect(errors).toHaveLength(1);
    expectAt(errors[0]!, positionOf(withDuplicate, 'SQL01\\MSSQLSERVER'));
    expect(errors[0]!.path).toEqual(['sqlInstances', 1, 'id']);
    expect(errors[0]!.message).toBe(
      `duplicate SQL instance 'SQL01' (first declared at line ${positionOf(withDuplicate, '- id: sql01').line})`,
    );
  });

  it('reports duplicate database names', () => {
    const text = edit(VALID, '  - name: Scratch', '  - name: dwdatamart');
    const error = onlyError(text);
    expectAt(error, positionOf(text, 'dwdatamart\n'));
    expect(error.path).toEqual(['databases', 5, 'name']);
    expect(error.message).toBe(
      `duplicate database 'dwdatamart' (first declared at line ${positionOf(text, '- name: DWDataMart').line})`,
    );
  });

  it('reports duplicate management group names', () => {
    const text = edit(VALID, '  - name: DW_SMMG', '  - name: smmg');
    const errors = errorsOf(loadEnvironmentText(text, FILE));
    const duplicate = errors.find((error) => error.message.startsWith('duplicate management group'));
    expectAt(duplicate!, positionOf(text, 'smmg\n'));
    expect(duplicate!.path).toEqual(['managementGroups', 1, 'name']);
    expect(duplicate!.message).toBe(
      `duplicate management group 'smmg' (first declared at line ${positionOf(text, 'name: SMMG').line})`,
    );
  });
});

describe('loadEnvironmentText: SCSM installation rules', () => {
  it('reports a group with no workflow server', () => {
    const text = edit(VALID, 'role: workflow', 'role: additional');
    const error = onlyError(text);
    expectAt(error, positionOf(text, '- computer: sm02'));
    expect(error.path).toEqual(['managementGroups', 0, 'managementServers']);
    expect(error.message).toBe("management group 'SMMG' has no workflow server");
    expect(error.expected).toContain('exactly one management server with role: workflow');
  });

  it('reports a group with two workflow servers at the second', () => {
    const text = edit(
      VALID,
      '      - computer: SM03\n        role: additional',
      '      - computer: SM03\n        role: workflow',
    );
    const error = onlyError(text);
    expectAt(error, { line: positionOf(text, '- computer: SM03').line + 1, column: 15 });
    expect(error.path).toEqual(['managementGroups', 0, 'managementServers', 2, 'role']);
    expect(error.message).toBe("management group 'SMMG' has 2 workflow servers");
  });

  it('reports an SM and a DW management server on one computer (Setup refuses it)', () => {
    const text = edit(VALID, 'computer: dw01', 'computer: SM03');
    const error = onlyError(text);
    expectAt(error, positionOf(text, "SM03\n      keyBackup: { file: '\\\\SQL01"));
    expect(error.path).toEqual(['managementGroups', 1, 'managementServer', 'computer']);
    expect(error.message).toBe(
      `computer 'SM03' would host both a Service Manager and a data warehouse management server (line ${positionOf(text, '- computer: SM03').line}); Setup refuses this (P-SCEN)`,
    );
    expect(error.expected).toBe('one management server per computer');
  });

  it('reports two management servers of one group on one computer', () => {
    const text = edit(VALID, '      - computer: SM03', '      - computer: sm01');
    const error = onlyError(text);
    const second = positionOf(text, '- computer: sm01', 2);
    expectAt(error, { line: second.line, column: second.column + '- computer: '.length });
    expect(error.path).toEqual(['managementGroups', 0, 'managementServers', 2, 'computer']);
    expect(error.message).toBe(
      `computer 'SM01' already hosts a management server (line ${positionOf(text, '- computer: sm01').line})`,
    );
  });

  it.each([
    ['SM01-APPSERVER-X', 16, "the name has 16 characters; Windows truncates to 'SM01-APPSERVER-'"],
    ['SQL_01', 6, undefined],
    ['sql01.contoso.example', 21, "put the full name in 'fqdn' and the first label 'sql01' in 'name'"],
    ['12345', 5, undefined],
    ['-SQL01', 6, undefined],
    ['SQL01-', 6, undefined],
  ])('reports the invalid NetBIOS name %j', (name, _length, suggestion) => {
    const text = edit(VALID, '  - name: SQL01', `  - name: '${name}'`);
    const errors = errorsOf(loadEnvironmentText(text, FILE));
    const error = errors[0]!;
    expectAt(error, positionOf(text, `'${name}'`));
    expect(error.path).toEqual(['computers', 3, 'name']);
    expect(error.message).toBe(`'${name}' is not a valid NetBIOS computer name`);
    expect(error.expected).toBe(
      '1 to 15 letters, digits or hyphens, not all digits, not starting or ending with a hyphen',
    );
    expect(error.suggestion).toBe(suggestion);
  });

  it('accepts a 15-character name', () => {
    const text = edit(VALID, '  - name: BACKUP01', '  - name: BACKUP01-ABCDEF');
    expect(loadEnvironmentText(text, FILE).ok).toBe(true);
  });

  it('reports an fqdn that does not start with the computer name', () => {
    const text = edit(VALID, 'fqdn: sm01.contoso.example', 'fqdn: sm1.contoso.example');
    const error = onlyError(text);
    expectAt(error, positionOf(text, 'sm1.contoso.example'));
    expect(error.path).toEqual(['computers', 0, 'fqdn']);
    expect(error.message).toBe("fqdn 'sm1.contoso.example' does not start with the computer name 'SM01'");
    expect(error.expected).toBe("'sm01.<domain>'");
  });

  it.each(['A\\B\\C', 'SQL01\\', '\\DW', 'SQL01\\ DW'])('reports the malformed instance id %j', (id) => {
    const text = edit(VALID, '  - id: dwsql01\\DW', `  - id: '${id}'`);
    const errors = errorsOf(loadEnvironmentText(text, FILE));
    const error = errors[0]!;
    expectAt(error, positionOf(text, `'${id}'`));
    expect(error.path).toEqual(['sqlInstances', 1, 'id']);
    expect(error.message).toBe(`malformed instance id '${id}'`);
    expect(error.expected).toBe("'COMPUTER' for the default instance or 'COMPUTER\\NAME' for a named one");
  });

  it('reports a durations override for an unknown action, with a suggestion', () => {
    const text = edit(VALID, '  restore-database: 90m', '  restore-databse: 90m');
    const error = onlyError(text);
    expectAt(error, positionOf(text, 'restore-databse'));
    expect(error.path).toEqual(['durations', 'restore-databse']);
    expect(error.message).toBe("unknown action 'restore-databse'");
    expect(error.suggestion).toBe("did you mean 'restore-database'?");
  });

  it('reports a bad duration in a durations override', () => {
    const text = edit(VALID, '  restore-database: 90m', '  restore-database: soon');
    const error = onlyError(text);
    expectAt(error, positionOf(text, 'soon'));
    expect(error.path).toEqual(['durations', 'restore-database']);
  });

  it('reports one database used in two roles', () => {
    const text = edit(VALID, 'datamart: DWDataMart', 'datamart: dwrepository');
    const error = onlyError(text);
    expectAt(error, positionOf(text, 'dwrepository', 2));
    expect(error.path).toEqual(['managementGroups', 1, 'databases', 'datamart']);
    expect(error.message).toBe("database 'DWRepository' is already used by management group 'DW_SMMG'");
  });

  it('reports one database used by two groups', () => {
    const text = edit(VALID, 'staging: DWStagingAndConfig', 'staging: ServiceManager');
    const error = onlyError(text);
    expectAt(error, positionOf(text, 'ServiceManager,'));
    expect(error.path).toEqual(['managementGroups', 1, 'databases', 'staging']);
    expect(error.message).toBe("database 'ServiceManager' is already used by management group 'SMMG'");
  });
});

describe('loadEnvironmentText: several errors', () => {
  it('reports every error, sorted by line and column', () => {
    let text = edit(VALID, 'product: scsm-2012-r2', 'product: scsm-2012r2');
    text = edit(text, 'sizeGb: 40', 'sizeGB: 40');
    text = edit(text, 'password: escrowed\n', 'password: escrow\n');
    text = edit(text, 'rto: 8h', 'rto: eight');
    const errors = errorsOf(loadEnvironmentText(text, FILE));
    expect(errors.map((error) => error.path.join('.'))).toEqual([
      'product',
      'objectives.rto',
      'databases.0.sizeGB',
      'managementGroups.0.managementServers.1.keyBackup.password',
    ]);
    expect(errors.map((error) => error.location.line)).toEqual([
      positionOf(text, 'scsm-2012r2').line,
      positionOf(text, 'eight').line,
      positionOf(text, 'sizeGB').line,
      positionOf(text, 'escrow\n').line,
    ]);
  });

  it('reports every semantic error, sorted by line', () => {
    let text = edit(VALID, '  - name: BACKUP01', '  - name: BACKUP_01');
    text = edit(text, 'instance: sql01', 'instance: sql02');
    text = edit(text, '      - computer: SM03', '      - computer: SM09');
    text = edit(text, 'registeredWith: smmg', 'registeredWith: nobody');
    const errors = errorsOf(loadEnvironmentText(text, FILE));
    expect(errors.map((error) => error.message)).toEqual([
      "'BACKUP_01' is not a valid NetBIOS computer name",
      "unknown SQL instance 'sql02'",
      "unknown computer 'SM09'",
      "unknown Service Manager management group 'nobody'",
    ]);
    const lines = errors.map((error) => error.location.line);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
  });
});

describe('instance ids and UNC paths', () => {
  it('splits instance ids', () => {
    expect(splitInstanceId('SQL01')).toEqual({ computer: 'SQL01', instanceName: 'MSSQLSERVER' });
    expect(splitInstanceId('SQL01\\DW')).toEqual({ computer: 'SQL01', instanceName: 'DW' });
    expect(splitInstanceId('A\\B\\C')).toBeUndefined();
    expect(splitInstanceId('SQL01\\')).toBeUndefined();
  });

  it('reads the host of a UNC path', () => {
    expect(uncHost('\\\\BACKUP01\\share\\file.bin')).toBe('BACKUP01');
    expect(uncHost('\\\\backup01.contoso.example\\share')).toBe('backup01');
    expect(uncHost('//nas01/share')).toBe('nas01');
    expect(uncHost('C:\\keys\\SM01.bin')).toBeUndefined();
    expect(uncHost('\\\\BACKUP01')).toBeUndefined();
  });
});
