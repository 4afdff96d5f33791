/** `run-permissions-script`: Runs the permissions script on a restored database. */
import { CLR_ON, componentId } from '../ids.js';
import { param, type Router } from '../router.js';
import type { ModelAction } from '../system-types.js';
import type { Route } from './route.js';

export const runPermissionsScript: Route = (r: Router, action: ModelAction): undefined => {
  const database = r.database(param(action, 'database') ?? '');
  if (database === undefined)
    return r.reject('database:?', 'step-precondition', 'D-DBREC', 'no such database');
  r.send(componentId.database(database.name), 'run-permissions-script', {
    clrEnabled: CLR_ON.has(r.path(componentId.sqlInstance(database.instance)) ?? ''),
  });
  return;
};
