/**
 * Executing a plan scenario with faults injected, on the fast path of the models (compiled
 * tables, `fastStep` on a `FastState`): no XState actor and no JSON state per step.
 *
 * The primitives here are shared by the property runs (`property.ts`) and the exhaustive
 * explorer (`explore.ts`), so both judge a fault scenario exactly the same way.
 */
import type { Environment } from '../environment/types.js';
import { NO_LOSS } from '../loss/index.js';
import { componentId, isDatabaseId, isSqlInstanceId, nameOf, WORKFLOW_SERVER_PATH } from '../models/ids.js';
import {
  compiledMachine,
  createSystem,
  type Effect,
  type FastState,
  fastStateKey,
  fastTransition,
  fromFastState,
  initialState,
  kindOf,
  type ModelSystem,
  type SystemState,
  type VerdictReason,
  type Violation,
  verdict,
} from '../models/index.js';
import { transitionCache } from '../models/transition-cache.js';
import { estimateStepSeconds } from '../plan/durations.js';
import type { PlanStep, Scenario } from '../plan/types.js';
import { getRule } from '../rules/catalog.js';

const lower = (name: string): string => name.toLowerCase();

// ---------------------------------------------------------------------------------------
// Faulted systems
// ---------------------------------------------------------------------------------------

const faultedSystems = new WeakMap<ModelSystem, Map<string, ModelSystem>>();

/**
 * The system of an environment in which the key-backup passwords of `servers` turned out to be
 * unknown (F5): their key backups start in `passwordUnknown`, so the models themselves refuse
 * the restore (`step-precondition`). Cached per base system and server set.
 */
export function faultedSystem(base: ModelSystem, servers: readonly string[]): ModelSystem {
  if (servers.length === 0) return base;
  const names = new Set(servers.map(lower));
  const cacheKey = [...names].sort().join(',');
  let cache = faultedSystems.get(base);
  if (cache === undefined) {
    cache = new Map();
    faultedSystems.set(base, cache);
  }
  const cached = cache.get(cacheKey);
  if (cached !== undefined) return cached;
  const env: Environment = {
    ...base.env,
    managementServers: base.env.managementServers.map((server) =>
      names.has(lower(server.computer)) && server.keyBackup !== undefined
        ? { ...server, keyBackup: { ...server.keyBackup, password: 'unknown' as const } }
        : server,
    ),
  };
  const system = createSystem(env);
  cache.set(cacheKey, system);
  return system;
}

// ---------------------------------------------------------------------------------------
// States
// ---------------------------------------------------------------------------------------

/** Counts the states an exploration visits: every state produced, and the distinct ones. */
export class StateCounter {
  private readonly seen = new Set<string>();
  generated = 0;
  visit(state: FastState): void {
    this.generated++;
    this.seen.add(fastStateKey(state));
  }
  get distinct(): number {
    return this.seen.size;
  }
}

const lossStates = new WeakMap<ModelSystem, Map<string, SystemState>>();

/** The state a pristine system reaches when only `computer` is lost (cached). */
function singleLossState(system: ModelSystem, computer: string): SystemState {
  let cache = lossStates.get(system);
  if (cache === undefined) {
    cache = new Map();
    lossStates.set(system, cache);
  }
  let state = cache.get(lower(computer));
  if (state === undefined) {
    state = initialState(system, { ...NO_LOSS, computers: [computer] });
    cache.set(lower(computer), state);
  }
  return state;
}

/**
 * Loses `computer` in the middle of a recovery. Which components it takes, and whether a
 * management server goes with its own database (D-STRAT), is decided by `initialState` itself
 * on a pristine system, so the models stay the only judge of what a loss reaches; the `lose`
 * event then goes to each of those components in its current state (a broken one swallows
 * it). Components that steps created on that computer are lost too, and every Service Manager
 * group recounts its workflow servers, as after any step. This is a pure function.
 */
export function loseMidPlan(
  system: ModelSystem,
  state: FastState,
  computer: string,
): { state: FastState; effects: Effect[] } {
  const reference = singleLossState(system, computer);
  const codes = state.codes.slice();
  const extras = { ...state.extras };
  const effects: Effect[] = [];
  const fire = (id: string, code: number, flags?: { databaseColocated: boolean }): number => {
    const machine = compiledMachine(kindOf(id));
    const out = fastTransition(
      machine,
      code,
      flags === undefined ? { type: 'lose' } : { type: 'lose', flags },
    );
    if (out.next !== code)
      effects.push({
        component: id,
        event: 'lose',
        from: machine.leaves[code]!,
        to: machine.leaves[out.next]!,
      });
    return out.next;
  };
  system.components.forEach((component, index) => {
    if (component.kind === 'serviceManagerGroup' || component.kind === 'dataWarehouseGroup') return;
    const lostPath = reference.components[component.id];
    if (lostPath === undefined || lostPath === system.start[index]) return;
    const colocated = component.kind === 'managementServer' || component.kind === 'dataWarehouseServer';
    codes[index] = fire(
      component.id,
      codes[index]!,
      colocated ? { databaseColocated: lostPath === 'unrecoverable' } : undefined,
    );
  });
  for (const id of Object.keys(extras).sort()) {
    const name = id.slice(id.indexOf(':') + 1);
    const host = isSqlInstanceId(id) && name.includes('\\') ? name.slice(0, name.indexOf('\\')) : name;
    if (lower(host) !== lower(computer)) continue;
    const kind = kindOf(id);
    extras[id] = fire(
      id,
      extras[id]!,
      kind === 'managementServer' || kind === 'dataWarehouseServer'
        ? { databaseColocated: false }
        : undefined,
    );
  }
  const next: FastState = { codes, extras, notes: state.notes };
  recountWorkflowServers(system, next, effects);
  return { state: next, effects };
}

