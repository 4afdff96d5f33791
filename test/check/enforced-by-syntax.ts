/**
 * The notation of the rule catalog's `enforcedBy` strings (see the header of
 * `src/rules/catalog.ts`): clauses separated by `; ` (outside parentheses and braces), each
 *
 * - `machine: source --event--> target`, where `source` is a dotted state path or a set
 *   `{a, b.c}` of them, and `target` a dotted state path or `(no change; violation on the transition)`;
 * - `system: verdict` or `system: step`, optionally followed by ` (explanation)`;
 * - `check: explanation`.
 */

export const NO_CHANGE = '(no change; violation on the transition)';

export type EnforcedByClause =
  | {
      readonly kind: 'machine';
      readonly machine: string;
      readonly sources: readonly string[];
      readonly event: string;
      /** The dotted path of the state entered; `undefined` for a targetless transition. */
      readonly target: string | undefined;
    }
  | { readonly kind: 'system'; readonly part: 'verdict' | 'step'; readonly note?: string }
  | { readonly kind: 'check'; readonly note: string };

/** Splits at `;` outside parentheses and braces; every clause is trimmed. */
export function splitClauses(text: string): string[] {
  const clauses: string[] = [];
  let depth = 0;
  let start = 0;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char === '(' || char === '{') depth++;
    else if (char === ')' || char === '}') depth--;
    else if (char === ';' && depth === 0) {
      clauses.push(text.slice(start, index).trim());
      start = index + 1;
    }
  }
  clauses.push(text.slice(start).trim());
  return clauses;
}

const STATE_PATH = '[a-z][A-Za-z]*(?:\\.[a-z][A-Za-z]*)*';
const MACHINE_CLAUSE = new RegExp(
  `^([a-z][A-Za-z]*): (${STATE_PATH}|\\{${STATE_PATH}(?:, ${STATE_PATH})*\\}) --([a-z][a-z-]*)--> (${STATE_PATH}|${NO_CHANGE.replace(/[()]/g, '\\$&')})$`,
);
const SYSTEM_CLAUSE = /^system: (verdict|step)(?: \((.+)\))?$/;
const CHECK_CLAUSE = /^check: (\S.*)$/;

/** Parses one clause; `undefined` when it does not follow the notation. */
export function parseClause(clause: string): EnforcedByClause | undefined {
  const machine = MACHINE_CLAUSE.exec(clause);
  if (machine) {
    const [, name, source, event, target] = machine as unknown as [string, string, string, string, string];
    const sources = source.startsWith('{') ? source.slice(1, -1).split(', ') : [source];
    return {
      kind: 'machine',
      machine: name,
      sources,
      event,
      target: target === NO_CHANGE ? undefined : target,
    };
  }
  const system = SYSTEM_CLAUSE.exec(clause);
  if (system) {
    const part = system[1] as 'verdict' | 'step';
    return system[2] === undefined ? { kind: 'system', part } : { kind: 'system', part, note: system[2] };
  }
  const check = CHECK_CLAUSE.exec(clause);
  if (check) return { kind: 'check', note: check[1]! };
  return undefined;
}

/** Parses a whole `enforcedBy` string; throws on a clause that does not follow the notation. */
export function parseEnforcedBy(text: string): EnforcedByClause[] {
  return splitClauses(text).map((clause) => {
    const parsed = parseClause(clause);
    if (parsed === undefined) throw new Error(`not an enforcedBy clause: '${clause}'`);
    return parsed;
  });
}
