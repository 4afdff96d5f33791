/**
 * The models' and the synthesiser's reasons are codes with arguments, worded in one place
 * each (`src/models/verdict-messages.ts`, `src/simulator/synthesis-messages.ts`). These cases
 * pin the words of every code (the findings, `plan` and the score's explanations print them),
 * and show that a reason is plain data: a copy made by the structured clone that carries it
 * across worker threads says the same.
 */
import { describe, expect, it } from 'vitest';
import { compiledMachine } from '../../src/models/compile.js';
import { type VerdictReason, verdictMessage } from '../../src/models/system.js';
import { synthesisMessage } from '../../src/simulator/synthesis-messages.js';
import type { SynthesisReason } from '../../src/simulator/synthesize.js';

const VERDICT: readonly [VerdictReason, string][] = [
  [
    {
      ruleId: 'permissions-after-restore',
      component: 'database:SM',
      code: 'permissions-script-missing',
      args: {},
    },
    'database SM was restored but the permissions script was never run on it; add `run-permissions-script database=SM` after its restore',
  ],
  [
    {
      ruleId: 'clr-after-sql-rebuild',
      component: 'database:SM',
      code: 'clr-awaited',
      args: { instance: 'SQL01' },
    },
    'database SM waits for CLR to be enabled on the rebuilt instance SQL01; add `enable-clr instance=SQL01` after `install-sql-server`',
  ],
  [
    { ruleId: 'clr-after-sql-rebuild', component: 'instance:SQL01', code: 'clr-never-enabled', args: {} },
    'SQL instance SQL01 was rebuilt but CLR was never enabled on it; add `enable-clr instance=SQL01` after `install-sql-server`',
  ],
  [
    {
      ruleId: 'scenario-recovered',
      component: 'ms:SM01',
      code: 'not-operational',
      args: { state: 'no-such-state' },
    },
    'management server SM01 is not operational: left in a state no document describes; add the steps that bring it back (`scsm-dr plan` proposes them) or change the one that broke it',
  ],
  [
    {
      ruleId: 'scenario-recovered',
      component: 'dwgroup:DW',
      code: 'registration-lost',
      args: { group: 'DW', registeredWith: 'MG' },
    },
    'DW is no longer registered with MG; add `register-data-warehouse managementGroup=MG dataWarehouse=DW` (P-REG)',
  ],
  [
    {
      ruleId: 'single-workflow-server',
      component: 'group:MG',
      code: 'workflow-server-count',
      args: { group: 'MG', active: [] },
    },
    'MG ends with 0 operational workflow servers; exactly one is required: add `promote-workflow-server` for an additional server, or replace the workflow server',
  ],
  [
    {
      ruleId: 'single-workflow-server',
      component: 'group:MG',
      code: 'workflow-server-count',
      args: { group: 'MG', active: ['SM01', 'SM02'] },
    },
    'MG ends with 2 operational workflow servers (SM01, SM02); exactly one is required: remove the extra workflow Setup or promotion',
  ],
  [
    {
      ruleId: 'restore-redundancy',
      component: 'group:MG',
      code: 'redundancy-not-restored',
      args: { group: 'MG' },
    },
    'after the promotion in MG no additional management server was re-added (R-ADD); add `provision-computer` and `install-management-server … role=additional` for the lost server',
  ],
  [
    {
      ruleId: 'import-management-packs',
      component: 'group:MG',
      code: 'management-packs-not-imported',
      args: {},
    },
    'the ServiceManager database of MG was restored but no import-management-packs followed; add `import-management-packs` on its workflow server after the restore',
  ],
  [
    {
      ruleId: 'import-management-packs',
      component: 'ms:SM02',
      code: 'management-packs-not-imported',
      args: {},
    },
    'management server SM02 was replaced by Setup but no import-management-packs ran on it afterwards; add `import-management-packs SM02` after its Setup',
  ],
  [
    {
      ruleId: 'backup-new-server-key',
      component: 'dw:DW01',
      code: 'key-not-backed-up',
      args: { computer: 'DW01' },
    },
    'Setup installed data warehouse management server DW01 but its encryption key was not backed up afterwards; add `backup-encryption-key DW01` after its Setup',
  ],
];

const LOST_SERVER = VERDICT[3]![0];