/** Sends `workflow-count` to every Service Manager group, as the system does after each step. */
function recountWorkflowServers(system: ModelSystem, state: FastState, effects: Effect[]): void {
  const codes = state.codes;
  const msMachine = compiledMachine('managementServer');
  const workflow = msMachine.leafIndex.get(WORKFLOW_SERVER_PATH);
  for (const group of system.smGroups.values()) {
    const ids = group.managementServers.map((computer) => componentId.managementServer(computer));
    for (const [id, name] of Object.entries(state.notes.extraServers))
      if (lower(name) === lower(group.name)) ids.push(id);
    let active = 0;
    for (const id of ids) {
      const index = system.componentIndex.get(id);
      const code = index === undefined ? state.extras[id] : codes[index];
      if (code === workflow) active++;
    }
    const groupId = componentId.serviceManagerGroup(group.name);
    const index = system.componentIndex.get(groupId);
    if (index === undefined) continue;
    const machine = compiledMachine('serviceManagerGroup');
    const out = fastTransition(machine, codes[index]!, {
      type: 'workflow-count',
      flags: { noWorkflowServer: active === 0, severalWorkflowServers: active > 1 },
    });
    if (out.next !== codes[index])
      effects.push({
        component: groupId,
        event: 'workflow-count',
        from: machine.leaves[codes[index]!]!,
        to: machine.leaves[out.next]!,
      });
    codes[index] = out.next;
  }
}

/** Databases a step restored from backup (the data-loss check looks at these). */
export function restoredBy(effects: readonly Effect[]): string[] {
  const out: string[] = [];
  for (const effect of effects)
    if (effect.event === 'restore-database' && isDatabaseId(effect.component) && effect.from !== effect.to)
      out.push(nameOf(effect.component));
  return out;
}

/**
 * Runs one plan step on the fast path, through the system's transition cache: the result is
 * `fastStep`'s (violations and effects included), answered from the cache's decision trees
 * when the same step was met from an equivalent state.
 */
export function runStep(
  system: ModelSystem,
  state: FastState,
  step: PlanStep,
): { state: FastState; violations: readonly Violation[]; effects: readonly Effect[] } {
  return transitionCache(system).fullStep(state, step);
}

const verdicts = new WeakMap<ModelSystem, Map<string, readonly VerdictReason[]>>();

/**
 * The error-level reasons the final state is not recovered (warnings such as a missing key
 * backup do not fail the property). Cached by state key: many fault combinations end alike.
 */
export function endReasons(system: ModelSystem, state: FastState): readonly VerdictReason[] {
  let cache = verdicts.get(system);
  if (cache === undefined) {
    cache = new Map();
    verdicts.set(system, cache);
  }
  const key = fastStateKey(state);
  let reasons = cache.get(key);
  if (reasons === undefined) {
    reasons = verdict(system, fromFastState(system, state)).reasons.filter(
      (reason) => (getRule(reason.ruleId)?.severity ?? 'error') === 'error',
    );
    cache.set(key, reasons);
  }
  return reasons;
}

/** The estimated duration of each step of a scenario, in seconds. */
export function stepSeconds(environment: Environment, scenario: Scenario): number[] {
  return scenario.steps.map((step) => estimateStepSeconds(environment, step).seconds);
}

/** `promote-workflow-server CVL-SM02`: an action and its parameter values. */
export function summarizeStep(step: Pick<PlanStep, 'action' | 'params'>): string {
  const values = Object.values(step.params).filter((value) => value !== '');
  return values.length > 0 ? `${step.action} ${values.join(' ')}` : step.action;
}

/**
 * The data a restore of `database` loses at worst, in seconds: the shortest backup interval
 * (the loader's `rpoSeconds`), plus one full-backup interval when its newest backup is
 * unusable and the previous full backup has to be restored. Undefined without a backup.
 */
export function dataLossSeconds(
  environment: Environment,
  database: string,
  newestUnusable: boolean,
): number | undefined {
  const backup = environment.databases.find((candidate) => lower(candidate.name) === lower(database))?.backup;
  if (backup === undefined) return undefined;
  return backup.rpoSeconds + (newestUnusable ? backup.fullEverySeconds : 0);
}
