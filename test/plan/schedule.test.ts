import { describe, expect, it } from 'vitest';
import { scheduleSteps } from '../../src/plan/schedule.js';

describe('scheduleSteps (list scheduling under team capacity)', () => {
  it('a chain takes the sum of its steps, and every step is critical', () => {
    const schedule = scheduleSteps([
      { seconds: 10, after: [] },
      { seconds: 20, after: [0] },
      { seconds: 5, after: [1] },
    ]);
    expect(schedule.makespanSeconds).toBe(35);
    expect(schedule.criticalPath).toEqual([0, 1, 2]);
  });

  it('a team of one runs its independent steps one at a time; of two, two at a time', () => {
    const steps = [
      { seconds: 60, after: [], team: 'dba' },
      { seconds: 60, after: [], team: 'dba' },
      { seconds: 30, after: [], team: 'sm' },
    ];
    expect(scheduleSteps(steps).makespanSeconds).toBe(120);
    expect(scheduleSteps(steps).criticalPath).toEqual([0, 1]);
    expect(scheduleSteps(steps, { dba: 2 }).makespanSeconds).toBe(60);
  });

  it('steps without a team wait only for their dependencies', () => {
    const schedule = scheduleSteps([
      { seconds: 60, after: [] },
      { seconds: 60, after: [] },
      { seconds: 10, after: [0, 1] },
    ]);
    expect(schedule.makespanSeconds).toBe(70);
    expect(schedule.steps.map((step) => step.startSeconds)).toEqual([0, 0, 60]);
  });

  it('zero-length steps end at once and let their followers start at the same instant', () => {
    const schedule = scheduleSteps([
      { seconds: 0, after: [], team: 'a' },
      { seconds: 0, after: [0], team: 'a' },
      { seconds: 15, after: [1], team: 'a' },
    ]);
    expect(schedule.makespanSeconds).toBe(15);
    expect(schedule.steps.map((step) => step.startSeconds)).toEqual([0, 0, 0]);
  });

  it('the critical path follows the dependency that ended last, not a shorter one', () => {
    const schedule = scheduleSteps([
      { seconds: 10, after: [], team: 'a' },
      { seconds: 50, after: [], team: 'b' },
      { seconds: 5, after: [0, 1], team: 'a' },
    ]);
    expect(schedule.makespanSeconds).toBe(55);
    expect(schedule.criticalPath).toEqual([1, 2]);
    expect(schedule.steps.map((step) => step.critical)).toEqual([false, true, true]);
  });
});
