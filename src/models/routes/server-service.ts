/**
 * The route shared by the actions on a management server that exists (`stop-services`,
 * `start-services`, `clear-health-service-state`, `import-management-packs`,
 * `backup-encryption-key`, `promote-workflow-server`): the server machine takes the action
 * itself, with whether its group's database is online; the follow-ups differ per action.
 */
import { componentId, isDataWarehouseServerId, isManagementServerId } from '../ids.js';
import { happened, needComputer, type Router } from '../router.js';
import type { ModelAction } from '../system-types.js';
import type { ModelEventType } from '../types.js';
import type { Route } from './route.js';

export const serverServiceRoute: Route = (r: Router, action: ModelAction): undefined => {
  const computer = needComputer(r, action);
  if (computer === undefined) return;
  let id = r.serverId(computer);
  if (id === undefined) {
    if (action.action === 'promote-workflow-server') {
      // Nothing to promote on a computer without a Service Manager management server.
      id = r.slot('ms', computer);
    } else {
      return r.reject(
        componentId.computer(computer),
        'step-precondition',
        'D-OV',
        `${computer} hosts no management server`,
      );
    }
  }
  r.subject = id;
  const smGroup = isManagementServerId(id) ? r.smGroupOf(id) : undefined;
  const dwGroup = isDataWarehouseServerId(id) ? r.dwGroupOf(computer) : undefined;
  const groupDatabase = smGroup?.database ?? dwGroup?.databases.staging;
  // The six actions are machine events of the same name.
  const sent = r.send(id, action.action as ModelEventType, {
    databaseOnline: r.databaseOnline(groupDatabase),
  });
  if (!happened(sent)) return;
  if (action.action === 'start-services' || action.action === 'import-management-packs') {
    r.use(groupDatabase);
    if (dwGroup !== undefined && action.action === 'start-services') {
      r.use(dwGroup.databases.repository);
      r.use(dwGroup.databases.datamart);
    }
  }
  if (action.action === 'promote-workflow-server') {
    r.use(groupDatabase);
    if (sent.to === 'promoted' && sent.from !== 'promoted' && smGroup !== undefined) {
      r.notes.promotedGroups.add(smGroup.name);
      // p_PromoteActiveWorkflowServer moves the role: every other server is now additional.
      for (const other of r.groupServers(smGroup))
        if (other !== id && r.path(other) !== undefined) r.send(other, 'demote');
    }
  }
  if (action.action === 'import-management-packs' && sent.violation === undefined) {
    r.notes.awaitingImport.delete(id);
    if (smGroup !== undefined) r.notes.awaitingImport.delete(componentId.serviceManagerGroup(smGroup.name));
  }
  if (action.action === 'backup-encryption-key' && sent.violation === undefined) {
    r.notes.awaitingKeyBackup.delete(computer);
    if (r.path(componentId.keyBackup(computer)) !== undefined)
      r.send(componentId.keyBackup(computer), 'backup-encryption-key');
  }
  return;
};
