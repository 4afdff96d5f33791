/**
 * What the backup history says about each database, read the way a DBA reads `msdb`:
 *
 * - only the current recovery fork counts (the fork of the newest backup of that name, on any
 *   server; `database_guid` where no fork is recorded): a database dropped and recreated under
 *   the same name, or restored to a new fork, does not inherit the old history;
 * - availability-group replicas report one database from several servers: rows of one fork are
 *   merged, whichever server wrote them;
 * - copy-only backups do not count as the chain's full (nor as its log backups);
 * - backups written to `NUL` are discarded, not kept;
 * - times are converted to UTC with the row's zone; where the zone is unknown the local time is
 *   kept and marked, and judgements widen it by {@link UNKNOWN_ZONE_SLACK_MS};
 * - intervals are the 90th percentile of the gaps between consecutive backups of a kind;
 * - `offHost` follows from the device names: a URL or a UNC path to another computer is off
 *   the host, a local drive letter (or a UNC path to the server itself) is not.
 *
 * Everything returned is data and codes.
 */

import { maxOf } from '../common/numbers.js';
import { mergeMediaFamilies } from './merge.js';
import type { BackupRecord, RecoveryModel } from './types.js';
import { UNKNOWN_ZONE_SLACK_MS } from './types.js';

/** Where one device name keeps the backup, relative to the server that wrote it. */
export type DeviceClass = 'url' | 'remote-share' | 'local' | 'discarded' | 'unknown';

/** Classifies a `physical_device_name` written by `computer`. */
export function classifyDevice(device: string, computer: string): DeviceClass {
  const name = device.trim();
  if (/^nul:?$/i.test(name)) return 'discarded';
  if (/^https?:\/\//i.test(name)) return 'url';
  const unc = /^\\\\([^\\/]+)[\\/]/.exec(name);
  if (unc) {
    const host = unc[1]!.split('.')[0]!.toUpperCase();
    if (host === '?' || host === '.') {
      // \\?\C:\… is a local path in long form; \\.\TAPE0 a device of the server itself.
      return /^\\\\\?\\[a-z]:/i.test(name) ? 'local' : 'unknown';
    }
    return host === computer.split('.')[0]!.toUpperCase() || host === 'LOCALHOST' || host === '127'
      ? 'local'
      : 'remote-share';
  }
  if (/^[a-z]:[\\/]/i.test(name)) return 'local';
  return 'unknown';
}

/** What the devices of the counted backups say about `offHost`. */
export type OffHostEvidence = 'off-host' | 'local-only' | 'unknown';

/** The kinds of backup the interpretation keeps apart. */
export interface KindEvidence {
  /** Backups of the current fork that count, oldest first. */
  readonly count: number;
  /** Finish of the newest one (UTC, or local time when {@link zoneUnknown}). */
  readonly newestFinishMillis?: number;
  /** The newest one was recorded with an unknown time zone. */
  readonly zoneUnknown: boolean;
  /** 90th percentile of the gaps between consecutive finishes, in seconds (two backups at least). */
  readonly intervalP90Seconds?: number;
  /** The widest gap, in seconds. */
  readonly intervalMaxSeconds?: number;
  /** Where the newest one was read, for messages. */
  readonly newestSource?: BackupRecord['source'];
}

/** The evidence about one database (every server's rows of its current fork). */
export interface DatabaseEvidence {
  /** The name as the newest row spells it. */
  readonly database: string;
  /** The servers that reported the current fork, sorted. */
  readonly servers: readonly string[];
  readonly recoveryModel?: RecoveryModel;
  readonly recoveryForkGuid?: string;
  readonly databaseGuid?: string;
  readonly full: KindEvidence;
  readonly differential: KindEvidence;
  readonly log: KindEvidence;
  /** Copy-only full backups of the current fork. */
  readonly copyOnlyFull: KindEvidence;
  /** Rows of this name left out because they belong to an older database or fork. */
  readonly supersededRows: number;
  /** Rows left out because they went to `NUL`. */
  readonly discardedRows: number;
  readonly offHost: OffHostEvidence;
  /** Device classes seen over the counted backups, with how many devices of each. */
  readonly devices: Readonly<Partial<Record<DeviceClass, number>>>;
  /** Some counted row was recorded with an unknown time zone. */
  readonly zoneUnknown: boolean;
}

/** The evidence of every file given, by database. */
export interface EvidenceSummary {
  readonly files: readonly string[];
  readonly rows: number;
  /** Sorted by name. */
  readonly databases: readonly DatabaseEvidence[];
}

/** The 90th percentile by nearest rank, of at least one value. */
export function percentile90(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(0.9 * sorted.length) - 1)]!;
}

/**
 * The evidence of one kind. `cadence` is the sequence the gaps are measured on: the kind's own
 * backups, except for differentials, whose restore points alternate with the fulls (no
 * differential runs on a full's night), so their gaps are measured over fulls and
 * differentials together.
 */
function kindEvidence(
  records: readonly BackupRecord[],
  cadence: readonly BackupRecord[] = records,
): KindEvidence {
  const sorted = [...records].sort((a, b) => a.finishMillis - b.finishMillis);
  const newest = sorted[sorted.length - 1];
  const points = records.length === 0 ? [] : [...cadence].sort((a, b) => a.finishMillis - b.finishMillis);
  const gaps: number[] = [];
  for (let index = 1; index < points.length; index += 1)
    gaps.push((points[index]!.finishMillis - points[index - 1]!.finishMillis) / 1000);
  return {
    count: sorted.length,
    zoneUnknown: newest?.zone.kind === 'unknown',
    ...(newest ? { newestFinishMillis: newest.finishMillis, newestSource: newest.source } : {}),
    ...(gaps.length > 0
      ? {
          intervalP90Seconds: Math.round(percentile90(gaps)),
          intervalMaxSeconds: Math.round(maxOf(gaps)),
        }
      : {}),
  };
}

