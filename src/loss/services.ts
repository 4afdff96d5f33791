/**
 * What a loss stops. A loss that stops nothing (a computer that hosts nothing the groups need)
 * is no disruption: the score gives it no weight and `plan-coverage` asks no scenario for it.
 */
import type { Database, Environment } from '../environment/types.js';
import type { Loss } from '../models/system.js';
import { type EffectiveLoss, effectiveLoss } from './canonical.js';

/** The services a loss can stop, most important first. */
export const SERVICES = ['incident-handling', 'reporting', 'self-service', 'redundancy'] as const;
export type Service = (typeof SERVICES)[number];

/** Which groups a computer or a database can affect, built once per environment object. */
interface ServiceIndex {
  /** Group indices by the exact spelling of a computer they read (servers, portal, reporting server). */
  readonly byComputer: ReadonlyMap<string, readonly number[]>;
  /** Group indices by the exact name of a database they read. */
  readonly byDatabase: ReadonlyMap<string, readonly number[]>;
  /** Databases by the exact spelling of their host. */
  readonly hosted: ReadonlyMap<string, readonly string[]>;
  /** Groups that stop whatever is lost (a workflow server not among the group's servers). */
  readonly always: readonly number[];
  /** Each database by its exact name (the first declared of equal names), with its declaration index. */
  readonly databases: ReadonlyMap<string, { readonly database: Database; readonly position: number }>;
  /** The database names of each data warehouse group, by group position (empty for the others). */
  readonly dwDatabases: readonly (readonly string[])[];
}

/** Environments are not changed once loaded, so an index per object stays true. */
const INDEX = new WeakMap<Environment, ServiceIndex>();

function indexOf(env: Environment): ServiceIndex {
  let index = INDEX.get(env);
  if (index !== undefined) return index;
  const byComputer = new Map<string, number[]>();
  const byDatabase = new Map<string, number[]>();
  const add = (map: Map<string, number[]>, name: string, group: number): void => {
    const list = map.get(name) ?? [];
    if (list[list.length - 1] !== group) list.push(group);
    map.set(name, list);
  };
  const always: number[] = [];
  env.managementGroups.forEach((group, position) => {
    if (group.type === 'service-manager') {
      add(byDatabase, group.database, position);
      for (const server of group.managementServers) add(byComputer, server, position);
      add(byComputer, group.workflowServer, position);
      if (!group.managementServers.includes(group.workflowServer)) always.push(position);
      if (group.selfServicePortal !== undefined) add(byComputer, group.selfServicePortal.computer, position);
    } else {
      for (const name of Object.values(group.databases))
        if (name !== undefined) add(byDatabase, name, position);
      add(byComputer, group.managementServer, position);
      if (group.reportingServer) add(byComputer, group.reportingServer.computer, position);
    }
  });
  const hosted = new Map<string, string[]>();
  for (const database of env.databases)
    hosted.set(database.computer, [...(hosted.get(database.computer) ?? []), database.name]);
  const databases = new Map<string, { database: Database; position: number }>();
  env.databases.forEach((database, position) => {
    if (!databases.has(database.name)) databases.set(database.name, { database, position });
  });
  const dwDatabases = env.managementGroups.map((group) =>
    group.type === 'service-manager'
      ? []
      : Object.values(group.databases).filter((name): name is string => name !== undefined),
  );
  index = { byComputer, byDatabase, hosted, always, databases, dwDatabases };
  INDEX.set(env, index);
  return index;
}

/**
 * What a loss stops: incident handling (the Service Manager group's database or workflow
 * server), reporting (the data warehouse), the Self-Service Portal, or only redundancy (an
 * additional management server), in the order of the groups that stop them. Only the groups
 * that read a lost computer or database are judged: the others stop nothing. This is a pure
 * function; it indexes the environment once per environment object.
 */
export function servicesStopped(env: Environment, loss: Loss): Service[] {
  return servicesStoppedBy(env, effectiveLoss(env, loss));
}

/** {@link servicesStopped} of a loss already expanded by {@link effectiveLoss}. This is a pure function. */
export function servicesStoppedBy(env: Environment, effective: EffectiveLoss): Service[] {
  const index = indexOf(env);
  const lost = memberOf(effective.computers);
  const databases = downDatabases(index, effective);
  // The groups judged, in group order: a loss reaches few of them, so a short list beats a set.
  const touched = [...index.always];
  const touch = (groups: readonly number[] | undefined): void => {
    if (groups !== undefined) for (const group of groups) if (!touched.includes(group)) touched.push(group);
  };
  for (const computer of effective.computers) touch(index.byComputer.get(computer));
  for (const database of databases) touch(index.byDatabase.get(database));
  touched.sort((a, b) => a - b);
  const services: Service[] = [];
  const add = (service: Service): void => {
    if (!services.includes(service)) services.push(service);
  };
  for (const position of touched) {
    const group = env.managementGroups[position]!;
    if (group.type === 'service-manager') {
      // The workflow server is left when it is one of the group's servers and not lost.
      const workflowLeft =
        group.managementServers.includes(group.workflowServer) && !lost(group.workflowServer);
      if (databases.has(group.database) || !workflowLeft) add('incident-handling');
      else if (group.managementServers.some(lost)) add('redundancy');
      if (group.selfServicePortal !== undefined && lost(group.selfServicePortal.computer))
        add('self-service');
    } else {
      if (lost(group.managementServer) || index.dwDatabases[position]!.some((name) => databases.has(name)))
        add('reporting');
      if (group.reportingServer && lost(group.reportingServer.computer)) add('reporting');
    }
  }
  return services;
}

/**
 * Membership in a list of names: the list itself for the one or two computers of most losses,
 * a set for the many of a site.
 */
function memberOf(names: readonly string[]): (name: string) => boolean {
  if (names.length <= 8) return (name) => names.includes(name);
  const set = new Set(names);
  return (name) => set.has(name);
}

/** The names of the databases a loss takes down: lost themselves, or on a lost computer (exact spellings). */
function downDatabases(index: ServiceIndex, effective: EffectiveLoss): Set<string> {
  const databases = new Set(effective.databases);
  for (const computer of effective.computers)
    for (const name of index.hosted.get(computer) ?? []) databases.add(name);
  return databases;
}

/**
 * The databases a loss takes down (lost themselves, or their host lost), in declaration
 * order, each with its declaration. This is a pure function.
 */
export function databasesDown(env: Environment, loss: Loss): Database[] {
  return databasesDownBy(env, effectiveLoss(env, loss));
}

/** {@link databasesDown} of a loss already expanded by {@link effectiveLoss}. This is a pure function. */
export function databasesDownBy(env: Environment, effective: EffectiveLoss): Database[] {
  const index = indexOf(env);
  const names = downDatabases(index, effective);
  // Equal names are declared twice only in an environment the loader rejects; filter then, to be exact.
  if (index.databases.size !== env.databases.length)
    return env.databases.filter((database) => names.has(database.name));
  return [...names]
    .map((name) => index.databases.get(name)!)
    .sort((a, b) => a.position - b.position)
    .map((entry) => entry.database);
}
