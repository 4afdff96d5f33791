import { describe, expect, it } from 'vitest';
import {
  classifyDevice,
  earliestInstant,
  interpretEvidence,
  percentile90,
} from '../../src/evidence/interpret.js';
import type { BackupRecord } from '../../src/evidence/types.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 1, 22);

function rec(overrides: Partial<BackupRecord> & { finishMillis: number }): BackupRecord {
  return {
    source: { file: 'e.csv', line: 2, column: 1 },
    server: 'SQL01',
    computer: 'SQL01',
    database: 'ServiceManager',
    kind: 'full',
    rawType: 'D',
    startMillis: overrides.finishMillis - HOUR,
    zone: { kind: 'offset', minutes: 0 },
    copyOnly: false,
    recoveryForkGuid: 'fork-a',
    recoveryModel: 'FULL',
    devices: ['\\\\BK01\\sql\\sm.bak'],
    ...overrides,
  };
}

const summarize = (records: BackupRecord[]) => interpretEvidence([{ file: 'e.csv', records }]);

describe('interpretEvidence', () => {
  it('does not count a copy-only full as the chain full', () => {
    const [db] = summarize([
      rec({ finishMillis: T0 }),
      rec({ finishMillis: T0 + 30 * HOUR, copyOnly: true }),
    ]).databases;
    expect(db!.full.count).toBe(1);
    expect(db!.full.newestFinishMillis).toBe(T0);
    expect(db!.copyOnlyFull.count).toBe(1);
  });

  it('keeps only the current recovery fork: a recreated database does not inherit the old history', () => {
    const [db] = summarize([
      rec({ finishMillis: T0, recoveryForkGuid: 'old' }),
      rec({ finishMillis: T0 + 24 * HOUR, recoveryForkGuid: 'old' }),
      rec({ finishMillis: T0 + 48 * HOUR, recoveryForkGuid: 'new', kind: 'log', rawType: 'L' }),
    ]).databases;
    expect(db!.full.count).toBe(0);
    expect(db!.log.count).toBe(1);
    expect(db!.supersededRows).toBe(2);
    expect(db!.recoveryForkGuid).toBe('new');
  });

  it('falls back to database_guid when no fork is recorded', () => {
    const [db] = summarize([
      rec({ finishMillis: T0, recoveryForkGuid: undefined, databaseGuid: 'g1' } as Partial<BackupRecord> & {
        finishMillis: number;
      }),
      rec({
        finishMillis: T0 + HOUR,
        recoveryForkGuid: undefined,
        databaseGuid: 'g2',
      } as Partial<BackupRecord> & { finishMillis: number }),
    ]).databases;
    expect(db!.full.count).toBe(1);
    expect(db!.supersededRows).toBe(1);
  });

  it('merges availability-group replicas reporting one fork from several servers', () => {
    const [db] = summarize([
      rec({ finishMillis: T0, server: 'SQL01', computer: 'SQL01' }),
      rec({ finishMillis: T0 + 24 * HOUR, server: 'SQL02', computer: 'SQL02', database: 'servicemanager' }),
    ]).databases;
    expect(db!.servers).toEqual(['SQL01', 'SQL02']);
    expect(db!.full.count).toBe(2);
    expect(db!.full.intervalP90Seconds).toBe(86_400);
  });

  it('takes intervals as the 90th percentile of the observed gaps', () => {
    const logs = Array.from({ length: 20 }, (_, index) =>
      rec({
        finishMillis: T0 + index * 15 * 60_000 + (index === 7 ? 10 * 60_000 : 0),
        kind: 'log',
        rawType: 'L',
      }),
    );
    const [db] = summarize([rec({ finishMillis: T0 - HOUR }), ...logs]).databases;
    // 19 gaps: 17 of 15 min, one of 25 min, one of 5 min; the 90th percentile (17th of 19) is 15 min.
    expect(db!.log.intervalP90Seconds).toBe(900);
    expect(db!.log.intervalMaxSeconds).toBe(1500);
    expect(percentile90([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toBe(9);
  });

  it('marks an unknown time zone instead of guessing, and judges age on the earliest instant', () => {
    const [db] = summarize([rec({ finishMillis: T0, zone: { kind: 'unknown' } })]).databases;
    expect(db!.zoneUnknown).toBe(true);
    expect(db!.full.zoneUnknown).toBe(true);
    expect(earliestInstant(db!.full)).toBe(T0 - 14 * HOUR);
  });

  it('judges offHost from the device names', () => {
    expect(classifyDevice('\\\\BK01\\sql\\a.bak', 'SQL01')).toBe('remote-share');
    expect(classifyDevice('\\\\sql01.corp.example\\b$\\a.bak', 'SQL01')).toBe('local');
    expect(classifyDevice('https://acct.blob.core.windows.net/c/a.bak', 'SQL01')).toBe('url');
    expect(classifyDevice('E:\\Backup\\a.bak', 'SQL01')).toBe('local');
    expect(classifyDevice('NUL', 'SQL01')).toBe('discarded');
    expect(classifyDevice('{4E3A2C1B-0000-0000-0000-000000000000}5', 'SQL01')).toBe('unknown');
    const local = summarize([rec({ finishMillis: T0, devices: ['E:\\b\\a.bak'] })]).databases[0]!;
    expect(local.offHost).toBe('local-only');
    const remote = summarize([rec({ finishMillis: T0 })]).databases[0]!;
    expect(remote.offHost).toBe('off-host');
  });

  it('does not count backups written to NUL', () => {
    const [db] = summarize([
      rec({ finishMillis: T0 }),
      rec({ finishMillis: T0 + HOUR, kind: 'log', rawType: 'L', devices: ['NUL'] }),
    ]).databases;
    expect(db!.log.count).toBe(0);
    expect(db!.discardedRows).toBe(1);
  });
});
