/** `register-data-warehouse`: Registers a data warehouse group with a Service Manager group (P-REG). */
import { componentId, key } from '../ids.js';
import { param, type Router } from '../router.js';
import type { ModelAction } from '../system-types.js';
import type { Route } from './route.js';

export const registerDataWarehouse: Route = (r: Router, action: ModelAction): undefined => {
  const smGroup = r.system.smGroups.get(key(param(action, 'managementGroup') ?? ''));
  const dwGroup = r.system.dwGroups.get(key(param(action, 'dataWarehouse') ?? ''));
  if (smGroup === undefined || dwGroup === undefined) {
    return r.reject(
      'dwgroup:?',
      'step-precondition',
      'P-REG',
      'the step needs a declared SM group and DW group',
    );
  }
  const smUp = r.groupServers(smGroup).some((id) => r.path(id)?.startsWith('operational') === true);
  const dwUp = r.path(componentId.dataWarehouseServer(dwGroup.managementServer)) === 'operational';
  r.send(componentId.dataWarehouseGroup(dwGroup.name), 'register-data-warehouse', {
    serversOperational: smUp && dwUp,
  });
  return;
};
