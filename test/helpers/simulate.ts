/**
 * Loading environments and plans for the simulator tests with the real loaders, relative to
 * the repository root, and failing loudly on any load error or unresolved reference.
 */
import { join } from 'node:path';
import { loadEnvironmentFile } from '../../src/environment/load.js';
import { environmentNames } from '../../src/environment/names.js';
import type { Environment } from '../../src/environment/types.js';
import { loadPlanFile, loadPlanText, resolvePlanReferences } from '../../src/plan/load.js';
import type { Plan } from '../../src/plan/types.js';

/** The repository root, as a path. */
export const ROOT = join(import.meta.dirname, '..', '..');

/** The small environment and the plan with the seeded bug, relative to {@link ROOT}. */
export const BROKEN_ENV = 'test/fixtures/broken-plan-environment.yaml';
export const BROKEN_PLAN = 'test/fixtures/broken-plan.yaml';

/** The bundled four-computer-ha installation and its known-good plan, relative to {@link ROOT}. */
export const HA_ENV = 'scenarios/four-computer-ha/environment.yaml';
export const HA_PLAN = 'scenarios/four-computer-ha/plan.yaml';

/** Loads the environment at `file` (relative to {@link ROOT}); throws on any error. */
export async function loadEnvironment(file: string): Promise<Environment> {
  const loaded = await loadEnvironmentFile(join(ROOT, file));
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return loaded.value;
}

/** `plan` with its references resolved against `env`; throws if any stays unresolved. */
function resolved(env: Environment, plan: Plan): Plan {
  const result = resolvePlanReferences(plan, environmentNames(env));
  if (result.unresolved.length > 0) throw new Error(JSON.stringify(result.unresolved));
  return result.plan;
}

/** Loads the plan at `file` (relative to {@link ROOT}) and resolves it against `env`. */
export async function loadPlan(env: Environment, file: string): Promise<Plan> {
  const loaded = await loadPlanFile(join(ROOT, file));
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return resolved(env, loaded.value);
}

/** Parses the plan YAML `text` and resolves it against `env`. */
export function loadPlanFromText(env: Environment, text: string): Plan {
  const loaded = loadPlanText(text, 'inline.yaml');
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return resolved(env, loaded.value);
}

/** Loads an environment and a plan resolved against it, both relative to {@link ROOT}. */
export async function loadEnvironmentAndPlan(
  environmentFile: string,
  planFile: string,
): Promise<{ env: Environment; plan: Plan }> {
  const env = await loadEnvironment(environmentFile);
  return { env, plan: await loadPlan(env, planFile) };
}
