/**
 * The one universe of losses: each computer, each database with its host intact, each site,
 * and optionally each pair of computers. `simulate` draws from it ({@link lossUniverse}),
 * `score` and `report` score it ({@link enumerateDisruptions}), and `check`'s `plan-coverage`
 * and the `unrecoverable-scenario` rule judge it, so that the commands agree on what there is
 * to recover.
 */
import type { Environment } from '../environment/types.js';
import type { Loss } from '../models/system.js';
import {
  byName,
  canonicalKey,
  canonicalLoss,
  computerNamesDistinct,
  type EffectiveLoss,
  effectiveLoss,
  lower,
  NO_LOSS,
  siteNames,
} from './canonical.js';
import { describeLoss } from './describe.js';

/** The kinds of loss the simulator draws a disaster from. */
export const LOSS_KINDS = ['computer', 'site', 'database', 'computer-pair'] as const;
export type LossKind = (typeof LOSS_KINDS)[number];

/** A universe entry: one loss, with its kind and canonical key. */
export interface LossCandidate {
  readonly kind: LossKind;
  readonly loss: Loss;
  /** {@link canonicalLoss} of `loss`. */
  readonly canonical: string;
}

/** What {@link lossUniverse} includes. */
export interface LossUniverseOptions {
  /** Also each pair of computers (n(n−1)/2 more losses). Default true, as the simulator draws them. */
  readonly pairs?: boolean;
}

/**
 * Every distinct loss, in shrinking order (simplest first): each single computer, each site,
 * each database alone, then (unless `pairs` is false) each pair of computers, deduplicated by
 * canonical key (a site with one computer is that computer's loss; the first one is kept).
 * Sites are grouped case-insensitively, in the spelling of their first computer. This is a
 * pure function.
 */
export function lossUniverse(environment: Environment, options: LossUniverseOptions = {}): LossCandidate[] {
  const out: LossCandidate[] = [];
  const seen = new Set<string>();
  const add = (kind: LossKind, loss: Loss): void => {
    const canonical = canonicalLoss(environment, loss);
    if (seen.has(canonical)) return;
    seen.add(canonical);
    out.push({ kind, loss, canonical });
  };
  const computers = environment.computers.map((computer) => computer.name);
  for (const computer of computers) add('computer', { ...NO_LOSS, computers: [computer] });
  for (const site of siteNames(environment)) add('site', { ...NO_LOSS, sites: [site] });
  for (const database of environment.databases) add('database', { ...NO_LOSS, databases: [database.name] });
  if (options.pairs !== false)
    for (let i = 0; i < computers.length; i++)
      for (let j = i + 1; j < computers.length; j++)
        add('computer-pair', { ...NO_LOSS, computers: [computers[i]!, computers[j]!] });
  return out;
}

/** The kind of a loss, for statistics. This is a pure function. */
export function lossKind(loss: Loss): LossKind {
  if (loss.sites.length > 0) return 'site';
  if (loss.computers.length > 1) return 'computer-pair';
  if (loss.computers.length === 1) return 'computer';
  return 'database';
}

/**
 * One disruption the score judges: a loss with its stable id and description, and its
 * canonical key (two rows with equal keys are the same disaster; the readiness JSON does not
 * print it, as it lists its fields one by one).
 */
export interface Disruption extends Pick<LossCandidate, 'loss' | 'canonical'> {
  /** A stable id, e.g. `computer:SM01`, `database:ServiceManager`, `site:hq`, `computers:SM01+SQL01`. */
  readonly id: string;
  readonly kind: 'computer' | 'database' | 'site' | 'pair';
  /** {@link describeLoss} of `loss`. */
  readonly description: string;
}

/** What {@link enumerateDisruptions} includes. */
export interface DisruptionOptions {
  /** Also each pair of computers (slower: n(n−1)/2 more disruptions). */
  readonly pairs?: boolean;
}

/** The disruptions of {@link enumerateDisruptions} with what each loss takes, computed once. */
export interface DisruptionUniverse {
  readonly disruptions: Disruption[];
  /** {@link effectiveLoss} of each disruption's loss, in the order of `disruptions`. */
  readonly effective: readonly EffectiveLoss[];
}

