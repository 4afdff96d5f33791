/**
 * The soundness of the order analysis (`src/check/order-analysis.ts`), over random dependency
 * graphs of real scenarios of the bundled HA plan: every order the graph allows is either one
 * the models accept as they accept the written order, or `check` reported a missing
 * dependency; and a graph that is a total order never gets one.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { checkPlan } from '../../src/check/check.js';
import { modelExecutor } from '../../src/check/model-executor.js';
import { missingDependencies } from '../../src/check/order-analysis.js';
import { formatInputError } from '../../src/common/errors.js';
import { loadEnvironmentText } from '../../src/environment/load.js';
import { createSystem, fastStep } from '../../src/models/system.js';
import { loadPlanText } from '../../src/plan/load.js';
import type { Scenario } from '../../src/plan/types.js';
import { executeScenario } from '../../src/simulator/execute.js';

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log(`fast-check seed ${seed} (FC_SEED replays it)`);

const ROOT = new URL('../../scenarios/four-computer-ha/', import.meta.url);
const environment = (() => {
  const loaded = loadEnvironmentText(
    readFileSync(new URL('environment.yaml', ROOT), 'utf8'),
    'environment.yaml',
  );
  if (!loaded.ok) throw new Error(loaded.errors.map(formatInputError).join('\n'));
  return loaded.value;
})();
const system = createSystem(environment);
/** Orders enumerated per graph at most. */
const LIMIT = 300;
const bundled = parse(readFileSync(new URL('plan.yaml', ROOT), 'utf8')) as {
  scenarios: { id: string; lost: unknown; steps: Record<string, unknown>[] }[];
};

/** Scenarios small enough to enumerate many of their orders, with the key-before-Setup case among them. */
const SCENARIOS = [
  'dw-server-lost',
  'both-management-servers-lost',
  'additional-server-lost',
  'sm-sql-host-lost',
];

function scenarioNamed(id: string) {
  const scenario = bundled.scenarios.find((candidate) => candidate.id === id);
  if (!scenario) throw new Error(`no scenario ${id}`);
  return scenario;
}

/** The plan text of `id` with its steps given ids s0, s1, … and `after:` from `graph`. */
function planWith(id: string, graph: readonly (readonly number[])[]): string {
  const scenario = scenarioNamed(id);
  const steps = scenario.steps.map((step, index) => ({
    ...step,
    id: `s${index}`,
    after: graph[index]!.map((parent) => `s${parent}`),
  }));
  return stringify({ version: 1, scenarios: [{ id, lost: scenario.lost, steps }] });
}

function load(text: string): Scenario {
  const plan = loadPlanText(text, 'plan.yaml');
  if (!plan.ok) throw new Error(plan.errors.map(formatInputError).join('\n'));
  return plan.value.scenarios[0]!;
}

/** What an order breaks on the models: step violations and final-state reasons, as keys. */
function broken(scenario: Scenario, order: readonly number[]): Set<string> {
  const reordered = {
    ...scenario,
    steps: order.map((index, position) => ({ ...scenario.steps[index]!, index: position })),
  };
  const execution = executeScenario(system, reordered);
  return new Set([
    ...execution.trace.flatMap((entry) => entry.violations.map((v) => `${v.ruleId} ${v.component}`)),
    ...execution.verdict.reasons.map((reason) => `${reason.ruleId} ${reason.component}`),
  ]);
}

/** Every order the graph allows (up to `limit` of them), depth first in written order. */
function linearisations(graph: readonly (readonly number[])[], limit: number): number[][] {
  const n = graph.length;
  const out: number[][] = [];
  const placed = new Array<boolean>(n).fill(false);
  const order: number[] = [];
  const visit = (): void => {
    if (out.length >= limit) return;
    if (order.length === n) {
      out.push([...order]);
      return;
    }
    for (let index = 0; index < n; index++) {
      if (placed[index] || !graph[index]!.every((parent) => placed[parent])) continue;
      placed[index] = true;
      order.push(index);
      visit();
      order.pop();
      placed[index] = false;
    }
  };
  visit();
  return out;
}

function missingDependencyFindings(text: string) {
  const plan = loadPlanText(text, 'plan.yaml');
  if (!plan.ok) throw new Error(plan.errors.map(formatInputError).join('\n'));
  const result = checkPlan(environment, plan.value, { execute: modelExecutor(system), version: 'test' });
  return result.findings.filter((finding) => finding.message.startsWith('missing dependency'));
}

