/**
 * The traces of a scenario's findings are bounded and shared: each holds the violating step and
 * at most `TRACE_STEP_LIMIT − 1` steps before it, in order, and every step's trace entry is one
 * object however many traces contain it. So a scenario of n violating steps holds at most n
 * trace entries and n × `TRACE_STEP_LIMIT` references, where a trace of every earlier step
 * held n² / 2 entries.
 */
import { describe, expect, it } from 'vitest';
import { TRACE_STEP_LIMIT } from '../../src/check/check.js';
import type { TraceStep } from '../../src/rules/types.js';
import { FOUR_COMPUTER_HA } from './environments.js';
import { checkTexts } from './harness.js';
import { plan } from './plans.js';

const STEPS = 3 * TRACE_STEP_LIMIT;

describe('finding traces', () => {
  it('hold the last steps up to the violation, and share one entry per step', () => {
    // SM01 is lost and never rebuilt: every start-services on it is refused.
    const steps = Array.from({ length: STEPS }, () => '{ action: start-services, computer: SM01 }');
    const result = checkTexts({
      environment: FOUR_COMPUTER_HA,
      plan: plan('restarts', '{ computers: [SM01] }', steps),
    });
    const traced = result.findings.filter((finding) => finding.trace !== undefined);
    expect(traced.length).toBe(STEPS);
    const entries = new Set<TraceStep>();
    for (const finding of traced) {
      const trace = finding.trace!;
      // The plan's first step is on line 6; the finding is at its step.
      const index = finding.location.line - 6;
      expect(trace.at(-1)!.index).toBe(index);
      expect(trace.length).toBe(Math.min(TRACE_STEP_LIMIT, index + 1));
      expect(trace.map((step) => step.index)).toEqual(
        Array.from({ length: trace.length }, (_, i) => index + 1 - trace.length + i),
      );
      for (const step of trace) entries.add(step);
    }
    expect(entries.size).toBe(STEPS);
  });

  it('are whole for a scenario no longer than the limit', () => {
    const steps = Array.from({ length: 3 }, () => '{ action: start-services, computer: SM01 }');
    const result = checkTexts({
      environment: FOUR_COMPUTER_HA,
      plan: plan('short', '{ computers: [SM01] }', steps),
    });
    const last = result.findings.filter((finding) => finding.trace !== undefined).at(-1)!;
    expect(last.trace!.map((step) => step.index)).toEqual([0, 1, 2]);
  });
});
