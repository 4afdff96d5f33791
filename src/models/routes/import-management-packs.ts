/** `import-management-packs`: Imports the unsealed management packs on a management server (R-MP). */
import type { Route } from './route.js';
import { serverServiceRoute } from './server-service.js';

export const importManagementPacks: Route = serverServiceRoute;
