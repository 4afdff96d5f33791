/**
 * Small `Environment` objects built inline, so that the model tests depend neither on the
 * loader nor on the scenario files.
 */
import type {
  Computer,
  Database,
  DatabaseRole,
  DataWarehouseGroup,
  Environment,
  KeyPasswordState,
  ManagementGroup,
  ManagementServer,
  ServiceManagerGroup,
  SqlInstance,
} from '../../src/environment/types.js';
import type { ActionName } from '../../src/plan/actions.js';
import type { PlanStep, Scenario } from '../../src/plan/types.js';

export const loc = { file: 't.yaml', line: 1, column: 1 } as const;
const at = { location: loc, path: [] as const };

export interface KeySpec {
  readonly password?: KeyPasswordState;
  readonly storedOn?: string;
}

export interface ServerSpec {
  readonly computer: string;
  readonly role: 'workflow' | 'additional';
  /** `false`: no key backup. */
  readonly key?: KeySpec | false;
}

export interface DatabaseSpec {
  readonly name: string;
  readonly instance: string;
  readonly role: DatabaseRole;
  /** `false`: no backup; otherwise where it is stored (undefined: off-host, safe). */
  readonly backup?: { readonly storedOn?: string } | false;
}

export interface EnvironmentSpec {
  readonly computers: readonly (string | { readonly name: string; readonly site?: string })[];
  readonly instances: readonly string[];
  readonly databases: readonly DatabaseSpec[];
  readonly smGroup: {
    readonly name: string;
    readonly database: string;
    readonly servers: readonly ServerSpec[];
  };
  readonly dwGroup?: {
    readonly name: string;
    readonly staging: string;
    readonly repository: string;
    readonly datamart: string;
    readonly server: string;
    readonly key?: KeySpec | false;
    readonly reportingUrl?: string;
    readonly registered?: boolean;
  };
}

function instanceComputer(id: string): string {
  return id.split('\\')[0]!;
}

function keyBackup(spec: KeySpec | false | undefined, computer: string) {
  if (spec === false) return undefined;
  return {
    ...at,
    file: `\\\\backup\\keys\\${computer}.bin`,
    offHost: spec?.storedOn === undefined || spec.storedOn !== computer,
    password: spec?.password ?? 'escrowed',
    ...(spec?.storedOn === undefined ? {} : { storedOn: spec.storedOn }),
  };
}

/** Builds a loaded-looking `Environment` from a compact description. */
export function buildEnvironment(spec: EnvironmentSpec): Environment {
  const computers: Computer[] = spec.computers.map((c) =>
    typeof c === 'string'
      ? { ...at, name: c }
      : { ...at, name: c.name, ...(c.site === undefined ? {} : { site: c.site }) },
  );
  const sqlInstances: SqlInstance[] = spec.instances.map((id) => ({
    ...at,
    id,
    computer: instanceComputer(id),
    instanceName: id.includes('\\') ? id.split('\\')[1]! : 'MSSQLSERVER',
  }));
  const groupOf = (name: string): string | undefined => {
    if (name === spec.smGroup.database) return spec.smGroup.name;
    const dw = spec.dwGroup;
    if (dw !== undefined && [dw.staging, dw.repository, dw.datamart].includes(name)) return dw.name;
    return undefined;
  };
  const databases: Database[] = spec.databases.map((d) => {
    const group = groupOf(d.name);
    return {
      ...at,
      name: d.name,
      instance: d.instance,
      computer: instanceComputer(d.instance),
      role: d.role,
      ...(group === undefined ? {} : { managementGroup: group }),
      ...(d.backup === false
        ? {}
        : {
            backup: {
              ...at,
              fullEverySeconds: 86400,
              offHost: d.backup?.storedOn === undefined,
              ...(d.backup?.storedOn === undefined ? {} : { storedOn: d.backup.storedOn }),
              permissionsScript: 0,
              rpoSeconds: 86400,
            },
          }),
    };
  });
  const managementServers: ManagementServer[] = spec.smGroup.servers.map((s) => {
    const backup = keyBackup(s.key, s.computer);
    return {
      ...at,
      computer: s.computer,
      managementGroup: spec.smGroup.name,
      role: s.role,
      ...(backup === undefined ? {} : { keyBackup: backup }),
    };
  });
  const smGroup: ServiceManagerGroup = {
    ...at,
    type: 'service-manager',
    name: spec.smGroup.name,
    database: spec.smGroup.database,
    managementServers: [...spec.smGroup.servers]
      .sort((a, b) => (a.role === 'workflow' ? -1 : b.role === 'workflow' ? 1 : 0))
      .map((s) => s.computer),
    workflowServer: spec.smGroup.servers.find((s) => s.role === 'workflow')!.computer,
    unsealedManagementPacks: { ...at, lastExport: 0, offHost: true },
  };
  const managementGroups: ManagementGroup[] = [smGroup];
  const dw = spec.dwGroup;
  if (dw !== undefined) {
    const backup = keyBackup(dw.key, dw.server);
    managementServers.push({
      ...at,
      computer: dw.server,
      managementGroup: dw.name,
      role: 'data-warehouse',
      ...(backup === undefined ? {} : { keyBackup: backup }),
    });
    const group: DataWarehouseGroup = {
      ...at,
      type: 'data-warehouse',
      name: dw.name,
      databases: { staging: dw.staging, repository: dw.repository, datamart: dw.datamart },
      managementServer: dw.server,
      ...(dw.reportingUrl === undefined
        ? {}
        : {
            reportingServer: {
              ...at,
              computer: instanceComputer(databases.find((d) => d.name === dw.staging)!.instance),
              url: dw.reportingUrl,
            },
          }),
      ...(dw.registered === false ? {} : { registeredWith: spec.smGroup.name }),
    };
    managementGroups.push(group);
  }
  return {
    ...at,
    file: 't.yaml',
    version: 1,
    name: 'test',
    product: 'scsm-2022',
    objectives: { ...at, rtoSeconds: 8 * 3600, rpoSeconds: 86400 },
    restoreThroughputGbPerHour: 50,
    durationOverrides: {},
    computers,
    sqlInstances,
    databases,
    managementGroups,
    managementServers,
    drills: [],
  };
}

