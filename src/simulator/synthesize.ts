/**
 * Plan synthesis: the fastest valid recovery from a loss, found by an A* search over the
 * component models (docs/synthesis.md).
 *
 * - States are the models' fast-path states (`FastState`), stepped with `fastStep` through
 *   the system's transition cache (`models/transition-cache.ts`); no actor is created per step. States are deduplicated by a canonical key; every search node keeps
 *   a parent pointer and the action that produced it, never a stored path.
 * - Edges are the candidate actions of `synthesis-candidates.ts`; one is applied only if the
 *   models report no violation and it changes the state.
 * - The cost of a plan is the tuple [databases recreated without history, estimated seconds],
 *   compared lexicographically: recreating a data warehouse database (D-DBREC, "last resort")
 *   is chosen only when no plan restores it. Seconds come from `estimateStepSeconds`, so
 *   environment overrides and database sizes count.
 * - The goal is the models' `verdict` with no reason at all: recovered, and the follow-ups
 *   (`import-management-packs`, `backup-new-server-key`, `restore-redundancy`) done.
 * - Ties are broken by depth, then by generation order, which follows the environment's
 *   declaration order: the same input always gives the same plan.
 */
import { compiledMachine } from '../models/compile.js';
import {
  componentId,
  isDataWarehouseGroupId,
  isDataWarehouseServerId,
  isManagementServerId,
  isOperational,
  isServiceManagerGroupId,
} from '../models/ids.js';
import {
  type FastState,
  fastStateKey,
  fastStep,
  fromFastState,
  initialState,
  kindOf,
  type Loss,
  type ModelSystem,
  type SystemState,
  toFastState,
  type VerdictReason,
  verdict,
} from '../models/system.js';
import { transitionCache } from '../models/transition-cache.js';
import { getRule } from '../rules/catalog.js';
import {
  type CandidateAction,
  candidateActions,
  HISTORY_LOST_WEIGHT,
  type SynthesisContext,
  searchBound,
  synthesisContext,
} from './synthesis-candidates.js';
import { orderForService } from './synthesis-order.js';
import { annotateSteps } from './synthesis-procedures.js';

/** One step of a synthesised plan. */
export interface SynthesizedStep extends CandidateAction {
  /** The estimated duration used by the search (`estimateStepSeconds`). */
  readonly seconds: number;
  /** The documented procedure and step, e.g. `R-PROMOTE step 2`. */
  readonly procedure: string;
  /** The domain citation key of that procedure, e.g. `D-PROMO`. */
  readonly citation: string;
  /** What the step does, with the concrete names. */
  readonly summary: string;
}

/** Why an encryption-key backup cannot be used: its state, and where a destroyed one was stored. */
export interface KeyBackupProblem {
  /** The backup's state: `destroyed`, `missing`, `passwordUnknown`, `passwordLost`, … */
  readonly state: string;
  /** For a destroyed backup, the computer it was stored on, when the environment says. */
  readonly storedOn?: string;
}

/**
 * Why a loss cannot be fully recovered, as a code and its arguments: the synthesiser says
 * what, `synthesisMessage` (`synthesis-messages.ts`) says it in words.
 */
export type SynthesisCause =
  /** A management server that shared the lost computer with its database (invariant 7, F3). */
  | {
      readonly code: 'colocated-with-database';
      readonly args: { readonly database?: string; readonly computer: string };
    }
  /** A lost data warehouse server whose key backup cannot be used (it cannot be promoted). */
  | { readonly code: 'data-warehouse-key-unusable'; readonly args: { readonly key: KeyBackupProblem } }
  /** A lost workflow server whose key backup cannot be used, with no additional server to promote. */
  | {
      readonly code: 'workflow-key-unusable';
      readonly args: { readonly group: string; readonly key: KeyBackupProblem };
    }
  /** A lost database that may not be recreated and whose backup was destroyed or never taken. */
  | {
      readonly code: 'database-backup-unusable';
      readonly args: { readonly destroyed: boolean; readonly storedOn?: string };
    }
  /**
   * A reason of the best partial recovery's final state, with the blocked components it
   * cannot be recovered without (none: no documented sequence of steps reaches it).
   */
  | {
      readonly code: 'stays-down';
      readonly args: { readonly reason: VerdictReason; readonly because: readonly string[] };
    }
  /** The search budget ran out before a recovery was found. */
  | { readonly code: 'search-stopped'; readonly args: { readonly explored: number } };

