/**
 * Teams and dependencies of a scenario (docs/plan.md, *Parallel recovery*): the loader's
 * checks of `id:`, `after:` and `team:`, and the dependency graph the schedule, the order
 * analysis and the reports read.
 *
 * A scenario is *parallel* when any of its steps has `after:`. In a parallel scenario a step
 * waits for exactly the steps its `after:` names (none without it); in any other scenario each
 * step waits for the one before it, as plans always meant. `after:` may name earlier steps
 * only, so the written order is always an order the dependencies allow, and it is the order
 * the models execute.
 */
import type { InputError } from '../common/errors.js';
import type { NodePath } from '../common/location.js';
import type { ParsedSource } from '../common/source.js';
import { didYouMean } from '../common/suggest.js';
import type { Scenario } from './types.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The `after:` entries of a raw step with their paths: a single id or a list of ids. */
function afterEntries(step: Record<string, unknown>, stepPath: NodePath): { id: string; path: NodePath }[] {
  const after = step.after;
  if (typeof after === 'string') return [{ id: after, path: [...stepPath, 'after'] }];
  if (!Array.isArray(after)) return [];
  return after.flatMap((id, index) =>
    typeof id === 'string' ? [{ id, path: [...stepPath, 'after', index] }] : [],
  );
}

/**
 * The errors of a raw scenario's `id:`, `after:` and `team:` fields: duplicate step ids, an
 * `after:` naming no step (with a did-you-mean), the step itself, or a later step (a forward
 * reference, said to close a cycle when the later step waits for this one), and a `team:` not
 * among the scenario's declared `teams:`. It reads the raw value defensively because it also
 * runs when the shape check failed.
 */
export function dependencyErrors(
  source: ParsedSource,
  scenario: Record<string, unknown>,
  scenarioPath: NodePath,
): InputError[] {
  const errors: InputError[] = [];
  const steps = Array.isArray(scenario.steps) ? scenario.steps : [];
  const indexById = new Map<string, number>();
  steps.forEach((step: unknown, index) => {
    if (!isRecord(step) || typeof step.id !== 'string') return;
    const first = indexById.get(step.id);
    const path = [...scenarioPath, 'steps', index, 'id'];
    if (first === undefined) {
      indexById.set(step.id, index);
      return;
    }
    const firstLocation = source.locate([...scenarioPath, 'steps', first, 'id']);
    errors.push({
      location: source.locate(path),
      path,
      message: `duplicate step id '${step.id}', first used at line ${firstLocation.line} (steps[${first}])`,
      expected: 'a unique id per step of the scenario',
    });
  });

  // Who waits for whom, to say when a forward reference closes a cycle.
  const waitsFor = steps.map((step: unknown, index) =>
    isRecord(step)
      ? afterEntries(step, [...scenarioPath, 'steps', index]).flatMap(({ id }) => {
          const target = indexById.get(id);
          return target === undefined ? [] : [target];
        })
      : [],
  );
  const reaches = (from: number, to: number): boolean => {
    const seen = new Set<number>();
    const stack = [from];
    while (stack.length > 0) {
      const at = stack.pop()!;
      if (at === to) return true;
      if (seen.has(at)) continue;
      seen.add(at);
      stack.push(...(waitsFor[at] ?? []));
    }
    return false;
  };

  const declared = isRecord(scenario.teams) ? Object.keys(scenario.teams) : undefined;
  steps.forEach((step: unknown, index) => {
    if (!isRecord(step)) return;
    const stepPath = [...scenarioPath, 'steps', index];
    for (const { id, path } of afterEntries(step, stepPath)) {
      const target = indexById.get(id);
      const location = source.locate(path);
      if (target === undefined) {
        const suggestion = didYouMean(id, [...indexById.keys()]);
        errors.push({
          location,
          path,
          message: `after: no step of this scenario has the id '${id}'`,
          expected:
            indexById.size > 0 ? `one of ${[...indexById.keys()].join(', ')}` : 'the id of an earlier step',
          ...(suggestion === undefined
            ? indexById.size === 0
              ? { suggestion: `give the step to wait for an \`id: ${id}\`` }
              : {}
            : { suggestion: `did you mean '${suggestion}'?` }),
        });
      } else if (target === index) {
        errors.push({ location, path, message: `after: step '${id}' cannot wait for itself (a cycle)` });
      } else if (target > index) {
        const targetLine = source.locate([...scenarioPath, 'steps', target]).line;
        const cycle = reaches(target, index) ? `, and '${id}' waits for this step: a cycle` : '';
        errors.push({
          location,
          path,
          message: `after: '${id}' is a later step (line ${targetLine}); a step can only wait for steps written before it${cycle}`,
          expected: 'the id of an earlier step',
          suggestion: `move the step '${id}' above this one`,
        });
      }
    }
    if (declared !== undefined && typeof step.team === 'string' && !declared.includes(step.team)) {
      const path = [...stepPath, 'team'];
      const suggestion = didYouMean(step.team, declared);
      errors.push({
        location: source.locate(path),
        path,
        message: `team '${step.team}' is not declared in this scenario's teams`,
        expected: declared.length > 0 ? `one of ${declared.join(', ')}` : 'a declared team',
        ...(suggestion === undefined ? {} : { suggestion: `did you mean '${suggestion}'?` }),
      });
    }
  });
  return errors;
}

/** True when a scenario states its dependencies: some step has `after:`. */
export function isParallel(scenario: Pick<Scenario, 'steps'>): boolean {
  return scenario.steps.some((step) => step.after !== undefined);
}

/**
 * The direct predecessors of every step, by index: in a parallel scenario the steps its
 * `after:` names, otherwise the step before it. Every predecessor is an earlier step (the
 * loader refuses forward references). This is a pure function.
 */
export function stepPredecessors(scenario: Pick<Scenario, 'steps'>): number[][] {
  if (!isParallel(scenario)) return scenario.steps.map((step) => (step.index === 0 ? [] : [step.index - 1]));
  const indexById = new Map<string, number>();
  for (const step of scenario.steps) if (step.id !== undefined) indexById.set(step.id, step.index);
  return scenario.steps.map((step) => {
    const predecessors = new Set<number>();
    for (const entry of step.after ?? []) {
      const target = indexById.get(entry.id);
      if (target !== undefined && target < step.index) predecessors.add(target);
    }
    return [...predecessors].sort((a, b) => a - b);
  });
}

/**
 * For every step, the set of all steps it transitively waits for, as a boolean matrix row
 * (`ancestors[b][a]`: b waits, directly or not, for a). This is a pure function.
 */
export function stepAncestors(predecessors: readonly (readonly number[])[]): boolean[][] {
  const ancestors: boolean[][] = [];
  predecessors.forEach((direct, index) => {
    const row = new Array<boolean>(predecessors.length).fill(false);
    for (const parent of direct) {
      row[parent] = true;
      const inherited = ancestors[parent]!;
      for (let i = 0; i < parent; i++) if (inherited[i]) row[i] = true;
    }
    ancestors[index] = row;
  });
  return ancestors;
}
