/**
 * R-ADD's precondition (P-ADDMSI): an additional management server joins a group whose
 * initial (workflow) server exists. Without the check, a lost workflow server could be
 * reinstalled as "additional" without its key and then promoted, a path no document allows.
 */
import { describe, expect, it } from 'vitest';
import { createSystem } from '../../src/models/system.js';
import { executeScenario } from '../../src/simulator/execute.js';
import { fourComputerHa, s, scenario } from '../models/fixtures.js';

const ha = fourComputerHa();

describe('installing an additional management server needs a running workflow server', () => {
  it('rejects reinstalling both lost servers as additional and promoting one (the key-less detour)', () => {
    const execution = executeScenario(
      createSystem(ha),
      scenario('t', { computers: ['SM01', 'SM02'] }, [
        s('provision-computer', { computer: 'SM02' }),
        s('install-management-server', { computer: 'SM02', database: 'ServiceManager', role: 'additional' }),
        s('stop-services', { computer: 'SM02' }),
        s('clear-health-service-state', { computer: 'SM02' }),
        s('promote-workflow-server', { computer: 'SM02' }),
        s('start-services', { computer: 'SM02' }),
      ]),
    );
    const first = execution.trace[1]!.violations[0]!;
    expect([first.ruleId, first.citation]).toEqual(['step-precondition', 'P-ADDMSI']);
    expect(first.message).toContain('has no operational workflow server');
    expect(execution.trace[1]!.after.components['ms:SM02']).toBe(
      execution.trace[1]!.before.components['ms:SM02'],
    );
    expect(execution.verdict.recovered).toBe(false);
  });

  it('accepts the documented order: promote the survivor, then re-add the lost server (D-OV)', () => {
    const execution = executeScenario(
      createSystem(ha),
      scenario('t', { computers: ['SM01'] }, [
        s('stop-services', { computer: 'SM02' }),
        s('clear-health-service-state', { computer: 'SM02' }),
        s('promote-workflow-server', { computer: 'SM02' }),
        s('start-services', { computer: 'SM02' }),
        s('provision-computer', { computer: 'SM01' }),
        s('install-management-server', { computer: 'SM01', database: 'ServiceManager', role: 'additional' }),
        s('backup-encryption-key', { computer: 'SM01' }),
      ]),
    );
    expect(execution.trace.flatMap((entry) => entry.violations)).toEqual([]);
    expect(execution.verdict.recovered).toBe(true);
  });
});
