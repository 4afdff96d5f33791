import { parseDuration } from '../common/duration.js';
import type { InputError, LoadResult } from '../common/errors.js';
import { parseDate } from '../common/formats.js';
import type { NodePath } from '../common/location.js';
import { INSTANCE_NAME_MAX } from '../common/name-limits.js';
import { schemaIssuesToErrors } from '../common/schema-errors.js';
import { type ParsedSource, parseSource, readSourceFile } from '../common/source.js';
import { didYouMean } from '../common/suggest.js';
import { ACTION_NAMES, DEFAULT_RESTORE_THROUGHPUT_GB_PER_HOUR } from '../plan/actions.js';
import { loadWaivers } from '../rules/waiver.js';
import { environmentSchema, type RawBackup, type RawEnvironment, type RawKeyBackup } from './schema.js';
import type {
  Computer,
  Database,
  DatabaseBackup,
  DatabaseRole,
  DataWarehouseGroup,
  Drill,
  Environment,
  KeyBackup,
  Located,
  ManagementGroup,
  ManagementServer,
  ServiceManagerGroup,
  SqlInstance,
} from './types.js';

/**
 * NetBIOS computer names: 1–15 characters of letters, digits and hyphens, not starting or
 * ending with a hyphen and not all digits. Windows accepts a few more punctuation characters,
 * but DNS does not, and SCSM computers must resolve by DNS (promotion takes the FQDN).
 */
const NETBIOS_NAME = /^(?!-)[A-Za-z0-9-]{1,15}(?<!-)$/;

/** The default SQL Server instance name. */
export const DEFAULT_INSTANCE = 'MSSQLSERVER';

/** Splits `COMPUTER` or `COMPUTER\NAME` into its parts; `undefined` when malformed. */
export function splitInstanceId(id: string): { computer: string; instanceName: string } | undefined {
  const parts = id.split('\\');
  if (parts.length > 2 || parts.some((part) => part.trim() === '' || part !== part.trim())) return undefined;
  return { computer: parts[0]!, instanceName: parts[1] ?? DEFAULT_INSTANCE };
}

/** The host of a UNC path (`\\host\share\…`), or `undefined` for local paths. */
export function uncHost(path: string): string | undefined {
  const match = /^(?:\\\\|\/\/)([^\\/]+)[\\/]/.exec(path);
  return match?.[1]?.split('.')[0];
}

/**
 * Loads an environment description from text (YAML or JSON). This is a pure function: it
 * reads no file and no clock. Every problem found is returned, not just the first.
 */
export function loadEnvironmentText(text: string, file: string): LoadResult<Environment> {
  const parsed = parseSource(text, file);
  if (!parsed.ok) return parsed;
  return loadEnvironmentSource(parsed.value);
}

/** Reads and loads an environment file. Never throws for a user's mistake. */
export async function loadEnvironmentFile(file: string): Promise<LoadResult<Environment>> {
  const text = await readSourceFile(file);
  if (!text.ok) return text;
  return loadEnvironmentText(text.value, file);
}

/** Loads an already parsed document: shape check, then semantic validation and normalization. */
export function loadEnvironmentSource(source: ParsedSource): LoadResult<Environment> {
  const shape = environmentSchema.safeParse(source.value);
  if (!shape.success) {
    return {
      ok: false,
      errors: sortErrors(schemaIssuesToErrors(shape.error.issues, source, environmentSchema)),
    };
  }
  const errors: InputError[] = [];
  const environment = normalize(shape.data, source, errors);
  if (errors.length > 0) return { ok: false, errors: sortErrors(errors) };
  return { ok: true, value: environment };
}

function sortErrors(errors: InputError[]): InputError[] {
  return [...errors].sort(
    (a, b) => a.location.line - b.location.line || a.location.column - b.location.column,
  );
}

/** Case-insensitive name registry that remembers where each name was declared. */
class NameTable<T extends Located & { readonly name: string }> {
  private readonly byKey = new Map<string, T>();
  constructor(private readonly kind: string) {}

