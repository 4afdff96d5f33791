/**
 * Small pure helpers the environment rules share: how messages name servers, dates and ages,
 * and the lookups between the nodes of a loaded environment.
 */
import type {
  Database,
  DataWarehouseGroup,
  Environment,
  ManagementServer,
  SelfServicePortal,
  ServiceManagerGroup,
} from '../../environment/types.js';

/** Milliseconds in one day. */
export const DAY_MS = 86_400_000;

/** Milliseconds in one second. */
export const SECOND_MS = 1000;

/** Case-insensitive equality of computer, instance and database names. */
export function sameName(left: string | undefined, right: string | undefined): boolean {
  return left !== undefined && right !== undefined && left.toUpperCase() === right.toUpperCase();
}

/** `2026-11-24` for midnight UTC, `2026-11-23 22:00 UTC` for any other instant. */
export function formatDate(millis: number): string {
  const iso = new Date(millis).toISOString();
  const day = iso.slice(0, 10);
  const time = iso.slice(11, 16);
  return time === '00:00' && iso.slice(16, 19) === ':00' ? day : `${day} ${time} UTC`;
}

/**
 * An age in days for messages: `1 day`, `2.5 days`, `58 days`. Whole days are shown without
 * a decimal, ages under ten days with one, longer ages rounded down.
 */
export function formatDays(millis: number): string {
  const days = millis / DAY_MS;
  if (days >= 10) return `${Math.floor(days)} days`;
  const rounded = Math.round(days * 10) / 10;
  const text = Number.isInteger(rounded) ? String(rounded) : rounded.toFixed(1);
  return `${text} ${rounded === 1 ? 'day' : 'days'}`;
}

/** `workflow management server SM01 of SMMG`, `data warehouse management server DW01 of DW_SMMG`. */
export function describeServer(server: ManagementServer): string {
  switch (server.role) {
    case 'data-warehouse':
      return `data warehouse management server ${server.computer} of ${server.managementGroup}`;
    case 'workflow':
      return `workflow management server ${server.computer} of ${server.managementGroup}`;
    default:
      return `additional management server ${server.computer} of ${server.managementGroup}`;
  }
}

/** `Self-Service Portal server SSP01 of SMMG`. */
export function describePortal(portal: SelfServicePortal): string {
  return `Self-Service Portal server ${portal.computer} of ${portal.managementGroup}`;
}

/** The declared database of that name (case-insensitive). */
export function findDatabase(env: Environment, name: string | undefined): Database | undefined {
  return name === undefined ? undefined : env.databases.find((database) => sameName(database.name, name));
}

/** The Service Manager groups, in declaration order. */
export function serviceManagerGroups(env: Environment): ServiceManagerGroup[] {
  return env.managementGroups.filter(
    (group): group is ServiceManagerGroup => group.type === 'service-manager',
  );
}

/** The data warehouse groups, in declaration order. */
export function dataWarehouseGroups(env: Environment): DataWarehouseGroup[] {
  return env.managementGroups.filter((group): group is DataWarehouseGroup => group.type === 'data-warehouse');
}

/**
 * The database a management server was installed against and is recovered with ("Use an
 * existing database", D-BKMS, D-RECMS, D-RECDW): ServiceManager for a Service Manager
 * management server, DWStagingAndConfig for the data warehouse management server.
 */
export function serverDatabase(env: Environment, server: ManagementServer): Database | undefined {
  const group = env.managementGroups.find((candidate) => sameName(candidate.name, server.managementGroup));
  if (group === undefined) return undefined;
  return findDatabase(env, group.type === 'service-manager' ? group.database : group.databases.staging);
}

/** Joins names for prose: `A`, `A and B`, `A, B and C`. */
export function listNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** `1 day`, `2 days`. */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}
