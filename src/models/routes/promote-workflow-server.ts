/** `promote-workflow-server`: Promotes an additional management server to the group's workflow server (R-PROMOTE); the others are demoted. */
import type { Route } from './route.js';
import { serverServiceRoute } from './server-service.js';

export const promoteWorkflowServer: Route = serverServiceRoute;
