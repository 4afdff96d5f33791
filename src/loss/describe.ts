/**
 * A loss in words. Two wordings are user visible and differ, so both live here under clear
 * names rather than one replacing the other (which would change every existing output):
 *
 * - {@link describeLoss} is the score's and `plan`'s wording (`SM01 and SQL01 lost`,
 *   `database ServiceManager corrupt (host intact)`): the disruption descriptions of
 *   `score`/`report` and the titles of synthesised scenarios.
 * - {@link describeLossWithMembers} is the simulator's wording, which names a lost site's
 *   computers (`site hq lost (SM01, SQL01)`): the traces of `simulate` and the messages of
 *   `unrecoverable-scenario`.
 */
import type { Environment } from '../environment/types.js';
import type { Loss } from '../models/system.js';
import { lower } from './canonical.js';

function list(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * A loss in words, for titles and messages: `CVL-SM01 and CVL-SQL01 lost`,
 * `site hq lost`, `database ServiceManager corrupt (host intact)`. This is a pure function.
 */
export function describeLoss(loss: Loss): string {
  const parts: string[] = [];
  if (loss.computers.length > 0) parts.push(`${list(loss.computers)} lost`);
  if (loss.sites.length > 0)
    parts.push(`${loss.sites.length === 1 ? 'site' : 'sites'} ${list(loss.sites)} lost`);
  if (loss.databases.length > 0) {
    parts.push(
      `${loss.databases.length === 1 ? 'database' : 'databases'} ${list(loss.databases)} corrupt (host intact)`,
    );
  }
  return parts.length === 0 ? 'nothing lost' : parts.join('; ');
}

/**
 * A loss in the simulator's words, naming the computers of each lost site: `CVL-SM01 lost`,
 * `site hq lost (A, B)`, `database ServiceManager corrupt`. This is a pure function.
 */
export function describeLossWithMembers(environment: Environment, loss: Loss): string {
  const parts: string[] = [];
  for (const site of loss.sites) {
    const members = environment.computers.filter(
      (c) => c.site !== undefined && lower(c.site) === lower(site),
    );
    parts.push(`site ${site} lost (${members.map((c) => c.name).join(', ')})`);
  }
  if (loss.computers.length > 0) parts.push(`${loss.computers.join(' and ')} lost`);
  for (const database of loss.databases) parts.push(`database ${database} corrupt`);
  return parts.length > 0 ? parts.join('; ') : 'nothing lost';
}
