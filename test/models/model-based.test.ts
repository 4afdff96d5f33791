/**
 * Model-based property tests with `fc.commands`: random recovery actions on the four-computer
 * environment with an additional server, after a random loss. After every command the global
 * invariants are checked:
 *
 * 1. path (a) XState and path (b) compiled tables agree on the state, violations and effects;
 * 2. never two active workflow servers in a group unless `single-workflow-server` was reported
 *    at the step that made the second one, and the group machine is broken;
 * 3. a management server becomes operational through Setup only if its database was online at
 *    Setup and, for a `role: workflow` Setup, its own usable key was restored after the
 *    computer was provisioned (ghost bookkeeping in this test, independent of the models);
 * 4. a data warehouse server becomes operational through Setup only with its own key restored,
 *    DWStagingAndConfig online and the original Reporting Server URL;
 * 5. a lost database comes back online only after a restore onto its original instance (or a
 *    recreation of a data warehouse database);
 * 6. states are JSON: a round trip keeps `stateKey`; every violation message names its component.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkPathsAgree,
  createSystem,
  type FastState,
  fastStep,
  fromFastState,
  initialState,
  type ModelAction,
  type SystemState,
  stateKey,
  toFastState,
} from '../../src/models/system.js';
import { fourComputerHa } from './fixtures.js';

const env = fourComputerHa();
const system = createSystem(env);
const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log(`fast-check seed ${seed}`);

const computers = ['SM01', 'SM02', 'SQL01', 'DW01', 'DWSQL01', 'SM03'];
const servers = ['SM01', 'SM02', 'DW01', 'SM03', 'SQL01'];
const instances = ['SQL01', 'DWSQL01\\DW', 'SQL01\\OTHER', 'SM03'];
const databases = ['ServiceManager', 'DWStagingAndConfig', 'DWRepository', 'DWDataMart'];

const actionArb: fc.Arbitrary<ModelAction> = fc.oneof(
  fc.record({
    action: fc.constant('provision-computer'),
    params: fc.record({ computer: fc.constantFrom(...computers) }),
  }),
  fc.record({
    action: fc.constant('install-sql-server'),
    params: fc.record({ instance: fc.constantFrom(...instances) }),
  }),
  fc.record({
    action: fc.constant('enable-clr'),
    params: fc.record({ instance: fc.constantFrom(...instances) }),
  }),
  fc.record({
    action: fc.constant('restore-database'),
    params: fc.record({ database: fc.constantFrom(...databases), instance: fc.constantFrom(...instances) }),
  }),
  fc.record({
    action: fc.constant('recreate-database'),
    params: fc.record({ database: fc.constantFrom(...databases) }),
  }),
  fc.record({
    action: fc.constant('run-permissions-script'),
    params: fc.record({ database: fc.constantFrom(...databases) }),
  }),
  fc.record({
    action: fc.constant('restore-encryption-key'),
    params: fc.oneof(
      fc.record({ computer: fc.constantFrom(...servers) }),
      fc.record({ computer: fc.constantFrom(...servers), from: fc.constantFrom('SM01', 'SM02', 'DW01') }),
    ),
  }),
  fc.record({
    action: fc.constant('install-management-server'),
    params: fc.record({
      computer: fc.constantFrom(...servers),
      database: fc.constantFrom('ServiceManager', 'ServiceManager', 'DWStagingAndConfig'),
      role: fc.constantFrom('workflow', 'additional'),
    }),
  }),
  fc.record({
    action: fc.constant('install-data-warehouse-server'),
    params: fc.record({
      computer: fc.constantFrom('DW01', 'DW01', 'SM03'),
      database: fc.constantFrom('DWStagingAndConfig', 'DWStagingAndConfig', 'DWDataMart'),
      reportingUrl: fc.constantFrom('http://dwsql01/ReportServer', 'http://elsewhere/ReportServer'),
    }),
  }),
  ...(
    ['stop-services', 'start-services', 'clear-health-service-state', 'promote-workflow-server'] as const
  ).map((action) =>
    fc.record({ action: fc.constant(action), params: fc.record({ computer: fc.constantFrom(...servers) }) }),
  ),
  ...(['import-management-packs', 'backup-encryption-key'] as const).map((action) =>
    fc.record({ action: fc.constant(action), params: fc.record({ computer: fc.constantFrom(...servers) }) }),
  ),
  fc.constant({
    action: 'register-data-warehouse',
    params: { managementGroup: 'SMMG', dataWarehouse: 'DW_SMMG' },
  }),
);

/** What the test itself remembers, independently of the models. */
interface Ghost {
  /** Computers whose own, usable key was restored since they were last provisioned. */
  ownKeyRestored: Set<string>;
  /** Databases restored onto their original instance (or recreated) since they were lost. */
  restoredProperly: Set<string>;
}

