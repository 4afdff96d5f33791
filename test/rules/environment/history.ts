/**
 * Builds msdb backup history (the CSV of collectors/backup-history.sql) for the evidence-rule
 * tests: a backup is a type, a UTC finish time and a few overrides.
 */
import { CSV_COLUMNS } from '../../../src/evidence/csv.js';

export interface HistoryRow {
  readonly database: string;
  readonly type: 'D' | 'I' | 'L';
  /** The UTC finish, `2026-11-23T22:00:00`. */
  readonly finish: string;
  readonly server?: string;
  readonly timeZone?: number;
  readonly copyOnly?: boolean;
  readonly fork?: string;
  readonly model?: string;
  readonly device?: string;
}

const FORK = '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d';
const GUID = '3f2a8c1e-5b7d-4e9a-8f10-2c3d4e5f6a7b';

/** Every `step` minutes from `from` (inclusive) to `to` (exclusive), UTC. */
export function every(
  database: string,
  type: HistoryRow['type'],
  from: string,
  to: string,
  stepMinutes: number,
  extra: Partial<HistoryRow> = {},
): HistoryRow[] {
  const rows: HistoryRow[] = [];
  for (let at = Date.parse(`${from}Z`); at < Date.parse(`${to}Z`); at += stepMinutes * 60_000)
    rows.push({ database, type, finish: new Date(at).toISOString().slice(0, 19), ...extra });
  return rows;
}

/** The CSV text of the rows, in Export-Csv style. */
export function historyCsv(rows: readonly HistoryRow[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const row of rows) {
    const zone = row.timeZone ?? 0;
    const offset = zone === 127 ? 0 : zone * 15 * 60_000;
    const finish = new Date(Date.parse(`${row.finish}Z`) + offset).toISOString().slice(0, 23);
    const start = new Date(Date.parse(`${row.finish}Z`) + offset - 60_000).toISOString().slice(0, 23);
    const server = row.server ?? (row.database === 'ServiceManager' ? 'SQL01' : 'DWSQL01\\DW');
    lines.push(
      [
        server,
        row.database,
        row.type,
        start,
        finish,
        String(zone),
        row.copyOnly ? '1' : '0',
        GUID,
        row.fork ?? FORK,
        row.model ?? 'FULL',
        '1000',
        row.device ?? `\\\\backup01\\sql\\${row.database}_${row.finish.replaceAll(':', '')}.bak`,
      ]
        .map((field) => `"${field}"`)
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** A healthy month of ServiceManager history matching the base environment's claims (to 2026-11-24). */
export function healthyServiceManager(): HistoryRow[] {
  return [
    ...every('ServiceManager', 'D', '2026-11-01T22:00:00', '2026-11-24T00:00:00', 24 * 60),
    ...every('ServiceManager', 'I', '2026-11-01T04:00:00', '2026-11-24T00:00:00', 24 * 60),
    ...every('ServiceManager', 'I', '2026-11-01T10:00:00', '2026-11-24T00:00:00', 24 * 60),
    ...every('ServiceManager', 'I', '2026-11-01T16:00:00', '2026-11-24T00:00:00', 24 * 60),
    ...every('ServiceManager', 'L', '2026-11-20T00:00:00', '2026-11-24T00:00:00', 15),
  ];
}
