/**
 * `staging-repository-split`: DWStagingAndConfig and DWRepository on different SQL instances
 * (P-4CDW, P-MVDW).
 */
import { defineEnvironmentRule } from './define.js';
import { dataWarehouseGroups, findDatabase, sameName } from './shared.js';

/** Reports, at the data warehouse group's node, a group whose staging and repository are split. */
export const stagingRepositorySplit = defineEnvironmentRule({
  id: 'staging-repository-split',
  check(env) {
    return dataWarehouseGroups(env).flatMap((group) => {
      const staging = findDatabase(env, group.databases.staging);
      const repository = findDatabase(env, group.databases.repository);
      if (
        staging === undefined ||
        repository === undefined ||
        sameName(staging.instance, repository.instance)
      ) {
        return [];
      }
      return [
        {
          node: group,
          message: `${group.name} keeps ${staging.name} on ${staging.instance} and ${repository.name} on ${repository.instance}: the two must reside on the same instance, and restoring them onto separate instances is not supported (P-4CDW, P-MVDW)`,
        },
      ];
    });
  },
});