/** Why a loss cannot be fully recovered, naming the component concerned. */
export type SynthesisReason = {
  /** The component id, e.g. `ms:SM01`, `database:ServiceManager`; `search` for the budget. */
  readonly component: string;
  /** The domain citation key behind the reason (D-STRAT, D-BKKEY, …). */
  readonly citation: string;
} & SynthesisCause;

export type SynthesisResult =
  | {
      readonly ok: true;
      readonly steps: readonly SynthesizedStep[];
      readonly totalSeconds: number;
      /** Data warehouse databases recreated without their history (D-DBREC, F13). */
      readonly historyLost: readonly string[];
      /** Distinct states expanded by the search. */
      readonly statesExplored: number;
    }
  | {
      readonly ok: false;
      readonly reasons: readonly SynthesisReason[];
      readonly statesExplored: number;
      /**
       * The best partial recovery found: the steps that bring back everything that can come
       * back, and which components it recovers and which stay down.
       */
      readonly partial: {
        readonly steps: readonly SynthesizedStep[];
        readonly recovered: readonly string[];
        readonly notRecovered: readonly string[];
      };
    };

export interface SynthesisOptions {
  /** Stop after expanding this many distinct states (default 200,000). */
  readonly maxStates?: number;
  /**
   * The state right after the loss, when the caller computed it (the engine projects a whole
   * system's start state onto one cluster); default `initialState(system, loss)`.
   */
  readonly start?: SystemState;
}

const DEFAULT_MAX_STATES = 200_000;

/** A binary min-heap of node indices under a comparator. */
class Heap {
  private readonly items: number[] = [];
  constructor(private readonly less: (a: number, b: number) => boolean) {}
  get size(): number {
    return this.items.length;
  }
  push(item: number): void {
    const items = this.items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(items[i]!, items[parent]!)) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }
  pop(): number | undefined {
    const items = this.items;
    if (items.length === 0) return undefined;
    const top = items[0]!;
    const last = items.pop()!;
    if (items.length > 0) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < items.length && this.less(items[left]!, items[smallest]!)) smallest = left;
        if (right < items.length && this.less(items[right]!, items[smallest]!)) smallest = right;
        if (smallest === i) break;
        [items[i], items[smallest]] = [items[smallest]!, items[i]!];
        i = smallest;
      }
    }
    return top;
  }
}

/** The search nodes, as parallel arrays; a node is its index. */
interface Nodes {
  readonly states: FastState[];
  readonly keys: string[];
  /** Combined cost: recreated databases × weight + seconds. */
  readonly cost: number[];
  readonly seconds: number[];
  readonly bound: number[];
  readonly parent: number[];
  readonly action: (CandidateAction | undefined)[];
}

function pathTo(nodes: Nodes, node: number): CandidateAction[] {
  const actions: CandidateAction[] = [];
  for (let at = node; at > 0; at = nodes.parent[at]!) actions.push(nodes.action[at]!);
  return actions.reverse();
}

/** Replays a found path on the models to annotate each step with its procedure. */
function annotate(context: SynthesisContext, start: SystemState, actions: readonly CandidateAction[]) {
  const before: SystemState[] = [];
  let fast = toFastState(context.system, start);
  for (const action of actions) {
    before.push(fromFastState(context.system, fast));
    fast = fastStep(context.system, fast, action).state;
  }
  const references = annotateSteps(context.system, actions, before);
  const steps: SynthesizedStep[] = actions.map((action, index) => ({
    action: action.action,
    params: action.params,
    seconds: context.seconds(action),
    ...references[index]!,
  }));
  return { steps, final: fromFastState(context.system, fast) };
}

/**
 * The reasons, read from the state right after the loss, that some component can never
 * come back: a server that shared the lost computer with its database (D-STRAT, invariant 7),
 * a database whose only backup was destroyed or never existed (and that may not be
 * recreated), a data warehouse server or a lone workflow server whose key backup is unusable
 * (F4, F5). This is a pure function.
 */
