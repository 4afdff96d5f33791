import type {
  Computer,
  Database,
  DatabaseBackup,
  DatabaseRole,
  Environment,
  KeyBackup,
  ManagementServer,
  ManagementServerRole,
} from '../../environment/types.js';
import { ClassAssignments, every, isoDate, uncHost } from './common.js';
import { flowchartClassLines, MermaidIds, mermaidLabel, mermaidLines } from './escape.js';

const SERVER_ROLE_TEXT: Readonly<Record<ManagementServerRole, string>> = {
  workflow: 'workflow management server',
  additional: 'additional management server',
  'data-warehouse': 'data warehouse management server',
};

const DATABASE_ROLE_TEXT: Readonly<Record<DatabaseRole, string>> = {
  'service-manager': 'Service Manager database',
  'dw-staging': 'DW staging and config',
  'dw-repository': 'DW repository',
  'dw-datamart': 'DW data mart',
  'om-datamart': 'OM data mart',
  'cm-datamart': 'CM data mart',
  'report-server': 'Reporting Services database',
  analysis: 'Analysis Services database',
  other: 'database',
};

/**
 * Where a backup file lives: on a declared computer, or on an off-host store named by the host
 * of its UNC path (`''` when the location is not stated or not a UNC path).
 */
type Place = { readonly computer: string } | { readonly store: string };

/** An off-host store: a UNC host that is not a declared computer, or an unstated location. */
interface Store {
  readonly id: string;
  readonly label: string;
  readonly nodes: string[];
}

/** Fixed ids never contain `_`, so they cannot meet a `prefix_name` id. */
const NO_SITE_ID = 'nosite';
const UNKNOWN_STORE_ID = 'storeunknown';

/**
 * Where a backup's files are: the loader's `storedOn` when it knows; otherwise the protected
 * computer itself for a backup that is not off-host; otherwise the UNC host of the path.
 */
function placeOf(
  backup: { readonly storedOn?: string; readonly offHost: boolean },
  target: string | undefined,
  ownComputer: string,
): Place {
  if (backup.storedOn !== undefined) return { computer: backup.storedOn };
  if (!backup.offHost) return { computer: ownComputer };
  const host = target === undefined ? undefined : uncHost(target);
  return { store: host ?? '' };
}

function keyBackupLines(server: ManagementServer, backup: KeyBackup): string[] {
  return [
    `key backup of ${server.computer}`,
    backup.file,
    `${backup.taken === undefined ? 'date unknown' : `taken ${isoDate(backup.taken)}`}, password ${backup.password}`,
  ];
}

function databaseBackupLines(database: Database, backup: DatabaseBackup): string[] {
  const schedule = [`full ${every(backup.fullEverySeconds)}`];
  if (backup.differentialEverySeconds !== undefined)
    schedule.push(`differential ${every(backup.differentialEverySeconds)}`);
  if (backup.logEverySeconds !== undefined) schedule.push(`log ${every(backup.logEverySeconds)}`);
  const lines = [`backup of ${database.name}`, schedule.join(', ')];
  if (backup.target !== undefined) lines.push(backup.target);
  if (backup.lastFull !== undefined) lines.push(`last full ${isoDate(backup.lastFull)}`);
  return lines;
}

/**
 * The topology of an environment as a Mermaid `flowchart LR`: one subgraph per site (computers
 * without a site share a "no site" group), one subgraph per computer holding its management
 * servers (with role), reporting server and SQL instances with their databases; management
 * groups as nodes linked to their servers and databases; key and database backups drawn where
 * their files live (the computer they are stored on, or an off-host store named by the UNC host
 * of the path) with dashed edges; and the data warehouse registration as a thick edge.
 *
 * Every id comes from {@link MermaidIds} and every label from the escaping helpers, so the text
 * is safe for any input. This is a pure function.
 */
