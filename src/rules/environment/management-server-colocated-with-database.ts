/**
 * `management-server-colocated-with-database`: a management server on the computer of the
 * database it is recovered with (D-STRAT, invariant 7; failure mode F3).
 */
import { defineEnvironmentRule } from './define.js';
import { describeServer, sameName, serverDatabase } from './shared.js';

/**
 * Reports, at the server's node, a Service Manager management server on the computer of its
 * group's ServiceManager database, or the data warehouse management server on the computer of
 * DWStagingAndConfig: the databases Setup reuses when the server is replaced.
 */
export const managementServerColocatedWithDatabase = defineEnvironmentRule({
  id: 'management-server-colocated-with-database',
  check(env) {
    return env.managementServers.flatMap((server) => {
      const database = serverDatabase(env, server);
      if (database === undefined || !sameName(database.computer, server.computer)) return [];
      return [
        {
          node: server,
          message: `${describeServer(server)} shares computer ${server.computer} with its database ${database.name} (instance ${database.instance}): if ${server.computer} fails, recovery of the management server is impossible (D-STRAT, F3)`,
        },
      ];
    });
  },
});
