import { describe, expect, it } from 'vitest';
import { parseBackupCsv } from '../../src/evidence/csv.js';
import { parseDbatoolsJson } from '../../src/evidence/dbatools.js';
import { decodeEvidence, parseEvidenceText } from '../../src/evidence/load.js';
import { readDate, readTimeZone } from '../../src/evidence/values.js';

const HEADER =
  'server_name,database_name,type,backup_start_date,backup_finish_date,time_zone,is_copy_only,database_guid,last_recovery_fork_guid,recovery_model,backup_size,physical_device_name';
const GUID = '3f2a8c1e-5b7d-4e9a-8f10-2c3d4e5f6a7b';
const FORK = '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d';

describe('dbatools JSON', () => {
  it('reads PowerShell 5.1 /Date(ms)/ dates as instants and a single object as one row', () => {
    const text = `{
    "SqlInstance":  "SQL01",
    "ComputerName":  "SQL01",
    "Database":  "ServiceManager",
    "Start":  "\\/Date(1700000000000)\\/",
    "End":  { "value": "\\/Date(1700000600000)\\/", "DisplayHint": 2, "DateTime": "Tuesday" },
    "Type":  "Full",
    "Path":  "\\\\\\\\BK01\\\\sql\\\\sm.bak",
    "IsCopyOnly":  false,
    "LastRecoveryForkGuid":  "${FORK}",
    "RecoveryModel":  "FULL",
    "TotalSize":  { "Byte": 1048576, "Megabyte": 1 }
}`;
    const result = parseDbatoolsJson('h.json', text);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toHaveLength(1);
    const row = result.value[0]!;
    expect(row.startMillis).toBe(1_700_000_000_000);
    expect(row.finishMillis).toBe(1_700_000_600_000);
    expect(row.zone).toEqual({ kind: 'instant' });
    expect(row.devices).toEqual(['\\\\BK01\\sql\\sm.bak']);
    expect(row.sizeBytes).toBe(1_048_576);
    expect(row.recoveryForkGuid).toBe(FORK);
    expect(row.source).toEqual({ file: 'h.json', line: 1, column: 1 });
  });

  it('reads PowerShell 7 ISO dates with their offset, striped paths and the Transaction Log variant', () => {
    const text = JSON.stringify(
      [
        {
          SqlInstance: 'SQL01\\DW',
          Database: 'DWDataMart',
          Start: '2026-11-23T23:00:00+01:00',
          End: '2026-11-23T23:30:00+01:00',
          Type: 'Full',
          Path: ['X:\\a.bak', 'Y:\\b.bak'],
          IsCopyOnly: true,
          TotalSize: 2048,
        },
        {
          SqlInstance: 'SQL01\\DW',
          Database: 'DWDataMart',
          Start: '2026-11-24T00:00:00',
          End: '2026-11-24T00:01:00',
          Type: 'Transaction Log',
          Path: 'X:\\l.trn',
        },
      ],
      null,
      2,
    );
    const result = parseDbatoolsJson('h.json', text);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [full, log] = result.value;
    expect(full!.finishMillis).toBe(Date.UTC(2026, 10, 23, 22, 30));
    expect(full!.zone).toEqual({ kind: 'offset', minutes: 60 });
    expect(full!.computer).toBe('SQL01');
    expect(full!.devices).toEqual(['X:\\a.bak', 'Y:\\b.bak']);
    expect(full!.copyOnly).toBe(true);
    expect(log!.kind).toBe('log');
    expect(log!.zone).toEqual({ kind: 'unknown' });
    expect(log!.source.line).toBe(15);
    expect(log!.source.column).toBe(3);
  });

  it('reports a JSON syntax error at its line and column', () => {
    const result = parseDbatoolsJson('bad.json', '[\n  { "Database": "x",\n    "Type": }\n]');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]!.location).toMatchObject({ file: 'bad.json', line: 3, column: 13 });
    expect(result.errors[0]!.message).toMatch(/^not valid JSON/);
  });

  it('reports a bad date at the property of its row', () => {
    const text =
      '[\n  {\n    "SqlInstance": "S",\n    "Database": "D",\n    "Type": "Log",\n    "Start": "yesterday",\n    "End": "2026-11-24T00:00:00Z"\n  }\n]';
    const result = parseDbatoolsJson('bad.json', text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]!.location).toMatchObject({ line: 6, column: 5 });
    expect(result.errors[0]!.message).toContain('"yesterday" is not a date');
  });

  it('decodes the UTF-16 that PowerShell 5.1 Out-File writes', () => {
    const text =
      '[{"SqlInstance":"S","Database":"D","Type":"Full","Start":"2026-11-24T00:00:00Z","End":"2026-11-24T00:10:00Z","Path":"C:\\\\b.bak"}]';
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const decoded = decodeEvidence(bytes, 'u.json');
    expect(decoded.ok && decoded.value).toBe(text);
  });
});

