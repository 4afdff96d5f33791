/**
 * Deviations: actions the team takes that the plan does not list, typed as
 * `x <action> key=value …` (any action of docs/plan.md). They are checked against the action table
 * (`ACTIONS`) the way the plan loader checks a step: unknown actions and parameters come back
 * with a did-you-mean, missing parameters are named, and names are resolved to the
 * environment's spelling. Whether the action is *wise* is for the models to say once it is
 * applied; this module only makes sure it means something.
 */
import { didYouMean } from '../common/suggest.js';
import type { Environment } from '../environment/types.js';
import { instanceKey, type SystemState } from '../models/system.js';
import { ACTION_NAMES, ACTIONS, type ActionName, isActionName, type ParameterKind } from '../plan/actions.js';

/** A deviation that passed the checks. */
export interface DeviationInput {
  readonly action: ActionName;
  readonly params: Readonly<Record<string, string>>;
  readonly note?: string;
  readonly owner?: string;
}

/** A checked deviation, or why it was refused (shown to the team; nothing is recorded). */
export type DeviationParse =
  | { readonly ok: true; readonly value: DeviationInput }
  | { readonly ok: false; readonly message: string };

/** Fields any deviation may carry besides its action's parameters (not passed to the models). */
const EXTRA_FIELDS = ['note', 'owner'] as const;

/**
 * Splits a line into words: whitespace separates, `"…"` and `'…'` group (and are removed), so
 * `description="Called the vendor"` is one word. Backslashes are literal: Windows paths and
 * instance ids (`CVL-DWSQL01\DW`) are common here. This is a pure function.
 */
export function splitWords(text: string): { ok: true; words: string[] } | { ok: false; message: string } {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (const character of text) {
    if (quote !== undefined) {
      if (character === quote) quote = undefined;
      else current += character;
    } else if (character === '"' || character === "'") {
      quote = character;
      inWord = true;
    } else if (/\s/.test(character)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += character;
      inWord = true;
    }
  }
  if (quote !== undefined) return { ok: false, message: `unterminated ${quote} quote` };
  if (inWord) words.push(current);
  return { ok: true, words };
}

/** The names a deviation may refer to: the environment's, and what steps created since. */
export class NameResolver {
  constructor(
    private readonly environment: Environment,
    private readonly model: SystemState,
  ) {}

  /** Component names of one prefix (`computer`, `instance`, `ms`, `dw`) the model state holds. */
  private modelNames(prefix: string): string[] {
    return Object.keys(this.model.components)
      .filter((id) => id.startsWith(`${prefix}:`))
      .map((id) => id.slice(prefix.length + 1));
  }

  private declared(kind: ParameterKind): string[] {
    const env = this.environment;
    switch (kind) {
      case 'computer':
        return [...env.computers.map((c) => c.name), ...this.modelNames('computer')];
      case 'instance':
        return [...env.sqlInstances.map((i) => i.id), ...this.modelNames('instance')];
      case 'database':
        return env.databases.map((d) => d.name);
      case 'management-server':
        return [
          ...env.managementServers.map((s) => s.computer),
          ...this.modelNames('ms'),
          ...this.modelNames('dw'),
        ];
      case 'service-manager-group':
        return env.managementGroups.filter((g) => g.type === 'service-manager').map((g) => g.name);
      case 'data-warehouse-group':
        return env.managementGroups.filter((g) => g.type === 'data-warehouse').map((g) => g.name);
      default:
        return [];
    }
  }

  /**
   * The declared spelling of a name, or why it names nothing. A brand-new computer may be
   * provisioned, and SQL Server may be installed on a computer that exists: both are legal
   * (whether they are wise is the models' business, `same-computer-name`, `same-sql-instance`).
   */
  resolve(
    kind: ParameterKind,
    value: string,
    action: ActionName,
  ): { ok: true; value: string } | { ok: false; message: string } {
    const candidates = this.declared(kind);
    if (candidates.length === 0 && kind !== 'computer' && kind !== 'instance') return { ok: true, value };
    const keyOf = kind === 'instance' ? instanceKey : (name: string) => name.toLowerCase();
    const match = candidates.find((candidate) => keyOf(candidate) === keyOf(value));
    if (match !== undefined) return { ok: true, value: match };
    if (kind === 'computer' && action === 'provision-computer') return { ok: true, value };
    if (kind === 'instance' && action === 'install-sql-server') {
      const slash = value.indexOf('\\');
      const host = slash < 0 ? value : value.slice(0, slash);
      const computer = this.declared('computer').find((c) => c.toLowerCase() === host.toLowerCase());
      if (computer !== undefined)
        return { ok: true, value: slash < 0 ? computer : `${computer}${value.slice(slash)}` };
    }
    const suggestion = didYouMean(value, candidates);
    const words = kind.replace(/-/g, ' ');
    return {
      ok: false,
      message: `unknown ${words} '${value}'${suggestion === undefined ? '' : `; did you mean '${suggestion}'?`}`,
    };
  }
}

