/** `install-sql-server`: Rebuilds a SQL Server instance; under a new instance name on a host that had others, the original stays unrebuilt (D-DBREC, invariant 3). */
import { componentId, instanceHost, instanceKey, key } from '../ids.js';
import { happened, param, type Router } from '../router.js';
import type { ModelAction } from '../system-types.js';
import type { Route } from './route.js';

export const installSqlServer: Route = (r: Router, action: ModelAction): undefined => {
  const instance = param(action, 'instance');
  if (instance === undefined) return r.reject('instance:?', 'step-precondition', 'D-OV', 'no instance named');
  const declared = r.system.instances.get(instanceKey(instance));
  if (declared !== undefined) {
    r.send(componentId.sqlInstance(declared.id), 'install-sql-server', { sameInstanceName: true });
    return;
  }
  const host = instanceHost(instance);
  const onHost = r.system.env.sqlInstances.filter((candidate) => key(candidate.computer) === key(host));
  if (onHost.length > 0) {
    // The host had other instance names: rebuilding it under a new one breaks invariant 3
    // (D-DBREC). The original instance stays unrebuilt (so the scenario is not recovered),
    // and the new one exists as installed, so that the later steps are judged on it: a
    // restore onto it is itself `same-sql-instance`.
    const target =
      onHost.find((candidate) => r.path(componentId.sqlInstance(candidate.id)) === 'provisioned') ??
      onHost[0]!;
    const held = (r.system.databasesOn.get(instanceKey(target.id)) ?? []).map((d) => d.name);
    const sent = r.send(
      componentId.sqlInstance(target.id),
      'install-sql-server',
      { sameInstanceName: false },
      {
        installed: instance,
        original: target.id,
        'databases it held': held.join(', ') || 'none',
      },
    );
    if (!happened(sent)) return;
    const id = componentId.sqlInstance(instance);
    if (r.path(id) === undefined) r.store.add(id, 'provisioned');
    r.send(id, 'install-sql-server', { sameInstanceName: true });
    return;
  }
  if (r.unknownComputer(host)) {
    return r.reject(
      componentId.sqlInstance(instance),
      'step-precondition',
      'D-OV',
      `${host} is neither declared nor provisioned by an earlier step`,
    );
  }
  // A new instance on a computer that hosted none: legal in itself; restoring a database
  // onto it is what breaks invariant 3.
  const id = componentId.sqlInstance(instance);
  if (r.path(id) === undefined) r.store.add(id, r.computerExists(host) ? 'provisioned' : 'lost');
  r.send(id, 'install-sql-server', { sameInstanceName: true });
  return;
};
