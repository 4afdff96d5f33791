/**
 * The `--lost` arguments of `scsm-dr plan` (README.md): `SM01` (a computer), `site:hq`,
 * `database:ServiceManager`, repeated or comma-separated.
 */
import { didYouMean } from '../common/suggest.js';
import type { Environment } from '../environment/types.js';
import type { Loss } from '../models/system.js';

export type LossArgumentsResult =
  | { readonly ok: true; readonly loss: Loss }
  | { readonly ok: false; readonly errors: readonly string[] };

const KINDS = ['computer', 'site', 'database'] as const;
type Kind = (typeof KINDS)[number];

/**
 * Parses `--lost` values against an environment. Each value may hold several
 * comma-separated entries; an entry is a computer name, `site:NAME`, `database:NAME` (or
 * `computer:NAME`), prefixes and names case-insensitive. Names resolve to their declared
 * spelling; an unknown one is an error with a did-you-mean. Duplicates are dropped, the
 * order of first mention kept. This is a pure function.
 */
export function parseLossArguments(values: readonly string[], env: Environment): LossArgumentsResult {
  const declared: Readonly<Record<Kind, readonly string[]>> = {
    computer: env.computers.map((computer) => computer.name),
    site: [
      ...new Set(env.computers.flatMap((computer) => (computer.site === undefined ? [] : [computer.site]))),
    ],
    database: env.databases.map((database) => database.name),
  };
  const chosen: Record<Kind, string[]> = { computer: [], site: [], database: [] };
  const errors: string[] = [];

  const entries = values.flatMap((value) => value.split(',')).map((entry) => entry.trim());
  if (entries.length === 0 || entries.every((entry) => entry === '')) {
    return { ok: false, errors: ['--lost names nothing; expected a computer, site:NAME or database:NAME'] };
  }
  for (const entry of entries) {
    if (entry === '') continue;
    const colon = entry.indexOf(':');
    const prefix = colon < 0 ? undefined : entry.slice(0, colon).trim().toLowerCase();
    const kind = prefix === undefined ? 'computer' : KINDS.find((candidate) => candidate === prefix);
    if (kind === undefined) {
      const suggestion = didYouMean(prefix ?? '', KINDS);
      errors.push(
        `--lost ${entry}: unknown kind '${prefix}'; expected a computer name, site:NAME or database:NAME${
          suggestion === undefined ? '' : `; did you mean '${suggestion}:'?`
        }`,
      );
      continue;
    }
    const name = colon < 0 ? entry : entry.slice(colon + 1).trim();
    const match = declared[kind].find((candidate) => candidate.toLowerCase() === name.toLowerCase());
    if (match === undefined) {
      const suggestion = didYouMean(name, declared[kind]);
      const known =
        declared[kind].length === 0
          ? `the environment declares no ${kind === 'site' ? 'sites' : `${kind}s`}`
          : suggestion === undefined
            ? `declared: ${declared[kind].join(', ')}`
            : `did you mean '${kind === 'computer' ? '' : `${kind}:`}${suggestion}'?`;
      errors.push(`--lost ${entry}: ${env.file} declares no ${kind} '${name}'; ${known}`);
      continue;
    }
    if (!chosen[kind].includes(match)) chosen[kind].push(match);
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, loss: { computers: chosen.computer, databases: chosen.database, sites: chosen.site } };
}

/**
 * A kebab-case scenario id for a loss (`cvl-sm01-cvl-sql01-lost`, `site-hq-lost`), valid
 * for the plan schema. This is a pure function.
 */
export function lossScenarioId(loss: Loss): string {
  const words = [
    ...loss.computers,
    ...loss.sites.map((site) => `site-${site}`),
    ...loss.databases.map((database) => `database-${database}`),
  ];
  const id = `${words.join('-')}-lost`
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return id === 'lost' || id === '' ? 'synthesised-recovery' : id;
}
