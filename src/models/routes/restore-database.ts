/** `restore-database`: Restores a database onto an instance, judging the instance, the backup and the staging/repository partner (D-DBREC, P-MVDW). */
import { AVAILABLE_INSTANCE, componentId, instanceKey, key } from '../ids.js';
import { param, type Router } from '../router.js';
import type { ModelAction } from '../system-types.js';
import type { Route } from './route.js';

export const restoreDatabase: Route = (r: Router, action: ModelAction): undefined => {
  const database = r.database(param(action, 'database') ?? '');
  const target = param(action, 'instance');
  if (database === undefined || target === undefined) {
    return r.reject(
      'database:?',
      'step-precondition',
      'D-DBREC',
      'the step needs a declared database and an instance',
    );
  }
  const targetId = r.instanceId(target);
  const partnerRole =
    database.role === 'dw-staging' ? 'repository' : database.role === 'dw-repository' ? 'staging' : undefined;
  let partnerSameInstance = true;
  let partnerName: string | undefined;
  if (partnerRole !== undefined) {
    for (const group of r.system.dwGroups.values()) {
      const own = database.role === 'dw-staging' ? group.databases.staging : group.databases.repository;
      if (key(own) !== key(database.name)) continue;
      const partner = r.database(group.databases[partnerRole]);
      if (partner !== undefined) {
        partnerSameInstance = instanceKey(partner.instance) === instanceKey(target);
        partnerName = `${partner.name} on ${partner.instance}`;
      }
    }
  }
  const sent = r.send(
    componentId.database(database.name),
    'restore-database',
    {
      instanceAvailable: AVAILABLE_INSTANCE.has(r.path(targetId) ?? ''),
      originalInstance: instanceKey(target) === instanceKey(database.instance),
      partnerSameInstance,
      backupUsable: r.path(componentId.databaseBackup(database.name)) === 'usable',
    },
    { database: database.name, instance: target, original: database.instance },
  );
  if (sent.violation?.ruleId === 'same-sql-instance' && !partnerSameInstance) {
    // The machine reports the wrong instance first; a restore that also separates the
    // staging database from its repository breaks F14 as well, and says so on its own id.
    r.violate(
      componentId.database(database.name),
      {
        ruleId: 'staging-repository-same-instance',
        citation: 'P-MVDW',
        reason:
          'DWStagingAndConfig and DWRepository "have to be restored on the same instance" (P-MVDW, F14): restore both onto the instance the environment declares for them',
      },
      { database: database.name, instance: target, [`${partnerRole} database`]: partnerName ?? '?' },
    );
  }
  if (
    sent.to === 'restored' &&
    database.role === 'service-manager' &&
    database.managementGroup !== undefined
  ) {
    // The catalog expects the unsealed management packs imported after a ServiceManager restore.
    r.notes.awaitingImport.add(componentId.serviceManagerGroup(database.managementGroup));
  }
  return;
};
