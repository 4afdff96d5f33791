/**
 * What `scsm-dr import backups` proposes to change in environment.yaml: per declared database,
 * each backup fact the evidence establishes and that differs from the claim, as a YAML edit.
 * Data only; the command prints it and the report words it.
 */
import type { Database, Environment } from '../environment/types.js';
import { compareEvidence, evidencedFacts } from './compare.js';
import type { DatabaseEvidence, EvidenceSummary } from './interpret.js';
import type { YamlEdit } from './yaml-edit.js';

/** The backup facts the import can write. */
export type BackupFact = 'full.last' | 'full.every' | 'differential.every' | 'log.every' | 'offHost';

/** Why a fact is left as it is although the evidence says something about it. */
export type KeptReason = 'zone-unknown' | 'no-backup-block' | 'within-tolerance' | 'not-on-record';

/** One fact of one database: the claim, the evidence, and what the import does with it. */
export interface FactComparison {
  readonly fact: BackupFact;
  /** The value as environment.yaml states it, in its own notation (epoch ms, seconds, boolean). */
  readonly claimed?: number | boolean;
  readonly evidenced?: number | boolean;
  /** The edit the import proposes, when it proposes one. */
  readonly edit?: YamlEdit;
  readonly kept?: KeptReason;
}

/** One declared database with evidence. */
export interface DatabaseProposal {
  readonly database: Database;
  readonly evidence: DatabaseEvidence;
  readonly facts: readonly FactComparison[];
}

/** The whole import: per database, and what the evidence leaves out or adds. */
export interface ImportProposal {
  readonly databases: readonly DatabaseProposal[];
  readonly missing: readonly Database[];
  readonly unmatched: readonly DatabaseEvidence[];
  readonly edits: readonly YamlEdit[];
}

/**
 * An interval differing from the claim by less than this share is left alone: the observed
 * percentile moves by minutes from one export to the next, and the file should not churn.
 */
export const INTERVAL_TOLERANCE = 0.1;

/** A last full within this many milliseconds of the claim is left alone. */
export const LAST_FULL_TOLERANCE_MS = 60_000;

/** Seconds as a duration environment.yaml reads: `7d`, `24h12m`, `15m`, `45s`. */
export function yamlDuration(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))}s`;
  const minutes = Math.round(seconds / 60);
  if (minutes % 1440 === 0) return `${minutes / 1440}d`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return `${hours > 0 ? `${hours}h` : ''}${rest > 0 ? `${rest}m` : ''}`;
}

/** An instant as environment.yaml writes it: `2026-11-23T22:41:07Z`. */
export function yamlInstant(millis: number): string {
  return `${new Date(millis).toISOString().slice(0, 19)}Z`;
}

function intervalFact(
  fact: BackupFact,
  path: readonly (string | number)[],
  claimed: number | undefined,
  evidenced: number | undefined,
  hasBlock: boolean,
): FactComparison {
  const base = {
    fact,
    ...(claimed !== undefined ? { claimed } : {}),
    ...(evidenced !== undefined ? { evidenced } : {}),
  };
  if (evidenced === undefined) return { ...base, kept: 'not-on-record' };
  if (!hasBlock) return { ...base, kept: 'no-backup-block' };
  if (claimed !== undefined && Math.abs(evidenced - claimed) <= INTERVAL_TOLERANCE * claimed)
    return { ...base, kept: 'within-tolerance' };
  return { ...base, edit: { path, value: yamlDuration(evidenced) } };
}

function proposeFor(database: Database, evidence: DatabaseEvidence): DatabaseProposal {
  const facts = evidencedFacts(evidence);
  const backup = database.backup;
  const hasBlock = backup !== undefined;
  const path = [...database.path, 'backup'];
  const list: FactComparison[] = [];

  const lastFullBase = {
    fact: 'full.last' as const,
    ...(backup?.lastFull !== undefined ? { claimed: backup.lastFull } : {}),
    ...(evidence.full.newestFinishMillis !== undefined
      ? { evidenced: evidence.full.newestFinishMillis }
      : {}),
  };
  if (evidence.full.newestFinishMillis === undefined) list.push({ ...lastFullBase, kept: 'not-on-record' });
  else if (facts.lastFull === undefined) list.push({ ...lastFullBase, kept: 'zone-unknown' });
  else if (!hasBlock) list.push({ ...lastFullBase, kept: 'no-backup-block' });
  else if (
    backup.lastFull !== undefined &&
    Math.abs(backup.lastFull - facts.lastFull) <= LAST_FULL_TOLERANCE_MS
  )
    list.push({ ...lastFullBase, kept: 'within-tolerance' });
  else
    list.push({
      ...lastFullBase,
      edit: { path: [...path, 'full', 'last'], value: yamlInstant(facts.lastFull) },
    });

  list.push(
    intervalFact(
      'full.every',
      [...path, 'full', 'every'],
      backup?.fullEverySeconds,
      facts.fullEverySeconds,
      hasBlock,
    ),
  );
  list.push(
    intervalFact(
      'differential.every',
      [...path, 'differential', 'every'],
      backup?.differentialEverySeconds,
      facts.differentialEverySeconds,
      hasBlock,
    ),
  );
  list.push(
    intervalFact(
      'log.every',
      [...path, 'log', 'every'],
      backup?.logEverySeconds,
      facts.logEverySeconds,
      hasBlock,
    ),
  );

  const offHostBase = {
    fact: 'offHost' as const,
    ...(backup ? { claimed: backup.offHost } : {}),
    ...(facts.offHost !== undefined ? { evidenced: facts.offHost } : {}),
  };
  if (facts.offHost === undefined) list.push({ ...offHostBase, kept: 'not-on-record' });
  else if (!hasBlock) list.push({ ...offHostBase, kept: 'no-backup-block' });
  else if (backup.offHost === facts.offHost) list.push({ ...offHostBase, kept: 'within-tolerance' });
  else list.push({ ...offHostBase, edit: { path: [...path, 'offHost'], value: facts.offHost } });

  return { database, evidence, facts: list };
}

/** Compares every declared database with the evidence and proposes the edits. This is a pure function. */
export function proposeImport(env: Environment, summary: EvidenceSummary): ImportProposal {
  const comparison = compareEvidence(env, summary);
  const databases = comparison.matched.map(({ database, evidence }) => proposeFor(database, evidence));
  return {
    databases,
    missing: comparison.missing,
    unmatched: comparison.unmatched,
    edits: databases.flatMap((entry) => entry.facts.flatMap((fact) => (fact.edit ? [fact.edit] : []))),
  };
}