const SYNTHESIS: readonly [SynthesisReason, string][] = [
  [
    {
      component: 'ms:SM01',
      code: 'colocated-with-database',
      args: { computer: 'SM01' },
      citation: 'D-STRAT',
    },
    'management server SM01 and its database ? were on the same lost computer SM01: "Recovery of a management server is impossible if the management server and the associated database are on the same physical computer and that computer fails" (invariant 7, F3)',
  ],
  [
    {
      component: 'dw:DW01',
      code: 'data-warehouse-key-unusable',
      args: { key: { state: 'destroyed', storedOn: 'FS01' } },
      citation: 'D-MSDR',
    },
    'data warehouse management server DW01 can only be replaced, which needs its encryption key restored first, but its only key backup was stored on the lost computer FS01 (F4); the data warehouse server cannot be promoted (D-OV)',
  ],
  [
    {
      component: 'ms:SM01',
      code: 'workflow-key-unusable',
      args: { group: 'MG', key: { state: 'passwordLost' } },
      citation: 'D-BKKEY',
    },
    'management server SM01 is the workflow server of MG; replacing it needs its encryption key restored first, but the password of its key backup is lost and cannot be recovered (F5), and no additional management server of the group survives to be promoted instead (F4, D-OV, D-PROMO)',
  ],
  [
    {
      component: 'ms:SM01',
      code: 'workflow-key-unusable',
      args: { group: 'MG', key: { state: 'sealed' } },
      citation: 'D-MSDR',
    },
    'management server SM01 is the workflow server of MG; replacing it needs its encryption key restored first, but its key backup is sealed, and no additional management server of the group survives to be promoted instead (F4, D-OV, D-PROMO)',
  ],
  [
    // A destroyed key backup whose computer is not known: said once, not "the lost computer a lost computer".
    {
      component: 'dw:DW01',
      code: 'data-warehouse-key-unusable',
      args: { key: { state: 'destroyed' } },
      citation: 'D-MSDR',
    },
    'data warehouse management server DW01 can only be replaced, which needs its encryption key restored first, but its only key backup was stored on a lost computer (F4); the data warehouse server cannot be promoted (D-OV)',
  ],
  [
    {
      component: 'database:SM',
      code: 'database-backup-unusable',
      args: { destroyed: true, storedOn: 'FS01' },
      citation: 'D-DBREC',
    },
    'database SM is lost and its only backup was stored on the lost computer FS01; only data warehouse databases may be recreated empty (D-DBREC, F13)',
  ],
  [
    {
      component: 'database:SM',
      code: 'database-backup-unusable',
      args: { destroyed: true },
      citation: 'D-DBREC',
    },
    'database SM is lost and its only backup was stored on a lost computer; only data warehouse databases may be recreated empty (D-DBREC, F13)',
  ],
  [
    {
      component: 'database:SM',
      code: 'database-backup-unusable',
      args: { destroyed: false },
      citation: 'D-DBREC',
    },
    'database SM is lost and it has never been backed up; only data warehouse databases may be recreated empty (D-DBREC, F13)',
  ],
  [
    {
      component: 'ms:SM01',
      code: 'stays-down',
      args: { reason: LOST_SERVER, because: ['database:SM', 'ms:SM02'] },
      citation: 'W-TARGET',
    },
    `${VERDICT[3]![1]}; it cannot be recovered without database SM, management server SM02`,
  ],
  [
    {
      component: 'ms:SM01',
      code: 'stays-down',
      args: { reason: LOST_SERVER, because: [] },
      citation: 'W-TARGET',
    },
    `${VERDICT[3]![1]}; no sequence of documented steps reaches it`,
  ],
  [
    { component: 'search', code: 'search-stopped', args: { explored: 12345 }, citation: 'D-OV' },
    'the search stopped after 12,345 states (maxStates) without finding a recovery; the reasons above come from the most advanced state reached',
  ],
];

describe('verdict reasons in words', () => {
  it.each(VERDICT)('%j', (reason, words) => {
    expect(verdictMessage(reason)).toBe(words);
    expect(verdictMessage(structuredClone(reason))).toBe(words);
  });

  it('a component not operational is described by its machine’s own state metadata', () => {
    const machine = compiledMachine('managementServer');
    const described = machine.leafMeta.findIndex(
      (meta) => meta.description !== '' && meta.ruleId !== undefined,
    );
    expect(described).toBeGreaterThanOrEqual(0);
    const state = machine.leaves[described]!;
    const meta = machine.leafMeta[described]!;
    const words = verdictMessage({
      ruleId: 'scenario-recovered',
      component: 'ms:SM01',
      code: 'not-operational',
      args: { state },
    });
    expect(words).toContain(`management server SM01 is not operational: ${meta.description}`);
    if (meta.ruleId !== 'scenario-recovered') expect(words).toContain(`[${meta.ruleId}]`);
  });

  it('covers every code the verdict gives', () => {
    const codes = new Set(VERDICT.map(([reason]) => reason.code));
    expect(codes.size).toBe(9);
  });
});

describe('synthesis reasons in words', () => {
  it.each(SYNTHESIS)('%j', (reason, words) => {
    expect(synthesisMessage(reason)).toBe(words);
    expect(synthesisMessage(structuredClone(reason))).toBe(words);
  });

  it('covers every code the synthesiser gives', () => {
    expect(new Set(SYNTHESIS.map(([reason]) => reason.code)).size).toBe(6);
  });
});
