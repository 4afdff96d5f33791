/**
 * Independent clusters of an environment's components, and each cluster as a system of its own.
 *
 * Two components are in one cluster when some routing of `system.ts` reads or writes both in
 * one step: a computer and what it hosts (provisioning brings the hosted shells back), an
 * instance and its databases (CLR reaches them; a restore reads the instance), a database and
 * its backup, a server and its key backup, a Service Manager group with its servers and its
 * database (Setup, promotion, the workflow count), a data warehouse group with its server and
 * all its databases, and a data warehouse group with the Service Manager group it is
 * registered with (`register-data-warehouse` reads servers of both). Clusters sharing a
 * computer or an instance merge through these edges. Where a backup is stored (`storedOn`)
 * couples clusters only at the loss (a lost file server destroys the backups on it); the
 * cluster's start state is projected from the whole system's start state, so that coupling
 * is kept without merging. docs/performance.md argues why actions of different clusters
 * commute.
 */
import type { Environment } from '../environment/types.js';
import { componentId } from '../models/ids.js';
import {
  createSystem,
  type FastState,
  instanceKey,
  type ModelSystem,
  type SystemNotes,
  type SystemState,
  toFastState,
} from '../models/system.js';

/** One cluster: its component ids (in the whole system's order) and its own system. */
export interface Cluster {
  readonly index: number;
  /** Component ids of the whole system that belong to the cluster, in declaration order. */
  readonly ids: readonly string[];
  /** The cluster as an environment of its own, compiled. */
  readonly system: ModelSystem;
}

const lower = (name: string): string => name.toLowerCase();

/** Union-find over component indices. */
class Partition {
  private readonly parent: Int32Array;
  constructor(size: number) {
    this.parent = new Int32Array(size);
    for (let i = 0; i < size; i++) this.parent[i] = i;
  }
  find(i: number): number {
    let root = i;
    while (this.parent[root] !== root) root = this.parent[root]!;
    // Path compression keeps later finds flat.
    while (this.parent[i] !== root) {
      const next = this.parent[i]!;
      this.parent[i] = root;
      i = next;
    }
    return root;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    // The smaller index stays the root, so clusters come out in declaration order.
    if (ra < rb) this.parent[rb] = ra;
    else if (rb < ra) this.parent[ra] = rb;
  }
}

/**
 * Splits a system into its independent clusters (see the module comment), each with its own
 * compiled sub-system. Clusters are ordered by their first component. This is a pure function.
 */
export function clustersOf(system: ModelSystem): Cluster[] {
  const { env, componentIndex } = system;
  const partition = new Partition(system.components.length);
  const link = (a: string, b: string): void => {
    const ia = componentIndex.get(a);
    const ib = componentIndex.get(b);
    if (ia !== undefined && ib !== undefined) partition.union(ia, ib);
  };
  for (const computer of env.computers) {
    for (const hosted of system.hosted.get(lower(computer.name)) ?? [])
      link(componentId.computer(computer.name), hosted);
  }
  const instanceId = (id: string): string =>
    componentId.sqlInstance(system.instances.get(instanceKey(id))?.id ?? id);
  for (const database of env.databases) {
    link(componentId.database(database.name), componentId.databaseBackup(database.name));
    link(componentId.database(database.name), instanceId(database.instance));
  }
  const serverId = (computer: string): string | undefined => {
    const server = system.servers.get(lower(computer));
    if (server === undefined) return undefined;
    return server.role === 'data-warehouse'
      ? componentId.dataWarehouseServer(server.computer)
      : componentId.managementServer(server.computer);
  };
  for (const server of env.managementServers) {
    const id = serverId(server.computer)!;
    link(id, componentId.keyBackup(server.computer));
  }
  const databaseId = (name: string): string =>
    componentId.database(system.databases.get(lower(name))?.name ?? name);
  for (const group of system.smGroups.values()) {
    const id = componentId.serviceManagerGroup(group.name);
    link(id, databaseId(group.database));
    for (const computer of group.managementServers)
      link(id, serverId(computer) ?? componentId.managementServer(computer));
  }
  for (const group of system.dwGroups.values()) {
    const id = componentId.dataWarehouseGroup(group.name);
    link(id, serverId(group.managementServer) ?? componentId.dataWarehouseServer(group.managementServer));
    for (const name of Object.values(group.databases)) if (name !== undefined) link(id, databaseId(name));
    if (group.registeredWith !== undefined) {
      const sm = system.smGroups.get(lower(group.registeredWith));
      if (sm !== undefined) link(id, componentId.serviceManagerGroup(sm.name));
    }
  }
  const members = new Map<number, string[]>();
  system.components.forEach((component, index) => {
    const root = partition.find(index);
    const list = members.get(root) ?? [];
    list.push(component.id);
    members.set(root, list);
  });
  return [...members.values()].map((ids, index) => ({
    index,
    ids,
    system: createSystem(subEnvironment(env, new Set(ids))),
  }));
}

