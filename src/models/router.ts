/**
 * The routing shared by both execution paths: a `Router` runs one step's events on a store,
 * computing every cross-component fact the machines need, and collects the effects and the
 * violations (with the fix each violation's message suggests). The per-action logic lives in
 * `routes/`, one file per plan action.
 */
import type {
  Computer,
  Database,
  DataWarehouseGroup,
  ManagementServer,
  ServiceManagerGroup,
} from '../environment/types.js';
import { ACTIONS, type ActionName } from '../plan/actions.js';
import { compiledMachine } from './compile.js';
import {
  componentId,
  instanceHost,
  instanceKey,
  isDatabaseHealthy,
  isWorkflowServer,
  key,
  kindOf,
  labelOf,
  nameOf,
} from './ids.js';
import type { MutableNotes } from './notes.js';
import type { Store } from './stores.js';
import type { Effect, ModelAction, ModelSystem, Violation } from './system-types.js';
import type { Flag, ModelEvent, ModelEventType, ViolationMeta } from './types.js';

export type Flags = Partial<Record<Flag, boolean>>;

/** The outcome of one event as the routing sees it. */
export interface Sent {
  readonly accepted: boolean;
  readonly from: string;
  readonly to: string;
  readonly violation?: ViolationMeta;
}

/** One step's work: fires events, collects effects and violations. */
export class Router {
  readonly effects: Effect[] = [];
  readonly violations: Violation[] = [];
  /** The component the step itself targets, when it targets a server; see `violate`. */
  subject: string | undefined;

  constructor(
    readonly system: ModelSystem,
    readonly store: Store,
    readonly notes: MutableNotes,
    readonly action: string,
  ) {}

  path(id: string): string | undefined {
    return this.store.get(id);
  }

  /**
   * Sends an event to a component. A violation on the transition is reported; so is an
   * action (not an internal event) that no transition accepts (`step-precondition`).
   */
  send(id: string, type: ModelEventType, flags?: Flags, names?: Readonly<Record<string, string>>): Sent {
    const from = this.store.get(id);
    if (from === undefined) throw new Error(`no component ${id}`);
    const event: ModelEvent = flags === undefined ? { type } : { type, flags };
    const outcome = this.store.fire(id, event);
    if (outcome.next !== from) this.effects.push({ component: id, event: type, from, to: outcome.next });
    if (outcome.violation !== undefined) {
      this.violate(id, outcome.violation, names, from);
    } else if (!outcome.accepted && type === this.action) {
      const meta = compiledMachine(kindOf(id)).leafMeta[
        compiledMachine(kindOf(id)).leafIndex.get(from) ?? -1
      ];
      // The description, never the state path: `servicesStopped.workflow` is the models' word.
      this.violate(
        id,
        {
          ruleId: 'step-precondition',
          citation: ACTIONS[type as ActionName]?.citations[0] ?? 'D-OV',
          reason: `${meta?.description ?? 'it is in a state where this step does not apply'}, so ${type} is not possible`,
        },
        undefined,
        from,
      );
    }
    return {
      accepted: outcome.accepted,
      from,
      to: outcome.next,
      ...(outcome.violation === undefined ? {} : { violation: outcome.violation }),
    };
  }

  violate(id: string, meta: ViolationMeta, names?: Readonly<Record<string, string>>, from?: string): void {
    const detail =
      names === undefined
        ? ''
        : ` (${Object.entries(names)
            .map(([k, v]) => `${k}: ${v}`)
            .join(', ')})`;
    // A violation on a component the step does not name (the SQL instance under a service
    // start) is said on the step's own target first, so the message names what the step does.
    const onSubject = this.subject !== undefined && this.subject !== id;
    const prefix = onSubject
      ? `${this.action} on ${labelOf(this.subject!)}: ${labelOf(id)}: `
      : `${this.action} on ${labelOf(id)}: `;
    const fix = fixFor(meta.ruleId, this.action, id, from);
    this.violations.push({
      ruleId: meta.ruleId,
      component: id,
      message: `${prefix}${meta.reason}${detail}${fix === undefined ? '' : `; ${fix}`}`,
      citation: meta.citation,
    });
  }

  /** A violation found by the routing itself: the step names nothing the models can act on. */
  reject(id: string, ruleId: string, citation: string, reason: string): undefined {
    this.violate(id, { ruleId, citation, reason });
    return undefined;
  }

  // --- lookups -------------------------------------------------------------------------

  computer(name: string): Computer | undefined {
    return this.system.computers.get(key(name));
  }

  /** The declared spelling of a computer, or the name as written for one the environment lacks. */
  computerName(name: string): string {
    return this.computer(name)?.name ?? name;
  }

