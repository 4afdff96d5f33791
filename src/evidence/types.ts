/**
 * Backup evidence: the rows of `msdb` backup history as scsm-dr reads them, whichever export
 * they came from (dbatools JSON, or the CSV of `collectors/backup-history.sql`). Everything
 * here is data and codes; reporters put it into words.
 */
import type { SourceLocation } from '../common/location.js';

/** The kinds of backup that count for recovery. Other `backupset.type` values are kept as `other`. */
export type BackupKind = 'full' | 'differential' | 'log' | 'other';

/** The SQL Server recovery models, as `backupset.recovery_model` spells them. */
export type RecoveryModel = 'FULL' | 'BULK-LOGGED' | 'SIMPLE';

/**
 * How a row's times relate to UTC. `msdb` records the server's local time: the offset comes from
 * `backupset.time_zone` (15-minute units) or from the offset a dbatools date carries; `instant`
 * is a date that is already an absolute instant (PowerShell 5.1's `/Date(ms)/`); `unknown` is
 * `time_zone = 127`, or a local time without any offset.
 */
export type TimeZoneEvidence =
  | { readonly kind: 'offset'; readonly minutes: number }
  | { readonly kind: 'instant' }
  | { readonly kind: 'unknown' };

/**
 * The most a local time of unknown zone can be from UTC: the zones in use span UTC−12:00 to
 * UTC+14:00, so a conservative reading widens every such time by 14 hours either way.
 */
export const UNKNOWN_ZONE_SLACK_MS = 14 * 3_600_000;

/** One backup set (all its media families merged), with where it was read. */
export interface BackupRecord {
  /** The file and line (and column, for JSON) of the row, for messages and located errors. */
  readonly source: SourceLocation;
  /** `@@SERVERNAME` as recorded: `COMPUTER` or `COMPUTER\INSTANCE`, upper-cased as written. */
  readonly server: string;
  /** The computer part of {@link server}. */
  readonly computer: string;
  readonly database: string;
  readonly kind: BackupKind;
  /** The type as the export wrote it (`D`, `Full`, `Transaction Log`…), for messages. */
  readonly rawType: string;
  /**
   * Start and finish in epoch milliseconds, UTC where the zone is known; for an unknown zone
   * the local time read as if it were UTC (see {@link zone}).
   */
  readonly startMillis: number;
  readonly finishMillis: number;
  readonly zone: TimeZoneEvidence;
  readonly copyOnly: boolean;
  /** `backupset.database_guid`, lower case, when the export has it (dbatools does not). */
  readonly databaseGuid?: string;
  /** `backupset.last_recovery_fork_guid`, lower case. */
  readonly recoveryForkGuid?: string;
  readonly recoveryModel?: RecoveryModel;
  /** Every `physical_device_name` of the set: more than one when striped or mirrored. */
  readonly devices: readonly string[];
  readonly sizeBytes?: number;
}

/** What one evidence file held. */
export interface EvidenceFile {
  readonly file: string;
  readonly format: 'dbatools-json' | 'csv-export-csv' | 'csv-sqlcmd';
  readonly records: readonly BackupRecord[];
}