/**
 * Parses and checks the text after `x `: an action, then its parameters as `key=value`. A
 * bare word before any `key=` fills the action's next parameter (`x stop-services CVL-SM02`);
 * bare words after a text parameter continue it (`x manual description=Called the vendor`).
 * This is a pure function.
 */
export function parseDeviation(text: string, names: NameResolver): DeviationParse {
  const split = splitWords(text);
  if (!split.ok) return { ok: false, message: split.message };
  const [actionWord, ...rest] = split.words;
  if (actionWord === undefined)
    return {
      ok: false,
      message: 'x needs an action: x <action> key=value … (for example x stop-services computer=SM02)',
    };
  if (!isActionName(actionWord)) {
    const suggestion = didYouMean(actionWord, ACTION_NAMES);
    return {
      ok: false,
      message:
        suggestion === undefined
          ? `unknown action '${actionWord}'; the actions are ${ACTION_NAMES.join(', ')}`
          : `unknown action '${actionWord}'; did you mean '${suggestion}'?`,
    };
  }
  const spec = ACTIONS[actionWord];
  const parameterNames = spec.parameters.map((parameter) => parameter.name);
  const allowed = [...parameterNames, ...EXTRA_FIELDS];
  const values = new Map<string, string>();
  // Free text may hold spaces without quotes; names never do, so a bare word after one is the next value.
  const continues = (field: string): boolean => {
    const kind = spec.parameters.find((parameter) => parameter.name === field)?.refersTo;
    return kind === 'text' || field === 'note' || field === 'owner';
  };
  let last: string | undefined;
  for (const word of rest) {
    const equals = word.indexOf('=');
    if (equals <= 0) {
      if (last !== undefined && continues(last)) {
        values.set(last, `${values.get(last)} ${word}`);
        continue;
      }
      const next = parameterNames.find((name) => !values.has(name));
      if (next === undefined)
        return {
          ok: false,
          message: `'${word}' is not key=value, and ${actionWord} has no parameter left for it (it takes ${parameterNames.join(', ')})`,
        };
      values.set(next, word);
      last = next;
      continue;
    }
    const key = word.slice(0, equals);
    const value = word.slice(equals + 1);
    const known = allowed.find((name) => name.toLowerCase() === key.toLowerCase());
    if (known === undefined) {
      const suggestion = didYouMean(key, allowed);
      return {
        ok: false,
        message: `${actionWord} has no parameter '${key}'${
          suggestion === undefined ? '' : `; did you mean '${suggestion}'?`
        } (it takes ${parameterNames.join(', ') || 'none'}; any action may carry note, owner)`,
      };
    }
    if (values.has(known)) return { ok: false, message: `${known} is given twice` };
    if (value === '') return { ok: false, message: `${known} is empty` };
    values.set(known, value);
    last = known;
  }
  const params: Record<string, string> = {};
  for (const parameter of spec.parameters) {
    const value = values.get(parameter.name);
    if (value === undefined) continue;
    if (parameter.values !== undefined && !parameter.values.includes(value)) {
      const suggestion = didYouMean(value, parameter.values);
      return {
        ok: false,
        message: `${parameter.name} must be ${parameter.values.join(' or ')}, not '${value}'${
          suggestion === undefined ? '' : `; did you mean '${suggestion}'?`
        }`,
      };
    }
    const kind = parameter.refersTo;
    if (kind === 'role' || kind === 'url' || kind === 'text') {
      params[parameter.name] = value;
      continue;
    }
    const resolved = names.resolve(kind, value, actionWord);
    if (!resolved.ok) return { ok: false, message: `${parameter.name}: ${resolved.message}` };
    params[parameter.name] = resolved.value;
  }
  const missing = spec.parameters.filter((parameter) => parameter.required && !values.has(parameter.name));
  if (missing.length > 0) {
    // Name every missing parameter at once: `x <action>` alone is how the team asks what an action needs.
    const needs = missing.map((parameter) =>
      parameter.values === undefined
        ? `${parameter.name}=… (${parameter.description})`
        : `${parameter.name}=${parameter.values.join('|')} (${parameter.description})`,
    );
    return { ok: false, message: `${actionWord} needs ${needs.join('; ')}` };
  }
  const note = values.get('note');
  const owner = values.get('owner');
  return {
    ok: true,
    value: {
      action: actionWord,
      params,
      ...(note === undefined ? {} : { note }),
      ...(owner === undefined ? {} : { owner }),
    },
  };
}
