/**
 * What a loss stops. A loss that stops nothing (a computer that hosts nothing the groups need)
 * is no disruption: the score gives it no weight and `plan-coverage` asks no scenario for it.
 */
import type { Environment } from '../environment/types.js';
import type { Loss } from '../models/system.js';
import { effectiveLoss } from './canonical.js';

/** The services a loss can stop, most important first. */
export const SERVICES = ['incident-handling', 'reporting', 'self-service', 'redundancy'] as const;
export type Service = (typeof SERVICES)[number];

/**
 * What a loss stops: incident handling (the Service Manager group's database or workflow
 * server), reporting (the data warehouse), the Self-Service Portal, or only redundancy (an
 * additional management server). The same answer as `servicesStopped` of the score, which is
 * to use this one. This is a pure function.
 */
export function servicesStopped(env: Environment, loss: Loss): Service[] {
  const effective = effectiveLoss(env, loss);
  const computers = new Set(effective.computers);
  const databases = new Set(effective.databases);
  for (const database of env.databases) if (computers.has(database.computer)) databases.add(database.name);
  const services = new Set<Service>();
  for (const group of env.managementGroups) {
    if (group.type === 'service-manager') {
      const serversLeft = group.managementServers.filter((server) => !computers.has(server));
      if (databases.has(group.database) || !serversLeft.includes(group.workflowServer))
        services.add('incident-handling');
      else if (serversLeft.length < group.managementServers.length) services.add('redundancy');
    } else {
      const dwDatabases = Object.values(group.databases);
      if (computers.has(group.managementServer) || dwDatabases.some((name) => databases.has(name)))
        services.add('reporting');
      if (group.reportingServer && computers.has(group.reportingServer.computer)) services.add('reporting');
    }
    if (group.type === 'service-manager' && group.selfServicePortal !== undefined) {
      if (computers.has(group.selfServicePortal.computer)) services.add('self-service');
    }
  }
  return [...services];
}
