import type { Environment, SelfServicePortal } from './types.js';

/** The declared names a plan may refer to, for reference resolution and did-you-mean. */
export function environmentNames(environment: Environment) {
  return {
    computers: environment.computers.map((computer) => computer.name),
    instances: environment.sqlInstances.map((instance) => instance.id),
    databases: environment.databases.map((database) => database.name),
    serviceManagerGroups: environment.managementGroups
      .filter((g) => g.type === 'service-manager')
      .map((g) => g.name),
    dataWarehouseGroups: environment.managementGroups
      .filter((g) => g.type === 'data-warehouse')
      .map((g) => g.name),
    managementServers: environment.managementServers.map((server) => server.computer),
    sites: [...new Set(environment.computers.flatMap((computer) => (computer.site ? [computer.site] : [])))],
  };
}

/** The Self-Service Portals of the Service Manager groups, in declaration order. */
export function selfServicePortals(environment: Environment): SelfServicePortal[] {
  return environment.managementGroups.flatMap((group) =>
    group.type === 'service-manager' && group.selfServicePortal !== undefined
      ? [group.selfServicePortal]
      : [],
  );
}
