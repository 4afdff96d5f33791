/**
 * Synthesis over every bundled environment, for every single-computer and every
 * two-computer loss: either a plan that, rendered as YAML, loaded back and checked, has no
 * error and no warning besides `rto-exceeded` / `plan-coverage` and recovers; or a refusal
 * with at least one reason. Plus a property: refusals are never contradicted by a random
 * search, and plans always execute cleanly.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPlan } from '../../src/check/check.js';
import { modelExecutor } from '../../src/check/model-executor.js';
import { loadEnvironmentFile } from '../../src/environment/load.js';
import type { Environment, KeyPasswordState } from '../../src/environment/types.js';
import {
  createSystem,
  fastStep,
  fromFastState,
  initialState,
  type Loss,
  toFastState,
  verdict,
} from '../../src/models/system.js';
import { loadPlanText } from '../../src/plan/load.js';
import { renderPlanYaml } from '../../src/plan/write.js';
import { executeScenario } from '../../src/simulator/execute.js';
import { candidateActions, synthesisContext } from '../../src/simulator/synthesis-candidates.js';
import { synthesizeRecovery } from '../../src/simulator/synthesize.js';
import { buildEnvironment, type DatabaseSpec, type KeySpec, s, scenario } from '../models/fixtures.js';

const ROOT = join(import.meta.dirname, '..', '..', 'scenarios');
const topologies = readdirSync(ROOT, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

/** Every single and every two-computer loss of an environment. */
function losses(env: Environment): Loss[] {
  const names = env.computers.map((computer) => computer.name);
  const out: Loss[] = names.map((name) => ({ computers: [name], databases: [], sites: [] }));
  for (let i = 0; i < names.length; i++)
    for (let j = i + 1; j < names.length; j++)
      out.push({ computers: [names[i]!, names[j]!], databases: [], sites: [] });
  return out;
}

const TOLERATED = new Set(['rto-exceeded', 'plan-coverage']);

describe('synthesis over the bundled scenarios', () => {
  it('finds the four topologies', () => {
    expect(topologies.length).toBeGreaterThanOrEqual(4);
  });

  for (const topology of topologies) {
    it(`${topology}: every single and double computer loss is planned and checks clean, or refused with reasons`, async () => {
      const loaded = await loadEnvironmentFile(join(ROOT, topology, 'environment.yaml'));
      if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
      const env = loaded.value;
      const system = createSystem(env);
      let recoverable = 0;
      let refused = 0;
      let states = 0;
      const started = performance.now();
      for (const loss of losses(env)) {
        const result = synthesizeRecovery(system, loss);
        states += result.statesExplored;
        const label = `${topology} / ${loss.computers.join('+')}`;
        if (!result.ok) {
          refused++;
          expect(result.reasons.length, label).toBeGreaterThan(0);
          for (const reason of result.reasons) expect(reason.citation, label).toMatch(/^[A-Z]+-[A-Z0-9-]+$/);
          continue;
        }
        recoverable++;
        const text = renderPlanYaml({
          environmentPath: './environment.yaml',
          scenarios: [{ id: 'synthesised', title: label, loss, steps: result.steps }],
          generatedFrom: {
            environmentName: env.name,
            environmentFile: env.file,
            rtoSeconds: env.objectives.rtoSeconds,
          },
        });
        const plan = loadPlanText(text, `${topology}-plan.yaml`);
        if (!plan.ok) throw new Error(`${label}: ${JSON.stringify(plan.errors)}\n${text}`);
        const checked = checkPlan(env, plan.value, { execute: modelExecutor(system), version: 'test' });
        const problems = checked.findings
          .filter((finding) => finding.severity !== 'note' && !TOLERATED.has(finding.ruleId))
          .map((finding) => `${finding.ruleId}: ${finding.message}`);
        expect(problems, `${label}\n${text}`).toEqual([]);
        expect(checked.scenarios[0]?.recovered, label).toBe(true);
        expect(checked.scenarios[0]?.estimatedSeconds, label).toBe(result.totalSeconds);
      }
      const elapsed = performance.now() - started;
      console.log(
        `synthesis ${topology}: ${recoverable} recoverable, ${refused} not, ${states} states explored, ${elapsed.toFixed(0)} ms`,
      );
    });
  }
});

// ---------------------------------------------------------------------------------------
// Property: refusals hold up against a random search; plans execute cleanly
// ---------------------------------------------------------------------------------------

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log(`fast-check seed ${seed}`);

const NAMES = ['A', 'B', 'C'] as const;

/** A key backup: safe, missing, password trouble, or stored on one of the computers. */
const keyArbitrary = (computers: number): fc.Arbitrary<KeySpec | false> =>
  fc.oneof(
    fc.constant<KeySpec>({}),
    fc.constant<false>(false),
    fc.constantFrom<KeyPasswordState>('unknown', 'lost').map((password): KeySpec => ({ password })),
    fc.nat({ max: computers - 1 }).map((index): KeySpec => ({ storedOn: NAMES[index]! })),
  );

