/**
 * Injected surprises: faults of the simulator's fault model (`src/simulator/faults.ts`)
 * chosen for one drill from a seed, announced when their step comes up, and applied to the
 * model state the way the simulator applies them.
 *
 * Each fault is tied to the step at which the team meets it:
 * - `step-fails`: the step itself;
 * - `lost-mid-plan` after step k: step k+1 (the computer dies while the team moves on);
 * - `backup-unusable`: the first step that restores the database;
 * - `key-password-unknown`: the first step that restores that server's key.
 * Only faults that can meet this scenario are candidates: a corrupt backup of a database the
 * scenario never restores would be no surprise at all.
 */
import { formatDuration } from '../common/duration.js';
import { seededRandom } from '../common/random.js';
import type { Environment } from '../environment/types.js';
import { effectiveLoss } from '../loss/index.js';
import { componentId } from '../models/ids.js';
import { fromFastState, labelOf, type ModelSystem, type SystemState, toFastState } from '../models/system.js';
import type { Scenario } from '../plan/types.js';
import {
  type BackupUnusableFault,
  compareFaults,
  FAULT_KINDS,
  type Fault,
  type FaultKind,
  type KeyPasswordUnknownFault,
  type LostMidPlanFault,
} from '../simulator/faults.js';
import { loseMidPlan } from '../simulator/simulate-exec.js';
import type { InjectedFault } from './events.js';

export { MAX_INJECT } from './options.js';

const lower = (text: string): string => text.toLowerCase();

export { seededRandom } from '../common/random.js';

/** Every fault that can meet this scenario, by kind, each with the step that announces it. */
export function faultCandidatesFor(
  environment: Environment,
  scenario: Scenario,
): Record<FaultKind, InjectedFault[]> {
  const steps = scenario.steps;
  const loss = {
    computers: scenario.lost.computers.map((entry) => entry.name),
    databases: scenario.lost.databases.map((entry) => entry.name),
    sites: scenario.lost.sites.map((entry) => entry.name),
  };
  const lost = new Set(effectiveLoss(environment, loss).computers.map(lower));
  const spared = environment.computers.filter((computer) => !lost.has(lower(computer.name)));

  const stepFails = steps.map((step) => ({
    step: step.index,
    fault: { kind: 'step-fails' as const, step: step.index },
  }));

  const lostMidPlan: InjectedFault[] = [];
  for (const computer of spared)
    for (let after = 0; after < steps.length - 1; after++)
      lostMidPlan.push({
        step: after + 1,
        fault: {
          kind: 'lost-mid-plan',
          computer: computer.name,
          afterStep: after,
        } satisfies LostMidPlanFault,
      });

  const backupUnusable: InjectedFault[] = [];
  const keyPasswordUnknown: InjectedFault[] = [];
  const seen = new Set<string>();
  for (const step of steps) {
    if (step.action === 'restore-database') {
      const database = environment.databases.find((d) => lower(d.name) === lower(step.params.database ?? ''));
      if (database?.backup !== undefined && !seen.has(`db:${lower(database.name)}`)) {
        seen.add(`db:${lower(database.name)}`);
        backupUnusable.push({
          step: step.index,
          fault: { kind: 'backup-unusable', database: database.name } satisfies BackupUnusableFault,
        });
      }
    }
    if (step.action === 'restore-encryption-key') {
      const owner = step.params.from ?? step.params.computer ?? '';
      const server = environment.managementServers.find((s) => lower(s.computer) === lower(owner));
      if (server?.keyBackup?.password === 'escrowed' && !seen.has(`key:${lower(server.computer)}`)) {
        seen.add(`key:${lower(server.computer)}`);
        keyPasswordUnknown.push({
          step: step.index,
          fault: { kind: 'key-password-unknown', server: server.computer } satisfies KeyPasswordUnknownFault,
        });
      }
    }
  }
  return {
    'step-fails': stepFails,
    'lost-mid-plan': lostMidPlan,
    'backup-unusable': backupUnusable,
    'key-password-unknown': keyPasswordUnknown,
  };
}

/** The faults chosen for a drill, and how many could have been. */
export interface FaultChoice {
  readonly faults: readonly InjectedFault[];
  /** The most faults this scenario can take (at most one per step, one loss per computer). */
  readonly possible: number;
}

/**
 * Chooses `count` faults for a drill from `seed`, deterministically: each draw picks a fault
 * kind among those with candidates left (so that the many mid-plan losses do not crowd out
 * the rarer kinds), then a candidate of that kind. At most one fault meets any step, and a
 * computer is lost at most once. The result is in the order the team meets the faults. This is
 * a pure function.
 */
