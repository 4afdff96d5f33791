/** Merging the rows of one backup set, within a file and across files. */
import type { BackupRecord } from './types.js';

/** The key of a backup set: its media families share server, database, type and times. */
function setKey(record: BackupRecord): string {
  // One template, not a list joined: this runs once per row of the history.
  return `${record.server.toUpperCase()}\u0000${record.database.toUpperCase()}\u0000${record.rawType}\u0000${record.startMillis}\u0000${record.finishMillis}\u0000${record.recoveryForkGuid ?? ''}\u0000${record.databaseGuid ?? ''}`;
}

/**
 * Merges rows of one backup set (one per media family: striped or mirrored backups, and
 * dbatools' `-Raw`) into one record holding every device, keeping the first row's position. The
 * same set exported twice (two files of one server, or overlapping exports) counts once.
 */
export function mergeMediaFamilies(records: readonly BackupRecord[]): BackupRecord[] {
  const merged = new Map<string, BackupRecord>();
  for (const record of records) {
    const key = setKey(record);
    const seen = merged.get(key);
    if (seen === undefined) merged.set(key, record);
    else {
      const devices = [...seen.devices];
      for (const device of record.devices) if (!devices.includes(device)) devices.push(device);
      merged.set(key, { ...seen, devices });
    }
  }
  return [...merged.values()];
}
