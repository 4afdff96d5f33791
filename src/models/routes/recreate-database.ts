/** `recreate-database`: Recreates a database empty (data warehouse databases only, D-DBREC, F13); an empty DWStagingAndConfig loses the registration. */
import { AVAILABLE_INSTANCE, componentId, DW_DATABASE_ROLES, key } from '../ids.js';
import { param, type Router } from '../router.js';
import type { ModelAction } from '../system-types.js';
import type { Route } from './route.js';

export const recreateDatabase: Route = (r: Router, action: ModelAction): undefined => {
  const database = r.database(param(action, 'database') ?? '');
  if (database === undefined)
    return r.reject('database:?', 'step-precondition', 'D-DBREC', 'no such database');
  const sent = r.send(componentId.database(database.name), 'recreate-database', {
    dataWarehouse: DW_DATABASE_ROLES.has(database.role),
    instanceAvailable: AVAILABLE_INSTANCE.has(r.path(componentId.sqlInstance(database.instance)) ?? ''),
  });
  if (sent.to !== 'recreated' || sent.from === 'recreated') return;
  r.notes.historyLost.add(database.name);
  if (database.role === 'dw-staging') {
    // The registration lives in DWStagingAndConfig (§1.4): an empty one is unregistered.
    for (const group of r.system.dwGroups.values()) {
      if (key(group.databases.staging) === key(database.name))
        r.send(componentId.dataWarehouseGroup(group.name), 'registration-lost');
    }
  }
  return;
};