describe('CSV', () => {
  const row = (fields: string[]) => fields.join(',');
  const base = [
    'SQL01',
    'ServiceManager',
    'D',
    '2026-11-23T22:00:00',
    '2026-11-23T22:40:00',
    '4',
    '0',
    GUID,
    FORK,
    'FULL',
    '123456',
    '\\\\BK01\\sql\\a,b.bak',
  ];

  it('reads sqlcmd -s"," -W output: dashes line, NULL, rows-affected trailer, a comma in the device', () => {
    const dashes = HEADER.split(',')
      .map((name) => '-'.repeat(name.length))
      .join(',');
    const text = [
      HEADER,
      dashes,
      row(base),
      row([...base.slice(0, 5), 'NULL', ...base.slice(6)]),
      '',
      '(2 rows affected)',
      '',
    ].join('\n');
    const result = parseBackupCsv('s.csv', text);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.flavour).toBe('csv-sqlcmd');
    const [first, second] = result.value.records;
    expect(first!.devices).toEqual(['\\\\BK01\\sql\\a,b.bak']);
    // time_zone 4 = UTC+01:00: 22:40 local is 21:40 UTC.
    expect(first!.finishMillis).toBe(Date.UTC(2026, 10, 23, 21, 40));
    expect(first!.source.line).toBe(3);
    expect(second!.zone).toEqual({ kind: 'unknown' });
    expect(second!.finishMillis).toBe(Date.UTC(2026, 10, 23, 22, 40));
  });

  it('reads Export-Csv output with a #TYPE line and DataRow columns', () => {
    const quote = (fields: string[]) => fields.map((field) => `"${field.replaceAll('"', '""')}"`).join(',');
    const text = [
      '#TYPE System.Data.DataRow',
      quote([...HEADER.split(','), 'RowError', 'RowState']),
      quote([...base.slice(0, 5), '127', ...base.slice(6), '', 'Unchanged']),
    ].join('\r\n');
    const result = parseBackupCsv('e.csv', text);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.flavour).toBe('csv-export-csv');
    expect(result.value.records[0]!.devices).toEqual(['\\\\BK01\\sql\\a,b.bak']);
    expect(result.value.records[0]!.zone).toEqual({ kind: 'unknown' });
    expect(result.value.records[0]!.source.line).toBe(3);
  });

  it('reports missing columns at the header line', () => {
    const result = parseBackupCsv('m.csv', '#TYPE x\nserver_name,database_name,type\nA,B,D\n');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]!.location).toMatchObject({ line: 2, column: 1 });
    expect(result.errors[0]!.message).toContain('backup_start_date');
  });

  it('reports a bad date at its row and column', () => {
    const bad = [...base];
    bad[4] = '23/11/2026 22:40';
    const result = parseBackupCsv('d.csv', [HEADER, row(base), row(bad)].join('\n'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]!.location).toMatchObject({ line: 3, column: row(bad).indexOf('23/11') + 1 });
  });

  it('merges the media families of a striped backup set into one record', () => {
    const second = [...base.slice(0, 11), 'Y:\\stripe2.bak'];
    const result = parseEvidenceText('x.csv', [HEADER, row(base), row(second)].join('\n'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.records).toHaveLength(1);
    expect(result.value.records[0]!.devices).toEqual(['\\\\BK01\\sql\\a,b.bak', 'Y:\\stripe2.bak']);
  });
});

describe('field readers', () => {
  it('reads time_zone in 15-minute units, 127 as unknown', () => {
    expect(readTimeZone('4')).toEqual({ kind: 'offset', minutes: 60 });
    expect(readTimeZone('-20')).toEqual({ kind: 'offset', minutes: -300 });
    expect(readTimeZone('127')).toEqual({ kind: 'unknown' });
    expect(readTimeZone('99')).toBeUndefined();
  });
  it('refuses impossible calendar dates', () => {
    expect(readDate('2026-02-30T00:00:00Z')).toBeUndefined();
    expect(readDate('2026-11-23 22:00:00.000', { kind: 'offset', minutes: -300 })?.millis).toBe(
      Date.UTC(2026, 10, 24, 3),
    );
  });
});