/**
 * The four-computer topology with an additional server (P-4C + P-ADDMS): SM01 (workflow),
 * SM02 (additional, site dr), SQL01 (ServiceManager), DW01 (DW MS), DWSQL01\DW (DW databases).
 */
export function fourComputerHa(overrides: Partial<EnvironmentSpec> = {}): Environment {
  return buildEnvironment({
    computers: [
      { name: 'SM01', site: 'hq' },
      { name: 'SM02', site: 'dr' },
      { name: 'SQL01', site: 'hq' },
      { name: 'DW01', site: 'hq' },
      { name: 'DWSQL01', site: 'hq' },
    ],
    instances: ['SQL01', 'DWSQL01\\DW'],
    databases: [
      { name: 'ServiceManager', instance: 'SQL01', role: 'service-manager' },
      { name: 'DWStagingAndConfig', instance: 'DWSQL01\\DW', role: 'dw-staging' },
      { name: 'DWRepository', instance: 'DWSQL01\\DW', role: 'dw-repository' },
      { name: 'DWDataMart', instance: 'DWSQL01\\DW', role: 'dw-datamart' },
    ],
    smGroup: {
      name: 'SMMG',
      database: 'ServiceManager',
      servers: [
        { computer: 'SM01', role: 'workflow' },
        { computer: 'SM02', role: 'additional' },
      ],
    },
    dwGroup: {
      name: 'DW_SMMG',
      staging: 'DWStagingAndConfig',
      repository: 'DWRepository',
      datamart: 'DWDataMart',
      server: 'DW01',
      reportingUrl: 'http://dwsql01/ReportServer',
    },
    ...overrides,
  });
}

/** The two-computer topology (P-2C): the SM MS and ServiceManager share SM01. */
export function twoComputer(): Environment {
  return buildEnvironment({
    computers: ['SM01', 'DW01'],
    instances: ['SM01', 'DW01'],
    databases: [
      { name: 'ServiceManager', instance: 'SM01', role: 'service-manager' },
      { name: 'DWStagingAndConfig', instance: 'DW01', role: 'dw-staging' },
      { name: 'DWRepository', instance: 'DW01', role: 'dw-repository' },
      { name: 'DWDataMart', instance: 'DW01', role: 'dw-datamart' },
    ],
    smGroup: { name: 'SMMG', database: 'ServiceManager', servers: [{ computer: 'SM01', role: 'workflow' }] },
    dwGroup: {
      name: 'DW_SMMG',
      staging: 'DWStagingAndConfig',
      repository: 'DWRepository',
      datamart: 'DWDataMart',
      server: 'DW01',
      reportingUrl: 'http://dw01/ReportServer',
    },
  });
}

/** A compact step: `s('install-management-server', { computer: 'SM01', ... })`. */
export function s(action: ActionName, params: Record<string, string> = {}, index = 0): PlanStep {
  return { ...at, index, action, params, paramLocations: {} };
}

/** A scenario from a loss and compact steps; step indices are filled in. */
export function scenario(
  id: string,
  lost: { computers?: string[]; databases?: string[]; sites?: string[] },
  steps: readonly PlanStep[],
): Scenario {
  const names = (list: string[] | undefined) => (list ?? []).map((name) => ({ ...at, name }));
  return {
    ...at,
    id,
    lost: {
      ...at,
      computers: names(lost.computers),
      databases: names(lost.databases),
      sites: names(lost.sites),
    },
    steps: steps.map((step, index) => ({ ...step, index })),
  };
}