  /** True when the computer exists now: declared and not lost, or provisioned by a step. */
  computerExists(name: string): boolean {
    const path = this.path(componentId.computer(this.computerName(name)));
    return path === 'up' || path === 'provisioned';
  }

  server(computer: string): ManagementServer | undefined {
    return this.system.servers.get(key(computer));
  }

  /** The id of the server machine for a computer: the declared one, or an existing slot. */
  serverId(computer: string): string | undefined {
    const server = this.server(computer);
    if (server !== undefined)
      return server.role === 'data-warehouse'
        ? componentId.dataWarehouseServer(server.computer)
        : componentId.managementServer(server.computer);
    const name = this.computerName(computer);
    if (this.path(componentId.managementServer(name)) !== undefined)
      return componentId.managementServer(name);
    if (this.path(componentId.dataWarehouseServer(name)) !== undefined)
      return componentId.dataWarehouseServer(name);
    return undefined;
  }

  /**
   * A server machine for a computer the environment gives no server of that kind: a new
   * computer (R-ADD) or a declared computer hosting something else. It starts `provisioned`
   * when the computer exists, `lost` otherwise.
   */
  slot(prefix: 'ms' | 'dw', computer: string): string {
    const id = `${prefix}:${this.computerName(computer)}`;
    if (this.path(id) === undefined)
      this.store.add(id, this.computerExists(computer) ? 'provisioned' : 'lost');
    return id;
  }

  /** True when the computer is neither declared nor provisioned by an earlier step. */
  unknownComputer(name: string): boolean {
    if (this.computer(name) !== undefined) return false;
    const path = this.path(componentId.computer(name));
    return path === undefined || path === 'absent';
  }

  database(name: string): Database | undefined {
    return this.system.databases.get(key(name));
  }

  databaseOnline(name: string | undefined): boolean {
    return (
      name !== undefined &&
      isDatabaseHealthy(this.path(componentId.database(this.database(name)?.name ?? name)))
    );
  }

  instanceId(id: string): string {
    return componentId.sqlInstance(this.system.instances.get(instanceKey(id))?.id ?? id);
  }

  /** The Service Manager group a server belongs to: declared, or recorded at its Setup. */
  smGroupOf(serverId: string): ServiceManagerGroup | undefined {
    const name = serverId.slice(serverId.indexOf(':') + 1);
    const server = this.server(name);
    const group = server?.managementGroup ?? this.notes.extraServers[serverId];
    return group === undefined ? undefined : this.system.smGroups.get(key(group));
  }

  dwGroupOf(computer: string): DataWarehouseGroup | undefined {
    for (const group of this.system.dwGroups.values())
      if (key(group.managementServer) === key(computer)) return group;
    return undefined;
  }

  /** Every SM server machine of a group: declared servers and servers installed on new computers. */
  groupServers(group: ServiceManagerGroup): string[] {
    const ids = group.managementServers.map((computer) => componentId.managementServer(computer));
    for (const [id, name] of Object.entries(this.notes.extraServers))
      if (key(name) === key(group.name)) ids.push(id);
    return ids;
  }

  /** Tells a database, and its instance, that a server now depends on it. */
  use(databaseName: string | undefined): void {
    if (databaseName === undefined) return;
    const database = this.database(databaseName);
    if (database === undefined) return;
    const id = componentId.database(database.name);
    this.send(id, 'use', undefined, { database: database.name, instance: database.instance });
    // A lost database is the consumer's problem (database-before-setup); CLR matters only
    // for a database that is back on the rebuilt instance.
    if (this.path(id) !== 'lost') {
      this.send(componentId.sqlInstance(database.instance), 'use', undefined, {
        instance: database.instance,
      });
    }
  }
}

/**
 * The step a user adds, moves or changes to satisfy a rule broken by `action` on component
 * `id` (in state `from` before the step), as a clause appended to the violation's message, or
 * `undefined` when the reason already says it. Every plan rule the models report has one.
 */
