/** `stop-services`: Stops the services of a management server (R-DB, R-PROMOTE). */
import type { Route } from './route.js';
import { serverServiceRoute } from './server-service.js';

export const stopServices: Route = serverServiceRoute;
