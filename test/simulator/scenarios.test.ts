/**
 * Every scenario shipped in scenarios/*\/plan.yaml, loaded with the real loaders and with its
 * references resolved, executes on the models without a violation and ends recovered.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadEnvironmentFile } from '../../src/environment/load.js';
import { environmentNames } from '../../src/environment/names.js';
import { createSystem } from '../../src/models/system.js';
import { loadPlanFile, resolvePlanReferences } from '../../src/plan/load.js';
import { getRule } from '../../src/rules/catalog.js';
import { executeScenario } from '../../src/simulator/execute.js';

const ROOT = join(import.meta.dirname, '..', '..', 'scenarios');
const topologies = readdirSync(ROOT, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

async function load(topology: string) {
  const environment = await loadEnvironmentFile(join(ROOT, topology, 'environment.yaml'));
  if (!environment.ok) throw new Error(JSON.stringify(environment.errors));
  const plan = await loadPlanFile(join(ROOT, topology, 'plan.yaml'));
  if (!plan.ok) throw new Error(JSON.stringify(plan.errors));
  const resolved = resolvePlanReferences(plan.value, environmentNames(environment.value));
  expect(resolved.unresolved).toEqual([]);
  return { system: createSystem(environment.value), plan: resolved.plan };
}

describe('shipped scenarios execute on the models', () => {
  it('finds the four topologies', () => {
    expect(topologies.length).toBeGreaterThanOrEqual(4);
  });

  it('the broken fixture keeps its documented rejection (ReportServer backed up only on the lost host)', async () => {
    const { system, plan } = await load(join('..', 'test', 'fixtures', 'check', 'reportserver-on-host'));
    const scenario = plan.scenarios.find((candidate) => candidate.id === 'dw-sql-host-lost')!;
    const execution = executeScenario(system, scenario);
    const problems = [
      ...execution.trace.flatMap((entry) =>
        entry.violations.map((v) => `${entry.index} ${entry.step.action} ${v.ruleId}`),
      ),
      ...execution.verdict.reasons
        .filter((reason) => getRule(reason.ruleId)?.severity === 'error')
        .map((reason) => `verdict ${reason.ruleId} ${reason.component}`),
    ];
    // There is nothing left to restore (D-DBREC), so the database stays lost.
    expect(problems).toEqual([
      '7 restore-database step-precondition',
      '11 run-permissions-script step-precondition',
      'verdict scenario-recovered database:ReportServer',
    ]);
    expect(execution.verdict.recovered).toBe(false);
  });

  for (const topology of topologies) {
    it(`${topology}: every scenario recovers with zero violations`, async () => {
      const { system, plan } = await load(topology);
      expect(plan.scenarios.length).toBeGreaterThan(0);
      for (const scenario of plan.scenarios) {
        const execution = executeScenario(system, scenario);
        const problems = [
          ...execution.trace.flatMap((entry) =>
            entry.violations.map((v) => `${entry.index} ${entry.step.action} ${v.ruleId}`),
          ),
          ...execution.verdict.reasons
            // Warning-level follow-ups (import-management-packs, backup-new-server-key) are
            // advice, not a failed recovery.
            .filter((reason) => getRule(reason.ruleId)?.severity === 'error')
            .map((reason) => `verdict ${reason.ruleId} ${reason.component}`),
        ];
        expect({ scenario: scenario.id, problems }).toEqual({ scenario: scenario.id, problems: [] });
        expect(execution.verdict.recovered).toBe(true);
      }
    });
  }
});
