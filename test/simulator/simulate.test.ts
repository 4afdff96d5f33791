/**
 * Property mode: the seeded bug of test/fixtures/broken-plan.yaml is found and shrunk to its
 * unique minimal counterexample whatever the seed; the replay path reproduces it exactly; the
 * same seed gives byte-identical reports.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Environment } from '../../src/environment/types.js';
import type { Plan } from '../../src/plan/types.js';
import { PLAIN } from '../../src/report/colors.js';
import { buildSimulationReport } from '../../src/report/simulate/document.js';
import { renderSimulationText } from '../../src/report/simulate/text.js';
import { runProperty } from '../../src/simulator/property.js';
import { createSimulationContext } from '../../src/simulator/simulate.js';
import { BROKEN_ENV, BROKEN_PLAN, loadEnvironmentAndPlan } from '../helpers/simulate.js';

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log(`fast-check seed ${seed}`);

let env: Environment;
let broken: Plan;

beforeAll(async () => {
  ({ env, plan: broken } = await loadEnvironmentAndPlan(BROKEN_ENV, BROKEN_PLAN));
});

function run(options: { seed: number; maxFaults?: number; path?: string; withPlan?: boolean }) {
  const withPlan = options.withPlan ?? true;
  const context = createSimulationContext(env, withPlan ? broken : undefined);
  const result = runProperty(context, {
    seed: options.seed,
    runs: 200,
    maxFaults: options.maxFaults ?? 2,
    ...(options.path === undefined ? {} : { path: options.path }),
  });
  const report = buildSimulationReport({
    version: '0.0.0-test',
    environment: env,
    ...(withPlan ? { plan: broken } : {}),
    command: { environment: BROKEN_ENV, ...(withPlan ? { plan: BROKEN_PLAN } : {}) },
    result,
  });
  return { result, report, text: renderSimulationText(report, PLAIN), json: JSON.stringify(report) };
}

describe('property mode on the broken plan', () => {
  it('finds the seeded bug and shrinks it to the minimal fault scenario', () => {
    const { result, text } = run({ seed });
    const counterexample = result.counterexample;
    expect(counterexample, `seed ${seed}`).toBeDefined();
    const evaluation = counterexample!.evaluation;
    // The unique minimum: the only handled loss, one fault, the first spared computer the
    // environment declares (SM02, the promotion target), after the first step.
    expect(evaluation.canonical).toBe('computers=sm01;databases=|lost-mid-plan:sm02@1');
    expect(evaluation.description).toBe('SM01 lost; then SM02 is lost after step 1');
    expect(evaluation.trace).toHaveLength(4);
    expect(evaluation.trace.map((event) => event.kind)).toEqual(['loss', 'step', 'fault', 'step']);
    expect(evaluation.failures.map((failure) => failure.ruleId)).toEqual(['step-precondition']);
    expect(text).toContain('✖ counterexample: SM01 lost; then SM02 is lost after step 1');
    expect(text).toContain('4. [step 2] clear-health-service-state SM02 (');
    expect(text).toContain('broken-plan.yaml:16:9)');
    expect(text).toContain(
      `replay: scsm-dr simulate ${BROKEN_ENV} --plan ${BROKEN_PLAN} --max-faults 2 --seed ${seed} --replay '${seed}:${counterexample!.path}'`,
    );
  });

  it('with no fault allowed, the plan holds: only coverage gaps remain', () => {
    const { result, report } = run({ seed, maxFaults: 0 });
    expect(result.counterexample).toBeUndefined();
    expect(result.runsExecuted).toBe(200);
    expect(report.result).toBe('passed');
    expect(report.findings.every((finding) => finding.ruleId === 'plan-coverage')).toBe(true);
    // Each uncovered loss is reported once, however often it was drawn.
    expect(new Set(report.findings.map((finding) => finding.message)).size).toBe(report.findings.length);
  });

  it('the replay path reproduces exactly the same counterexample', () => {
    const first = run({ seed });
    const path = first.result.counterexample!.path;
    const replay = run({ seed, path });
    expect(replay.result.replayed).toBe(true);
    expect(JSON.stringify(replay.report.counterexample)).toBe(JSON.stringify(first.report.counterexample));
    const block = (text: string) =>
      text.slice(text.indexOf('✖ counterexample'), text.indexOf('\n\n', text.indexOf('replay:')));
    expect(block(replay.text)).toBe(block(first.text));
  });

  it('the same seed gives byte-identical reports (text and JSON)', () => {
    const a = run({ seed });
    const b = run({ seed });
    expect(b.text).toBe(a.text);
    expect(b.json).toBe(a.json);
    expect(a.json).not.toContain('timing');
  });

  it('statistics count the fault classes of the runs before the failure', () => {
    const { result } = run({ seed, maxFaults: 0 });
    const statistics = result.statistics;
    expect(statistics.runs).toBe(200);
    expect(Object.values(statistics.losses).reduce((a, b) => a + b, 0)).toBe(200);
    expect(statistics.faultsPerRun).toEqual({ '0': 200 });
    expect(statistics.handled + statistics.unhandled).toBe(200);
    expect(statistics.handled).toBeGreaterThan(statistics.unhandled);
  });
});

describe('property mode without a plan (plan synthesis)', () => {
  it('every single loss of the broken-plan environment is recoverable; a forgotten key password under a double loss is not', () => {
    const { result } = run({ seed, withPlan: false });
    const evaluation = result.counterexample?.evaluation;
    // Whatever the seed finds, it is a real impossibility or a data-loss over the RPO.
    if (evaluation !== undefined) {
      expect(evaluation.failures.length).toBeGreaterThan(0);
      for (const failure of evaluation.failures)
        expect(['unrecoverable-scenario', 'backup-interval-exceeds-rpo', 'rto-exceeded']).toContain(
          failure.ruleId,
        );
      expect(evaluation.trace.at(-1)?.kind).toBe('end');
    }
  });
});
