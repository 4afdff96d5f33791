/**
 * The canonical form of a loss: what a loss really takes, whatever way it is written. A site
 * that holds one computer and that computer alone are the same disaster; names compare
 * case-insensitively, as SCSM and Windows compare computer and database names.
 */
import type { Environment } from '../environment/types.js';
import type { Loss } from '../models/system.js';

/** Lower-cases a name for comparison. */
export const lower = (name: string): string => name.toLowerCase();

/** Orders names by code unit, so that canonical keys do not depend on the locale. */
export const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A loss with nothing in it, to build from. */
export const NO_LOSS: Loss = Object.freeze({
  computers: Object.freeze([]),
  databases: Object.freeze([]),
  sites: Object.freeze([]),
});

/** What a loss takes, expanded: computers and the databases lost while their hosts survive. */
export interface EffectiveLoss {
  /** The computers lost, sites expanded, in declared spelling and declaration order. */
  readonly computers: readonly string[];
  /** The databases lost on their own (those on a lost computer go with it anyway), declared spelling and order. */
  readonly databases: readonly string[];
}

/** The names of an environment indexed for {@link effectiveLoss}, built once per environment object. */
interface LossIndex {
  /** Declaration index of each computer, by lower-cased name (the first of equal names). */
  readonly computers: ReadonlyMap<string, number>;
  /** Declaration indices of each site's computers, by lower-cased site name. */
  readonly sites: ReadonlyMap<string, readonly number[]>;
  /** Declaration indices of the databases, by lower-cased name. */
  readonly databases: ReadonlyMap<string, readonly number[]>;
}

/** Environments are not changed once loaded, so an index per object stays true. */
const INDEX = new WeakMap<Environment, LossIndex>();

function indexOf(environment: Environment): LossIndex {
  let index = INDEX.get(environment);
  if (index !== undefined) return index;
  const computers = new Map<string, number>();
  const sites = new Map<string, number[]>();
  environment.computers.forEach((computer, position) => {
    const name = lower(computer.name);
    if (!computers.has(name)) computers.set(name, position);
    if (computer.site === undefined) return;
    const site = lower(computer.site);
    sites.set(site, [...(sites.get(site) ?? []), position]);
  });
  const databases = new Map<string, number[]>();
  environment.databases.forEach((database, position) => {
    const name = lower(database.name);
    databases.set(name, [...(databases.get(name) ?? []), position]);
  });
  index = { computers, sites, databases };
  INDEX.set(environment, index);
  return index;
}

/**
 * What a loss really takes: the computers (sites expanded, declared spelling, declaration
 * order) and the databases lost on their own (those on a lost computer go with it anyway).
 * This is a pure function; it indexes the environment's names once per environment object,
 * so that a loss costs what it names, not what the environment declares.
 */
export function effectiveLoss(environment: Environment, loss: Loss): EffectiveLoss {
  const index = indexOf(environment);
  // Every name the loss takes, lower-cased, declared or not (a database's host is compared with them).
  const names = new Set(loss.computers.map(lower));
  const positions = new Set<number>();
  for (const name of names) {
    const position = index.computers.get(name);
    if (position !== undefined) positions.add(position);
  }
  for (const site of loss.sites) {
    for (const position of index.sites.get(lower(site)) ?? []) {
      positions.add(position);
      names.add(lower(environment.computers[position]!.name));
    }
  }
  // Computers of equal names (a load error elsewhere) are all taken, as a filter by name takes them.
  const computers = computerNamesDistinct(environment)
    ? [...positions].sort((a, b) => a - b).map((position) => environment.computers[position]!.name)
    : environment.computers.filter((computer) => names.has(lower(computer.name))).map((c) => c.name);
  const databases = new Set<number>();
  for (const name of loss.databases)
    for (const position of index.databases.get(lower(name)) ?? []) {
      if (!names.has(lower(environment.databases[position]!.computer))) databases.add(position);
    }
  return {
    // The loss's own list when it already is the answer (a loss as the score enumerates it),
    // and no new empty list: a large estate's 31,000 pairs keep these until the report is written.
    computers: sameNames(computers, loss.computers) ? loss.computers : computers,
    databases:
      databases.size === 0
        ? NO_LOSS.databases
        : [...databases].sort((a, b) => a - b).map((position) => environment.databases[position]!.name),
  };
}

/**
 * Whether no two computers of the environment share a name, compared case-insensitively (the
 * loader refuses equal names; an environment built otherwise may have them). This is a pure
 * function; it reads the index {@link effectiveLoss} builds once per environment object.
 */
export function computerNamesDistinct(environment: Environment): boolean {
  return indexOf(environment).computers.size === environment.computers.length;
}

/** Whether two lists hold the same names in the same order. */
function sameNames(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The canonical key of a loss (`computers=sm01+sql01;databases=`): what it takes, not how it
 * is written, so that a site holding one computer and that computer alone have the same key.
 * Two losses are the same disaster exactly when their keys are equal. This is a pure function.
 */
export function canonicalLoss(environment: Environment, loss: Loss): string {
  return canonicalKey(effectiveLoss(environment, loss));
}

/**
 * The canonical key of a loss already expanded by {@link effectiveLoss}: what
 * {@link canonicalLoss} returns for it, for callers that need the expansion anyway. This is a
 * pure function.
 */
export function canonicalKey(effective: EffectiveLoss): string {
  return `computers=${effective.computers.map(lower).sort(byName).join('+')};databases=${effective.databases
    .map(lower)
    .sort(byName)
    .join('+')}`;
}

/**
 * The sites of an environment, grouped case-insensitively, each in the spelling of its first
 * computer, in declaration order. This is a pure function.
 */
export function siteNames(environment: Environment): string[] {
  const sites: string[] = [];
  const seen = new Set<string>();
  for (const computer of environment.computers) {
    // An empty site name is no site, as the score has always treated it.
    if (computer.site === undefined || computer.site === '') continue;
    if (seen.has(lower(computer.site))) continue;
    seen.add(lower(computer.site));
    sites.push(computer.site);
  }
  return sites;
}
