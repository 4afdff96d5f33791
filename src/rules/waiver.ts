/**
 * Waivers: a finding the administrator has consciously accepted, written in the plan or the
 * environment as a top-level `waivers:` list or as a `# scsm-dr-ignore <rule>: <reason>`
 * comment on the offending node (see docs/waivers.md). This module holds their schema and
 * their loading; `src/check/waivers.ts` matches them against findings.
 */
import { z } from 'zod';
import type { InputError } from '../common/errors.js';
import { dateSchema, parseDate } from '../common/formats.js';
import type { NodePath, SourceLocation } from '../common/location.js';
import type { ParsedSource } from '../common/source.js';
import { didYouMean } from '../common/suggest.js';
import { getRule, RULE_IDS } from './catalog.js';

/** The rules a waiver may not name: waiving the waiver checks would make them meaningless. */
const UNWAIVABLE = new Set(['waiver-expired', 'waiver-unused']);

/** The schema of one entry of a top-level `waivers:` list (the same in plan and environment). */
export const waiverSchema = z
  .strictObject({
    rule: z.string().min(1).describe('The id of the rule whose findings are waived (see `scsm-dr rules`).'),
    target: z
      .string()
      .min(1, { error: 'the target is empty' })
      .describe(
        "What is waived: a computer, database, SQL instance, management group or scenario id, or a plan step as 'scenario-id#N' (N counts from 1). Without a target, every finding of the rule is waived.",
      )
      .optional(),
    reason: z
      .string()
      .trim()
      .min(1, { error: 'a waiver needs a reason' })
      .describe('Why the finding is accepted; shown with every waived finding.'),
    expires: dateSchema
      .describe('The last day the waiver holds; after it the finding counts again (waiver-expired).')
      .optional(),
  })
  .describe('A finding accepted on purpose, with the reason.');

/** The top-level `waivers:` list. */
export const waiversSchema = z
  .array(waiverSchema)
  .describe('Findings accepted on purpose: each is still reported, as waived, and does not fail the gate.');

/** A loaded waiver, from a `waivers:` entry (`external`) or a comment (`inSource`). */
export interface Waiver {
  readonly rule: string;
  readonly target?: string;
  readonly reason: string;
  /** The end of the last day the waiver holds, epoch milliseconds (exclusive). */
  readonly expiresMillis?: number;
  /** The expiry date as written. */
  readonly expires?: string;
  /** `external`: a `waivers:` entry; `inSource`: a `# scsm-dr-ignore` comment on the node. */
  readonly kind: 'external' | 'inSource';
  /** For comments: the line whose findings the comment waives (its own, or the next). */
  readonly lines?: readonly number[];
  readonly location: SourceLocation;
  readonly path: NodePath;
}

/** `# scsm-dr-ignore <rule>: <reason>`, and the forms that are almost it. */
const DIRECTIVE = /^\s*scsm-dr-ignore(?:\s+([^\s:]+))?\s*(?::(.*))?$/;

const DAY_MILLIS = 86_400_000;

/**
 * Loads the waivers of a parsed document: its `waivers:` list (already shape-checked by the
 * file's schema) and its `# scsm-dr-ignore` comments. Unknown rule ids and comments without a
 * reason are input errors, pushed onto `errors`.
 */
export function loadWaivers(raw: unknown, source: ParsedSource, errors: InputError[]): Waiver[] {
  const waivers: Waiver[] = [];
  const entries = Array.isArray(raw) ? (raw as z.infer<typeof waiverSchema>[]) : [];
  entries.forEach((entry, index) => {
    const path: NodePath = ['waivers', index];
    if (!checkRule(entry.rule, [...path, 'rule'], source.locate([...path, 'rule']), errors)) return;
    const millis = entry.expires === undefined ? undefined : parseDate(entry.expires);
    waivers.push({
      rule: entry.rule,
      ...(entry.target !== undefined ? { target: entry.target } : {}),
      reason: entry.reason.trim(),
      ...(entry.expires !== undefined && millis !== undefined
        ? { expires: entry.expires, expiresMillis: endOfDay(millis) }
        : {}),
      kind: 'external',
      location: source.locate(path),
      path,
    });
  });
  // Directives stacked on their own lines all waive the first line of YAML below them.
  const ownLines = new Set(source.directives.filter((c) => c.ownLine).map((c) => c.location.line));
  for (const comment of source.directives) {
    const match = DIRECTIVE.exec(comment.text);
    if (!match) continue;
    const [, rule, reason] = match;
    if (rule === undefined) {
      errors.push({
        location: comment.location,
        path: [],
        message: '`# scsm-dr-ignore` names no rule',
        expected: '`# scsm-dr-ignore <rule-id>: <reason>`',
      });
      continue;
    }
    if (!checkRule(rule, [], comment.location, errors)) continue;
    if (reason === undefined || reason.trim() === '') {
      errors.push({
        location: comment.location,
        path: [],
        message: `the waiver of ${rule} has no reason`,
        expected: `\`# scsm-dr-ignore ${rule}: <why the finding is accepted>\``,
      });
      continue;
    }
    // A comment on its own line waives the node on the next line; at the end of a line, that line.
    let line = comment.location.line;
    if (comment.ownLine)
      do line++;
      while (ownLines.has(line));
    waivers.push({
      rule,
      reason: reason.trim(),
      kind: 'inSource',
      lines: [line],
      location: comment.location,
      path: [],
    });
  }
  return waivers;
}

function checkRule(rule: string, path: NodePath, location: SourceLocation, errors: InputError[]): boolean {
  if (getRule(rule) !== undefined && !UNWAIVABLE.has(rule)) return true;
  const suggestion = didYouMean(
    rule,
    RULE_IDS.filter((id) => !UNWAIVABLE.has(id)),
  );
  errors.push({
    location,
    path,
    message: UNWAIVABLE.has(rule) ? `${rule} cannot be waived` : `unknown rule '${rule}'`,
    expected: 'the id of a rule (`scsm-dr rules` lists them)',
    ...(suggestion && !UNWAIVABLE.has(rule) ? { suggestion: `did you mean '${suggestion}'?` } : {}),
  });
  return false;
}

function endOfDay(millis: number): number {
  return Math.floor(millis / DAY_MILLIS) * DAY_MILLIS + DAY_MILLIS;
}