/**
 * The environment restricted to a cluster's components: its computers, instances, databases,
 * groups and servers, everything else (objectives, durations, site names) unchanged. This is
 * a pure function.
 */
export function subEnvironment(env: Environment, ids: ReadonlySet<string>): Environment {
  return {
    ...env,
    computers: env.computers.filter((computer) => ids.has(componentId.computer(computer.name))),
    sqlInstances: env.sqlInstances.filter((instance) => ids.has(componentId.sqlInstance(instance.id))),
    databases: env.databases.filter((database) => ids.has(componentId.database(database.name))),
    managementGroups: env.managementGroups.filter((group) =>
      ids.has(
        group.type === 'service-manager'
          ? componentId.serviceManagerGroup(group.name)
          : componentId.dataWarehouseGroup(group.name),
      ),
    ),
    managementServers: env.managementServers.filter((server) =>
      ids.has(
        server.role === 'data-warehouse'
          ? componentId.dataWarehouseServer(server.computer)
          : componentId.managementServer(server.computer),
      ),
    ),
  };
}

/**
 * The notes of a whole-system state that concern a cluster: entries naming its groups,
 * components, computers and databases. This is a pure function.
 */
export function projectNotes(notes: SystemNotes, ids: ReadonlySet<string>): SystemNotes {
  const extraServers: Record<string, string> = {};
  for (const [id, group] of Object.entries(notes.extraServers))
    if (ids.has(componentId.serviceManagerGroup(group))) extraServers[id] = group;
  return {
    promotedGroups: notes.promotedGroups.filter((group) => ids.has(componentId.serviceManagerGroup(group))),
    awaitingImport: notes.awaitingImport.filter((entry) => ids.has(entry)),
    awaitingKeyBackup: notes.awaitingKeyBackup.filter(
      (computer) =>
        ids.has(componentId.managementServer(computer)) ||
        ids.has(componentId.dataWarehouseServer(computer)) ||
        ids.has(componentId.computer(computer)),
    ),
    historyLost: notes.historyLost.filter((database) => ids.has(componentId.database(database))),
    extraServers,
  };
}

/**
 * A whole-system state seen from one cluster, as a fast-path state of the cluster's system.
 * Components a step created (undeclared computers) are not projected: the engine's move
 * generator never creates any. This is a pure function.
 */
export function projectState(cluster: Cluster, state: SystemState): FastState {
  const ids = new Set(cluster.ids);
  const components: Record<string, string> = {};
  for (const id of cluster.ids) {
    const path = state.components[id];
    if (path === undefined) throw new Error(`the state has no component ${id}`);
    components[id] = path;
  }
  return toFastState(cluster.system, { components, notes: projectNotes(state.notes, ids) });
}

/** Fields whose text never reaches the routing (only their presence does). */
const OPAQUE_FIELDS = new Set(['url', 'file', 'fqdn', 'target', 'collation', 'notes']);
/** Fields that locate source text, or only weigh durations. */
const IGNORED_FIELDS = new Set(['location', 'path']);

/**
 * The structure of a cluster up to renaming: its sub-environment with every declared name
 * replaced by its position (computers, instances, databases, groups, in declaration order),
 * numbers (sizes, intervals, dates: durations only) and opaque text (URLs, file paths) blanked,
 * plus its start state. Two clusters with the same signature have the same state graph, state
 * for state, the actions renamed by `renaming`; only their durations may differ. This is a
 * pure function.
 */