/**
 * A random dependency graph over n steps: either each step waits for a random subset of the
 * earlier ones, or the written chain with a few links dropped (so that many graphs are sound
 * and their orders are really enumerated, not just flagged).
 */
const graphOf = (n: number) =>
  fc.oneof(
    fc.tuple(
      ...Array.from({ length: n }, (_, index) =>
        fc.subarray(Array.from({ length: index }, (__, parent) => parent)),
      ),
    ),
    fc
      .array(fc.boolean(), { minLength: n, maxLength: n })
      .map((keep) => keep.map((kept, index) => (index > 0 && kept ? [index - 1] : []))),
    fc
      .array(fc.nat({ max: 3 }), { minLength: n, maxLength: n })
      .map((drop) =>
        drop.map((d, index) => (index > 0 && d !== 0 ? [index - 1] : index > 1 ? [index - 2] : [])),
      ),
  );

describe('order analysis over random dependency graphs', () => {
  for (const id of SCENARIOS) {
    const n = scenarioNamed(id).steps.length;
    it(`${id}: every allowed order is accepted, or check reports a missing dependency`, () => {
      let repaired = 0;
      fc.assert(
        fc.property(graphOf(n), (initial) => {
          // Add every reported dependency until check reports none: each round must report
          // something real (some allowed order breaks), and the end must accept every order.
          let graph = initial.map((parents) => [...parents]);
          for (let round = 0; round <= n * n; round++) {
            const text = planWith(id, graph);
            const scenario = load(text);
            const written = broken(
              scenario,
              scenario.steps.map((step) => step.index),
            );
            const orders = linearisations(graph, LIMIT);
            const bad = orders.filter((order) =>
              [...broken(scenario, order)].some((key) => !written.has(key)),
            );
            const missing = missingDependencies(system, scenario);
            expect(missingDependencyFindings(text)).toHaveLength(missing.length);
            if (missing.length === 0) {
              expect(
                bad.map((order) => order.join(',')),
                'orders the models reject, with no finding',
              ).toEqual([]);
              if (round > 0) repaired++;
              return;
            }
            if (orders.length < LIMIT)
              expect(bad.length, 'a finding although every order is accepted').toBeGreaterThan(0);
            graph = graph.map((parents, index) => [
              ...new Set([
                ...parents,
                ...missing.filter((m) => m.stepIndex === index).map((m) => m.beforeIndex),
              ]),
            ]);
          }
          throw new Error('adding the reported dependencies did not converge');
        }),
        { seed, numRuns: 40 },
      );
      console.log(`${id}: ${repaired} of 40 graphs were repaired by adding the reported dependencies`);
    });

    it(`${id}: a total order gets no missing-dependency finding`, () => {
      const chain = Array.from({ length: n }, (_, index) => (index === 0 ? [] : [index - 1]));
      expect(missingDependencyFindings(planWith(id, chain))).toEqual([]);
    });
  }

  it('the written order with no dependencies at all is flagged in dw-server-lost (the key before Setup)', () => {
    const n = scenarioNamed('dw-server-lost').steps.length;
    const findings = missingDependencyFindings(
      planWith(
        'dw-server-lost',
        Array.from({ length: n }, () => []),
      ),
    );
    expect(findings.map((finding) => finding.ruleId)).toContain('key-restored-before-setup');
  });

  it('the analysis through the transition cache finds what it finds through fastStep, on every scenario', () => {
    // A fresh system per graph: its cache starts empty and learns from this analysis only.
    const uncached = (target: typeof system) => ({
      fullStep: (state: Parameters<typeof fastStep>[1], action: Parameters<typeof fastStep>[2]) =>
        fastStep(target, state, action),
    });
    let found = 0;
    for (const id of SCENARIOS) {
      const n = scenarioNamed(id).steps.length;
      fc.assert(
        fc.property(graphOf(n), (graph) => {
          const scenario = load(planWith(id, graph));
          const fresh = createSystem(environment);
          const expected = missingDependencies(fresh, scenario, uncached(fresh));
          expect(missingDependencies(fresh, scenario)).toEqual(expected);
          found += expected.length;
        }),
        { seed, numRuns: 25 },
      );
    }
    // The graphs are loose enough that the comparison covers findings, not only their absence.
    expect(found).toBeGreaterThan(0);
  });
});
