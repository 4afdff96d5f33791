#!/usr/bin/env node
/**
 * Generates the backup-history evidence of the bundled four-computer-ha scenario
 * (scenarios/four-computer-ha/evidence/), as the four exports an administrator would bring:
 *
 * - cvl-sql01.json: dbatools on PowerShell 7 (ISO dates with the offset of CVL-SQL01, which
 *   runs in UTC+01:00; TotalSize as a size object), ServiceManager plus the system databases;
 *   one striped full backup (two files), and the nightly full, 6-hourly differential and
 *   15-minute log backups;
 * - cvl-dwsql01-dw.json: dbatools on PowerShell 5.1 (`\/Date(ms)\/`, two spaces after each colon,
 *   TotalSize as bytes), DWStagingAndConfig (written to a local drive only), DWRepository and
 *   DWDataMart (weekly full, daily differential, one copy-only full taken before an upgrade);
 * - cvl-dwsql01-dw-omdw.csv: the collector query through Invoke-Sqlcmd | Export-Csv on
 *   PowerShell 5.1 (`#TYPE` line, DataRow columns), OMDWDataMart, dropped and recreated on
 *   2026-11-10 (new database_guid and recovery fork);
 * - cvl-dwsql01-dw-reportserver.csv: the collector query through sqlcmd -s"," -W, ReportServer,
 *   whose rows carry time_zone 127 (unknown), in the FULL recovery model with no log backups.
 *
 * Deterministic: a fixed seed, no clock. Run `node test/evidence/generate-fixtures.mjs` to
 * rewrite the files; test/evidence/fixtures.test.ts proves the committed files are its output.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const OUT = join(dirname(fileURLToPath(import.meta.url)), '../../scenarios/four-computer-ha/evidence');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** The month of history: 2026-10-24 to the scenario's asOf, 2026-11-24. */
const FIRST_DAY = Date.UTC(2026, 9, 24);
const LAST_DAY = Date.UTC(2026, 10, 23);
const AS_OF = Date.UTC(2026, 10, 24);

function mulberry32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
const random = mulberry32(20261124);
const jitter = (maxMinutes) => Math.floor(random() * maxMinutes * MINUTE);
const guid = () => {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
};

let backupSetId = 48_000;

/**
 * The backups of one database: `fullAt(day)` says whether a full runs that night, and when.
 * Times are UTC instants; each export writes them in its own notation.
 */
function history(spec) {
  const sets = [];
  const push = (kind, finish, minutes, extra = {}) =>
    sets.push({
      id: backupSetId++,
      kind,
      start: finish - minutes * MINUTE,
      finish,
      copyOnly: false,
      databaseGuid: spec.databaseGuid,
      fork: spec.fork,
      size: Math.round(
        spec.sizeBytes *
          (kind === 'full' ? 1 : kind === 'differential' ? 0.12 : 0.004) *
          (0.9 + random() * 0.2),
      ),
      ...extra,
    });
  for (let day = spec.from ?? FIRST_DAY; day <= LAST_DAY; day += DAY) {
    const weekday = new Date(day).getUTCDay();
    if (spec.fullEvery === 'weekly' ? weekday === 0 : true) {
      push('full', day + spec.fullAt + jitter(12), spec.fullMinutes);
    } else if (spec.differentialEvery === 'daily') {
      push('differential', day + spec.fullAt + jitter(8), 20);
    }
    if (spec.differentialEvery === 6) {
      for (const hour of [4, 10, 16]) push('differential', day + hour * HOUR + jitter(5), 6);
    }
    if (spec.logMinutes) {
      for (let at = day; at < day + DAY && at < AS_OF; at += spec.logMinutes * MINUTE) {
        push('log', at + 30_000 + jitter(1), 1);
      }
    }
  }
  return sets.sort((a, b) => a.finish - b.finish);
}