const backupArbitrary = (computers: number): fc.Arbitrary<DatabaseSpec['backup']> =>
  fc.oneof(
    fc.constant(undefined),
    fc.constant<false>(false),
    fc.nat({ max: computers - 1 }).map((index) => ({ storedOn: NAMES[index]! })),
  );

interface Generated {
  readonly env: Environment;
  readonly loss: Loss;
  readonly walks: readonly (readonly number[])[];
}

/** Small environments: two or three computers, one SM group, maybe an additional server and a DW. */
const generated: fc.Arbitrary<Generated> = fc
  .integer({ min: 2, max: 3 })
  .chain((n) => {
    const computer = fc.nat({ max: n - 1 });
    return fc.record({
      n: fc.constant(n),
      workflow: computer,
      additional: fc.option(computer, { nil: undefined }),
      sql: computer,
      dw: fc.option(computer, { nil: undefined }),
      dwSql: computer,
      keys: fc.tuple(keyArbitrary(n), keyArbitrary(n), keyArbitrary(n)),
      backups: fc.tuple(backupArbitrary(n), backupArbitrary(n), backupArbitrary(n), backupArbitrary(n)),
      lost: fc.subarray(NAMES.slice(0, n), { minLength: 1 }),
      walks: fc.array(fc.array(fc.nat({ max: 999 }), { minLength: 30, maxLength: 30 }), {
        minLength: 8,
        maxLength: 8,
      }),
    });
  })
  .map((g): Generated => {
    const names = NAMES.slice(0, g.n);
    const additional = g.additional !== undefined && g.additional !== g.workflow ? g.additional : undefined;
    // Setup refuses an SM and a DW management server on one computer (P-SCEN).
    const dw = g.dw !== undefined && g.dw !== g.workflow && g.dw !== additional ? g.dw : undefined;
    const smInstance = names[g.sql]!;
    const dwInstance = names[g.dwSql]!;
    const databases: DatabaseSpec[] = [
      { name: 'ServiceManager', instance: smInstance, role: 'service-manager', backup: g.backups[0] },
    ];
    if (dw !== undefined) {
      databases.push(
        { name: 'DWStagingAndConfig', instance: dwInstance, role: 'dw-staging', backup: g.backups[1] },
        { name: 'DWRepository', instance: dwInstance, role: 'dw-repository', backup: g.backups[2] },
        { name: 'DWDataMart', instance: dwInstance, role: 'dw-datamart', backup: g.backups[3] },
      );
    }
    const env = buildEnvironment({
      computers: [...names],
      instances: [...new Set([smInstance, ...(dw === undefined ? [] : [dwInstance])])],
      databases,
      smGroup: {
        name: 'SMMG',
        database: 'ServiceManager',
        servers: [
          { computer: names[g.workflow]!, role: 'workflow', key: g.keys[0] },
          ...(additional === undefined
            ? []
            : [{ computer: names[additional]!, role: 'additional' as const, key: g.keys[1] }]),
        ],
      },
      ...(dw === undefined
        ? {}
        : {
            dwGroup: {
              name: 'DW_SMMG',
              staging: 'DWStagingAndConfig',
              repository: 'DWRepository',
              datamart: 'DWDataMart',
              server: names[dw]!,
              key: g.keys[2],
              reportingUrl: `http://${dwInstance}/ReportServer`,
            },
          }),
    });
    return { env, loss: { computers: g.lost, databases: [], sites: [] }, walks: g.walks };
  });

describe('synthesis property', () => {
  it('never refuses a loss a random search can recover, and its plans execute cleanly', () => {
    fc.assert(
      fc.property(generated, ({ env, loss, walks }) => {
        const system = createSystem(env);
        const result = synthesizeRecovery(system, loss);
        if (result.ok) {
          const execution = executeScenario(
            system,
            scenario(
              'synthesised',
              { computers: [...loss.computers] },
              result.steps.map((step) => s(step.action, { ...step.params })),
            ),
          );
          expect(execution.trace.flatMap((entry) => entry.violations)).toEqual([]);
          expect(execution.verdict.recovered).toBe(true);
          expect(execution.verdict.reasons).toEqual([]);
          return;
        }
        expect(result.reasons.length).toBeGreaterThan(0);
        const context = synthesisContext(system);
        const start = toFastState(system, initialState(system, loss));
        for (const walk of walks) {
          let state = start;
          for (const choice of walk) {
            const applicable = candidateActions(context, state)
              .map((action) => fastStep(system, state, action))
              .filter((next) => next.violations.length === 0);
            if (applicable.length === 0) break;
            state = applicable[choice % applicable.length]!.state;
            expect(verdict(system, fromFastState(system, state)).recovered).toBe(false);
          }
        }
      }),
      { seed, numRuns: 100 },
    );
  });
});
