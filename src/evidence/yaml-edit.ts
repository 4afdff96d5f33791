/**
 * Edits an environment file in place, byte for byte outside the values it changes.
 *
 * The `yaml` Document API finds the nodes (`parseDocument`, `getIn` with their source ranges),
 * and the new values are spliced into the original text at those ranges. `String(doc)` is not
 * used to write: it re-flows long flow mappings and normalizes the spacing before comments,
 * which would rewrite lines the import never meant to touch (test/evidence/yaml-edit.test.ts
 * shows both).
 */
import { isMap, isScalar, parseDocument, type Scalar, type YAMLMap } from 'yaml';

/** One value to set: a path of keys and indices, and a plain scalar. */
export interface YamlEdit {
  readonly path: readonly (string | number)[];
  readonly value: string | boolean;
}

interface Splice {
  readonly offset: number;
  readonly remove: number;
  readonly insert: string;
  readonly order: number;
}

function render(value: string | boolean, like?: Scalar): string {
  const text = String(value);
  if (like?.type === 'QUOTE_SINGLE') return `'${text.replaceAll("'", "''")}'`;
  if (like?.type === 'QUOTE_DOUBLE') return JSON.stringify(text);
  return text;
}

/** `{ every: 15m }` for the part of a path that does not exist yet. */
function renderNested(keys: readonly (string | number)[], value: string | boolean): string {
  if (keys.length === 0) return render(value);
  return `{ ${String(keys[0])}: ${renderNested(keys.slice(1), value)} }`;
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/**
 * Applies the edits to `text` and returns the new text. An edit whose nearest existing parent
 * is not a mapping is refused (an error naming the path), since inserting into a sequence or
 * replacing a collection could change more than the value.
 */
export function applyYamlEdits(text: string, edits: readonly YamlEdit[]): string {
  const doc = parseDocument(text, { keepSourceTokens: false });
  const splices: Splice[] = [];
  edits.forEach((edit, order) => {
    const node = doc.getIn(edit.path, true);
    if (isScalar(node) && node.range) {
      const [start, end] = node.range;
      splices.push({ offset: start, remove: end - start, insert: render(edit.value, node), order });
      return;
    }
    if (node !== undefined) throw new Error(`applyYamlEdits: ${edit.path.join('.')} is not a scalar`);
    let depth = edit.path.length - 1;
    let parent: unknown = doc.getIn(edit.path.slice(0, depth), true);
    while (parent === undefined && depth > 0) {
      depth -= 1;
      parent = doc.getIn(edit.path.slice(0, depth), true);
    }
    if (!isMap(parent) || !parent.range)
      throw new Error(`applyYamlEdits: no mapping to add ${edit.path.join('.')} to`);
    const key = edit.path[depth]!;
    const value = renderNested(edit.path.slice(depth + 1), edit.value);
    const map = parent as YAMLMap;
    if (map.flow) {
      const close = text.lastIndexOf('}', map.range![1]);
      let at = close;
      while (at > 0 && /\s/.test(text[at - 1]!)) at -= 1;
      const separator = map.items.length > 0 ? ', ' : ' ';
      splices.push({ offset: at, remove: 0, insert: `${separator}${String(key)}: ${value}`, order });
      return;
    }
    const first = map.items[0]?.key;
    const last = map.items[map.items.length - 1];
    const firstStart = isScalar(first) && first.range ? first.range[0] : map.range![0];
    const indent = text.slice(lineStartOf(text, firstStart), firstStart).replace(/\S/g, ' ');
    const lastEnd =
      last?.value && typeof last.value === 'object' && 'range' in last.value && last.value.range
        ? (last.value.range as [number, number, number])[1]
        : map.range![1];
    const lineEnd = text.indexOf('\n', Math.max(lastEnd - 1, 0));
    const at = lineEnd === -1 ? text.length : lineEnd;
    splices.push({ offset: at, remove: 0, insert: `\n${indent}${String(key)}: ${value}`, order });
  });
  splices.sort((a, b) => b.offset - a.offset || b.order - a.order);
  let out = text;
  for (const splice of splices)
    out = out.slice(0, splice.offset) + splice.insert + out.slice(splice.offset + splice.remove);
  return out;
}
