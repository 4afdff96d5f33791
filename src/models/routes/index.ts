/**
 * The routes table: one route per plan action of `src/plan/actions.ts`. Its type,
 * `{ [K in ActionName]: Route }`, makes an action added to the table without a route a
 * compile error (`test/models/routes.test-d.ts` checks that this stays so).
 */
import type { ActionName } from '../../plan/actions.js';
import type { Router } from '../router.js';
import type { ModelAction } from '../system-types.js';
import { backupEncryptionKey } from './backup-encryption-key.js';
import { clearHealthServiceState } from './clear-health-service-state.js';
import { enableClr } from './enable-clr.js';
import { importManagementPacks } from './import-management-packs.js';
import { installDataWarehouseServer } from './install-data-warehouse-server.js';
import { installManagementServer } from './install-management-server.js';
import { installSqlServer } from './install-sql-server.js';
import { manual } from './manual.js';
import { promoteWorkflowServer } from './promote-workflow-server.js';
import { provisionComputer } from './provision-computer.js';
import { recreateDatabase } from './recreate-database.js';
import { registerDataWarehouse } from './register-data-warehouse.js';
import { restoreDatabase } from './restore-database.js';
import { restoreEncryptionKey } from './restore-encryption-key.js';
import type { Route } from './route.js';
import { runPermissionsScript } from './run-permissions-script.js';
import { startServices } from './start-services.js';
import { stopServices } from './stop-services.js';

export type { Route } from './route.js';

/** Every plan action's route. */
export type RouteTable = { readonly [K in ActionName]: Route };

/** The route of every plan action. */
export const ROUTES: RouteTable = {
  'provision-computer': provisionComputer,
  'install-sql-server': installSqlServer,
  'enable-clr': enableClr,
  'restore-database': restoreDatabase,
  'recreate-database': recreateDatabase,
  'run-permissions-script': runPermissionsScript,
  'restore-encryption-key': restoreEncryptionKey,
  'install-management-server': installManagementServer,
  'install-data-warehouse-server': installDataWarehouseServer,
  'stop-services': stopServices,
  'start-services': startServices,
  'clear-health-service-state': clearHealthServiceState,
  'promote-workflow-server': promoteWorkflowServer,
  'import-management-packs': importManagementPacks,
  'backup-encryption-key': backupEncryptionKey,
  'register-data-warehouse': registerDataWarehouse,
  manual,
};

/**
 * Routes one action through the table. An action the table does not know (a plan is
 * untrusted input, so `action` may be any string, `__proto__` included) is a
 * `step-precondition` violation; own properties only, never the prototype's.
 */
export function route(r: Router, action: ModelAction): undefined {
  const routeOf = Object.hasOwn(ROUTES, action.action) ? ROUTES[action.action as ActionName] : undefined;
  if (routeOf === undefined) {
    r.reject('plan:?', 'step-precondition', 'D-OV', `unknown action ${action.action}`);
    return undefined;
  }
  return routeOf(r, action);
}
