/** Merging the rows of one backup set, within a file and across files. */
import type { BackupRecord } from './types.js';

/** The key of a backup set: its media families share server, database, type and times. */
function setKey(record: BackupRecord): string {
  return [
    record.server.toUpperCase(),
    record.database.toUpperCase(),
    record.rawType,
    record.startMillis,
    record.finishMillis,
    record.recoveryForkGuid ?? '',
    record.databaseGuid ?? '',
  ].join('\u0000');
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
