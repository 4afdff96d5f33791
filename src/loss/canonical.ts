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
export const NO_LOSS: Loss = { computers: [], databases: [], sites: [] };

/** What a loss takes, expanded: computers and the databases lost while their hosts survive. */
export interface EffectiveLoss {
  /** The computers lost, sites expanded, in declared spelling and declaration order. */
  readonly computers: string[];
  /** The databases lost on their own (those on a lost computer go with it anyway), declared spelling and order. */
  readonly databases: string[];
}

/**
 * What a loss really takes: the computers (sites expanded, declared spelling, declaration
 * order) and the databases lost on their own (those on a lost computer go with it anyway).
 * This is a pure function.
 */
export function effectiveLoss(environment: Environment, loss: Loss): EffectiveLoss {
  const computers = new Set(loss.computers.map(lower));
  const sites = new Set(loss.sites.map(lower));
  for (const computer of environment.computers)
    if (computer.site !== undefined && sites.has(lower(computer.site))) computers.add(lower(computer.name));
  const lost = environment.computers.filter((computer) => computers.has(lower(computer.name)));
  const databases = new Set(loss.databases.map(lower));
  return {
    computers: lost.map((computer) => computer.name),
    databases: environment.databases
      .filter((database) => databases.has(lower(database.name)) && !computers.has(lower(database.computer)))
      .map((database) => database.name),
  };
}

/**
 * The canonical key of a loss (`computers=sm01+sql01;databases=`): what it takes, not how it
 * is written, so that a site holding one computer and that computer alone have the same key.
 * Two losses are the same disaster exactly when their keys are equal. This is a pure function.
 */
export function canonicalLoss(environment: Environment, loss: Loss): string {
  const effective = effectiveLoss(environment, loss);
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
