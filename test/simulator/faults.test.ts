/**
 * The fault model: canonical forms and descriptions, the loss universe, and each fault kind
 * injected into a known-good plan (scenarios/four-computer-ha) producing its documented
 * consequence.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Environment } from '../../src/environment/types.js';
import { lossUniverse, NO_LOSS } from '../../src/loss/index.js';
import type { Plan } from '../../src/plan/types.js';
import {
  canonicalScenario,
  describeScenario,
  FAULT_MODEL,
  type FaultScenario,
  normalizeScenario,
} from '../../src/simulator/faults.js';
import {
  createSimulationContext,
  evaluateFaultScenario,
  type SimulationContext,
} from '../../src/simulator/simulate.js';
import { HA_ENV, HA_PLAN, loadEnvironmentAndPlan, ROOT } from '../helpers/simulate.js';

let env: Environment;
let ha: Plan;
let context: SimulationContext;

beforeAll(async () => {
  ({ env, plan: ha } = await loadEnvironmentAndPlan(HA_ENV, HA_PLAN));
  context = createSimulationContext(env, ha);
});

const computers = (...names: string[]) => ({ ...NO_LOSS, computers: names });

describe('fault scenarios as data', () => {
  it('the canonical form ignores spelling, order and faults that cannot matter', () => {
    const a: FaultScenario = {
      loss: computers('cvl-sm01'),
      faults: [
        { kind: 'step-fails', step: 2 },
        { kind: 'lost-mid-plan', computer: 'CVL-SM02', afterStep: 0 },
        { kind: 'lost-mid-plan', computer: 'CVL-SM02', afterStep: 3 },
        { kind: 'lost-mid-plan', computer: 'CVL-SM01', afterStep: 1 },
        { kind: 'step-fails', step: 2 },
      ],
    };
    const b: FaultScenario = {
      loss: computers('CVL-SM01'),
      faults: [
        { kind: 'lost-mid-plan', computer: 'cvl-sm02', afterStep: 0 },
        { kind: 'step-fails', step: 2 },
      ],
    };
    expect(canonicalScenario(env, a)).toBe(
      'computers=cvl-sm01;databases=|lost-mid-plan:cvl-sm02@1,step-fails@3',
    );
    expect(canonicalScenario(env, b)).toBe(canonicalScenario(env, a));
    expect(normalizeScenario(env, a).faults).toHaveLength(2);
    expect(describeScenario(env, a)).toBe(
      'cvl-sm01 lost; then CVL-SM02 is lost after step 1; step 3 fails once and is retried',
    );
  });

  it('a site with one computer is that computer’s loss; the universe lists each loss once', () => {
    expect(canonicalScenario(env, { loss: { ...NO_LOSS, sites: ['dr'] }, faults: [] })).toBe(
      canonicalScenario(env, { loss: computers('CVL-SM02'), faults: [] }),
    );
    const universe = lossUniverse(env);
    const n = env.computers.length;
    const kinds = (kind: string) => universe.filter((candidate) => candidate.kind === kind).length;
    // Five computers, the hq site (dr is CVL-SM02 alone), six databases, C(5,2) pairs.
    expect(kinds('computer')).toBe(n);
    expect(kinds('site')).toBe(1);
    expect(kinds('database')).toBe(env.databases.length);
    expect(kinds('computer-pair')).toBe((n * (n - 1)) / 2);
    expect(new Set(universe.map((candidate) => candidate.canonical)).size).toBe(universe.length);
  });

  it('docs/simulate.md shows the fault model table as the code defines it', () => {
    const docs = readFileSync(join(ROOT, 'docs', 'simulate.md'), 'utf8');
    for (const entry of FAULT_MODEL) {
      const row = `| \`${entry.id}\` | ${entry.category} | ${entry.description} | ${entry.exercises.map((id) => `\`${id}\``).join(', ')} | ${entry.injection} | ${entry.citations.join(', ')} |`;
      expect(docs).toContain(row);
    }
  });
});

describe('each fault kind has its documented consequence on a known-good plan', () => {
  const judge = (scenario: FaultScenario) => evaluateFaultScenario(context, scenario);

  it('every scenario of the plan passes without a fault', () => {
    for (const scenario of ha.scenarios) {
      const loss = {
        computers: scenario.lost.computers.map((entry) => entry.name),
        databases: scenario.lost.databases.map((entry) => entry.name),
        sites: scenario.lost.sites.map((entry) => entry.name),
      };
      const evaluation = judge({ loss, faults: [] });
      // A loss that two scenarios recover (the HA plan's sequential and two-team site loss) is
      // handled by the first of them in the plan, as docs/simulate.md says.
      const names = (lost: typeof scenario.lost) =>
        JSON.stringify([lost.computers, lost.databases, lost.sites].map((list) => list.map((e) => e.name)));
      const first = ha.scenarios.find((other) => names(other.lost) === names(scenario.lost))!;
      expect(evaluation.handledBy?.id).toBe(first.id);
      expect(evaluation.failures).toEqual([]);
    }
  });

  it('step-fails: the retried step counts twice, which can push the estimate over the RTO', () => {
    const loss = { ...NO_LOSS, sites: ['hq'] };
    const base = judge({ loss, faults: [] });
    const end = base.trace.at(-1);
    if (end?.kind !== 'end') throw new Error('no end event');
    const steps = base.trace.flatMap((event) => (event.kind === 'step' ? [event] : []));
    const longest = steps.reduce((a, b) => (b.seconds > a.seconds ? b : a));
    const shortest = steps.reduce((a, b) => (b.seconds < a.seconds ? b : a));
    // A short step retried: longer, still within the RTO.
    const short = judge({ loss, faults: [{ kind: 'step-fails', step: shortest.index }] });
    const shortEnd = short.trace.at(-1);
    expect(shortEnd?.kind === 'end' && shortEnd.estimatedSeconds).toBe(
      end.estimatedSeconds! + shortest.seconds,
    );
    expect(short.failures).toEqual([]);
    // The longest step retried: the hq site loss needs most of the RTO, so it is now over.
    expect(end.estimatedSeconds! + longest.seconds).toBeGreaterThan(env.objectives.rtoSeconds);
    const long = judge({ loss, faults: [{ kind: 'step-fails', step: longest.index }] });
    expect(long.failures.map((failure) => failure.ruleId)).toEqual(['rto-exceeded']);
    expect(long.failures[0]!.message).toContain(`step ${longest.index + 1} retried`);
    expect(long.trace.some((event) => event.kind === 'step' && event.retried)).toBe(true);
  });

  it('lost-mid-plan: the promotion target lost mid-plan breaks the next step', () => {
    const evaluation = judge({
      loss: computers('CVL-SM01'),
      faults: [{ kind: 'lost-mid-plan', computer: 'CVL-SM02', afterStep: 0 }],
    });
    expect(evaluation.failures.map((failure) => failure.ruleId)).toEqual(['step-precondition']);
    expect(evaluation.trace.map((event) => event.kind)).toEqual(['loss', 'step', 'fault', 'step']);
    const fault = evaluation.trace[2];
    expect(fault?.kind === 'fault' && fault.changes).toContain(
      'ms:CVL-SM02: servicesStopped.additional → lost',
    );
  });

  it('lost-mid-plan: a computer the plan never touches, lost mid-plan, leaves the system not recovered', () => {
    const evaluation = judge({
      loss: computers('CVL-SM01'),
      faults: [{ kind: 'lost-mid-plan', computer: 'CVL-DW01', afterStep: 1 }],
    });
    expect(evaluation.trace.at(-1)?.kind).toBe('end');
    expect(evaluation.failures.map((failure) => failure.ruleId)).toContain('scenario-recovered');
    expect(evaluation.failures.some((failure) => failure.message.includes('CVL-DW01'))).toBe(true);
  });

  it('lost-mid-plan: losing the database host mid-plan makes the promotion a database-before-setup', () => {
    const evaluation = judge({
      loss: computers('CVL-SM01'),
      faults: [{ kind: 'lost-mid-plan', computer: 'CVL-SQL01', afterStep: 1 }],
    });
    expect(evaluation.failures.map((failure) => failure.ruleId)).toEqual(['database-before-setup']);
  });

  it('backup-unusable: the previous full backup loses one more full interval, over the RPO', () => {
    const loss = { ...NO_LOSS, databases: ['ServiceManager'] };
    const fine = judge({ loss, faults: [] });
    const fineEnd = fine.trace.at(-1);
    expect(fineEnd?.kind === 'end' && fineEnd.dataLoss).toEqual([
      { database: 'ServiceManager', seconds: 15 * 60 },
    ]);
    const evaluation = judge({ loss, faults: [{ kind: 'backup-unusable', database: 'ServiceManager' }] });
    const end = evaluation.trace.at(-1);
    expect(end?.kind === 'end' && end.dataLoss).toEqual([
      { database: 'ServiceManager', seconds: 24 * 3600 + 15 * 60 },
    ]);
    expect(evaluation.failures).toEqual([
      {
        ruleId: 'backup-interval-exceeds-rpo',
        severity: 'warning',
        message:
          'restoring ServiceManager loses up to 1d 15m of data (its newest backup is unusable, so the previous full backup is restored), over the RPO of 1h',
      },
    ]);
    // A backup the scenario never restores changes nothing.
    expect(judge({ loss, faults: [{ kind: 'backup-unusable', database: 'DWDataMart' }] }).failures).toEqual(
      [],
    );
  });

  it('key-password-unknown: the key restore becomes impossible (step-precondition)', () => {
    const evaluation = judge({
      loss: computers('CVL-SM01', 'CVL-SM02'),
      faults: [{ kind: 'key-password-unknown', server: 'CVL-SM01' }],
    });
    expect(evaluation.failures.map((failure) => failure.ruleId)).toEqual(['step-precondition']);
    const last = evaluation.trace.at(-1);
    expect(last?.kind === 'step' && last.action).toBe('restore-encryption-key');
    expect(evaluation.failures[0]!.message).toContain('passwordUnknown');
    // Promotion needs no key (F4): the same fault does not disturb the promotion scenario.
    expect(
      judge({ loss: computers('CVL-SM01'), faults: [{ kind: 'key-password-unknown', server: 'CVL-SM01' }] })
        .failures,
    ).toEqual([]);
  });
});