interface Model {
  state: SystemState;
  ghost: Ghost;
  steps: number;
}

interface Real {
  fast: FastState;
}

const DB_INSTANCE: Record<string, string> = Object.fromEntries(
  env.databases.map((d) => [d.name, d.instance]),
);
const isOperationalMs = (path: string | undefined) => path?.startsWith('operational') === true;
const dbOnline = (state: SystemState, name: string) =>
  ['online', 'recreated'].includes(state.components[`database:${name}`] ?? '');

class StepCommand implements fc.Command<Model, Real> {
  constructor(readonly action: ModelAction) {}
  check(): boolean {
    return true;
  }
  run(model: Model, real: Real): void {
    const before = model.state;
    const { agree, xstate } = checkPathsAgree(system, before, this.action);
    // (1) both execution paths agree, here and on the real (integer) state carried along.
    expect(agree).toBe(true);
    const viaReal = fastStep(system, real.fast, this.action);
    expect(stateKey(fromFastState(system, viaReal.state))).toBe(stateKey(xstate.state));
    real.fast = viaReal.state;
    const after = xstate.state;
    const { action, params } = this.action;
    const computer = params.computer ?? '';
    const rules = xstate.violations.map((v) => v.ruleId);

    // (2) single workflow server
    const workflow = Object.entries(after.components).filter(
      ([id, path]) => id.startsWith('ms:') && path === 'operational.workflow',
    );
    const workflowBefore = Object.entries(before.components).filter(
      ([id, path]) => id.startsWith('ms:') && path === 'operational.workflow',
    );
    if (workflow.length > 1) {
      expect(after.components['group:SMMG']).toBe('broken.severalWorkflowServers');
      if (workflowBefore.length <= 1) expect(rules).toContain('single-workflow-server');
    }

    // (3) SM Setup preconditions
    for (const id of ['ms:SM01', 'ms:SM02', 'ms:SM03', 'ms:SQL01']) {
      if (isOperationalMs(before.components[id]) || !isOperationalMs(after.components[id])) continue;
      const name = id.slice(3);
      if (action === 'install-management-server') {
        expect(name).toBe(computer);
        expect(dbOnline(before, 'ServiceManager')).toBe(true);
        if (params.role === 'workflow') expect(model.ghost.ownKeyRestored.has(name)).toBe(true);
      } else {
        // Only the service start after a stop or a promotion brings back an installed server.
        expect(['start-services', 'demote']).toContain(action);
        expect(before.components[id]).toMatch(/^(servicesStopped|healthStateCleared|promoted)/);
      }
    }

    // (4) DW Setup preconditions
    if (before.components['dw:DW01'] !== 'operational' && after.components['dw:DW01'] === 'operational') {
      if (action === 'install-data-warehouse-server') {
        expect(model.ghost.ownKeyRestored.has('DW01')).toBe(true);
        expect(dbOnline(before, 'DWStagingAndConfig')).toBe(true);
        expect(params.reportingUrl).toBe('http://dwsql01/ReportServer');
      } else {
        expect(action).toBe('start-services');
      }
    }

    // (5) databases come back only through a proper restore
    for (const name of databases) {
      if (!dbOnline(before, name) && dbOnline(after, name)) {
        const recreated =
          action === 'recreate-database' && params.database === name && name !== 'ServiceManager';
        expect(recreated || model.ghost.restoredProperly.has(name)).toBe(true);
      }
    }

    // (6) JSON and messages
    expect(stateKey(JSON.parse(JSON.stringify(after)) as SystemState)).toBe(stateKey(after));
    for (const violation of xstate.violations) {
      expect(violation.message).toContain(violation.component.slice(violation.component.indexOf(':') + 1));
    }

    // Ghost bookkeeping after the step, from the step itself and the state before it.
    const ghost = model.ghost;
    if (action === 'provision-computer' && xstate.violations.length === 0)
      ghost.ownKeyRestored.delete(computer);
    if (
      action === 'restore-encryption-key' &&
      (params.from ?? computer) === computer &&
      before.components[`key:${computer}`] === 'usable' &&
      ['provisioned', 'keyRestored'].includes(
        before.components[`ms:${computer}`] ?? before.components[`dw:${computer}`] ?? '',
      )
    ) {
      ghost.ownKeyRestored.add(computer);
    }
    if (action === 'restore-database' && params.instance === DB_INSTANCE[params.database ?? '']) {
      ghost.restoredProperly.add(params.database ?? '');
    }
    if (action === 'recreate-database' && params.database !== 'ServiceManager') {
      ghost.restoredProperly.add(params.database ?? '');
    }
    model.state = after;
    model.steps++;
  }
  toString(): string {
    return `${this.action.action} ${JSON.stringify(this.action.params)}`;
  }
}

