/**
 * The composed system: loss semantics, purity, serialisable states, both execution paths.
 */
import { describe, expect, it } from 'vitest';
import {
  checkPathsAgree,
  createSystem,
  fastStep,
  fromFastState,
  initialState,
  stateKey,
  step,
  toFastState,
  verdict,
} from '../../src/models/index.js';
import { fourComputerHa, twoComputer } from './fixtures.js';

const system = createSystem(fourComputerHa());
const none = { computers: [], databases: [], sites: [] };

describe('initialState', () => {
  it('starts healthy with no loss', () => {
    const state = initialState(system, none);
    expect(state.components['ms:SM01']).toBe('operational.workflow');
    expect(state.components['ms:SM02']).toBe('operational.additional');
    expect(state.components['group:SMMG']).toBe('active');
    expect(verdict(system, state)).toEqual({
      recovered: true,
      reasons: [],
      historyLost: [],
      workflowServers: { SMMG: ['SM01'] },
    });
  });

  it('losing a computer loses everything on it', () => {
    const state = initialState(system, { ...none, computers: ['DWSQL01'] });
    expect(state.components['computer:DWSQL01']).toBe('lost');
    expect(state.components['instance:DWSQL01\\DW']).toBe('lost');
    for (const db of ['DWStagingAndConfig', 'DWRepository', 'DWDataMart']) {
      expect(state.components[`database:${db}`]).toBe('lost');
    }
    expect(state.components['database:ServiceManager']).toBe('online');
    expect(state.components['dw:DW01']).toBe('operational');
  });

  it('losing the workflow server leaves the group without one', () => {
    const state = initialState(system, { ...none, computers: ['sm01'] });
    expect(state.components['ms:SM01']).toBe('lost');
    expect(state.components['group:SMMG']).toBe('noWorkflowServer');
  });

  it('a site loss loses every computer in it', () => {
    const state = initialState(system, { ...none, sites: ['hq'] });
    for (const c of ['SM01', 'SQL01', 'DW01', 'DWSQL01'])
      expect(state.components[`computer:${c}`]).toBe('lost');
    expect(state.components['computer:SM02']).toBe('up');
    expect(state.components['ms:SM02']).toBe('operational.additional');
  });

  it('a database lost alone leaves its host and instance running', () => {
    const state = initialState(system, { ...none, databases: ['ServiceManager'] });
    expect(state.components['database:ServiceManager']).toBe('lost');
    expect(state.components['instance:SQL01']).toBe('running');
    expect(state.components['computer:SQL01']).toBe('up');
    expect(state.components['backup:ServiceManager']).toBe('usable');
  });

  it('backups and key backups stored on a lost computer are destroyed', () => {
    const env = fourComputerHa({
      databases: [
        { name: 'ServiceManager', instance: 'SQL01', role: 'service-manager', backup: { storedOn: 'SQL01' } },
        { name: 'DWStagingAndConfig', instance: 'DWSQL01\\DW', role: 'dw-staging', backup: false },
        { name: 'DWRepository', instance: 'DWSQL01\\DW', role: 'dw-repository' },
        { name: 'DWDataMart', instance: 'DWSQL01\\DW', role: 'dw-datamart' },
      ],
      smGroup: {
        name: 'SMMG',
        database: 'ServiceManager',
        servers: [
          { computer: 'SM01', role: 'workflow', key: { storedOn: 'SQL01' } },
          { computer: 'SM02', role: 'additional', key: { password: 'lost' } },
        ],
      },
    });
    const sys = createSystem(env);
    const state = initialState(sys, { ...none, computers: ['SQL01'] });
    expect(state.components['backup:ServiceManager']).toBe('destroyed');
    expect(state.components['key:SM01']).toBe('destroyed');
    expect(state.components['key:SM02']).toBe('passwordLost');
    expect(state.components['backup:DWStagingAndConfig']).toBe('missing');
  });

  it('an MS lost with its own database on one computer is unrecoverable (D-STRAT)', () => {
    const sys = createSystem(twoComputer());
    const state = initialState(sys, { ...none, computers: ['SM01'] });
    expect(state.components['ms:SM01']).toBe('unrecoverable');
    const lostAlone = initialState(sys, { ...none, databases: ['ServiceManager'] });
    expect(lostAlone.components['ms:SM01']).toBe('operational.workflow');
    const dw = initialState(sys, { ...none, computers: ['DW01'] });
    expect(dw.components['dw:DW01']).toBe('unrecoverable');
  });
});

describe('step', () => {
  it('is pure: the input state is not modified and equal inputs give equal outputs', () => {
    const state = initialState(system, { ...none, computers: ['SM01'] });
    const frozen = JSON.stringify(state);
    const action = { action: 'provision-computer', params: { computer: 'SM01' } };
    const a = step(system, state, action);
    const b = step(system, state, action);
    expect(JSON.stringify(state)).toBe(frozen);
    expect(a).toEqual(b);
    expect(a.effects).toContainEqual({
      component: 'ms:SM01',
      event: 'provision-computer',
      from: 'lost',
      to: 'provisioned',
    });
  });

  it('keeps states JSON-able with a canonical key', () => {
    const state = step(system, initialState(system, { ...none, computers: ['SM01'] }), {
      action: 'provision-computer',
      params: { computer: 'SM03' },
    }).state;
    expect(state.components['computer:SM03']).toBe('provisioned');
    const copy = JSON.parse(JSON.stringify(state));
    expect(stateKey(copy)).toBe(stateKey(state));
    const reordered = {
      components: Object.fromEntries(Object.entries(state.components).reverse()),
      notes: state.notes,
    };
    expect(stateKey(reordered)).toBe(stateKey(state));
    expect(stateKey(initialState(system, none))).not.toBe(stateKey(state));
  });

  it('runs on integers on the fast path, with the same result', () => {
    const start = initialState(system, { ...none, sites: ['hq'] });
    const fast = toFastState(system, start);
    expect(fast.codes).toBeInstanceOf(Int32Array);
    expect(stateKey(fromFastState(system, fast))).toBe(stateKey(start));
    const action = { action: 'provision-computer', params: { computer: 'SQL01' } };
    const viaFast = fastStep(system, fast, action);
    expect(stateKey(fromFastState(system, viaFast.state))).toBe(stateKey(step(system, start, action).state));
    expect(checkPathsAgree(system, start, action).agree).toBe(true);
    // The input of the fast path is not modified either.
    expect(stateKey(fromFastState(system, fast))).toBe(stateKey(start));
  });

  it('ignores manual steps', () => {
    const state = initialState(system, none);
    const out = step(system, state, { action: 'manual', params: { description: 'call the DBA' } });
    expect(out.violations).toEqual([]);
    expect(out.effects).toEqual([]);
    expect(stateKey(out.state)).toBe(stateKey(state));
  });
});
