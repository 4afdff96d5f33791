/** `clear-health-service-state`: Clears the Health Service state of a stopped management server (R-PROMOTE). */
import type { Route } from './route.js';
import { serverServiceRoute } from './server-service.js';

export const clearHealthServiceState: Route = serverServiceRoute;
