import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadEnvironmentFile } from '../../src/environment/load.js';
import type { Environment } from '../../src/environment/types.js';
import { enumerateDisruptions, servicesStopped } from '../../src/loss/index.js';
import { loadPlanFile } from '../../src/plan/load.js';
import type { Plan } from '../../src/plan/types.js';
import { OUTCOME_CREDIT, SERVICE_WEIGHTS, scoreReadiness } from '../../src/score/index.js';

const ROOT = join(import.meta.dirname, '..', '..', 'scenarios');

async function load(topology: string): Promise<{ environment: Environment; plan: Plan }> {
  const environment = await loadEnvironmentFile(join(ROOT, topology, 'environment.yaml'));
  const plan = await loadPlanFile(join(ROOT, topology, 'plan.yaml'));
  if (!environment.ok || !plan.ok) throw new Error(`cannot load ${topology}`);
  return { environment: environment.value, plan: plan.value };
}

describe('readiness score', () => {
  it('scores the well-prepared topology high and the single-computer lab low', async () => {
    const ha = await load('four-computer-ha');
    const lab = await load('single-computer');
    const haScore = scoreReadiness(ha.environment, { asOfMillis: ha.environment.asOf!, version: 't' }).score;
    const labScore = scoreReadiness(lab.environment, {
      asOfMillis: lab.environment.asOf!,
      version: 't',
    }).score;
    expect(haScore).toBeGreaterThanOrEqual(80);
    expect(labScore).toBeLessThan(50);
  });

  it('explains every lost point: the points lost add up to 100 minus the score', async () => {
    for (const topology of ['single-computer', 'two-computer', 'four-computer', 'four-computer-ha']) {
      const { environment, plan } = await load(topology);
      for (const withPlan of [false, true]) {
        const readiness = scoreReadiness(environment, {
          asOfMillis: environment.asOf!,
          version: 't',
          ...(withPlan ? { plan } : {}),
        });
        const lost = readiness.disruptions.reduce((sum, row) => sum + row.pointsLost, 0);
        expect(Math.abs(100 - lost - readiness.score), `${topology} plan=${withPlan}`).toBeLessThanOrEqual(
          0.5,
        );
        for (const row of readiness.disruptions) {
          if (row.pointsLost > 0) {
            expect(row.reasons.length, `${topology} ${row.id}`).toBeGreaterThan(0);
            expect(row.ruleIds.length, `${topology} ${row.id}`).toBeGreaterThan(0);
          }
          expect(row.credit).toBeLessThanOrEqual(OUTCOME_CREDIT[row.outcome]);
        }
      }
    }
  });

  it('weighs incident handling above reporting and redundancy', async () => {
    const { environment } = await load('four-computer-ha');
    const weightOf = (id: string) => {
      const disruption = enumerateDisruptions(environment).find((candidate) => candidate.id === id)!;
      return servicesStopped(environment, disruption.loss).reduce(
        (sum, service) => sum + SERVICE_WEIGHTS[service],
        0,
      );
    };
    expect(weightOf('computer:CVL-SM01')).toBe(SERVICE_WEIGHTS['incident-handling']);
    expect(weightOf('computer:CVL-DW01')).toBe(SERVICE_WEIGHTS.reporting);
    expect(weightOf('computer:CVL-SM02')).toBe(SERVICE_WEIGHTS.redundancy);
    expect(weightOf('site:hq')).toBe(SERVICE_WEIGHTS['incident-handling'] + SERVICE_WEIGHTS.reporting);
  });

  it('calls the co-located single-computer host unrecoverable, citing D-STRAT', async () => {
    const { environment } = await load('single-computer');
    const readiness = scoreReadiness(environment, { asOfMillis: environment.asOf!, version: 't' });
    const host = readiness.disruptions.find((row) => row.id === 'computer:BWA-HV01')!;
    expect(host.outcome).toBe('unrecoverable');
    expect(host.reasons).toContainEqual(
      expect.objectContaining({
        code: 'not-recoverable',
        args: { reason: expect.objectContaining({ code: 'colocated-with-database', citation: 'D-STRAT' }) },
      }),
    );
    expect(host.ruleIds).toContain('unrecoverable-scenario');
  });

  it('with a plan, uses the plan scenario where it recovers and marks disruptions the plan lacks', async () => {
    const { environment, plan } = await load('four-computer');
    const readiness = scoreReadiness(environment, { asOfMillis: environment.asOf!, version: 't', plan });
    const workflow = readiness.disruptions.find((row) => row.id === 'computer:TWK-SM01')!;
    expect(workflow.planUsed).toEqual({ kind: 'plan', scenario: 'workflow-server-lost' });
    const database = readiness.disruptions.find((row) => row.id === 'database:ServiceManager')!;
    expect(database.planUsed.kind).toBe('synthesised');
    expect(database.ruleIds).toContain('plan-coverage');
    expect(readiness.check?.scenarios).toHaveLength(plan.scenarios.length);
  });

  it('is deterministic', async () => {
    const { environment, plan } = await load('four-computer-ha');
    const options = { asOfMillis: environment.asOf!, version: 't', plan };
    expect(JSON.stringify(scoreReadiness(environment, options))).toBe(
      JSON.stringify(scoreReadiness(environment, options)),
    );
  });
});
