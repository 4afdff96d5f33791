/** `install-management-server`: Runs Service Manager Setup on a computer: a replacement (R-REPLACE-MS) or an additional server (R-ADD). */
import { key } from '../ids.js';
import { happened, needComputer, param, type Router } from '../router.js';
import type { ModelAction } from '../system-types.js';
import type { Route } from './route.js';

export const installManagementServer: Route = (r: Router, action: ModelAction): undefined => {
  const computer = needComputer(r, action);
  if (computer === undefined) return;
  const databaseName = param(action, 'database');
  const declared = r.server(computer);
  const id = declared === undefined ? r.slot('ms', computer) : (r.serverId(computer) as string);
  const group =
    r.smGroupOf(id) ??
    [...r.system.smGroups.values()].find(
      (g) => databaseName !== undefined && key(g.database) === key(databaseName),
    ) ??
    [...r.system.smGroups.values()][0];
  const existingDatabase =
    group !== undefined && databaseName !== undefined && key(group.database) === key(databaseName);
  // R-ADD's precondition (P-ADDMSI): "the initial management server and the ServiceManager
  // database already exist". Without it a lost workflow server could be reinstalled as an
  // additional one without its key and then promoted, a path no document describes.
  if (
    param(action, 'role') !== 'workflow' &&
    group !== undefined &&
    !r.groupServers(group).some((server) => {
      // A workflow server with its services stopped (during a database restore) still exists.
      const at = r.path(server) ?? '';
      return at.endsWith('.workflow') && !at.startsWith('broken');
    })
  ) {
    return r.reject(
      id,
      'step-precondition',
      'P-ADDMSI',
      `an additional management server joins an existing management group, but ${group.name} has no operational workflow server: restore it (R-REPLACE-MS) or promote an additional server (R-PROMOTE) first`,
    );
  }
  r.subject = id;
  const sent = r.send(
    id,
    'install-management-server',
    {
      existingDatabase,
      databaseOnline: existingDatabase && r.databaseOnline(group?.database),
      roleWorkflow: param(action, 'role') === 'workflow',
      originalName: declared !== undefined,
    },
    { database: databaseName ?? '(none)' },
  );
  if (!happened(sent)) return;
  if (existingDatabase) r.use(group?.database);
  if (sent.to.startsWith('operational')) {
    if (declared === undefined && group !== undefined) r.notes.extraServers[id] = group.name;
    r.notes.awaitingKeyBackup.add(computer);
    // A replacement (Setup on a restored key, R-REPLACE-MS) is followed by R-MP (N-IMPL);
    // a fresh additional server (R-ADD) is not.
    if (sent.from === 'keyRestored') r.notes.awaitingImport.add(id);
  }
  return;
};