export function chooseFaults(
  environment: Environment,
  scenario: Scenario,
  count: number,
  seed: number,
): FaultChoice {
  const pools = faultCandidatesFor(environment, scenario);
  const possible = possibleFaults(pools);
  const random = seededRandom(seed);
  const chosen: InjectedFault[] = [];
  const usedSteps = new Set<number>();
  const lostComputers = new Set<string>();
  const usable = (candidate: InjectedFault): boolean =>
    !usedSteps.has(candidate.step) &&
    !(candidate.fault.kind === 'lost-mid-plan' && lostComputers.has(lower(candidate.fault.computer)));
  while (chosen.length < count) {
    for (const kind of FAULT_KINDS) pools[kind] = pools[kind].filter(usable);
    const kinds = FAULT_KINDS.filter((kind) => pools[kind].length > 0);
    if (kinds.length === 0) break;
    const kind = kinds[random() % kinds.length]!;
    const pool = pools[kind];
    const [pick] = pool.splice(random() % pool.length, 1);
    if (pick === undefined) break;
    chosen.push(pick);
    usedSteps.add(pick.step);
    if (pick.fault.kind === 'lost-mid-plan') lostComputers.add(lower(pick.fault.computer));
  }
  chosen.sort((a, b) => a.step - b.step || compareFaults(a.fault, b.fault));
  return { faults: chosen, possible };
}

/** How many faults fit: one per step that has a candidate, counting each computer's loss once. */
function possibleFaults(pools: Record<FaultKind, InjectedFault[]>): number {
  const steps = new Set<number>();
  for (const kind of FAULT_KINDS) for (const candidate of pools[kind]) steps.add(candidate.step);
  return steps.size;
}

/**
 * Applies a fault to the model state when the team meets it, the way the simulator injects it:
 * a mid-plan loss sends `lose` to the computer and everything it hosts (`loseMidPlan`, which
 * asks the models what a loss reaches); an unknown key password makes the server's key backup
 * `passwordUnknown`, the state the models start a key backup in when the environment says
 * `password: unknown`, so the models themselves refuse its restore (F5). A failing step and a
 * corrupt backup leave the component states alone: they cost time and data, not state.
 * Returns the new state and the changes in words. This is a pure function.
 */
export function applyFault(
  system: ModelSystem,
  model: SystemState,
  fault: Fault,
): { model: SystemState; changes: string[] } {
  if (fault.kind === 'lost-mid-plan') {
    const lost = loseMidPlan(system, toFastState(system, model), fault.computer);
    return {
      model: fromFastState(system, lost.state),
      changes: lost.effects.map((effect) => `${labelOf(effect.component)}: ${effect.from} → ${effect.to}`),
    };
  }
  if (fault.kind === 'key-password-unknown') {
    const id = Object.keys(model.components).find(
      (candidate) => lower(candidate) === lower(componentId.keyBackup(fault.server)),
    );
    // A backup that is already unusable (missing, destroyed with a lost computer) stays as it is.
    if (id === undefined || model.components[id] !== 'usable') return { model, changes: [] };
    return {
      model: { ...model, components: { ...model.components, [id]: 'passwordUnknown' } },
      changes: [`${labelOf(id)}: usable → passwordUnknown`],
    };
  }
  return { model, changes: [] };
}

/**
 * What the facilitator says when the team meets a fault: what happened, and what it means for
 * them. This is a pure function.
 */
export function announceFault(environment: Environment, fault: Fault): string {
  switch (fault.kind) {
    case 'step-fails':
      return `step ${fault.step + 1} fails: it does not complete on the first attempt. Record what failed with \`f <note>\`, then retry it or adapt.`;
    case 'lost-mid-plan':
      return fault.afterStep === undefined
        ? `${fault.computer} is lost, with everything it hosts.`
        : `${fault.computer} has just been lost (after step ${fault.afterStep + 1}), with everything it hosts. Adapt the plan: record what you do instead with \`x <action> key=value …\`.`;
    case 'backup-unusable': {
      const backup = environment.databases.find((d) => lower(d.name) === lower(fault.database))?.backup;
      const loss =
        backup === undefined
          ? ''
          : ` Restoring the previous full backup loses up to ${formatDuration(backup.rpoSeconds + backup.fullEverySeconds)} of data (RPO ${formatDuration(environment.objectives.rpoSeconds)}).`;
      return `the newest backup of ${fault.database} is corrupt.${loss}`;
    }
    case 'key-password-unknown':
      return `nobody knows the password of ${fault.server}'s encryption-key backup: the key cannot be restored (F5). Adapt the plan: record what you do instead with \`x <action> key=value …\`.`;
  }
}
