/** `enable-clr`: Enables CLR on an installed instance and tells the databases on it (D-BKDB). */
import { componentId, instanceKey } from '../ids.js';
import { happened, param, type Router } from '../router.js';
import type { ModelAction } from '../system-types.js';
import type { Route } from './route.js';

export const enableClr: Route = (r: Router, action: ModelAction): undefined => {
  const instance = param(action, 'instance');
  const id = instance === undefined ? undefined : r.instanceId(instance);
  if (id === undefined || r.path(id) === undefined) {
    return r.reject(
      componentId.sqlInstance(instance ?? '?'),
      'step-precondition',
      'D-BKDB',
      'no such instance is installed',
    );
  }
  const sent = r.send(id, 'enable-clr');
  if (!happened(sent)) return;
  for (const database of r.system.databasesOn.get(instanceKey(instance!)) ?? []) {
    r.send(componentId.database(database.name), 'enable-clr');
  }
  return;
};