export function lossBlockers(system: ModelSystem, state: SystemState): SynthesisReason[] {
  const reasons: SynthesisReason[] = [];
  const lower = (name: string) => name.toLowerCase();
  const path = (id: string) => state.components[id];
  const keyProblem = (computer: string): KeyBackupProblem | undefined => {
    const key = path(componentId.keyBackup(computer));
    if (key === 'usable') return undefined;
    if (key === 'destroyed') {
      const storedOn = system.servers.get(lower(computer))?.keyBackup?.storedOn;
      return storedOn === undefined ? { state: key } : { state: key, storedOn };
    }
    return { state: key ?? 'missing' };
  };

  for (const server of system.env.managementServers) {
    const id =
      server.role === 'data-warehouse'
        ? componentId.dataWarehouseServer(server.computer)
        : componentId.managementServer(server.computer);
    const at = path(id);
    if (at === 'unrecoverable') {
      const database =
        server.role === 'data-warehouse'
          ? system.dwGroups.get(lower(server.managementGroup))?.databases.staging
          : system.smGroups.get(lower(server.managementGroup))?.database;
      reasons.push({
        component: id,
        code: 'colocated-with-database',
        args:
          database === undefined ? { computer: server.computer } : { database, computer: server.computer },
        citation: 'D-STRAT',
      });
      continue;
    }
    if (at !== 'lost') continue;
    const problem = keyProblem(server.computer);
    if (problem === undefined) continue;
    const citation = path(componentId.keyBackup(server.computer))?.startsWith('password')
      ? 'D-BKKEY'
      : 'D-MSDR';
    if (server.role === 'data-warehouse') {
      reasons.push({ component: id, code: 'data-warehouse-key-unusable', args: { key: problem }, citation });
    } else if (server.role === 'workflow') {
      const group = system.smGroups.get(lower(server.managementGroup));
      // Only a surviving additional server can be promoted: a lost one cannot be reinstalled
      // while the group has no workflow server (R-ADD's precondition, P-ADDMSI).
      const others = (group?.managementServers ?? []).filter(
        (computer) =>
          lower(computer) !== lower(server.computer) &&
          isOperational(path(componentId.managementServer(computer))),
      );
      if (others.length === 0) {
        reasons.push({
          component: id,
          code: 'workflow-key-unusable',
          args: { group: server.managementGroup, key: problem },
          citation,
        });
      }
    }
  }

  for (const database of system.env.databases) {
    const id = componentId.database(database.name);
    if (path(id) !== 'lost') continue;
    const backup = path(componentId.databaseBackup(database.name));
    if (backup === 'usable') continue;
    const dataWarehouse = [
      'dw-staging',
      'dw-repository',
      'dw-datamart',
      'om-datamart',
      'cm-datamart',
    ].includes(database.role);
    if (dataWarehouse) continue; // recreated empty, with its history lost (F13)
    const storedOn = database.backup?.storedOn;
    reasons.push({
      component: id,
      code: 'database-backup-unusable',
      args:
        backup === 'destroyed' && storedOn !== undefined
          ? { destroyed: true, storedOn }
          : { destroyed: backup === 'destroyed' },
      citation: 'D-DBREC',
    });
  }
  return reasons;
}

/** The citation of a final-state reason: the component state's own, else the rule's first. */
function citationOf(state: SystemState, reason: VerdictReason): string {
  if (isDataWarehouseGroupId(reason.component)) return 'P-REG';
  const path = state.components[reason.component];
  if (path !== undefined && reason.ruleId === 'scenario-recovered') {
    const machine = compiledMachine(kindOf(reason.component));
    const citation = machine.leafMeta[machine.leafIndex.get(path) ?? -1]?.citation;
    if (citation !== undefined) return citation;
  }
  return getRule(reason.ruleId)?.citations[0] ?? 'D-OV';
}

/**
 * The components whose recovery `component` needs, as the models route it: a Service Manager
 * server or group needs its servers and the ServiceManager database (invariant 6, F16); a
 * data warehouse server needs DWStagingAndConfig; a registration needs both groups.
 */
function dependsOn(system: ModelSystem, component: string): string[] {
  const lower = (name: string) => name.toLowerCase();
  const smGroup = (name: string) => {
    const group = system.smGroups.get(lower(name));
    return group === undefined
      ? []
      : [
          ...group.managementServers.map((computer) => componentId.managementServer(computer)),
          componentId.database(group.database),
        ];
  };
  const name = component.slice(component.indexOf(':') + 1);
  if (isServiceManagerGroupId(component)) return smGroup(name);
  if (isManagementServerId(component)) return smGroup(system.servers.get(lower(name))?.managementGroup ?? '');
  const dwGroup = isDataWarehouseGroupId(component)
    ? system.dwGroups.get(lower(name))
    : isDataWarehouseServerId(component)
      ? [...system.dwGroups.values()].find((group) => lower(group.managementServer) === lower(name))
      : undefined;
  if (dwGroup === undefined) return [];
  const dw = [
    componentId.dataWarehouseServer(dwGroup.managementServer),
    componentId.database(dwGroup.databases.staging),
  ];
  return isDataWarehouseGroupId(component) ? [...dw, ...smGroup(dwGroup.registeredWith ?? '')] : dw;
}