const lossArb = fc.record({
  computers: fc.subarray(['SM01', 'SM02', 'SQL01', 'DW01', 'DWSQL01']),
  databases: fc.subarray(databases),
  sites: fc.subarray(['hq', 'dr'], { maxLength: 1 }),
});

describe('model-based: random actions keep the global invariants', () => {
  it('holds after every command', () => {
    let totalSteps = 0;
    fc.assert(
      fc.property(
        lossArb,
        fc.commands([actionArb.map((action) => new StepCommand(action))], {
          size: 'medium',
          maxCommands: 40,
        }),
        (loss, commands) => {
          const state = initialState(system, loss);
          const ghost: Ghost = {
            ownKeyRestored: new Set(),
            restoredProperly: new Set(databases.filter((name) => dbOnline(state, name))),
          };
          const model: Model = { state, ghost, steps: 0 };
          fc.modelRun(() => ({ model, real: { fast: toFastState(system, state) } }), commands);
          totalSteps += model.steps;
        },
      ),
      { seed, numRuns: 150 },
    );
    expect(totalSteps).toBeGreaterThan(150);
  });

  it('a shuffled R-DB + R-REPLACE-MS plan recovers exactly when the documented order holds', () => {
    const plan: Record<string, ModelAction> = {
      provisionSql: { action: 'provision-computer', params: { computer: 'SQL01' } },
      installSql: { action: 'install-sql-server', params: { instance: 'SQL01' } },
      clr: { action: 'enable-clr', params: { instance: 'SQL01' } },
      restore: { action: 'restore-database', params: { database: 'ServiceManager', instance: 'SQL01' } },
      permissions: { action: 'run-permissions-script', params: { database: 'ServiceManager' } },
      provisionSm: { action: 'provision-computer', params: { computer: 'SM01' } },
      key: { action: 'restore-encryption-key', params: { computer: 'SM01' } },
      setup: {
        action: 'install-management-server',
        params: { computer: 'SM01', database: 'ServiceManager', role: 'workflow' },
      },
    };
    // The documented partial order: D-OV/D-DBREC (host, SQL, restore, script), D-BKDB (CLR
    // before the database serves Setup), invariant 6 (database first), D-MSDR (key first).
    const before: Array<[string, string]> = [
      ['provisionSql', 'installSql'],
      ['installSql', 'clr'],
      ['installSql', 'restore'],
      ['restore', 'permissions'],
      ['clr', 'setup'],
      ['permissions', 'setup'],
      ['provisionSm', 'key'],
      ['key', 'setup'],
    ];
    const lossState = initialState(system, {
      computers: ['SQL01', 'SM01', 'SM02'],
      databases: [],
      sites: [],
    });
    fc.assert(
      fc.property(fc.shuffledSubarray(Object.keys(plan), { minLength: 8 }), (order) => {
        let state = lossState;
        let violations = 0;
        for (const name of order) {
          const { agree, xstate } = checkPathsAgree(system, state, plan[name]!);
          expect(agree).toBe(true);
          violations += xstate.violations.length;
          state = xstate.state;
        }
        const ordered = before.every(([a, b]) => order.indexOf(a) < order.indexOf(b));
        expect(violations === 0).toBe(ordered);
        // SM02 stays lost: only the workflow server and the database are judged here.
        const sm01Operational = state.components['ms:SM01'] === 'operational.workflow';
        expect(sm01Operational && state.components['database:ServiceManager'] === 'online').toBe(ordered);
      }),
      { seed, numRuns: 300 },
    );
  });
});
