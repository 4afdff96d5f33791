/** `start-services`: Starts the services of a management server again. */
import type { Route } from './route.js';
import { serverServiceRoute } from './server-service.js';

export const startServices: Route = serverServiceRoute;
