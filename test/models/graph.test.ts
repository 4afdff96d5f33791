/**
 * Path coverage with `xstate/graph`: every state of every machine is reachable from the states
 * an environment may start it in, and every broken state is reached only through a violating
 * event.
 */

import { describe, expect, it } from 'vitest';
import { type AnyMachineSnapshot, createActor } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { compiledMachine } from '../../src/models/compile.js';
import { MACHINES, pathToValue, START_STATES, valueToPath } from '../../src/models/machines.js';
import {
  MACHINE_KINDS,
  type ModelEvent,
  type StateMeta,
  type TransitionMeta,
} from '../../src/models/types.js';
import { eventVariants } from './events.js';

const isBroken = (path: string) => path.startsWith('broken');

describe.each(MACHINE_KINDS)('%s machine', (kind) => {
  const machine = MACHINES[kind];
  const events = eventVariants(machine);
  const leaves = compiledMachine(kind).leaves;
  const serializeState = (snapshot: AnyMachineSnapshot) => valueToPath(snapshot.value);
  const paths = START_STATES[kind].flatMap((start) =>
    getShortestPaths(machine, {
      events,
      fromState: machine.resolveState({ value: pathToValue(start), context: {} }),
      serializeState,
      serializeEvent: (event) => JSON.stringify(event),
    }).map((path) => ({ start, path })),
  );

  it('is created with setup().createMachine and has meta on every state', () => {
    for (const leaf of leaves) {
      const node = machine.getStateNodeById(`${machine.id}.${leaf}`);
      const meta = node.meta as StateMeta | undefined;
      expect(meta?.description, leaf).toBeTruthy();
      if (isBroken(leaf)) {
        expect(meta?.ruleId, leaf).toBeTruthy();
        expect(meta?.citation, leaf).toMatch(/^[A-Z]-[A-Z0-9]+$/);
      }
    }
    // Pure: no actions anywhere, no delayed transitions.
    expect(JSON.stringify(machine.toJSON())).not.toContain('"actions":[{');
    expect(createActor(machine).getSnapshot().status).toBe('active');
  });

  it('reaches every state', () => {
    const reached = new Set(paths.map(({ path }) => serializeState(path.state)));
    for (const start of START_STATES[kind]) reached.add(start);
    expect([...leaves].filter((leaf) => !reached.has(leaf))).toEqual([]);
  });

  it('reaches broken states only through a violating event, and never passes through one', () => {
    for (const { start, path } of paths) {
      const states = [start, ...path.steps.map((step) => serializeState(step.state))];
      const target = serializeState(path.state);
      // No path leads through a broken state to anywhere else.
      expect(states.slice(0, -1).filter(isBroken), `${start} → ${target}`).toEqual([]);
      if (!isBroken(target)) continue;
      const last = path.steps[path.steps.length - 1]!;
      const before = machine.resolveState({ value: pathToValue(states[states.length - 2]!), context: {} });
      const taken = machine.getTransitionData(before, last.event as ModelEvent)[0];
      const violation = (taken?.meta as TransitionMeta | undefined)?.violation;
      const meta = machine.getStateNodeById(`${machine.id}.${target}`).meta as StateMeta;
      expect(violation?.ruleId, `${target} via ${JSON.stringify(last.event)}`).toBe(meta.ruleId);
    }
  });

  it('marks every transition into a broken state with the broken state’s rule (exhaustive)', () => {
    for (const leaf of leaves.filter((l) => !isBroken(l))) {
      const before = machine.resolveState({ value: pathToValue(leaf), context: {} });
      for (const event of events) {
        const taken = machine.getTransitionData(before, event)[0];
        if (taken === undefined) continue;
        const target = taken.target?.[0];
        if (target === undefined || !target.path.includes('broken')) continue;
        const violation = (taken.meta as TransitionMeta | undefined)?.violation;
        const targetPath = target.path.join('.');
        const leafPath = targetPath === 'broken' ? leaves.find(isBroken)! : targetPath;
        const meta = machine.getStateNodeById(`${machine.id}.${leafPath}`).meta as StateMeta;
        expect(violation?.ruleId, `${leaf} --${event.type}--> ${leafPath}`).toBe(meta.ruleId);
      }
    }
  });
});
