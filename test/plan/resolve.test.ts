import { describe, expect, it } from 'vitest';
import { loadPlanText, type PlanReferenceNames, resolvePlanReferences } from '../../src/plan/load.js';
import type { Plan } from '../../src/plan/types.js';

const NAMES: PlanReferenceNames = {
  computers: ['SM01', 'SM02', 'SQL01', 'DW01', 'DWSQL01'],
  instances: ['SQL01', 'DWSQL01\\DW'],
  databases: ['ServiceManager', 'DWStagingAndConfig', 'DWRepository', 'DWDataMart'],
  serviceManagerGroups: ['SMMG'],
  dataWarehouseGroups: ['DW_SMMG'],
  managementServers: ['SM01', 'SM02', 'DW01'],
  sites: ['HQ'],
};

function plan(...scenarios: string[]): Plan {
  const result = loadPlanText(`version: 1\nscenarios:\n${scenarios.join('')}`, 'plan.yaml');
  if (!result.ok) throw new Error(`expected the plan to load: ${JSON.stringify(result.errors)}`);
  return result.value;
}

function scenario(id: string, lost: string, ...steps: string[]): string {
  return `  - id: ${id}\n    lost: ${lost}\n    steps:\n${steps.map((step) => `      - ${step}\n`).join('')}`;
}