/**
 * Every disruption the score judges, in the score's order: each computer, each database with
 * its host intact, each site, and with `pairs` each pair of computers. Unlike
 * {@link lossUniverse} the rows are not deduplicated, because the score has always scored a
 * site holding one computer as a row of its own and its totals must not change; sites are
 * grouped case-insensitively, in the spelling of their first computer. This is a pure function.
 */
export function enumerateDisruptions(env: Environment, options: DisruptionOptions = {}): Disruption[] {
  return disruptionUniverse(env, options).disruptions;
}

/**
 * {@link enumerateDisruptions} with each loss's {@link effectiveLoss}: the canonical key is
 * computed from it, and the score reads it again for what the loss stops and which databases
 * it restores, so that a row of a large estate expands its loss once rather than three times.
 * This is a pure function.
 */
export function disruptionUniverse(env: Environment, options: DisruptionOptions = {}): DisruptionUniverse {
  const disruptions: Disruption[] = [];
  const effective: EffectiveLoss[] = [];
  const add = (id: string, kind: Disruption['kind'], loss: Loss): void => {
    const takes = effectiveLoss(env, loss);
    effective.push(takes);
    disruptions.push({ id, kind, loss, description: describeLoss(loss), canonical: canonicalKey(takes) });
  };
  for (const computer of env.computers)
    add(`computer:${computer.name}`, 'computer', { ...NO_LOSS, computers: [computer.name] });
  for (const database of env.databases)
    add(`database:${database.name}`, 'database', { ...NO_LOSS, databases: [database.name] });
  for (const site of siteNames(env)) add(`site:${site}`, 'site', { ...NO_LOSS, sites: [site] });
  if (options.pairs === true) {
    if (computerNamesDistinct(env)) addPairs(env, disruptions, effective);
    else
      env.computers.forEach((first, index) => {
        for (const second of env.computers.slice(index + 1)) {
          add(`computers:${first.name}+${second.name}`, 'pair', {
            ...NO_LOSS,
            computers: [first.name, second.name],
          });
        }
      });
  }
  return { disruptions, effective };
}

/**
 * The pairs of {@link disruptionUniverse} when no two computers share a name (as in every
 * environment the loader accepts), written out directly: a pair of two declared computers, in
 * declaration order, takes exactly those two and no database on its own, so its expansion is
 * the loss itself and its key and description follow from the two names. This is what
 * `effectiveLoss`, `canonicalKey` and `describeLoss` give for it
 * (`test/loss/universe.test.ts` compares them on every pair), without their sets and sorts on
 * the n(n−1)/2 pairs of a large estate.
 */
function addPairs(env: Environment, disruptions: Disruption[], effective: EffectiveLoss[]): void {
  const names = env.computers.map((computer) => computer.name);
  const lowered = names.map(lower);
  for (let i = 0; i < names.length; i++) {
    const first = names[i]!;
    const firstKey = lowered[i]!;
    for (let j = i + 1; j < names.length; j++) {
      const second = names[j]!;
      const secondKey = lowered[j]!;
      const loss: Loss = { computers: [first, second], databases: NO_LOSS.databases, sites: NO_LOSS.sites };
      effective.push({ computers: loss.computers, databases: NO_LOSS.databases });
      disruptions.push({
        id: `computers:${first}+${second}`,
        kind: 'pair',
        loss,
        description: `${first} and ${second} lost`,
        canonical:
          byName(firstKey, secondKey) <= 0
            ? `computers=${firstKey}+${secondKey};databases=`
            : `computers=${secondKey}+${firstKey};databases=`,
      });
    }
  }
}

/**
 * How many disruptions {@link enumerateDisruptions} gives, without enumerating them: each
 * computer, each database, each site, and with `pairs` n(n−1)/2 pairs. What `score` and
 * `report` check their memory against before they start. This is a pure function.
 */
export function disruptionCount(env: Environment, options: DisruptionOptions = {}): number {
  const computers = env.computers.length;
  const pairs = options.pairs === true ? (computers * (computers - 1)) / 2 : 0;
  return computers + env.databases.length + siteNames(env).length + pairs;
}
