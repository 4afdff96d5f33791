/**
 * The environment's claims beside the evidence: which databases the evidence covers, which it
 * does not mention, which it reports that the environment does not declare, and for each fact
 * of a backup (`full.last`, `full.every`, `differential.every`, `log.every`, `offHost`) whether
 * it is claimed (typed into environment.yaml) or evidenced (read from msdb history).
 */
import type { Database, DatabaseBackup, Environment } from '../environment/types.js';
import { type DatabaseEvidence, type EvidenceSummary, earliestInstant, findEvidence } from './interpret.js';

/** Where a fact the judgement used comes from. */
export type Provenance = 'claimed' | 'evidenced' | 'absent';

/** The facts of one database's backup the rules and the score read, each with its provenance. */
export interface BackupFactsProvenance {
  readonly database: string;
  readonly lastFull: Provenance;
  readonly fullEvery: Provenance;
  readonly differentialEvery: Provenance;
  readonly logEvery: Provenance;
  readonly offHost: Provenance;
}

/** The environment's databases beside the evidence. */
export interface EvidenceComparison {
  /** Declared databases with evidence, in declaration order. */
  readonly matched: readonly { readonly database: Database; readonly evidence: DatabaseEvidence }[];
  /** Declared databases the evidence does not mention, in declaration order. */
  readonly missing: readonly Database[];
  /** Databases in the evidence that the environment does not declare, by name. */
  readonly unmatched: readonly DatabaseEvidence[];
}

/** Pairs declared databases with their evidence. This is a pure function. */
export function compareEvidence(env: Environment, summary: EvidenceSummary): EvidenceComparison {
  const matched: { database: Database; evidence: DatabaseEvidence }[] = [];
  const missing: Database[] = [];
  for (const database of env.databases) {
    const evidence = findEvidence(summary, database.name);
    if (evidence) matched.push({ database, evidence });
    else missing.push(database);
  }
  const declared = new Set(env.databases.map((database) => database.name.toUpperCase()));
  const unmatched = summary.databases.filter((entry) => !declared.has(entry.database.toUpperCase()));
  return { matched, missing, unmatched };
}

/** The backup facts the evidence establishes; a fact it cannot establish is absent. */
export interface EvidencedFacts {
  /** Newest full (not copy-only) of the current fork, epoch ms, when its zone is known. */
  readonly lastFull?: number;
  readonly fullEverySeconds?: number;
  readonly differentialEverySeconds?: number;
  readonly logEverySeconds?: number;
  readonly offHost?: boolean;
}

/**
 * What the evidence establishes about a database's backup. An interval needs two backups of
 * the kind; a last full with an unknown time zone is not stated (it is reported, not guessed);
 * `offHost` needs device names that say it.
 */
export function evidencedFacts(evidence: DatabaseEvidence): EvidencedFacts {
  return {
    ...(evidence.full.newestFinishMillis !== undefined && !evidence.full.zoneUnknown
      ? { lastFull: evidence.full.newestFinishMillis }
      : {}),
    ...(evidence.full.intervalP90Seconds !== undefined
      ? { fullEverySeconds: evidence.full.intervalP90Seconds }
      : {}),
    ...(evidence.differential.intervalP90Seconds !== undefined
      ? { differentialEverySeconds: evidence.differential.intervalP90Seconds }
      : {}),
    ...(evidence.log.intervalP90Seconds !== undefined
      ? { logEverySeconds: evidence.log.intervalP90Seconds }
      : {}),
    ...(evidence.offHost === 'off-host'
      ? { offHost: true }
      : evidence.offHost === 'local-only'
        ? { offHost: false }
        : {}),
  };
}

/** An environment judged on the evidence, and where each backup fact came from. */
export interface EvidencedEnvironment {
  readonly environment: Environment;
  readonly provenance: readonly BackupFactsProvenance[];
  readonly comparison: EvidenceComparison;
}

function provenanceOf(evidenced: boolean, claimed: boolean): Provenance {
  return evidenced ? 'evidenced' : claimed ? 'claimed' : 'absent';
}