function fixFor(ruleId: string, action: string, id: string, from: string | undefined): string | undefined {
  const name = id.slice(id.indexOf(':') + 1);
  const kind = id.slice(0, id.indexOf(':'));
  switch (ruleId) {
    case 'key-restored-before-setup':
      return action === 'restore-encryption-key'
        ? `move this \`restore-encryption-key\` above the Setup step of ${name}`
        : `add \`restore-encryption-key computer=${name}\` after \`provision-computer ${name}\` and before this step`;
    case 'same-computer-name':
      return `change \`computer\` to the name of the failed server the key belongs to, and provision that name`;
    case 'same-sql-instance':
      return action === 'restore-database' ? 'change `instance` to the original one named here' : undefined;
    case 'matching-encryption-key':
      return `change \`from\` to ${name} (or omit it) so that the step restores ${name}'s own key backup`;
    case 'database-before-setup':
      return 'move `restore-database` and `run-permissions-script` of its database (and the rebuild of their instance) before this step';
    case 'promotion-requires-additional-server':
      return 'change `computer` to a surviving additional management server of the group, or replace the server instead (`provision-computer`, `restore-encryption-key`, `install-management-server`)';
    case 'promotion-order':
      if (action === 'clear-health-service-state' || from?.startsWith('operational') === true)
        return `add \`stop-services ${name}\`${action === 'promote-workflow-server' ? ` and \`clear-health-service-state ${name}\`` : ''} before this step`;
      return `add \`clear-health-service-state ${name}\` before this step`;
    case 'data-warehouse-replace-only':
      return `remove this step; recover ${name} with \`provision-computer\`, \`restore-encryption-key\` and \`install-data-warehouse-server\` under its own name`;
    case 'permissions-after-restore':
      return `add \`run-permissions-script database=${name}\` before this step`;
    case 'clr-after-sql-rebuild':
      return `add \`enable-clr instance=${kind === 'instance' ? name : '…'}\` before this step`;
    case 'original-reporting-url':
      return 'change `reportingUrl` to the original URL named here';
    case 'single-workflow-server':
      return 'keep exactly one workflow server: remove this step, or promote with `promote-workflow-server` instead of installing a second workflow server';
    case 'step-precondition':
      return preconditionFix(action, kind, name, from);
    default:
      return undefined;
  }
}

/** The step that would have made `action` possible on a component in state `from`. */
function preconditionFix(action: string, kind: string, name: string, from: string | undefined): string {
  if (action === 'restore-database')
    return 'add `install-sql-server` and `enable-clr` for the target instance before this step if it is not running; without a usable backup, change the step to `recreate-database` (data warehouse databases only) or keep a backup off the host';
  if (from === 'lost' || from === 'absent') {
    if (kind === 'database')
      return `add \`restore-database database=${name}\` (or \`recreate-database\`) before this step`;
    if (kind === 'instance') return `add \`provision-computer ${instanceHost(name)}\` before this step`;
    if (kind === 'computer' || kind === 'ms' || kind === 'dw')
      return `add \`provision-computer ${name}\` before this step`;
  }
  if (from === 'provisioned' && kind === 'instance')
    return `add \`install-sql-server instance=${name}\` before this step`;
  if (from === 'up' && action === 'provision-computer')
    return 'remove this step: the computer has not failed';
  if (action === 'start-services') return `add \`stop-services ${name}\` before this step, or remove it`;
  return 'change or remove this step, or add the step that makes it possible before it';
}

/** True when the transition actually happened (not rejected as impossible). */
export function happened(sent: Sent): boolean {
  return sent.accepted && sent.violation?.ruleId !== 'step-precondition';
}

export function param(action: ModelAction, name: string): string | undefined {
  const value = action.params[name];
  return value === undefined || value === '' ? undefined : value;
}

export function sameUrl(a: string, b: string): boolean {
  const norm = (url: string) => url.trim().replace(/\/+$/, '').toLowerCase();
  return norm(a) === norm(b);
}

/**
 * The computer a step names, in declared spelling; `undefined` (after reporting
 * `step-precondition`) when it names none, or one neither declared nor provisioned.
 */
export function needComputer(r: Router, action: ModelAction): string | undefined {
  const computerParam = param(action, 'computer');
  if (computerParam === undefined) {
    r.reject(`computer:?`, 'step-precondition', 'D-OV', 'the step names no computer');
    return undefined;
  }
  if (r.unknownComputer(computerParam)) {
    r.reject(
      componentId.computer(computerParam),
      'step-precondition',
      'D-OV',
      `${computerParam} is neither declared by the environment nor provisioned by an earlier step`,
    );
    return undefined;
  }
  return r.computerName(computerParam);
}

/** Re-counts the active workflow servers of every Service Manager group (W-TARGET). */
export function countWorkflowServers(r: Router): void {
  for (const group of r.system.smGroups.values()) {
    const active = r.groupServers(group).filter((id) => isWorkflowServer(r.path(id)));
    r.send(
      componentId.serviceManagerGroup(group.name),
      'workflow-count',
      { noWorkflowServer: active.length === 0, severalWorkflowServers: active.length > 1 },
      { 'workflow servers': active.map((id) => nameOf(id)).join(', ') || 'none' },
    );
  }
}
