/**
 * `judgeScenario` (what `check` runs: the fast path, no states kept) reports exactly what
 * `executeScenario` (the XState path, every state kept) reports: the same violations at the
 * same steps, and the same verdict. Random scenarios over generated environments, with steps
 * legal or not, named in the declared spelling or not, and naming computers the environment
 * lacks (which create components, the path the transition cache bypasses).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSystem } from '../../src/models/system.js';
import type { ActionName } from '../../src/plan/actions.js';
import { executeScenario, judgeScenario } from '../../src/simulator/execute.js';
import { alphabet, generated, seedOf } from '../engine/helpers.js';
import { s, scenario } from '../models/fixtures.js';

const seed = seedOf();

const ENVIRONMENTS = [
  { groups: 1, additionalServers: 2 },
  { groups: 2, additionalServers: 1, namedInstances: true, splitDataWarehouse: true, sites: 2 },
];

describe('judgeScenario = executeScenario', () => {
  it.each(ENVIRONMENTS)('%j', (options) => {
    const env = generated(options);
    const system = createSystem(env);
    const declared = [
      ...alphabet(env),
      { action: 'provision-computer', params: { computer: 'NEWHOST01' } },
      {
        action: 'install-management-server',
        params: { computer: 'NEWHOST01', database: env.databases[0]!.name, role: 'additional' },
      },
    ];
    const computers = env.computers.map((computer) => computer.name);
    let violated = 0;
    fc.assert(
      fc.property(
        fc.subarray(computers, { minLength: 1, maxLength: 3 }),
        fc.array(fc.nat(10_000), { maxLength: 40 }),
        (lost, picks) => {
          const steps = picks.map((pick) => {
            const action = declared[pick % declared.length]!;
            return s(action.action as ActionName, { ...action.params });
          });
          const run = scenario('random', { computers: lost }, steps);
          const slow = executeScenario(system, run);
          const fast = judgeScenario(system, run);
          const expected = slow.trace
            .filter((entry) => entry.violations.length > 0)
            .map((entry) => ({
              index: entry.index,
              violations: entry.violations.map(({ step: _step, ...violation }) => violation),
            }));
          violated += expected.length;
          expect(fast.violations).toEqual(expected);
          expect(fast.verdict).toEqual(slow.verdict);
        },
      ),
      { seed, numRuns: 60 },
    );
    // The sequences are random enough to break rules: the comparison covers violations.
    expect(violated).toBeGreaterThan(0);
  });
});
