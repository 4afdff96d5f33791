/**
 * Exhaustive mode on the small environment of the broken plan: fault-combination and state
 * counts derived by hand from the environment and the plan, and the coverage lines.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Environment } from '../../src/environment/types.js';
import type { Plan } from '../../src/plan/types.js';
import { PLAIN } from '../../src/report/colors.js';
import { buildSimulationReport } from '../../src/report/simulate/document.js';
import { renderSimulationText } from '../../src/report/simulate/text.js';
import { explore } from '../../src/simulator/explore.js';
import { createSimulationContext } from '../../src/simulator/simulate.js';
import { BROKEN_ENV, BROKEN_PLAN, loadEnvironmentAndPlan, loadPlanFromText } from '../helpers/simulate.js';

const choose = (n: number, k: number): number =>
  k === 0 ? 1 : k === 1 ? n : k === 2 ? (n * (n - 1)) / 2 : Number.NaN;

let env: Environment;
let broken: Plan;

beforeAll(async () => {
  ({ env, plan: broken } = await loadEnvironmentAndPlan(BROKEN_ENV, BROKEN_PLAN));
});

describe('exhaustive mode on the broken plan', () => {
  // By hand: 3 computers (SM01, SM02, SQL01), no site, 1 database, C(3,2) = 3 pairs: 7 losses.
  // The plan handles one (SM01, n = 7 steps). Faults: 2 spared computers (a) × 6 positions
  // (after steps 1-6), 7 step failures, 1 backed-up database (b), 2 escrowed keys (k).
  const n = 7;
  const a = 2;
  const singles = a * (n - 1) + n + 1 + 2;

  it('counts every loss and fault combination up to the bound', () => {
    const counts = [0, 1, 2].map((maxFaults) =>
      explore(createSimulationContext(env, broken), { maxFaults, maxStates: 1e6 }),
    );
    for (const result of counts) {
      expect(result.losses).toEqual({ total: 7, handled: 1 });
      expect(result.uncovered).toHaveLength(6);
      expect(result.complete).toBe(true);
    }
    expect(counts[0]!.faultScenarios).toBe(1);
    expect(counts[1]!.faultScenarios).toBe(1 + singles);
    // Pairs of distinct faults, minus the pairs that lose the same computer twice.
    expect(counts[2]!.faultScenarios).toBe(1 + singles + choose(singles, 2) - a * choose(n - 1, 2));
  });

  it('counts distinct and generated states: every step of the plan changes the state', () => {
    const result = explore(createSimulationContext(env, broken), { maxFaults: 0, maxStates: 1e6 });
    // The state after the loss and after each of the 7 steps, all different.
    expect(result.generatedStates).toBe(n + 1);
    expect(result.distinctStates).toBe(n + 1);
    expect(result.failing).toBe(0);
    expect(result.counterexample).toBeUndefined();
  });

  it('a manual step generates a state but no new distinct one', () => {
    const withManual = loadPlanFromText(
      env,
      `version: 1
scenarios:
  - id: workflow-server-lost
    lost: { computers: [SM01] }
    steps:
${broken.scenarios[0]!.steps.map((step) => `      - ${JSON.stringify({ action: step.action, ...step.params })}`).join('\n')}
      - { action: manual, description: Re-apply the data retention settings }
`,
    );
    const result = explore(createSimulationContext(env, withManual), { maxFaults: 0, maxStates: 1e6 });
    expect(result.generatedStates).toBe(n + 2);
    expect(result.distinctStates).toBe(n + 1);
  });

  it('reports the shortest counterexample and the coverage lines', () => {
    const result = explore(createSimulationContext(env, broken), { maxFaults: 1, maxStates: 1e6 });
    expect(result.counterexample?.description).toBe('SM01 lost; then SM02 is lost after step 1');
    expect(result.counterexample?.trace).toHaveLength(4);
    // Every mid-plan loss breaks the plan (no fallback); no other single fault does.
    expect(result.failing).toBe(a * (n - 1));
    expect(result.coverage).toEqual({ singleComputerLosses: 3, recoverable: 3, handledAndRecovered: 1 });
    const text = renderSimulationText(
      buildSimulationReport({
        version: '0.0.0-test',
        environment: env,
        plan: broken,
        command: { environment: BROKEN_ENV, plan: BROKEN_PLAN },
        result,
      }),
      PLAIN,
    );
    expect(text).toContain('explored 23 fault scenarios over 1 of 7 losses');
    expect(text).toContain('  3 of 3 single-computer losses recoverable\n');
    expect(text).toContain('  1 of 3 single-computer losses handled by a scenario and recovered\n');
    expect(text).toContain('shortest counterexample: SM01 lost; then SM02 is lost after step 1');
  });

  it('the state bound stops the exploration and says so', () => {
    const result = explore(createSimulationContext(env, broken), { maxFaults: 2, maxStates: 10 });
    expect(result.complete).toBe(false);
    expect(result.distinctStates).toBe(11);
  });

  it('without a plan, every loss is a synthesis question', () => {
    const result = explore(createSimulationContext(env), { maxFaults: 0, maxStates: 1e6 });
    expect(result.losses).toEqual({ total: 7, handled: 7 });
    expect(result.faultScenarios).toBe(7);
    expect(result.coverage).toEqual({ singleComputerLosses: 3, recoverable: 3 });
    expect(result.synthesisStates).toBeGreaterThan(0);
  });
});