  add(item: T, errors: InputError[], source: ParsedSource): void {
    const key = item.name.toUpperCase();
    const first = this.byKey.get(key);
    if (first) {
      errors.push({
        location: source.locate([...item.path, 'name']),
        path: [...item.path, 'name'],
        message: `duplicate ${this.kind} '${item.name}' (first declared at line ${first.location.line})`,
        expected: `unique ${this.kind} names (case-insensitive)`,
      });
      return;
    }
    this.byKey.set(key, item);
  }

  get(name: string): T | undefined {
    return this.byKey.get(name.toUpperCase());
  }

  names(): string[] {
    return [...this.byKey.values()].map((item) => item.name);
  }
}

function normalize(raw: RawEnvironment, source: ParsedSource, errors: InputError[]): Environment {
  const located = (path: NodePath): Located => ({ location: source.locate(path), path });
  const date = (text: string): number => parseDate(text) ?? 0;
  const seconds = (text: string): number => parseDuration(text) ?? 0;

  /** Reports a reference to an undeclared name with a did-you-mean. */
  const unresolved = (path: NodePath, kind: string, value: string, candidates: string[]): void => {
    const suggestion = didYouMean(value, candidates);
    errors.push({
      location: source.locate(path),
      path,
      message: `unknown ${kind} '${value}'`,
      expected: candidates.length > 0 ? `a declared ${kind}: ${candidates.join(', ')}` : `a declared ${kind}`,
      suggestion: suggestion ? `did you mean '${suggestion}'?` : undefined,
    });
  };

  // Computers.
  const computers = new NameTable<Computer>('computer');
  raw.computers.forEach((computer, index) => {
    const path = ['computers', index];
    if (!NETBIOS_NAME.test(computer.name) || /^\d+$/.test(computer.name)) {
      errors.push({
        location: source.locate([...path, 'name']),
        path: [...path, 'name'],
        message: `'${computer.name}' is not a valid NetBIOS computer name`,
        expected: '1 to 15 letters, digits or hyphens, not all digits, not starting or ending with a hyphen',
        suggestion: computer.name.includes('.')
          ? `put the full name in 'fqdn' and the first label '${computer.name.split('.')[0]}' in 'name'`
          : computer.name.length > 15
            ? `the name has ${computer.name.length} characters; Windows truncates to '${computer.name.slice(0, 15)}'`
            : undefined,
      });
    }
    if (computer.fqdn && computer.fqdn.split('.')[0]!.toUpperCase() !== computer.name.toUpperCase()) {
      errors.push({
        location: source.locate([...path, 'fqdn']),
        path: [...path, 'fqdn'],
        message: `fqdn '${computer.fqdn}' does not start with the computer name '${computer.name}'`,
        expected: `'${computer.name.toLowerCase()}.<domain>'`,
      });
    }
    computers.add(
      {
        ...located(path),
        name: computer.name,
        ...(computer.fqdn ? { fqdn: computer.fqdn } : {}),
        ...(computer.site ? { site: computer.site } : {}),
      },
      errors,
      source,
    );
  });
  const computerNames = computers.names();
  const resolveComputer = (path: NodePath, name: string): string | undefined => {
    const found = computers.get(name);
    if (!found) unresolved(path, 'computer', name, computerNames);
    return found?.name;
  };

  // SQL instances. The key of an id is its canonical form in upper case; ids declared but
  // broken (malformed, or on an undeclared computer) are remembered so that the databases on
  // them do not each report a second, misleading "unknown SQL instance".
  const instanceKey = (id: string): string => {
    const parts = splitInstanceId(id);
    return (
      parts && parts.instanceName.toUpperCase() !== DEFAULT_INSTANCE ? id : (parts?.computer ?? id)
    ).toUpperCase();
  };
  const brokenInstances = new Set<string>();
  const instances = new Map<string, SqlInstance>();
  const sqlInstances: SqlInstance[] = [];
  raw.sqlInstances.forEach((instance, index) => {
    const path = ['sqlInstances', index];
    const parts = splitInstanceId(instance.id);
    if (!parts) {
      errors.push({
        location: source.locate([...path, 'id']),
        path: [...path, 'id'],
        message: `malformed instance id '${instance.id}'`,
        expected: "'COMPUTER' for the default instance or 'COMPUTER\\NAME' for a named one",
      });
      brokenInstances.add(instanceKey(instance.id));
      return;
    }
    if (parts.instanceName.length > INSTANCE_NAME_MAX) {
      errors.push({
        location: source.locate([...path, 'id']),
        path: [...path, 'id'],
        message: `the instance name '${parts.instanceName}' has ${parts.instanceName.length} characters`,
        expected: `an instance name of at most ${INSTANCE_NAME_MAX} characters after the '\\'`,
      });
    }
    const computer = resolveComputer([...path, 'id'], parts.computer);
    if (!computer) {
      brokenInstances.add(instanceKey(instance.id));
      return;
    }
    const instanceName =
      parts.instanceName.toUpperCase() === DEFAULT_INSTANCE ? DEFAULT_INSTANCE : parts.instanceName;
    const id = instanceName === DEFAULT_INSTANCE ? computer : `${computer}\\${instanceName}`;
    const key = id.toUpperCase();
    const first = instances.get(key);
    if (first) {
      errors.push({
        location: source.locate([...path, 'id']),
        path: [...path, 'id'],
        message: `duplicate SQL instance '${id}' (first declared at line ${first.location.line})`,
        expected: 'each instance once',
      });
      return;
    }
    const normalized: SqlInstance = {
      ...located(path),
      id,
      computer,
      instanceName,
      ...(instance.collation ? { collation: instance.collation } : {}),
    };
    instances.set(key, normalized);
    sqlInstances.push(normalized);
  });
  const instanceIds = sqlInstances.map((instance) => instance.id);
  const resolveInstance = (path: NodePath, id: string): SqlInstance | undefined => {
    const key = instanceKey(id);
    const found = instances.get(key);
    if (!found && !brokenInstances.has(key)) unresolved(path, 'SQL instance', id, instanceIds);
    return found;
  };

  // Which role each database plays, from the groups that name it. Collected first so the
  // database nodes can carry their role.
  const roles = new Map<string, { role: DatabaseRole; group: string }>();
  for (const group of raw.managementGroups) {
    if (group.type === 'service-manager') {
      roles.set(group.database.toUpperCase(), { role: 'service-manager', group: group.name });
    } else {
      const entries: [string | undefined, DatabaseRole][] = [
        [group.databases.staging, 'dw-staging'],
        [group.databases.repository, 'dw-repository'],
        [group.databases.datamart, 'dw-datamart'],
        [group.databases.omDatamart, 'om-datamart'],
        [group.databases.cmDatamart, 'cm-datamart'],
        [group.databases.reportServer, 'report-server'],
        [group.databases.analysis, 'analysis'],
      ];
      for (const [name, role] of entries)
        if (name) roles.set(name.toUpperCase(), { role, group: group.name });
    }
  }

  // Databases.
  const databases = new NameTable<Database>('database');
  raw.databases.forEach((database, index) => {
    const path = ['databases', index];
    const instance = resolveInstance([...path, 'instance'], database.instance);
    const role = roles.get(database.name.toUpperCase());
    if (!instance) {
      // Still declared, so references to it are not reported as unknown; the load fails anyway.
      databases.add(
        {
          ...located(path),
          name: database.name,
          instance: database.instance,
          computer: '',
          role: role?.role ?? 'other',
        },
        errors,
        source,
      );
      return;
    }
    databases.add(
      {
        ...located(path),
        name: database.name,
        instance: instance.id,
        computer: instance.computer,
        role: role?.role ?? 'other',
        ...(role ? { managementGroup: role.group } : {}),
        ...(database.sizeGb !== undefined ? { sizeGb: database.sizeGb } : {}),
        ...(database.backup
          ? { backup: normalizeBackup(database.backup, [...path, 'backup'], instance.computer) }
          : {}),
      },
      errors,
      source,
    );
  });
  const databaseNames = databases.names();
  const resolveDatabase = (path: NodePath, name: string): string | undefined => {
    const found = databases.get(name);
    if (!found) unresolved(path, 'database', name, databaseNames);
    return found?.name;
  };

  function normalizeBackup(backup: RawBackup, path: NodePath, host: string): DatabaseBackup {
    const targetHost = backup.location ? uncHost(backup.location) : undefined;
    // A UNC location on another computer is off-host unless the file says otherwise.
    const offHost =
      backup.offHost ?? (targetHost !== undefined && targetHost.toUpperCase() !== host.toUpperCase());
    const declaredTarget = targetHost ? computers.get(targetHost)?.name : undefined;
    const intervals = [backup.full.every, backup.differential?.every, backup.log?.every]
      .filter((every): every is string => every !== undefined)
      .map(seconds);
    return {
      ...located(path),
      fullEverySeconds: seconds(backup.full.every),
      ...(backup.full.last ? { lastFull: date(backup.full.last) } : {}),
      ...(backup.differential ? { differentialEverySeconds: seconds(backup.differential.every) } : {}),
      ...(backup.log ? { logEverySeconds: seconds(backup.log.every) } : {}),
      offHost,
      ...(backup.location ? { target: backup.location } : {}),
      // Without a declared copy elsewhere the backups are assumed to sit on the host itself:
      // the conservative reading, since they are then lost with it.
      ...(declaredTarget ? { storedOn: declaredTarget } : offHost ? {} : { storedOn: host }),
      ...(backup.permissionsScript === false
        ? { permissionsScript: false as const }
        : backup.permissionsScript
          ? { permissionsScript: date(backup.permissionsScript) }
          : {}),
      ...(backup.lastRestoreTest ? { lastRestoreTest: date(backup.lastRestoreTest) } : {}),
      rpoSeconds: Math.min(...intervals),
    };
  }

  function normalizeKeyBackup(key: RawKeyBackup, path: NodePath, server: string): KeyBackup {
    const host = uncHost(key.file);
    const declaredHost = host ? computers.get(host)?.name : undefined;
    // A UNC path to another computer is off-host unless the file says otherwise; a local path
    // (C:\…) or a UNC path to the server itself is on the server.
    const judgedOffHost = host !== undefined && host.toUpperCase() !== server.toUpperCase();
    const offHost = key.offHost ?? judgedOffHost;
    return {
      ...located(path),
      file: key.file,
      ...(key.taken ? { taken: date(key.taken) } : {}),
      offHost,
      password: key.password,
      ...(declaredHost ? { storedOn: declaredHost } : offHost ? {} : { storedOn: server }),
    };
  }

  // Management groups and their servers.
  const groups = new NameTable<ManagementGroup>('management group');
  const managementServers: ManagementServer[] = [];
  const serverByComputer = new Map<string, ManagementServer>();
  const addServer = (server: ManagementServer): void => {
    const key = server.computer.toUpperCase();
    const first = serverByComputer.get(key);
    if (first) {
      const mixed = (first.role === 'data-warehouse') !== (server.role === 'data-warehouse');
      errors.push({
        location: source.locate([...server.path, 'computer']),
        path: [...server.path, 'computer'],
        message: mixed
          ? `computer '${server.computer}' would host both a Service Manager and a data warehouse management server (line ${first.location.line}); Setup refuses this (P-SCEN)`
          : `computer '${server.computer}' already hosts a management server (line ${first.location.line})`,
        expected: 'one management server per computer',
      });
      return;
    }
    serverByComputer.set(key, server);
    managementServers.push(server);
  };

  const managementGroups: ManagementGroup[] = [];
  raw.managementGroups.forEach((group, index) => {
    const path = ['managementGroups', index];
    if (group.type === 'service-manager') {
      const database = resolveDatabase([...path, 'database'], group.database);
      const servers: string[] = [];
      const workflow: number[] = [];
      group.managementServers.forEach((server, serverIndex) => {
        const serverPath = [...path, 'managementServers', serverIndex];
        const computer = resolveComputer([...serverPath, 'computer'], server.computer);
        if (server.role === 'workflow') workflow.push(serverIndex);
        if (!computer) return;
        servers.push(computer);
        addServer({
          ...located(serverPath),
          computer,
          managementGroup: group.name,
          role: server.role,
          ...(server.keyBackup
            ? { keyBackup: normalizeKeyBackup(server.keyBackup, [...serverPath, 'keyBackup'], computer) }
            : {}),
        });
      });
      if (workflow.length !== 1) {
        const at =
          workflow.length === 0
            ? [...path, 'managementServers']
            : [...path, 'managementServers', workflow[1]!, 'role'];
        errors.push({
          location: source.locate(at),
          path: at,
          message:
            workflow.length === 0
              ? `management group '${group.name}' has no workflow server`
              : `management group '${group.name}' has ${workflow.length} workflow servers`,
          expected: 'exactly one management server with role: workflow (the others role: additional)',
        });
      }
      const workflowComputer =
        workflow.length === 1 ? group.managementServers[workflow[0]!]!.computer : undefined;
      const workflowServer = workflowComputer ? computers.get(workflowComputer)?.name : undefined;
      const mps = group.unsealedManagementPacks;
      const portal = group.selfServicePortal;
      const portalPath = [...path, 'selfServicePortal'];
      const portalComputer =
        portal === undefined ? undefined : resolveComputer([...portalPath, 'computer'], portal.computer);
      const normalized: ServiceManagerGroup = {
        ...located(path),
        type: 'service-manager',
        name: group.name,
        database: database ?? group.database,
        managementServers: workflowServer
          ? [workflowServer, ...servers.filter((server) => server !== workflowServer)]
          : servers,
        workflowServer: workflowServer ?? '',
        ...(mps
          ? {
              unsealedManagementPacks: {
                ...located([...path, 'unsealedManagementPacks']),
                lastExport: date(mps.lastExport),
                offHost: mps.offHost ?? false,
              },
            }
          : {}),
        ...(portal !== undefined && portalComputer !== undefined
          ? {
              selfServicePortal: {
                ...located(portalPath),
                computer: portalComputer,
                managementGroup: group.name,
                ...(portal.keyBackup
                  ? {
                      keyBackup: normalizeKeyBackup(
                        portal.keyBackup,
                        [...portalPath, 'keyBackup'],
                        portalComputer,
                      ),
                    }
                  : {}),
              },
            }
          : {}),
      };
      groups.add(normalized, errors, source);
      managementGroups.push(normalized);
    } else {
      const dbPath = [...path, 'databases'];
      const resolved: Record<string, string> = {};
      for (const [slot, name] of Object.entries(group.databases)) {
        if (name === undefined) continue;
        const found = resolveDatabase([...dbPath, slot], name);
        if (found) resolved[slot] = found;
      }
      const serverPath = [...path, 'managementServer'];
      const computer = resolveComputer([...serverPath, 'computer'], group.managementServer.computer);
      if (computer) {
        addServer({
          ...located(serverPath),
          computer,
          managementGroup: group.name,
          role: 'data-warehouse',
          ...(group.managementServer.keyBackup
            ? {
                keyBackup: normalizeKeyBackup(
                  group.managementServer.keyBackup,
                  [...serverPath, 'keyBackup'],
                  computer,
                ),
              }
            : {}),
        });
      }
      let reportingServer: DataWarehouseGroup['reportingServer'];
      if (group.reportingServer) {
        const reportingComputer = resolveComputer(
          [...path, 'reportingServer', 'computer'],
          group.reportingServer.computer,
        );
        if (reportingComputer) {
          reportingServer = {
            ...located([...path, 'reportingServer']),
            computer: reportingComputer,
            url: group.reportingServer.url,
          };
        }
      }
      const normalized: DataWarehouseGroup = {
        ...located(path),
        type: 'data-warehouse',
        name: group.name,
        databases: {
          staging: resolved.staging ?? group.databases.staging,
          repository: resolved.repository ?? group.databases.repository,
          datamart: resolved.datamart ?? group.databases.datamart,
          ...(resolved.omDatamart ? { omDatamart: resolved.omDatamart } : {}),
          ...(resolved.cmDatamart ? { cmDatamart: resolved.cmDatamart } : {}),
          ...(resolved.reportServer ? { reportServer: resolved.reportServer } : {}),
          ...(resolved.analysis ? { analysis: resolved.analysis } : {}),
        },
        managementServer: computer ?? group.managementServer.computer,
        ...(reportingServer ? { reportingServer } : {}),
        ...(group.registeredWith ? { registeredWith: group.registeredWith } : {}),
      };
      groups.add(normalized, errors, source);
      managementGroups.push(normalized);
    }
  });

  // Cross-group references, now that every group is known.
  const serviceManagerGroups = managementGroups.filter((group) => group.type === 'service-manager');
  const databaseUsers = new Map<string, string>();
  managementGroups.forEach((group, index) => {
    const path = ['managementGroups', index];
    const used =
      group.type === 'service-manager'
        ? [['database', group.database] as const]
        : Object.entries(group.databases).map(([slot, name]) => [`databases.${slot}`, name] as const);
    for (const [slot, name] of used) {
      const key = name.toUpperCase();
      const first = databaseUsers.get(key);
      if (first) {
        const at = [...path, ...slot.split('.')];
        errors.push({
          location: source.locate(at),
          path: at,
          message: `database '${name}' is already used by ${first}`,
          expected: 'each management group and each data warehouse role with its own database',
        });
      } else {
        databaseUsers.set(key, `management group '${group.name}'`);
      }
    }
    if (group.type === 'data-warehouse' && group.registeredWith) {
      const target = groups.get(group.registeredWith);
      if (target?.type === 'service-manager') {
        managementGroups[index] = { ...group, registeredWith: target.name };
      } else {
        unresolved(
          [...path, 'registeredWith'],
          'Service Manager management group',
          group.registeredWith,
          serviceManagerGroups.map((candidate) => candidate.name),
        );
      }
    }
  });

  // Durations overrides name actions.
  const durationOverrides: Record<string, number> = {};
  for (const [action, text] of Object.entries(raw.durations ?? {})) {
    if (!(ACTION_NAMES as readonly string[]).includes(action)) {
      const suggestion = didYouMean(action, ACTION_NAMES);
      errors.push({
        location: source.locate(['durations', action], 'key'),
        path: ['durations', action],
        message: `unknown action '${action}'`,
        expected: 'an action name of the plan format',
        suggestion: suggestion ? `did you mean '${suggestion}'?` : undefined,
      });
      continue;
    }
    durationOverrides[action] = seconds(text);
  }

  const waivers = loadWaivers(raw.waivers, source, errors);

  const drills: Drill[] = (raw.drills ?? []).map((drill, index) => ({
    ...located(['drills', index]),
    scenario: drill.scenario,
    date: date(drill.date),
    outcome: drill.outcome,
    ...(drill.duration ? { durationSeconds: seconds(drill.duration) } : {}),
    ...(drill.notes ? { notes: drill.notes } : {}),
  }));

  return {
    ...located([]),
    file: source.file,
    version: 1,
    name: raw.name,
    product: raw.product,
    ...(raw.asOf ? { asOf: date(raw.asOf) } : {}),
    objectives: {
      ...located(['objectives']),
      rtoSeconds: seconds(raw.objectives.rto),
      rpoSeconds: seconds(raw.objectives.rpo),
    },
    restoreThroughputGbPerHour: raw.restoreThroughputGbPerHour ?? DEFAULT_RESTORE_THROUGHPUT_GB_PER_HOUR,
    durationOverrides,
    ...(raw.teams === undefined ? {} : { teams: raw.teams }),
    computers: computerNames.map((name) => computers.get(name)!),
    sqlInstances,
    databases: databaseNames.map((name) => databases.get(name)!),
    managementGroups,
    managementServers,
    drills,
    ...(waivers.length > 0 ? { waivers } : {}),
  };
}
