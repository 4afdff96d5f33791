/**
 * The words of `scsm-dr import backups`: per database, what environment.yaml claims beside what
 * the msdb history shows, the databases the evidence leaves out or adds, and the diff. Every
 * string from an input file passes through {@link printable} before it reaches the terminal.
 */
import { formatDuration } from '../common/duration.js';
import type { FactComparison, ImportProposal, KeptReason } from '../evidence/proposal.js';
import { printable } from './reporters/shared.js';

/** Colour functions, identity when colour is off. */
export interface Paint {
  readonly bold: (text: string) => string;
  readonly dim: (text: string) => string;
  readonly red: (text: string) => string;
  readonly green: (text: string) => string;
  readonly yellow: (text: string) => string;
}

function instant(millis: number, zoneUnknown = false): string {
  const iso = new Date(millis).toISOString();
  return zoneUnknown
    ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} (server local time, zone unknown)`
    : `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

function value(fact: FactComparison, which: 'claimed' | 'evidenced', zoneUnknown: boolean): string {
  const raw = fact[which];
  if (raw === undefined) return which === 'claimed' ? 'not stated' : 'nothing on record';
  if (typeof raw === 'boolean') return String(raw);
  if (fact.fact === 'full.last') return instant(raw, which === 'evidenced' && zoneUnknown);
  return which === 'evidenced' ? `${formatDuration(raw)} (90th percentile gap)` : formatDuration(raw);
}

const KEPT: Readonly<Record<KeptReason, string>> = {
  'zone-unknown': 'not written: the time zone of the server is unknown',
  'no-backup-block': 'not written: the database declares no backup block',
  'within-tolerance': 'agrees',
  'not-on-record': 'the history does not establish it',
};

/** The terminal text of an import: the comparison, then the unified diff (or that nothing changes). */
export function renderImportText(
  proposal: ImportProposal,
  diff: string,
  options: { readonly written: boolean; readonly file: string },
  c: Paint,
): string {
  const lines: string[] = [];
  for (const { database, evidence, facts } of proposal.databases) {
    const zoneUnknown = evidence.full.zoneUnknown;
    lines.push(
      c.bold(`${printable(database.name)} on ${printable(database.instance)}`) +
        c.dim(
          `  evidence: ${evidence.full.count} full, ${evidence.differential.count} differential, ${evidence.log.count} log backups from ${evidence.servers.map(printable).join(', ')}` +
            (evidence.recoveryModel ? `; recovery model ${evidence.recoveryModel}` : ''),
        ),
    );
    const notes: string[] = [];
    if (evidence.copyOnlyFull.count > 0)
      notes.push(`${evidence.copyOnlyFull.count} copy-only full not counted`);
    if (evidence.supersededRows > 0)
      notes.push(
        `${evidence.supersededRows} rows of an earlier database or recovery fork of this name ignored`,
      );
    if (evidence.discardedRows > 0) notes.push(`${evidence.discardedRows} backups written to NUL ignored`);
    if (evidence.zoneUnknown) notes.push('some times are server local time of an unknown zone');
    if (evidence.recoveryModel === 'FULL' && evidence.log.count === 0)
      notes.push(c.red('FULL recovery model but no log backup on record'));
    if (notes.length > 0) lines.push(`  ${c.yellow('note')} ${notes.join('; ')}`);
    for (const fact of facts) {
      const verdict = fact.edit
        ? c.yellow(`→ ${String(fact.edit.value)}`)
        : fact.kept === 'within-tolerance'
          ? c.green(KEPT[fact.kept])
          : c.dim(KEPT[fact.kept ?? 'not-on-record']);
      lines.push(
        `  ${fact.fact.padEnd(19)} claimed ${value(fact, 'claimed', zoneUnknown).padEnd(24)}  evidenced ${value(fact, 'evidenced', zoneUnknown)}  ${verdict}`,
      );
    }
    lines.push('');
  }
  for (const database of proposal.missing) {
    lines.push(
      `${c.bold(printable(database.name))} on ${printable(database.instance)}  ${c.red('not in the evidence')}: its backup facts stay claimed, not evidenced`,
    );
  }
  for (const evidence of proposal.unmatched) {
    lines.push(
      `${c.bold(printable(evidence.database))} on ${evidence.servers.map(printable).join(', ')}  ${c.dim('in the evidence, not declared in the environment')}`,
    );
  }
  if (proposal.missing.length > 0 || proposal.unmatched.length > 0) lines.push('');
  if (diff === '') lines.push(`${printable(options.file)}: nothing to change`);
  else {
    for (const line of diff.trimEnd().split('\n')) {
      const safe = printable(line);
      lines.push(
        line.startsWith('+') && !line.startsWith('+++')
          ? c.green(safe)
          : line.startsWith('-') && !line.startsWith('---')
            ? c.red(safe)
            : safe,
      );
    }
    lines.push('');
    lines.push(
      options.written
        ? `wrote ${printable(options.file)}`
        : c.dim(`nothing written; run again with --write to apply this to ${printable(options.file)}`),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The JSON of an import (documented in docs/import.md). */
export function renderImportJson(proposal: ImportProposal, diff: string, written: boolean): string {
  return `${JSON.stringify(
    {
      databases: proposal.databases.map(({ database, evidence, facts }) => ({
        name: database.name,
        instance: database.instance,
        evidence,
        facts: facts.map((fact) => ({
          fact: fact.fact,
          ...(fact.claimed !== undefined ? { claimed: fact.claimed } : {}),
          ...(fact.evidenced !== undefined ? { evidenced: fact.evidenced } : {}),
          ...(fact.edit ? { write: fact.edit.value } : { kept: fact.kept }),
        })),
      })),
      notInEvidence: proposal.missing.map((database) => ({
        name: database.name,
        instance: database.instance,
      })),
      notInEnvironment: proposal.unmatched.map((evidence) => ({
        name: evidence.database,
        servers: evidence.servers,
      })),
      diff,
      written,
    },
    null,
    2,
  )}\n`;
}
