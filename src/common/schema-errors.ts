import type { z } from 'zod';
import { DURATION_EXPECTED } from './duration.js';
import type { InputError } from './errors.js';
import type { NodePath } from './location.js';
import type { ParsedSource } from './source.js';
import { didYouMean } from './suggest.js';

type AnySchema = z.ZodType;

interface SchemaDef {
  type: string;
  shape?: Record<string, AnySchema>;
  element?: AnySchema;
  innerType?: AnySchema;
  in?: AnySchema;
  options?: AnySchema[];
  discriminator?: string;
  values?: unknown[];
}

function defOf(schema: AnySchema): SchemaDef {
  return (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;
}

/** Unwraps optional, nullable, default and pipe wrappers to the schema that gives the shape. */
function unwrap(schema: AnySchema): AnySchema {
  let current = schema;
  for (let guard = 0; guard < 16; guard++) {
    const def = defOf(current);
    if (def.innerType) current = def.innerType;
    else if (def.type === 'pipe' && def.in) current = def.in;
    else break;
  }
  return current;
}

/**
 * The object keys the schema allows at `path` of `value`, following arrays and choosing the
 * branch of a discriminated union by the value's discriminator. Used for did-you-mean
 * suggestions on unknown keys; `undefined` when the schema there is not an object.
 */
export function knownKeysAt(schema: AnySchema, path: NodePath, value: unknown): string[] | undefined {
  let current: AnySchema | undefined = unwrap(schema);
  let node: unknown = value;
  const steps = [...path];
  for (;;) {
    if (!current) return undefined;
    const def = defOf(current);
    if (def.type === 'union' && def.options) {
      const discriminator = def.discriminator;
      const record = node as Record<string, unknown> | null;
      const chosen = def.options.find((option) => {
        const shape = defOf(unwrap(option)).shape;
        if (!shape || !discriminator) return false;
        const literal = defOf(unwrap(shape[discriminator]!)).values;
        return literal?.includes(record?.[discriminator]);
      });
      if (!chosen) return undefined;
      current = unwrap(chosen);
      continue;
    }
    if (steps.length === 0) return def.shape ? Object.keys(def.shape) : undefined;
    const step = steps.shift()!;
    if (def.type === 'array' && def.element && typeof step === 'number') {
      current = unwrap(def.element);
      node = Array.isArray(node) ? node[step] : undefined;
    } else if (def.shape && typeof step === 'string') {
      const next = def.shape[step];
      current = next ? unwrap(next) : undefined;
      node = (node as Record<string, unknown> | null)?.[step];
    } else {
      return undefined;
    }
  }
}

function describeReceived(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string')
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value} ${String(value)}`;
}

function valueAt(root: unknown, path: NodePath): unknown {
  let node = root;
  for (const step of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[step];
  }
  return node;
}

/**
 * Turns zod issues into located input errors with plain-language expectations and, for
 * misspelt keys and enum values, a did-you-mean suggestion.
 */
export function schemaIssuesToErrors(
  issues: readonly z.core.$ZodIssue[],
  source: ParsedSource,
  schema: AnySchema,
): InputError[] {
  const errors: InputError[] = [];
  for (const issue of issues) {
    const path = issue.path.filter((step): step is string | number => typeof step !== 'symbol');
    const received = valueAt(source.value, path);
    switch (issue.code) {
      case 'unrecognized_keys': {
        const known = knownKeysAt(schema, path, source.value) ?? [];
        for (const key of issue.keys) {
          const suggestion = didYouMean(key, known);
          errors.push({
            location: source.locate([...path, key], 'key'),
            path: [...path, key],
            message: `unknown key '${key}'`,
            expected: known.length > 0 ? `one of: ${known.join(', ')}` : undefined,
            suggestion: suggestion ? `did you mean '${suggestion}'?` : undefined,
          });
        }
        break;
      }
      case 'invalid_type': {
        const missing = received === undefined;
        const expected =
          issue.expected === 'object'
            ? 'a mapping'
            : issue.expected === 'array'
              ? 'a list'
              : `a ${issue.expected}`;
        errors.push({
          location: source.locate(path, missing ? 'value' : 'value'),
          path,
          message: missing
            ? `missing required key '${String(path.at(-1))}'`
            : `wrong type: got ${describeReceived(received)}`,
          expected,
        });
        break;
      }
      case 'invalid_value': {
        const values = issue.values.map((value) => String(value));
        const suggestion = typeof received === 'string' ? didYouMean(received, values) : undefined;
        errors.push({
          location: source.locate(path),
          path,
          message:
            received === undefined
              ? `missing required key '${String(path.at(-1))}'`
              : `invalid value ${describeReceived(received)}`,
          expected: `one of: ${values.join(', ')}`,
          suggestion: suggestion ? `did you mean '${suggestion}'?` : undefined,
        });
        break;
      }
      case 'invalid_union': {
        const discriminator = (issue as { discriminator?: string }).discriminator;
        const options = (issue as { options?: unknown[] }).options;
        if (discriminator && options) {
          const values = options.map(String);
          const suggestion = typeof received === 'string' ? didYouMean(received, values) : undefined;
          errors.push({
            location: source.locate(path),
            path,
            message:
              received === undefined
                ? `missing required key '${discriminator}'`
                : `invalid ${discriminator} ${describeReceived(received)}`,
            expected: `one of: ${values.join(', ')}`,
            suggestion: suggestion ? `did you mean '${suggestion}'?` : undefined,
          });
        } else {
          errors.push({ location: source.locate(path), path, message: issue.message });
        }
        break;
      }
      case 'too_big': {
        // The name limits (`name-limits.ts`) say the real limit in their message.
        if (typeof received !== 'string') {
          errors.push({ location: source.locate(path), path, message: issue.message });
          break;
        }
        errors.push({
          location: source.locate(path),
          path,
          message: `${describeReceived(received)} is too long: ${received.length.toLocaleString('en-US')} characters`,
          expected: issue.message,
        });
        break;
      }
      case 'invalid_format':
      case 'custom': {
        errors.push({
          location: source.locate(path),
          path,
          message:
            received === undefined
              ? `missing required key '${String(path.at(-1))}'`
              : issue.message === DURATION_EXPECTED
                ? // Say what the field is, so that the expected syntax reads as its fix.
                  `${describeReceived(received)} is not a duration`
                : `invalid value ${describeReceived(received)}`,
          expected: issue.message,
        });
        break;
      }
      default:
        errors.push({
          location: source.locate(path),
          path,
          message: received === undefined ? `missing required key '${String(path.at(-1))}'` : issue.message,
        });
    }
  }
  return errors;
}
