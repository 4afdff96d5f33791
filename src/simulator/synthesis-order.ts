/**
 * Reorders a synthesised plan so that service comes back early and each procedure reads as a
 * block, without changing its steps or its duration.
 *
 * The search minimises the total estimated duration, which is the same for every valid order
 * of the same steps, so among equally fast plans it returns whichever interleaving its
 * tie-breaking met first (for example the promoted server's `start-services` after an
 * unrelated R-ADD). A runbook should instead restore the ServiceManager database first
 * (invariant 6), then give the group its workflow server, then the data warehouse, then
 * redundancy, with every key backup and management pack import right after the Setup that
 * owes it (invariant 23, N-IMPL). This list scheduler applies, at each point, the applicable
 * step of the lowest rank; the result is checked on the models and discarded (the search's
 * own order kept) if it is not a clean recovery.
 */

import { isSqlInstanceId } from '../models/ids.js';
import {
  fastStep,
  fromFastState,
  type ModelSystem,
  type SystemState,
  toFastState,
  verdict,
} from '../models/system.js';
import type { CandidateAction } from './synthesis-candidates.js';

/** Rank of a step: lower runs earlier when both are applicable. */
function rankOf(system: ModelSystem, action: CandidateAction, all: readonly CandidateAction[]): number {
  const lower = (name: string | undefined) => (name ?? '').toLowerCase();
  const serviceManagerDatabases = system.env.databases.filter(
    (database) => database.role === 'service-manager',
  );
  const servesServiceManager = {
    computer: (name: string | undefined) =>
      serviceManagerDatabases.some((d) => lower(d.computer) === lower(name)),
    instance: (id: string | undefined) =>
      serviceManagerDatabases.some((d) => lower(d.instance) === lower(id)),
    database: (name: string | undefined) =>
      serviceManagerDatabases.some((d) => lower(d.name) === lower(name)),
  };
  const p = action.params;
  const server = system.servers.get(lower(p.computer));
  switch (action.action) {
    case 'backup-encryption-key':
    case 'import-management-packs':
      return -1; // follow-ups right after the step that owes them
    case 'provision-computer': {
      if (servesServiceManager.computer(p.computer)) return 0;
      if ((system.hosted.get(lower(p.computer)) ?? []).some((id) => isSqlInstanceId(id))) return 3;
      if (server?.role === 'data-warehouse') return 4;
      const replaced = all.some(
        (a) => a.action === 'restore-encryption-key' && lower(a.params.computer) === lower(p.computer),
      );
      return replaced ? 2 : 5;
    }
    case 'install-sql-server':
    case 'enable-clr':
      return servesServiceManager.instance(p.instance) ? 0 : 3;
    case 'restore-database':
    case 'run-permissions-script':
    case 'recreate-database':
      return servesServiceManager.database(p.database) ? 0 : 3;
    case 'stop-services':
    case 'clear-health-service-state':
    case 'promote-workflow-server':
    case 'start-services':
      return 1;
    case 'restore-encryption-key':
      return server?.role === 'data-warehouse' ? 4 : 2;
    case 'install-management-server':
      return p.role === 'workflow' ? 2 : 5;
    case 'install-data-warehouse-server':
      return 4;
    case 'register-data-warehouse':
      return 6;
    default:
      return 7;
  }
}

/**
 * The same steps in a service-first order (see the file comment), or `actions` unchanged when
 * the reordered plan would not recover cleanly. This is a pure function.
 */
export function orderForService(
  system: ModelSystem,
  start: SystemState,
  actions: readonly CandidateAction[],
  requireClean: boolean,
): CandidateAction[] {
  const ranks = actions.map((action) => rankOf(system, action, actions));
  const remaining = actions.map((_, index) => index);
  const ordered: CandidateAction[] = [];
  let state = toFastState(system, start);
  while (remaining.length > 0) {
    let chosen = -1;
    let next = state;
    for (let at = 0; at < remaining.length; at++) {
      const index = remaining[at]!;
      if (chosen >= 0 && ranks[index]! >= ranks[remaining[chosen]!]!) continue;
      const result = fastStep(system, state, actions[index]!);
      if (result.violations.length > 0 || (result.effects.length === 0 && sameNotes(state, result.state)))
        continue;
      chosen = at;
      next = result.state;
    }
    if (chosen < 0) return [...actions];
    ordered.push(actions[remaining[chosen]!]!);
    remaining.splice(chosen, 1);
    state = next;
  }
  if (requireClean && verdict(system, fromFastState(system, state)).reasons.length > 0) return [...actions];
  return ordered;
}

function sameNotes(a: { notes: object }, b: { notes: object }): boolean {
  return JSON.stringify(a.notes) === JSON.stringify(b.notes);
}
