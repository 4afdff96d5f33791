/**
 * The bundled example installations give the findings scenarios/README.md describes.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadEnvironmentText } from '../../../src/environment/load.js';
import { checkEnvironment } from '../../../src/rules/environment/index.js';
import type { Finding } from '../../../src/rules/types.js';

const root = new URL('../../../', import.meta.url);

function findings(topology: string): Finding[] {
  const file = `scenarios/${topology}/environment.yaml`;
  const loaded = loadEnvironmentText(readFileSync(new URL(file, root), 'utf8'), file);
  if (!loaded.ok) throw new Error(`${file} does not load`);
  const env = loaded.value;
  if (env.asOf === undefined) throw new Error(`${file} has no asOf`);
  return checkEnvironment(env, { asOfMillis: env.asOf, includeUnrecoverable: true });
}

/** `rule-id` → how many findings of it. */
function counts(list: readonly Finding[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const finding of list) out[finding.ruleId] = (out[finding.ruleId] ?? 0) + 1;
  return out;
}

/** The messages of one rule. */
function messages(list: readonly Finding[], ruleId: string): string[] {
  return list.filter((finding) => finding.ruleId === ruleId).map((finding) => finding.message);
}

describe('scenarios/*/environment.yaml', () => {
  it('single-computer: the weak evaluation lab has a lot to report', () => {
    const list = findings('single-computer');
    expect(counts(list)).toEqual({
      // the management server and its database share the host; no additional server
      'management-server-colocated-with-database': 1,
      'no-additional-management-server': 1,
      // both key backups on the host, the SM one with an unknown password
      'key-backup-not-off-host': 2,
      'key-password-unavailable': 1,
      // weekly backups on the host's own disk, two months old, past the 24h RPO
      'backup-stale': 3,
      'backup-interval-exceeds-rpo': 3,
      'backup-not-off-host': 3,
      // the one host holds every backup of both groups, and its loss is a disaster
      'backup-single-point-of-failure': 2,
      // DWRepository and ReportServer were never backed up
      'database-backup-missing': 2,
      // no permissions scripts, no restore tests, no MP export, no drills
      'permissions-script-missing': 3,
      'restore-never-tested': 3,
      'management-packs-not-exported': 1,
      'drill-overdue': 1,
      // the host loss (D-STRAT) and the never-backed-up ReportServer
      'unrecoverable-scenario': 2,
    });
    expect(messages(list, 'key-password-unavailable')[0]).toContain('BWA-HV01');
    expect(messages(list, 'management-server-colocated-with-database')[0]).toContain(
      'shares computer BWA-HV01 with its database ServiceManager',
    );
    expect(messages(list, 'unrecoverable-scenario')[0]).toMatch(
      /^BWA-HV01 lost: no valid recovery exists; .*\[D-STRAT\]/,
    );
    expect(messages(list, 'database-backup-missing').join('\n')).toMatch(/DWRepository[^\n]*F13/);
    expect(messages(list, 'backup-stale')[0]).toContain('57 days old as of 2026-11-24');
    // The DW management server can be replaced: its key is on the host, not on the VM.
    expect(list.some((finding) => finding.message.startsWith('BWA-DWVM01 lost'))).toBe(false);
  });

  it('two-computer: both co-locations, the DW key, the collations and the old drill', () => {
    const list = findings('two-computer');
    expect(counts(list)).toEqual({
      'management-server-colocated-with-database': 2,
      'no-additional-management-server': 1,
      'key-backup-missing': 1,
      'collation-mismatch': 1,
      'backup-interval-exceeds-rpo': 4,
      'permissions-script-missing': 3,
      'database-backup-missing': 1,
      'management-packs-not-exported': 1,
      'restore-never-tested': 4,
      'drill-overdue': 1,
      // both computer losses (D-STRAT, F3) and the never-backed-up ReportServer
      'unrecoverable-scenario': 3,
    });
    expect(messages(list, 'key-backup-missing')[0]).toContain('data warehouse management server MFI-DW01');
    expect(messages(list, 'collation-mismatch')[0]).toContain('MFI-DW01');
    expect(messages(list, 'collation-mismatch')[0]).toContain('Latin1_General_CI_AS');
    expect(messages(list, 'backup-interval-exceeds-rpo')[0]).toContain(
      'every 6h (differential), longer than the RPO of 4h',
    );
    expect(messages(list, 'management-packs-not-exported')[0]).toContain('2025-01-10');
    expect(messages(list, 'drill-overdue')[0]).toContain('2024-03-07');
    const unrecoverable = messages(list, 'unrecoverable-scenario');
    expect(
      unrecoverable.filter((message) => /^MFI-(SM|DW)01 lost: .*\[D-STRAT\]/.test(message)),
    ).toHaveLength(2);
    expect(messages(list, 'backup-stale')).toEqual([]);
  });

  it('four-computer: sound, with notes and the ReportServer script; no errors', () => {
    const list = findings('four-computer');
    expect(list.filter((finding) => finding.severity === 'error')).toEqual([]);
    expect(counts(list)).toEqual({
      'no-additional-management-server': 1,
      // the DW-host databases were never restore-tested
      'restore-never-tested': 4,
      'permissions-script-missing': 1,
    });
    expect(messages(list, 'permissions-script-missing')[0]).toContain('ReportServer');
    expect(messages(list, 'restore-never-tested').join('\n')).not.toContain('ServiceManager');
    // The failed DW-host drill of March 2026 is within the year: drills count whatever their outcome.
    expect(messages(list, 'drill-overdue')).toEqual([]);
  });

  it('four-computer-ha: the reference installation has nothing to report', () => {
    expect(findings('four-computer-ha')).toEqual([]);
  });
});