/**
 * The environment with each database's backup facts replaced by what the evidence establishes,
 * so that every existing rule, the models and the score judge what happened rather than what
 * was typed. Where the evidence establishes nothing about a fact the claim stays (and its
 * provenance says `claimed`); a database the evidence shows backed up but that declares no
 * `backup` block gets one located at the database. The kinds of backup the evidence shows
 * none of, for a database it covers, are dropped: a claimed log backup that never ran does not
 * protect anything. This is a pure function.
 */
export function applyEvidence(env: Environment, summary: EvidenceSummary): EvidencedEnvironment {
  const comparison = compareEvidence(env, summary);
  const provenance: BackupFactsProvenance[] = [];
  const databases = env.databases.map((database) => {
    const evidence = findEvidence(summary, database.name);
    const claimed = database.backup;
    if (evidence === undefined) {
      provenance.push({
        database: database.name,
        lastFull: provenanceOf(false, claimed?.lastFull !== undefined),
        fullEvery: provenanceOf(false, claimed !== undefined),
        differentialEvery: provenanceOf(false, claimed?.differentialEverySeconds !== undefined),
        logEvery: provenanceOf(false, claimed?.logEverySeconds !== undefined),
        offHost: provenanceOf(false, claimed !== undefined),
      });
      return database;
    }
    const facts = evidencedFacts(evidence);
    provenance.push({
      database: database.name,
      lastFull: provenanceOf(
        evidence.full.count + evidence.copyOnlyFull.count > 0,
        claimed?.lastFull !== undefined,
      ),
      fullEvery: provenanceOf(facts.fullEverySeconds !== undefined, claimed !== undefined),
      differentialEvery:
        evidence.differential.count === 0
          ? 'evidenced'
          : provenanceOf(
              facts.differentialEverySeconds !== undefined,
              claimed?.differentialEverySeconds !== undefined,
            ),
      logEvery:
        evidence.log.count === 0
          ? 'evidenced'
          : provenanceOf(facts.logEverySeconds !== undefined, claimed?.logEverySeconds !== undefined),
      offHost: provenanceOf(facts.offHost !== undefined, claimed !== undefined),
    });
    // A restorable full is a regular one, else a copy-only one (restorable, though no
    // differential can be based on it); none on record means nothing to restore.
    const restorable = evidence.full.count > 0 ? evidence.full : evidence.copyOnlyFull;
    if (restorable.count === 0) {
      const { backup: _dropped, ...withoutBackup } = database;
      return withoutBackup;
    }
    const full =
      facts.fullEverySeconds ?? claimed?.fullEverySeconds ?? restorable.intervalP90Seconds ?? 7 * 86_400;
    const differentialEverySeconds =
      evidence.differential.count === 0
        ? undefined
        : (facts.differentialEverySeconds ?? claimed?.differentialEverySeconds);
    const logEverySeconds =
      evidence.log.count === 0 ? undefined : (facts.logEverySeconds ?? claimed?.logEverySeconds);
    const lastFull = earliestInstant(restorable);
    const offHost = facts.offHost ?? claimed?.offHost ?? false;
    const backup: DatabaseBackup = {
      location: claimed?.location ?? database.location,
      path: claimed?.path ?? [...database.path, 'backup'],
      fullEverySeconds: full,
      ...(lastFull !== undefined ? { lastFull } : {}),
      ...(differentialEverySeconds !== undefined ? { differentialEverySeconds } : {}),
      ...(logEverySeconds !== undefined ? { logEverySeconds } : {}),
      offHost,
      ...(claimed?.target !== undefined ? { target: claimed.target } : {}),
      ...(offHost
        ? claimed?.storedOn !== undefined && claimed.storedOn !== database.computer
          ? { storedOn: claimed.storedOn }
          : {}
        : { storedOn: database.computer }),
      ...(claimed?.permissionsScript !== undefined ? { permissionsScript: claimed.permissionsScript } : {}),
      ...(claimed?.lastRestoreTest !== undefined ? { lastRestoreTest: claimed.lastRestoreTest } : {}),
      rpoSeconds: Math.min(
        full,
        differentialEverySeconds ?? Number.POSITIVE_INFINITY,
        logEverySeconds ?? Number.POSITIVE_INFINITY,
      ),
    };
    return { ...database, backup };
  });
  return { environment: { ...env, databases }, provenance, comparison };
}
