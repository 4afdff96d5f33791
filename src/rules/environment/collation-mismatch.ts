/**
 * `collation-mismatch`: SQL instances hosting SCSM databases with different collations
 * (P-SCEN, P-MVDW).
 */
import type { Environment, SqlInstance } from '../../environment/types.js';
import { defineEnvironmentRule } from './define.js';
import { listNames, sameName } from './shared.js';

interface Compared {
  readonly instance: SqlInstance;
  readonly collation: string;
  readonly databases: readonly string[];
}

/** The instances that host at least one declared database and declare a collation. */
function comparedInstances(env: Environment): Compared[] {
  return env.sqlInstances.flatMap((instance) => {
    const databases = env.databases
      .filter((database) => sameName(database.instance, instance.id))
      .map((database) => database.name);
    if (instance.collation === undefined || databases.length === 0) return [];
    return [{ instance, collation: instance.collation, databases }];
  });
}

/**
 * The reference collation: that of the instance hosting a ServiceManager database, else the
 * most common one, ties going to the instance declared first.
 */
function referenceOf(env: Environment, compared: readonly Compared[]): Compared {
  const serviceManager = compared.find((entry) =>
    env.databases.some(
      (database) => database.role === 'service-manager' && sameName(database.instance, entry.instance.id),
    ),
  );
  if (serviceManager !== undefined) return serviceManager;
  const counts = new Map<string, number>();
  const count = (entry: Compared): number => counts.get(entry.collation.toUpperCase()) ?? 0;
  for (const entry of compared) counts.set(entry.collation.toUpperCase(), count(entry) + 1);
  let best = compared[0]!;
  for (const entry of compared) if (count(entry) > count(best)) best = entry;
  return best;
}

/**
 * Reports, at the instance's node, every instance hosting SCSM databases whose collation differs
 * from the reference instance's (see {@link referenceOf}). Instances without a declared
 * collation are not compared. Collations are compared exactly, case-insensitively.
 */
export const collationMismatch = defineEnvironmentRule({
  id: 'collation-mismatch',
  check(env) {
    const compared = comparedInstances(env);
    if (compared.length < 2) return [];
    const reference = referenceOf(env, compared);
    return compared
      .filter((entry) => !sameName(entry.collation, reference.collation))
      .map((entry) => ({
        node: entry.instance,
        message: `SQL instance ${entry.instance.id} (${listNames(entry.databases)}) uses collation ${entry.collation}, but ${
          reference.instance.id
        } (${listNames(reference.databases)}) uses ${reference.collation}: the collation must match across the SCSM database hosts (P-SCEN)`,
      }));
  },
});