/** The identity a row belongs to: its recovery fork, else its database GUID. */
function identityOf(record: BackupRecord): string | undefined {
  return record.recoveryForkGuid ?? record.databaseGuid;
}

function offHostOf(records: readonly BackupRecord[], newestFull: BackupRecord | undefined): OffHostEvidence {
  const classes = (record: BackupRecord) =>
    record.devices.map((device) => classifyDevice(device, record.computer));
  const offHost = (record: BackupRecord) =>
    classes(record).some((kind) => kind === 'url' || kind === 'remote-share');
  if (newestFull !== undefined && offHost(newestFull)) return 'off-host';
  const all = records.flatMap(classes);
  if (all.length > 0 && all.every((kind) => kind === 'local')) return 'local-only';
  return records.some(offHost) && newestFull === undefined ? 'off-host' : 'unknown';
}

/** Interprets the rows of one database name (all servers). */
function interpretDatabase(rows: readonly BackupRecord[]): DatabaseEvidence {
  const newest = rows.reduce((best, row) => (row.finishMillis > best.finishMillis ? row : best));
  const identity = identityOf(newest);
  const current = rows.filter((row) => identityOf(row) === identity);
  const kept = current.filter(
    (row) => !row.devices.some((device) => classifyDevice(device, row.computer) === 'discarded'),
  );
  const counted = kept.filter((row) => !row.copyOnly);
  const fulls = counted.filter((row) => row.kind === 'full');
  const newestFull = fulls.reduce<BackupRecord | undefined>(
    (best, row) => (best === undefined || row.finishMillis > best.finishMillis ? row : best),
    undefined,
  );
  const devices: Partial<Record<DeviceClass, number>> = {};
  for (const row of kept)
    for (const device of row.devices) {
      const kind = classifyDevice(device, row.computer);
      devices[kind] = (devices[kind] ?? 0) + 1;
    }
  const modelRow = [...current].reverse().find((row) => row.recoveryModel !== undefined) ?? newest;
  return {
    database: newest.database,
    servers: [...new Set(current.map((row) => row.server.toUpperCase()))].sort(),
    ...(modelRow.recoveryModel ? { recoveryModel: newest.recoveryModel ?? modelRow.recoveryModel } : {}),
    ...(newest.recoveryForkGuid ? { recoveryForkGuid: newest.recoveryForkGuid } : {}),
    ...(newest.databaseGuid ? { databaseGuid: newest.databaseGuid } : {}),
    full: kindEvidence(fulls),
    differential: kindEvidence(
      counted.filter((row) => row.kind === 'differential'),
      counted.filter((row) => row.kind === 'differential' || row.kind === 'full'),
    ),
    log: kindEvidence(counted.filter((row) => row.kind === 'log')),
    copyOnlyFull: kindEvidence(kept.filter((row) => row.copyOnly && row.kind === 'full')),
    supersededRows: rows.length - current.length,
    discardedRows: current.length - kept.length,
    offHost: offHostOf(
      kept.filter((row) => row.kind !== 'other'),
      newestFull,
    ),
    devices,
    zoneUnknown: kept.some((row) => row.zone.kind === 'unknown'),
  };
}

/**
 * Interprets every row of every evidence file. This is a pure function: the same rows, in any
 * order and split over any files, give the same summary.
 */
export function interpretEvidence(
  files: readonly { readonly file: string; readonly records: readonly BackupRecord[] }[],
): EvidenceSummary {
  const byName = new Map<string, BackupRecord[]>();
  let rows = 0;
  // Each loaded file is merged already; only several files can repeat a set between them.
  const records =
    files.length === 1 ? files[0]!.records : mergeMediaFamilies(files.flatMap((entry) => entry.records));
  for (const record of records) {
    rows += 1;
    const key = record.database.toUpperCase();
    const list = byName.get(key);
    if (list) list.push(record);
    else byName.set(key, [record]);
  }
  const databases = [...byName.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, list]) => interpretDatabase(list));
  return { files: files.map((entry) => entry.file), rows, databases };
}

/** The evidence about a database name (case-insensitive), when there is any. */
export function findEvidence(summary: EvidenceSummary, name: string): DatabaseEvidence | undefined {
  const key = name.toUpperCase();
  return summary.databases.find((entry) => entry.database.toUpperCase() === key);
}

/**
 * The earliest UTC instant a finish time can be: itself when the zone is known, else 14 hours
 * earlier (the widest offset in use). Staleness is judged on this, so an unknown zone never
 * makes a backup look newer than it can be.
 */
export function earliestInstant(kind: KindEvidence): number | undefined {
  if (kind.newestFinishMillis === undefined) return undefined;
  return kind.zoneUnknown ? kind.newestFinishMillis - UNKNOWN_ZONE_SLACK_MS : kind.newestFinishMillis;
}

/** The latest UTC instant a finish time can be (see {@link earliestInstant}). */
export function latestInstant(kind: KindEvidence): number | undefined {
  if (kind.newestFinishMillis === undefined) return undefined;
  return kind.zoneUnknown ? kind.newestFinishMillis + UNKNOWN_ZONE_SLACK_MS : kind.newestFinishMillis;
}
