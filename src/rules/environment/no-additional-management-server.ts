/**
 * `no-additional-management-server`: a Service Manager group with a single management server,
 * so its workflow server cannot be recovered by promotion (D-OV, D-PROMO, P-ADDMS).
 */
import { defineEnvironmentRule } from './define.js';
import { serviceManagerGroups } from './shared.js';

/** Reports, at the group's node, a Service Manager group with one management server only. */
export const noAdditionalManagementServer = defineEnvironmentRule({
  id: 'no-additional-management-server',
  check(env) {
    return serviceManagerGroups(env)
      .filter((group) => group.managementServers.length === 1)
      .map((group) => ({
        node: group,
        message: `management group ${group.name} has a single management server, ${group.workflowServer}: if it fails it can only be replaced, because promotion needs an additional management server (D-OV)`,
      }));
  },
});