export function topologyDiagram(env: Environment): string {
  const ids = new MermaidIds();
  const classes = new ClassAssignments();
  const edges: string[] = [];
  /** Backup nodes per computer they are stored on (declared spelling). */
  const backupsOn = new Map<string, string[]>();
  const stores = new Map<string, Store>();

  const place = (where: Place, node: string): void => {
    if ('computer' in where) {
      const list = backupsOn.get(where.computer);
      if (list) list.push(node);
      else backupsOn.set(where.computer, [node]);
      return;
    }
    // NetBIOS names are case-insensitive: \\BACKUP01 and \\backup01 are one store, shown
    // as first written.
    const key = where.store.toUpperCase();
    let store = stores.get(key);
    if (!store) {
      store =
        where.store === ''
          ? { id: UNKNOWN_STORE_ID, label: 'off-host store (location not stated)', nodes: [] }
          : { id: ids.id('store', key), label: `off-host store \\\\${where.store}`, nodes: [] };
      stores.set(key, store);
    }
    store.nodes.push(node);
  };

  // Management servers, their key backups, and the edges to their groups.
  const serverNodes = new Map<string, string[]>();
  for (const server of env.managementServers) {
    const id = ids.id('ms', server.computer, `${server.managementGroup}\u0000${server.computer}`);
    const lines = [SERVER_ROLE_TEXT[server.role], `group ${server.managementGroup}`];
    if (!server.keyBackup) lines.push('no key backup');
    const node = `${id}[${mermaidLines(lines)}]`;
    const list = serverNodes.get(server.computer);
    if (list) list.push(node);
    else serverNodes.set(server.computer, [node]);
    classes.add(
      server.role === 'workflow' ? 'workflow' : server.role === 'additional' ? 'additional' : 'dataWarehouse',
      id,
    );
    edges.push(`  ${ids.id('mg', server.managementGroup)} --- ${id}`);
    if (server.keyBackup) {
      const backupId = ids.id('kb', server.computer, `${server.managementGroup}\u0000${server.computer}`);
      place(
        placeOf(server.keyBackup, server.keyBackup.file, server.computer),
        `${backupId}[${mermaidLines(keyBackupLines(server, server.keyBackup))}]`,
      );
      classes.add('backup', backupId);
      edges.push(`  ${id} -.->|${mermaidLabel('key backup')}| ${backupId}`);
    }
  }

  // Reporting servers live on a computer and belong to a data warehouse group.
  const reportingNodes = new Map<string, string[]>();
  for (const group of env.managementGroups) {
    if (group.type !== 'data-warehouse' || !group.reportingServer) continue;
    const id = ids.id('rs', group.name);
    const node = `${id}[${mermaidLines(['reporting server', group.reportingServer.url])}]`;
    const list = reportingNodes.get(group.reportingServer.computer);
    if (list) list.push(node);
    else reportingNodes.set(group.reportingServer.computer, [node]);
    classes.add('reporting', id);
    edges.push(`  ${ids.id('mg', group.name)} --- ${id}`);
  }

  // Databases and their backups.
  const databaseNodes = new Map<string, string[]>();
  for (const database of env.databases) {
    const id = ids.id('db', database.name);
    const lines = [database.name, DATABASE_ROLE_TEXT[database.role]];
    if (database.sizeGb !== undefined) lines.push(`${database.sizeGb} GB`);
    if (!database.backup) lines.push('no backup');
    const list = databaseNodes.get(database.instance);
    const node = `${id}[(${mermaidLines(lines)})]`;
    if (list) list.push(node);
    else databaseNodes.set(database.instance, [node]);
    classes.add(database.backup ? 'database' : 'missing', id);
    if (database.backup) {
      const backupId = ids.id('bk', database.name);
      place(
        placeOf(database.backup, database.backup.target, database.computer),
        `${backupId}[${mermaidLines(databaseBackupLines(database, database.backup))}]`,
      );
      classes.add('backup', backupId);
      edges.push(`  ${id} -.->|${mermaidLabel('backup')}| ${backupId}`);
    }
  }

  const computerBlock = (computer: Computer, indent: string): string[] => {
    const inner = `${indent}  `;
    const title = computer.fqdn ? `${computer.name} (${computer.fqdn})` : computer.name;
    const out = [`${indent}subgraph ${ids.id('c', computer.name)}[${mermaidLabel(title)}]`];
    for (const node of serverNodes.get(computer.name) ?? []) out.push(`${inner}${node}`);
    for (const node of reportingNodes.get(computer.name) ?? []) out.push(`${inner}${node}`);
    for (const instance of env.sqlInstances) {
      if (instance.computer !== computer.name) continue;
      // One short line: Mermaid sizes subgraph titles for a single line, and a long title
      // overflows its box. (The collation is the subject of a finding, not of the picture.)
      out.push(
        `${inner}subgraph ${ids.id('i', instance.id)}[${mermaidLabel(`SQL instance ${instance.id}`)}]`,
      );
      const databases = databaseNodes.get(instance.id) ?? [];
      // An empty subgraph renders as a bare title; a note keeps the instance readable.
      if (databases.length === 0)
        out.push(`${inner}  ${ids.id('inone', instance.id)}[${mermaidLabel('no databases')}]`);
      for (const node of databases) out.push(`${inner}  ${node}`);
      out.push(`${inner}end`);
    }
    for (const node of backupsOn.get(computer.name) ?? []) out.push(`${inner}${node}`);
    if (out.length === 1) out.push(`${inner}${ids.id('cnone', computer.name)}[${mermaidLabel('(empty)')}]`);
    out.push(`${indent}end`);
    return out;
  };

  const lines = ['flowchart LR'];

  // Sites in order of first appearance; computers without a site in one group.
  const sites = new Map<string, Computer[]>();
  const noSite: Computer[] = [];
  for (const computer of env.computers) {
    if (computer.site === undefined) {
      noSite.push(computer);
      continue;
    }
    const list = sites.get(computer.site);
    if (list) list.push(computer);
    else sites.set(computer.site, [computer]);
  }
  for (const [site, computers] of sites) {
    lines.push(`  subgraph ${ids.id('site', site)}[${mermaidLabel(`site ${site}`)}]`);
    for (const computer of computers) lines.push(...computerBlock(computer, '    '));
    lines.push('  end');
  }
  if (noSite.length > 0) {
    lines.push(`  subgraph ${NO_SITE_ID}[${mermaidLabel('no site')}]`);
    for (const computer of noSite) lines.push(...computerBlock(computer, '    '));
    lines.push('  end');
  }

  for (const store of stores.values()) {
    lines.push(`  subgraph ${store.id}[${mermaidLabel(store.label)}]`);
    for (const node of store.nodes) lines.push(`    ${node}`);
    lines.push('  end');
  }

  for (const group of env.managementGroups) {
    const id = ids.id('mg', group.name);
    const kind = group.type === 'service-manager' ? 'Service Manager' : 'data warehouse';
    lines.push(`  ${id}{{${mermaidLines([group.name, `${kind} management group`])}}}`);
    classes.add('group', id);
    if (group.type === 'service-manager') {
      edges.push(`  ${id} --- ${ids.id('db', group.database)}`);
    } else {
      for (const database of Object.values(group.databases)) {
        if (database !== undefined) edges.push(`  ${id} --- ${ids.id('db', database)}`);
      }
      if (group.registeredWith !== undefined)
        edges.push(`  ${id} ==>|${mermaidLabel('registered with')}| ${ids.id('mg', group.registeredWith)}`);
    }
  }

  lines.push(...edges);
  lines.push(...flowchartClassLines(classes.byClass));
  return `${lines.join('\n')}\n`;
}