/** Components a verdict judges that are down right after the loss. */
function downComponents(system: ModelSystem, state: SystemState): string[] {
  return verdict(system, state)
    .reasons.filter((reason) => reason.ruleId === 'scenario-recovered')
    .map((reason) => reason.component);
}

/**
 * Synthesises the fastest valid recovery of `loss` on the models of an environment: a
 * uniform-cost search guided by an admissible lower bound (A*), over the candidate actions
 * of `candidateActions`, to a state the models' `verdict` judges recovered with no reason
 * left. When no such state is reachable, the result says why, naming the components, and
 * gives the best partial recovery. This is a pure function: the same system and loss always
 * give the same result.
 */
export function synthesizeRecovery(
  system: ModelSystem,
  loss: Loss,
  options: SynthesisOptions = {},
): SynthesisResult {
  return resultOf(search(system, loss, options));
}

/** What the score and the rules read of a synthesised recovery (plain data: it crosses worker threads). */
export interface RecoverySummary {
  readonly ok: boolean;
  /** The recovery time, one step at a time (0 when not `ok`). */
  readonly seconds: number;
  /** Data warehouse databases recreated without their history (D-DBREC, F13). */
  readonly historyLost: readonly string[];
  /** The number of steps of the recovery, or of the best partial one when not `ok`. */
  readonly steps: number;
  readonly statesExplored: number;
  /** Why the loss cannot be fully recovered (empty when `ok`), in the synthesiser's words. */
  readonly reasons: readonly SynthesisReason[];
}

/**
 * `synthesizeRecovery` reduced to its summary (`summaryOf`), without writing out the steps of
 * a recovery that is found: the service-first reordering and the step annotations change
 * neither the duration, nor the number of steps, nor the databases recreated (the notes keep
 * them sorted), so they are skipped. A loss without a full recovery is synthesised in full,
 * as its reasons come from the best partial recovery. `test/simulator/synthesize-summary.test.ts`
 * checks it against `summaryOf(synthesizeRecovery(…))`. This is a pure function.
 */
export function summarizeRecovery(
  system: ModelSystem,
  loss: Loss,
  options: SynthesisOptions = {},
): RecoverySummary {
  const searched = search(system, loss, options);
  const { found, nodes } = searched;
  if (found === undefined) return summaryOf(resultOf(searched));
  return {
    ok: true,
    seconds: nodes.seconds[found]!,
    historyLost: [...nodes.states[found]!.notes.historyLost],
    steps: pathTo(nodes, found).length,
    statesExplored: searched.explored,
    reasons: [],
  };
}

/** A synthesis result as a summary. This is a pure function. */
export function summaryOf(result: SynthesisResult): RecoverySummary {
  return result.ok
    ? {
        ok: true,
        seconds: result.totalSeconds,
        historyLost: result.historyLost,
        steps: result.steps.length,
        statesExplored: result.statesExplored,
        reasons: [],
      }
    : {
        ok: false,
        seconds: 0,
        historyLost: [],
        steps: result.partial.steps.length,
        statesExplored: result.statesExplored,
        reasons: result.reasons,
      };
}

/** A finished search: the nodes, the goal node or the dead end, and what the result is written from. */
interface Search {
  readonly system: ModelSystem;
  readonly context: SynthesisContext;
  readonly start: SystemState;
  readonly blockers: readonly SynthesisReason[];
  readonly nodes: Nodes;
  readonly found: number | undefined;
  readonly deadEnd: number | undefined;
  readonly explored: number;
  readonly exhausted: boolean;
}