function database(name, spec) {
  return { name, ...spec, databaseGuid: spec.databaseGuid ?? guid(), fork: spec.fork ?? guid() };
}

const GB = 1024 ** 3;

// ---------------------------------------------------------------------------------------
// CVL-SQL01: dbatools on PowerShell 7, server in UTC+01:00.
const serviceManager = database('ServiceManager', {
  sizeBytes: 60 * GB,
  fullAt: 22 * HOUR,
  fullMinutes: 38,
  differentialEvery: 6,
  logMinutes: 15,
});
const smSets = history(serviceManager);
// The night of 2026-11-14 the full was striped over two files to fit the share's quota.
const striped = smSets.find((set) => set.kind === 'full' && set.finish > Date.UTC(2026, 10, 14, 12));
const systemDatabases = ['master', 'model', 'msdb'].map((name) =>
  database(name, { sizeBytes: 0.05 * GB, fullAt: 21 * HOUR, fullMinutes: 1 }),
);

function ps7Date(millis, offsetMinutes) {
  const local = new Date(millis + offsetMinutes * MINUTE).toISOString().slice(0, 23);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${local}0000${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

const TYPE_NAME = { full: 'Full', differential: 'Differential', log: 'Log' };
const EXTENSION = { full: 'bak', differential: 'dif', log: 'trn' };

function stamp(millis) {
  const iso = new Date(millis).toISOString();
  return `${iso.slice(0, 10).replaceAll('-', '')}_${iso.slice(11, 19).replaceAll(':', '')}`;
}

/**
 * One row of `Get-DbaDbBackupHistory … | Select-Object <the properties of docs/import.md>`, in
 * that order: the properties scsm-dr reads, which keeps a month of 15-minute logs small.
 */
function dbatoolsRow(server, db, set, { date, size, paths }) {
  const [computer, instance = 'MSSQLSERVER'] = server.split('\\');
  return {
    SqlInstance: server,
    ComputerName: computer,
    InstanceName: instance,
    Database: db.name,
    Start: date(set.start),
    End: date(set.finish),
    Type: TYPE_NAME[set.kind],
    Path: paths.length === 1 ? paths[0] : paths,
    IsCopyOnly: set.copyOnly,
    LastRecoveryForkGuid: db.fork,
    RecoveryModel: db.recoveryModel ?? 'Full',
    TotalSize: size(set.size),
  };
}

/** dbatools' DbaSize as ConvertTo-Json writes it. */
const dbaSize = (bytes) => ({
  Byte: bytes,
  Kilobyte: Math.round((bytes / 1024) * 100) / 100,
  Megabyte: Math.round((bytes / 1024 ** 2) * 100) / 100,
  Gigabyte: Math.round((bytes / 1024 ** 3) * 100) / 100,
  Terabyte: Math.round((bytes / 1024 ** 4) * 100) / 100,
  Digits: 2,
  Style: 0,
});

const sql01Rows = [];
for (const db of systemDatabases) {
  for (const set of history(db))
    sql01Rows.push(
      dbatoolsRow('CVL-SQL01', db, set, {
        date: (millis) => ps7Date(millis, 60),
        size: dbaSize,
        paths: [
          `\\\\CVL-BK01\\SQL$\\CVL-SQL01\\${db.name}\\FULL\\CVL-SQL01_${db.name}_FULL_${stamp(set.finish)}.bak`,
        ],
      }),
    );
}
for (const set of smSets) {
  const base = `\\\\CVL-BK01\\SQL$\\CVL-SQL01\\ServiceManager\\${set.kind.toUpperCase()}\\CVL-SQL01_ServiceManager_${set.kind.toUpperCase()}_${stamp(set.finish)}`;
  const paths =
    set === striped
      ? [`${base}_1.${EXTENSION[set.kind]}`, `${base}_2.${EXTENSION[set.kind]}`]
      : [`${base}.${EXTENSION[set.kind]}`];
  sql01Rows.push(
    dbatoolsRow('CVL-SQL01', serviceManager, set, {
      date: (millis) => ps7Date(millis, 60),
      size: dbaSize,
      paths,
    }),
  );
}

// ---------------------------------------------------------------------------------------
// CVL-DWSQL01\DW: dbatools on PowerShell 5.1 for the three DW databases.
const staging = database('DWStagingAndConfig', {
  sizeBytes: 25 * GB,
  fullAt: 23 * HOUR + 30 * MINUTE,
  fullMinutes: 14,
  logMinutes: 30,
});
const repository = database('DWRepository', {
  sizeBytes: 120 * GB,
  fullAt: 23 * HOUR + 40 * MINUTE,
  fullMinutes: 52,
  logMinutes: 30,
});
const datamart = database('DWDataMart', {
  sizeBytes: 320 * GB,
  fullAt: 2 * HOUR,
  fullMinutes: 95,
  fullEvery: 'weekly',
  differentialEvery: 'daily',
  logMinutes: 30,
});
const datamartSets = history(datamart);
// A copy-only full before the CU upgrade of 2026-11-18: it must not count as the chain's full.
datamartSets.push({
  id: backupSetId++,
  kind: 'full',
  start: Date.UTC(2026, 10, 18, 9, 0),
  finish: Date.UTC(2026, 10, 18, 10, 41),
  copyOnly: true,
  databaseGuid: datamart.databaseGuid,
  fork: datamart.fork,
  size: 318 * GB,
});
datamartSets.sort((a, b) => a.finish - b.finish);

const ps51 = (millis) => `@@DATE(${millis})@@`;
const dwRows = [];
for (const [db, sets, where] of [
  [staging, history(staging), 'E:\\SQLBackup'],
  [repository, history(repository), '\\\\CVL-BK01\\SQL$\\CVL-DWSQL01$DW'],
  [datamart, datamartSets, '\\\\CVL-BK01\\SQL$\\CVL-DWSQL01$DW'],
]) {
  for (const set of sets) {
    const kind = set.copyOnly ? 'COPY_ONLY' : set.kind.toUpperCase();
    const file = `${where}\\${db.name}\\${kind}\\CVL-DWSQL01$DW_${db.name}_${kind}_${stamp(set.finish)}.${EXTENSION[set.kind]}`;
    dwRows.push(
      dbatoolsRow('CVL-DWSQL01\\DW', db, set, { date: ps51, size: (bytes) => bytes, paths: [file] }),
    );
  }
}

/** ConvertTo-Json on Windows PowerShell 5.1: four-space indent, two spaces after the colon. */
function ps51Json(rows) {
  return JSON.stringify(rows, null, 4)
    .replace(/^(\s*"[^"]+"):\s/gm, '$1:  ')
    .replace(/"@@DATE\((\d+)\)@@"/g, '"\\/Date($1)\\/"')
    .replaceAll('\n', '\r\n');
}

// ---------------------------------------------------------------------------------------
// OMDWDataMart through Export-Csv (PowerShell 5.1): recreated on 2026-11-10.
const omdwOld = database('OMDWDataMart', {
  sizeBytes: 90 * GB,
  fullAt: 4 * HOUR,
  fullMinutes: 31,
  fullEvery: 'weekly',
  differentialEvery: 'daily',
  logMinutes: 60,
});
const omdwNew = database('OMDWDataMart', {
  ...omdwOld,
  databaseGuid: undefined,
  fork: undefined,
  from: Date.UTC(2026, 10, 10),
});
const omdwSets = [
  ...history({ ...omdwOld })
    .filter((set) => set.finish < Date.UTC(2026, 10, 9, 12))
    .map((set) => ({ set, db: omdwOld })),
  ...history(omdwNew).map((set) => ({ set, db: omdwNew })),
];
// The recreated database got its first full straight away, on the evening of 2026-11-10.
omdwSets.push({
  db: omdwNew,
  set: {
    id: backupSetId++,
    kind: 'full',
    start: Date.UTC(2026, 10, 10, 17, 2),
    finish: Date.UTC(2026, 10, 10, 17, 20),
    copyOnly: false,
    databaseGuid: omdwNew.databaseGuid,
    fork: omdwNew.fork,
    size: 2 * GB,
  },
});
omdwSets.sort((a, b) => a.set.finish - b.set.finish);

const COLUMNS = [
  'server_name',
  'database_name',
  'type',
  'backup_start_date',
  'backup_finish_date',
  'time_zone',
  'is_copy_only',
  'database_guid',
  'last_recovery_fork_guid',
  'recovery_model',
  'backup_size',
  'physical_device_name',
];
const TYPE_LETTER = { full: 'D', differential: 'I', log: 'L' };
/** style 126 of local time, as the collector query writes it. */
const local126 = (millis, offsetMinutes) =>
  new Date(millis + offsetMinutes * MINUTE).toISOString().slice(0, 23);

function collectorRow(server, db, set, timeZone, device) {
  const offset = timeZone === 127 ? 0 : timeZone * 15;
  return [
    server,
    db.name,
    TYPE_LETTER[set.kind],
    local126(set.start, offset),
    local126(set.finish, offset),
    String(timeZone),
    set.copyOnly ? '1' : '0',
    db.databaseGuid.toUpperCase(),
    db.fork.toUpperCase(),
    db.recoveryModel ?? 'FULL',
    String(set.size),
    device,
  ];
}

const quote = (fields) => fields.map((field) => `"${field.replaceAll('"', '""')}"`).join(',');
const omdwCsv = [
  '#TYPE System.Data.DataRow',
  quote([...COLUMNS, 'RowError', 'RowState', 'Table', 'ItemArray', 'HasErrors']),
  ...omdwSets.map(({ db, set }) =>
    quote([
      ...collectorRow(
        'CVL-DWSQL01\\DW',
        db,
        set,
        0,
        `\\\\CVL-BK01\\SQL$\\CVL-DWSQL01$DW\\OMDWDataMart\\${set.kind.toUpperCase()}\\OMDWDataMart_${stamp(set.finish)}.${EXTENSION[set.kind]}`,
      ),
      '',
      'Unchanged',
      'System.Data.DataTable',
      'System.Object[]',
      'False',
    ]),
  ),
].join('\r\n');

// ---------------------------------------------------------------------------------------
// ReportServer through sqlcmd -s"," -W: time_zone 127, FULL recovery, no log backups.
const reportServer = database('ReportServer', {
  sizeBytes: 4 * GB,
  fullAt: 23 * HOUR + 50 * MINUTE,
  fullMinutes: 3,
});
const reportRows = history(reportServer).map((set) =>
  collectorRow(
    'CVL-DWSQL01\\DW',
    reportServer,
    set,
    127,
    `\\\\CVL-BK01\\SQL$\\CVL-DWSQL01$DW\\ReportServer\\FULL\\ReportServer_${stamp(set.finish)}.bak`,
  ),
);
const reportCsv = [
  COLUMNS.join(','),
  COLUMNS.map((name) => '-'.repeat(name.length)).join(','),
  ...reportRows.map((row) => row.join(',')),
  '',
  `(${reportRows.length} rows affected)`,
  '',
].join('\r\n');

mkdirSync(OUT, { recursive: true });
writeFileSync(join(OUT, 'cvl-sql01.json'), `${JSON.stringify(sql01Rows, null, 2)}\n`);
writeFileSync(join(OUT, 'cvl-dwsql01-dw.json'), `${ps51Json(dwRows)}\r\n`);
writeFileSync(join(OUT, 'cvl-dwsql01-dw-omdw.csv'), `${omdwCsv}\r\n`);
writeFileSync(join(OUT, 'cvl-dwsql01-dw-reportserver.csv'), reportCsv);