export function clusterSignature(cluster: Cluster, start: FastState): string {
  const env = cluster.system.env;
  const tokens = tokenMap(env);
  const walk = (value: unknown, field: string): unknown => {
    if (typeof value === 'string') {
      if (OPAQUE_FIELDS.has(field)) return 's';
      return tokens.get(lower(value)) ?? value;
    }
    if (typeof value === 'number') return 0;
    if (Array.isArray(value)) return value.map((item) => walk(item, field));
    if (typeof value === 'object' && value !== null) {
      const out: Record<string, unknown> = {};
      for (const name of Object.keys(value).sort()) {
        if (IGNORED_FIELDS.has(name)) continue;
        out[name] = walk((value as Record<string, unknown>)[name], name);
      }
      return out;
    }
    return value;
  };
  const notes = start.notes;
  return JSON.stringify([
    walk([env.computers, env.sqlInstances, env.databases, env.managementGroups, env.managementServers], ''),
    Array.from(start.codes),
    walk([notes.promotedGroups, notes.awaitingImport, notes.awaitingKeyBackup, notes.historyLost], ''),
  ]);
}

/** The declared names of an environment by kind: computers, SQL instances, databases, groups. */
function declaredNames(env: Environment): readonly (readonly string[])[] {
  return [
    env.computers.map((computer) => computer.name),
    env.sqlInstances.map((instance) => instance.id),
    env.databases.map((database) => database.name),
    env.managementGroups.map((group) => group.name),
  ];
}

function tokenMap(env: Environment): Map<string, string> {
  const tokens = new Map<string, string>();
  const add = (prefix: string, names: readonly string[]): void => {
    names.forEach((name, index) => {
      if (!tokens.has(lower(name))) tokens.set(lower(name), `${prefix}${index}`);
    });
  };
  const prefixes = ['#c', '#i', '#d', '#g'];
  declaredNames(env).forEach((names, kind) => {
    add(prefixes[kind]!, names);
  });
  return tokens;
}

/**
 * The renaming from one cluster's declared names to an isomorphic cluster's (same
 * signature): each name to the name at the same position, reporting URLs included. This is a
 * pure function.
 */
export function renaming(from: Environment, to: Environment): Map<string, string> {
  const map = new Map<string, string>();
  const pair = (a: readonly string[], b: readonly string[]): void => {
    a.forEach((name, index) => {
      if (b[index] !== undefined) map.set(name, b[index]!);
    });
  };
  const targets = declaredNames(to);
  declaredNames(from).forEach((names, kind) => {
    pair(names, targets[kind]!);
  });
  const urls = (env: Environment): string[] =>
    env.managementGroups.map((group) =>
      group.type === 'data-warehouse'
        ? (group.reportingServer?.url ?? `http://${group.managementServer}/ReportServer`)
        : '',
    );
  pair(urls(from), urls(to));
  return map;
}

/**
 * The cluster an action of the engine's move generator concerns: the one holding the
 * component its first parameter names (a computer, instance, database or group), or
 * `undefined` when it names nothing declared. This is a pure function.
 */
export function clusterOfAction(
  system: ModelSystem,
  clusters: readonly Cluster[],
  params: Readonly<Record<string, string>>,
): Cluster | undefined {
  const owner = new Map<string, Cluster>();
  for (const cluster of clusters) for (const id of cluster.ids) owner.set(id, cluster);
  const candidates: string[] = [];
  const computer = params.computer === undefined ? undefined : system.computers.get(lower(params.computer));
  if (computer !== undefined) candidates.push(componentId.computer(computer.name));
  const instance =
    params.instance === undefined ? undefined : system.instances.get(instanceKey(params.instance));
  if (instance !== undefined) candidates.push(componentId.sqlInstance(instance.id));
  const database = params.database === undefined ? undefined : system.databases.get(lower(params.database));
  if (database !== undefined) candidates.push(componentId.database(database.name));
  const smGroup =
    params.managementGroup === undefined ? undefined : system.smGroups.get(lower(params.managementGroup));
  if (smGroup !== undefined) candidates.push(componentId.serviceManagerGroup(smGroup.name));
  for (const id of candidates) {
    const cluster = owner.get(id);
    if (cluster !== undefined) return cluster;
  }
  return undefined;
}
