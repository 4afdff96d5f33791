/**
 * The routes table: one route per plan action, checked by the compiler (the
 * `@ts-expect-error` lines below fail `npm run typecheck` when they stop being errors) and at
 * run time; unknown actions, prototype names included, are refused by the dispatch.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  componentId,
  createSystem,
  fastStep,
  initialState,
  ROUTES,
  type Route,
  type RouteTable,
  step,
  toFastState,
} from '../../src/models/index.js';
import { ACTIONS, type ActionName } from '../../src/plan/actions.js';
import { fourComputerHa } from './fixtures.js';

describe('the routes table', () => {
  it('has exactly one route per action of the action table', () => {
    expect(Object.keys(ROUTES).sort()).toEqual(Object.keys(ACTIONS).sort());
    for (const name of Object.keys(ACTIONS)) expect(typeof ROUTES[name as ActionName]).toBe('function');
  });

  it('is typed so that an action without a route does not compile', () => {
    expectTypeOf<keyof RouteTable>().toEqualTypeOf<ActionName>();
    const { manual: _dropped, ...withoutManual } = ROUTES;
    // @ts-expect-error: `manual` has no route, so this is not a RouteTable.
    const incomplete: RouteTable = withoutManual;
    // @ts-expect-error: a route for an action the action table does not declare.
    const extra: RouteTable = { ...ROUTES, 'reboot-computer': ROUTES.manual as Route };
    expect(Object.keys(incomplete)).not.toContain('manual');
    expect(Object.keys(extra)).toContain('reboot-computer');
  });
});

describe('dispatch', () => {
  const system = createSystem(fourComputerHa());
  const state = initialState(system, { computers: ['SM01'], databases: [], sites: [] });
  for (const action of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'reboot-computer']) {
    it(`refuses the unknown action ${JSON.stringify(action)} on both paths`, () => {
      const out = step(system, state, { action, params: { computer: 'SM01' } });
      expect(out.violations).toEqual([
        expect.objectContaining({
          ruleId: 'step-precondition',
          component: 'plan:?',
          message: expect.stringContaining(`unknown action ${action}`),
        }),
      ]);
      expect(out.state.components).toEqual(state.components);
      const fast = fastStep(system, toFastState(system, state), { action, params: { computer: 'SM01' } });
      expect(fast.violations).toEqual(out.violations);
    });
  }

  it('routes a known action to its machines', () => {
    const out = step(system, state, { action: 'provision-computer', params: { computer: 'SM01' } });
    expect(out.violations).toEqual([]);
    expect(out.state.components[componentId.computer('SM01')]).toBe('provisioned');
  });
});
