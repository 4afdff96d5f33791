/**
 * The import of 100,000 msdb history rows, in both formats, beside its baselines in the same
 * process: `JSON.parse` of the same dbatools text, and `csv-parse` of the same CSV without any
 * interpretation. Time is the median of three runs; memory the peak heap growth of one more.
 */
import { parse } from 'csv-parse/sync';
import { CSV_COLUMNS } from '../src/evidence/csv.js';
import { interpretEvidence } from '../src/evidence/interpret.js';
import { parseEvidenceText } from '../src/evidence/load.js';

const ROWS = 100_000;
const gc = (globalThis as { gc?: () => void }).gc;

/** 100,000 rows over ten databases of two servers: nightly fulls and 15-minute logs. */
function rows(): { database: string; type: 'D' | 'L'; finish: number }[] {
  const out: { database: string; type: 'D' | 'L'; finish: number }[] = [];
  const start = Date.UTC(2026, 0, 1);
  for (let index = 0; index < ROWS; index += 1) {
    const database = `Database${index % 10}`;
    const slot = Math.floor(index / 10);
    out.push({ database, type: slot % 96 === 0 ? 'D' : 'L', finish: start + slot * 15 * 60_000 });
  }
  return out;
}

function dbatoolsText(): string {
  return JSON.stringify(
    rows().map((row) => ({
      SqlInstance: row.database < 'Database5' ? 'SQL01' : 'SQL02\\DW',
      ComputerName: row.database < 'Database5' ? 'SQL01' : 'SQL02',
      Database: row.database,
      Start: new Date(row.finish - 60_000).toISOString().replace('Z', '+00:00'),
      End: new Date(row.finish).toISOString().replace('Z', '+00:00'),
      Type: row.type === 'D' ? 'Full' : 'Log',
      Path: `\\\\BK01\\sql\\${row.database}\\${row.finish}.${row.type === 'D' ? 'bak' : 'trn'}`,
      IsCopyOnly: false,
      LastRecoveryForkGuid: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
      RecoveryModel: 'Full',
      TotalSize: 1_048_576,
    })),
    null,
    2,
  );
}

function sqlcmdText(): string {
  const lines = [CSV_COLUMNS.join(','), CSV_COLUMNS.map((name) => '-'.repeat(name.length)).join(',')];
  for (const row of rows())
    lines.push(
      [
        row.database < 'Database5' ? 'SQL01' : 'SQL02\\DW',
        row.database,
        row.type,
        new Date(row.finish - 60_000).toISOString().slice(0, 23),
        new Date(row.finish).toISOString().slice(0, 23),
        '0',
        '0',
        '3F2A8C1E-5B7D-4E9A-8F10-2C3D4E5F6A7B',
        '9A8B7C6D-5E4F-4A3B-9C2D-1E0F9A8B7C6D',
        'FULL',
        '1048576',
        `\\\\BK01\\sql\\${row.database}\\${row.finish}.trn`,
      ].join(','),
    );
  lines.push('', `(${ROWS} rows affected)`);
  return lines.join('\n');
}

function measure(work: () => unknown): { ms: number; peakMb: number } {
  const times: number[] = [];
  for (let run = 0; run < 3; run += 1) {
    const start = performance.now();
    work();
    times.push(performance.now() - start);
  }
  gc?.();
  const base = process.memoryUsage().heapUsed;
  const keep = work();
  const peakMb = (process.memoryUsage().heapUsed - base) / 2 ** 20;
  void keep;
  return { ms: [...times].sort((a, b) => a - b)[1]!, peakMb };
}

function importText(file: string, text: string): number {
  const parsed = parseEvidenceText(file, text);
  if (!parsed.ok) throw new Error(parsed.errors[0]?.message);
  return interpretEvidence([parsed.value]).databases.length;
}

/** Rows of the evidence table: workload, ms, heap MB, ratio to its baseline. */
export function benchEvidence(fmt: (n: number, digits?: number) => string): string[][] {
  const json = dbatoolsText();
  const csv = sqlcmdText();
  const jsonBase = measure(() => JSON.parse(json));
  const jsonImport = measure(() => importText('h.json', json));
  const csvBase = measure(() => parse(csv, { relax_column_count: true, skip_empty_lines: true }));
  const csvImport = measure(() => importText('h.csv', csv));
  const row = (
    name: string,
    size: number,
    figures: { ms: number; peakMb: number },
    base?: { ms: number },
  ) => [
    name,
    fmt(size / 2 ** 20, 1),
    fmt(figures.ms),
    fmt(figures.peakMb, 1),
    base ? `${fmt(figures.ms / base.ms, 1)}×` : '1×',
  ];
  return [
    row('JSON.parse (baseline)', json.length, jsonBase),
    row('import dbatools JSON (parse, locate, interpret)', json.length, jsonImport, jsonBase),
    row('csv-parse (baseline)', csv.length, csvBase),
    row('import sqlcmd CSV (parse, locate, interpret)', csv.length, csvImport, csvBase),
  ];
}