describe('resolvePlanReferences', () => {
  it('rewrites references in any casing to the declared spelling', () => {
    const loaded = plan(
      scenario(
        'everything-lost',
        '{ computers: [sm01], databases: [servicemanager], sites: [hq] }',
        '{ action: stop-services, computer: sm02 }',
        '{ action: restore-database, database: SERVICEMANAGER, instance: sql01 }',
        "{ action: restore-database, database: dwdatamart, instance: 'dwsql01\\dw' }",
        '{ action: restore-encryption-key, computer: Sm01, from: sm01 }',
        '{ action: install-management-server, computer: sM01, database: servicemanager, role: workflow }',
        '{ action: register-data-warehouse, managementGroup: smmg, dataWarehouse: dw_smmg }',
        "{ action: install-data-warehouse-server, computer: dw01, database: dwstagingandconfig, reportingUrl: 'http://DW01/ReportServer' }",
        '{ action: manual, description: call sm01 }',
      ),
    );
    const { plan: resolved, unresolved } = resolvePlanReferences(loaded, NAMES);
    expect(unresolved).toEqual([]);
    const only = resolved.scenarios[0]!;
    expect(only.lost.computers.map((entry) => entry.name)).toEqual(['SM01']);
    expect(only.lost.databases.map((entry) => entry.name)).toEqual(['ServiceManager']);
    expect(only.lost.sites.map((entry) => entry.name)).toEqual(['HQ']);
    expect(only.steps.map((step) => step.params)).toEqual([
      { computer: 'SM02' },
      { database: 'ServiceManager', instance: 'SQL01' },
      { database: 'DWDataMart', instance: 'DWSQL01\\DW' },
      { computer: 'SM01', from: 'SM01' },
      { computer: 'SM01', database: 'ServiceManager', role: 'workflow' },
      { managementGroup: 'SMMG', dataWarehouse: 'DW_SMMG' },
      // URLs and free text are not references: they stay as written.
      { computer: 'DW01', database: 'DWStagingAndConfig', reportingUrl: 'http://DW01/ReportServer' },
      { description: 'call sm01' },
    ]);
    // Locations are kept; the input plan is not modified.
    expect(only.steps[1]!.paramLocations).toEqual(loaded.scenarios[0]!.steps[1]!.paramLocations);
    expect(loaded.scenarios[0]!.steps[0]!.params).toEqual({ computer: 'sm02' });
  });

  it('treats COMPUTER\\MSSQLSERVER as the default instance COMPUTER', () => {
    const loaded = plan(
      scenario(
        'sql-lost',
        '{ computers: [SQL01] }',
        "{ action: enable-clr, instance: 'sql01\\mssqlserver' }",
        "{ action: restore-database, database: ServiceManager, instance: 'SQL01\\MSSQLSERVER' }",
      ),
    );
    const { plan: resolved, unresolved } = resolvePlanReferences(loaded, NAMES);
    expect(unresolved).toEqual([]);
    expect(resolved.scenarios[0]!.steps.map((step) => step.params.instance)).toEqual(['SQL01', 'SQL01']);
  });

  it('lists references that match nothing, with a did-you-mean and the exact location', () => {
    const loaded = plan(
      scenario(
        'typos',
        '{ computers: [SM1], sites: [Paris] }', // line 4
        '{ action: stop-services, computer: SM03 }', // line 6
        "{ action: restore-database, database: ServiceManger, instance: 'DWSQL01\\DX' }", // line 7
        '{ action: restore-encryption-key, computer: SM01, from: SQL01 }', // line 8
        '{ action: register-data-warehouse, managementGroup: SMGM, dataWarehouse: Elsewhere }', // line 9
      ),
    );
    const { plan: resolved, unresolved } = resolvePlanReferences(loaded, NAMES);
    expect(
      unresolved.map(({ parameter, value, kind, suggestion, location, path }) => ({
        parameter,
        value,
        kind,
        suggestion,
        at: `${location.line}:${location.column}`,
        path: path.join('/'),
      })),
    ).toEqual([
      {
        parameter: 'lost.computers',
        value: 'SM1',
        kind: 'computer',
        suggestion: 'SM01',
        at: '4:25',
        path: 'scenarios/0/lost/computers/0',
      },
      {
        parameter: 'lost.sites',
        value: 'Paris',
        kind: 'site',
        suggestion: undefined,
        at: '4:39',
        path: 'scenarios/0/lost/sites/0',
      },
      {
        parameter: 'computer',
        value: 'SM03',
        kind: 'computer',
        suggestion: 'SM01',
        at: '6:44',
        path: 'scenarios/0/steps/0/computer',
      },
      {
        parameter: 'database',
        value: 'ServiceManger',
        kind: 'database',
        suggestion: 'ServiceManager',
        at: '7:47',
        path: 'scenarios/0/steps/1/database',
      },
      {
        parameter: 'instance',
        value: 'DWSQL01\\DX',
        kind: 'instance',
        suggestion: 'DWSQL01\\DW',
        at: '7:72',
        path: 'scenarios/0/steps/1/instance',
      },
      {
        parameter: 'from',
        value: 'SQL01',
        kind: 'management-server',
        // A declared computer that is no management server: too far from SM01 to guess.
        suggestion: undefined,
        at: '8:65',
        path: 'scenarios/0/steps/2/from',
      },
      {
        parameter: 'managementGroup',
        value: 'SMGM',
        kind: 'service-manager-group',
        suggestion: 'SMMG',
        at: '9:61',
        path: 'scenarios/0/steps/3/managementGroup',
      },
      {
        parameter: 'dataWarehouse',
        value: 'Elsewhere',
        kind: 'data-warehouse-group',
        suggestion: undefined,
        at: '9:82',
        path: 'scenarios/0/steps/3/dataWarehouse',
      },
    ]);
    // Every unresolved reference names its scenario, and step references their (rewritten) step.
    expect(unresolved.every((reference) => reference.scenario === 'typos')).toBe(true);
    expect(unresolved[2]!.step).toBe(resolved.scenarios[0]!.steps[0]);
    expect(unresolved[0]!.step).toBeUndefined();
    // What matches nothing stays as written.
    expect(resolved.scenarios[0]!.steps[0]!.params.computer).toBe('SM03');
  });

  it('allows a computer a provision-computer step introduces, from that step on', () => {
    const loaded = plan(
      scenario(
        'move-sql',
        '{ computers: [SQL01] }',
        '{ action: stop-services, computer: SQL02 }',
        '{ action: provision-computer, computer: SQL02 }',
        '{ action: stop-services, computer: sql02 }',
        "{ action: install-sql-server, instance: 'sql02\\Main' }",
        "{ action: enable-clr, instance: 'SQL02\\MAIN' }",
        "{ action: restore-database, database: ServiceManager, instance: 'SQL02\\main' }",
        '{ action: install-sql-server, instance: sql02 }',
        "{ action: restore-database, database: ServiceManager, instance: 'SQL02\\MSSQLSERVER' }",
      ),
      scenario('other-scenario', '{ computers: [SM01] }', '{ action: start-services, computer: SQL02 }'),
    );
    const { plan: resolved, unresolved } = resolvePlanReferences(loaded, NAMES);
    expect(resolved.scenarios[0]!.steps.map((step) => step.params.computer ?? step.params.instance)).toEqual([
      'SQL02',
      'SQL02',
      'SQL02',
      'SQL02\\Main',
      'SQL02\\Main',
      'SQL02\\Main',
      'SQL02',
      'SQL02',
    ]);
    // Before the provision step, and in another scenario, the new computer is unknown.
    expect(
      unresolved.map((reference) => [reference.scenario, reference.path.join('/'), reference.suggestion]),
    ).toEqual([
      ['move-sql', 'scenarios/0/steps/0/computer', 'SQL01'],
      ['other-scenario', 'scenarios/1/steps/0/computer', 'SQL01'],
    ]);
  });

  it('resolves an undeclared instance on a declared computer the scenario rebuilds (same-sql-instance judges it)', () => {
    const loaded = plan(
      scenario(
        'sql-lost',
        '{ computers: [SQL01] }',
        '{ action: provision-computer, computer: sql01 }',
        "{ action: install-sql-server, instance: 'sql01\\NEW' }",
        "{ action: enable-clr, instance: 'SQL01\\new' }",
        "{ action: restore-database, database: ServiceManager, instance: 'SQL01\\NEW' }",
      ),
    );
    const { plan: resolved, unresolved } = resolvePlanReferences(loaded, NAMES);
    expect(resolved.scenarios[0]!.steps.map((step) => step.params.computer ?? step.params.instance)).toEqual([
      'SQL01',
      'SQL01\\NEW',
      'SQL01\\NEW',
      'SQL01\\NEW',
    ]);
    expect(unresolved).toEqual([]);
  });

  it('resolves it when the scenario loses the computer without provisioning it (the models reject the install)', () => {
    const loaded = plan(
      scenario(
        'sql-lost',
        '{ computers: [DWSQL01] }',
        "{ action: install-sql-server, instance: 'DWSQL01\\DW2' }",
      ),
    );
    expect(resolvePlanReferences(loaded, NAMES).unresolved).toEqual([]);
  });

  it('still reports an undeclared instance on a declared computer the scenario neither loses nor provisions', () => {
    const loaded = plan(
      scenario('sm-lost', '{ computers: [SM01] }', "{ action: install-sql-server, instance: 'SQL01\\NEW' }"),
    );
    const { unresolved } = resolvePlanReferences(loaded, NAMES);
    expect(unresolved.map((reference) => [reference.value, reference.kind])).toEqual([
      ['SQL01\\NEW', 'instance'],
    ]);
  });

  it('still reports a typo: an instance on an undeclared computer, and an instance no step installed', () => {
    const loaded = plan(
      scenario(
        'sql-lost',
        '{ computers: [SQL01] }',
        '{ action: provision-computer, computer: SQL01 }',
        '{ action: install-sql-server, instance: SQL10 }',
        "{ action: restore-database, database: ServiceManager, instance: 'DWSQL01\\DX' }",
      ),
    );
    const { unresolved } = resolvePlanReferences(loaded, NAMES);
    expect(
      unresolved.map((reference) => [reference.value, reference.path.join('/'), reference.suggestion]),
    ).toEqual([
      ['SQL10', 'scenarios/0/steps/1/instance', 'SQL01'],
      ['DWSQL01\\DX', 'scenarios/0/steps/2/instance', 'DWSQL01\\DW'],
    ]);
  });
});
