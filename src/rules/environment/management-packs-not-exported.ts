/**
 * `management-packs-not-exported`: a Service Manager group whose unsealed management packs were
 * never exported, or only to the management server's own disk (B5, D-BKMP).
 */
import { defineEnvironmentRule, type EnvironmentFindingInput } from './define.js';
import { formatDate, serviceManagerGroups } from './shared.js';

/**
 * Reports a group with no `unsealedManagementPacks` (at the group's node), or one whose export
 * has `offHost: false` (at the `unsealedManagementPacks` node). The age of the export is not
 * judged.
 */
export const managementPacksNotExported = defineEnvironmentRule({
  id: 'management-packs-not-exported',
  check(env) {
    return serviceManagerGroups(env).flatMap((group): EnvironmentFindingInput[] => {
      const exported = group.unsealedManagementPacks;
      if (exported === undefined) {
        return [
          {
            node: group,
            message: `the unsealed management packs of ${group.name} have never been exported: after a management server recovery there is nothing to import (D-BKMP, N-IMPL)`,
          },
        ];
      }
      if (exported.offHost) return [];
      return [
        {
          node: exported,
          message: `the unsealed management packs of ${group.name} were last exported on ${formatDate(
            exported.lastExport,
          )} but not to another computer (offHost: false): the export is lost with the server (D-BKMP)`,
        },
      ];
    });
  },
});