/** The A* search of `synthesizeRecovery` (see there), up to the goal or the end of the budget. */
function search(system: ModelSystem, loss: Loss, options: SynthesisOptions): Search {
  const context = synthesisContext(system);
  const maxStates = options.maxStates ?? DEFAULT_MAX_STATES;
  const start = options.start ?? initialState(system, loss);
  const blockers = lossBlockers(system, start);
  // With a component that can never come back the full goal is unreachable; the search then
  // looks for the cheapest saturated state instead (nothing more can be done), which is the
  // best partial recovery.
  const saturate = blockers.length > 0;

  const nodes: Nodes = { states: [], keys: [], cost: [], seconds: [], bound: [], parent: [], action: [] };
  const best = new Map<string, number>();
  const add = (
    state: FastState,
    key: string,
    cost: number,
    seconds: number,
    parent: number,
    action?: CandidateAction,
  ) => {
    const node = nodes.states.length;
    nodes.states.push(state);
    nodes.keys.push(key);
    nodes.cost.push(cost);
    nodes.seconds.push(seconds);
    nodes.bound.push(searchBound(context, state, key));
    nodes.parent.push(parent);
    nodes.action.push(action);
    best.set(key, node);
    return node;
  };
  // f = cost + bound; ties go to the deeper node (it is closer to a goal), then to the older.
  const less = (a: number, b: number): boolean => {
    const fa = nodes.cost[a]! + nodes.bound[a]!;
    const fb = nodes.cost[b]! + nodes.bound[b]!;
    if (fa !== fb) return fa < fb;
    if (nodes.cost[a] !== nodes.cost[b]) return nodes.cost[a]! > nodes.cost[b]!;
    return a < b;
  };
  const open = new Heap(less);
  const first = toFastState(system, start);
  const stepper = transitionCache(system);
  open.push(add(first, fastStateKey(first), 0, 0, -1));

  let explored = 0;
  let deadEnd: number | undefined;
  let found: number | undefined;
  let exhausted = false;
  for (;;) {
    const node = open.pop();
    if (node === undefined) break;
    if (best.get(nodes.keys[node]!) !== node) continue; // superseded by a cheaper path
    if (explored >= maxStates) {
      exhausted = true;
      break;
    }
    explored++;
    const state = nodes.states[node]!;
    if (
      !saturate &&
      nodes.bound[node] === 0 &&
      verdict(system, fromFastState(system, state)).reasons.length === 0
    ) {
      found = node;
      break;
    }
    let applied = 0;
    for (const action of candidateActions(context, state)) {
      const nextState = stepper.step(state, action);
      if (nextState === undefined) continue;
      const key = fastStateKey(nextState);
      if (key === nodes.keys[node]) continue;
      applied++;
      const seconds = nodes.seconds[node]! + context.seconds(action);
      const recreated = nextState.notes.historyLost.length;
      const cost = recreated * HISTORY_LOST_WEIGHT + seconds;
      const previous = best.get(key);
      if (previous !== undefined && nodes.cost[previous]! <= cost) continue;
      open.push(add(nextState, key, cost, seconds, node, action));
    }
    if (applied === 0) {
      if (deadEnd === undefined || nodes.bound[node]! < nodes.bound[deadEnd]!) deadEnd = node;
      if (saturate) break;
    }
  }
  return { system, context, start, blockers, nodes, found, deadEnd, explored, exhausted };
}

/** The result of a finished search: the steps in a service-first order, annotated, or why there are none. */
function resultOf(searched: Search): SynthesisResult {
  const { system, context, start, blockers, nodes, found, deadEnd, explored, exhausted } = searched;
  if (found !== undefined) {
    const { steps, final } = annotate(
      context,
      start,
      orderForService(system, start, pathTo(nodes, found), true),
    );
    return {
      ok: true,
      steps,
      totalSeconds: nodes.seconds[found]!,
      historyLost: [...final.notes.historyLost],
      statesExplored: explored,
    };
  }

  // No recovery: the best partial one is the saturated state with the least left to do (or,
  // if the budget ran out first, the most advanced state seen).
  let partialNode = deadEnd;
  if (partialNode === undefined) {
    partialNode = 0;
    for (let node = 1; node < nodes.states.length; node++) {
      if (nodes.bound[node]! < nodes.bound[partialNode]!) partialNode = node;
    }
  }
  const { steps, final } = annotate(
    context,
    start,
    orderForService(system, start, pathTo(nodes, partialNode), false),
  );
  const finalVerdict = verdict(system, final);
  const downBefore = downComponents(system, start);
  const downAfter = new Set(
    finalVerdict.reasons.filter((reason) => reason.ruleId === 'scenario-recovered').map((r) => r.component),
  );
  const reasons: SynthesisReason[] = [...blockers];
  const blocked = new Set(blockers.map((reason) => reason.component));
  for (const reason of finalVerdict.reasons) {
    if (blocked.has(reason.component)) continue;
    const causes = dependsOn(system, reason.component).filter((id) => blocked.has(id));
    const because = causes.length > 0 ? causes : [...blocked];
    reasons.push({
      component: reason.component,
      code: 'stays-down',
      args: { reason, because },
      citation: citationOf(final, reason),
    });
  }
  if (exhausted) {
    reasons.push({ component: 'search', code: 'search-stopped', args: { explored }, citation: 'D-OV' });
  }
  return {
    ok: false,
    reasons,
    statesExplored: explored,
    partial: {
      steps,
      recovered: downBefore.filter((id) => !downAfter.has(id)),
      notRecovered: downBefore.filter((id) => downAfter.has(id)),
    },
  };
}
