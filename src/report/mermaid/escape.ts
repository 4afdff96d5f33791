import { createHash } from 'node:crypto';

/**
 * Escaping of untrusted text for Mermaid source.
 *
 * Every string that reaches a diagram from an input file (names, sites, URLs, UNC paths,
 * titles, notes, descriptions, rule messages) is untrusted. Mermaid has no general escape
 * syntax, but before it parses a diagram it rewrites every `#name;` / `#123;` sequence to a
 * private placeholder (`encodeEntities`) and turns those back into HTML entities in the
 * rendered SVG (`decodeEntities`). A character written as a decimal entity code therefore
 * never reaches Mermaid's lexers as itself, and it reaches the browser as an HTML character
 * reference, which is always text, never markup. Hexadecimal codes (`#x23;`) are NOT
 * supported: Mermaid turns them into `&x23;`, which browsers show literally.
 *
 * The escaper is an allow-list: letters, digits, combining marks, the space and a handful of
 * punctuation marks that no diagram grammar gives a meaning inside a quoted flowchart label, a
 * sequence participant name or message, or a gantt task name pass through; everything else
 * becomes a decimal entity code. That covers the characters that end a label or statement
 * (`"`, `]`, `}`, `|`, `;`, `:`, `,`, `@`, newlines), start a comment or a directive (`%`, `#`),
 * switch to Markdown strings or math (backticks, `$`), form HTML (`<`, `>`, `&`), and `ﬂ`
 * (U+FB02), the first character of Mermaid's own placeholder, so untrusted text cannot forge one.
 */

/** Characters kept as written: everything else in a label is entity-encoded. */
const KEEP = /^[\p{L}\p{N}\p{M} _.\-/\\'()+=?!]$/u;

/**
 * Characters Mermaid uses to build its entity placeholders (`ﬂ°°35¶ß`). `ﬂ` is a letter for
 * Unicode, so the allow-list alone would keep it; it is encoded so that no untrusted text can
 * contain the start of a placeholder in the source.
 *
 * That is not enough for the picture: Mermaid also runs its placeholder decoder over the
 * finished SVG, where our `#64258;#176;#176;60#182;ß` has already become the literal characters
 * `ﬂ°°60¶ß`, and would show them as `<`. (Harmless, since the decoder only ever produces
 * character references, but wrong.) A zero-width non-joiner after `ﬂ` and `¶` breaks every
 * such sequence without changing what a reader sees.
 */
const PLACEHOLDER_CHARACTERS = new Set(['\uFB02', '\u00B0', '\u00B6']);
const PLACEHOLDER_BREAKERS = new Set(['\uFB02', '\u00B6']);
const ZERO_WIDTH_NON_JOINER = '#8204;';

/** Line and paragraph breaks, tabs and other controls: all become one plain space. */
const BREAKS = /[\p{Cc}\p{Zl}\p{Zp}\u0085]/u;

/**
 * Escapes untrusted text for use inside a Mermaid label (without the surrounding quotes).
 * The result contains only letters, digits, marks, spaces, `_ . - / \ ' ( ) + = ? !` and
 * decimal entity codes (`#35;`), so it cannot end a label, start a statement, a comment, a
 * directive (`%%{init}%%`), a Markdown string or an HTML tag, in any diagram type. Line breaks
 * and other control characters become spaces. This is a pure function.
 */
export function mermaidText(text: string): string {
  let out = '';
  for (const character of text) {
    if (BREAKS.test(character)) out += ' ';
    else if (KEEP.test(character) && !PLACEHOLDER_CHARACTERS.has(character)) out += character;
    else {
      out += `#${character.codePointAt(0)};`;
      if (PLACEHOLDER_BREAKERS.has(character)) out += ZERO_WIDTH_NON_JOINER;
    }
  }
  return out;
}

/**
 * A quoted Mermaid label for untrusted text: `"…"` around {@link mermaidText}. Use it wherever a
 * flowchart accepts a string (`id["…"]`, `subgraph id["…"]`, `-->|"…"|`). An empty text becomes
 * a single space, because some shapes refuse an empty string. This is a pure function.
 */
export function mermaidLabel(text: string): string {
  const body = mermaidText(text);
  return `"${body === '' ? ' ' : body}"`;
}

/**
 * A quoted multi-line flowchart label: each line escaped on its own and joined with `<br/>`,
 * which Mermaid renders as a line break. The `<br/>` is written here, never taken from input.
 * This is a pure function.
 */
export function mermaidLines(lines: readonly string[]): string {
  const body = lines
    .map(mermaidText)
    .filter((line) => line.trim() !== '')
    .join('<br/>');
  return `"${body === '' ? ' ' : body}"`;
}

const PREFIX = /^[A-Za-z][A-Za-z0-9]*$/;
/** Characters of a sanitised name kept in its id, so ids of long hostile names stay short. */
const MAX_READABLE = 24;
/** Names that can be used as written: no leading, trailing or doubled underscores. */
const PLAIN_NAME = /^[A-Za-z0-9]+(?:_[A-Za-z0-9]+)*$/;

/** Eight hexadecimal digits of SHA-256: short, stable across runs and platforms. */
function shortHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 8);
}

/**
 * A Mermaid node id for a named component: only `[A-Za-z0-9_]`, deterministic, and distinct
 * for distinct names. `prefix` names the kind of component (`c` for computers, `db` for
 * databases…) and must be letters and digits only, so the first `_` always ends it and ids of
 * different kinds never meet. A name made of letters and digits separated by single
 * underscores is kept as written (`c_SM01`); any other name is sanitised and gets a `__` and
 * eight hex digits of its SHA-256 (`i_SQL01_DW__3f2a9c1b`). Kept names never contain `__`, so
 * the two forms cannot collide; two sanitised names could only meet through a hash collision,
 * which {@link MermaidIds} turns into distinct ids anyway. This is a pure function.
 */
export function mermaidId(prefix: string, name: string): string {
  if (!PREFIX.test(prefix)) throw new Error(`invalid Mermaid id prefix '${prefix}'`);
  if (PLAIN_NAME.test(name)) return `${prefix}_${name}`;
  // The readable part is only a hint for people reading the source; the hash makes the id.
  const sanitized = name
    .replace(/[^A-Za-z0-9]+/g, '_')
    .slice(0, MAX_READABLE)
    .replace(/^_+|_+$/g, '');
  return `${prefix}_${sanitized === '' ? 'x' : sanitized}__${shortHash(name)}`;
}

/**
 * The ids of one diagram. It hands out {@link mermaidId} for each (kind, name) pair and
 * guarantees that two different pairs never share an id within the diagram, even when
 * crafted names collide on the short hash: a later pair gets a numeric suffix. Ids depend
 * only on the order of first use, so a builder that walks its input in order is
 * deterministic.
 */
export class MermaidIds {
  private readonly byKey = new Map<string, string>();
  private readonly used = new Set<string>();

  /**
   * The id of `name` among components of kind `prefix`; the same pair always gets the same id.
   * `key` distinguishes components that share a name (a computer hosting servers of two
   * management groups): the id is still built from `name`, and the second one gets a suffix.
   */
  id(prefix: string, name: string, key: string = name): string {
    const mapKey = `${prefix}\u0000${key}`;
    const known = this.byKey.get(mapKey);
    if (known !== undefined) return known;
    const base = mermaidId(prefix, name);
    let candidate = base;
    for (let counter = 2; this.used.has(candidate); counter++) candidate = `${base}__${counter}`;
    this.byKey.set(mapKey, candidate);
    this.used.add(candidate);
    return candidate;
  }
}

/**
 * Fixed CSS class definitions for flowcharts. Class names and styles are constants of this
 * module, never built from input: Mermaid's `classDef` and `style` lines take raw CSS. The
 * lines have no trailing `;`, because Mermaid would otherwise read `#c00;` as an entity code.
 */
export const FLOWCHART_CLASSES = {
  workflow: 'fill:#d8f0dc,stroke:#2e7d32,color:#000',
  additional: 'fill:#e3ecfa,stroke:#1f5fbf,color:#000',
  dataWarehouse: 'fill:#efe3f7,stroke:#7b3fa0,color:#000',
  reporting: 'fill:#f3ecfa,stroke:#7b3fa0,color:#000,stroke-dasharray:3 3',
  database: 'fill:#fff6d6,stroke:#b08600,color:#000',
  backup: 'fill:#f4f4f4,stroke:#666,color:#000,stroke-dasharray:4 3',
  missing: 'fill:#fde2e1,stroke:#c62828,color:#000,stroke-dasharray:4 3',
  group: 'fill:#fff,stroke:#333,color:#000,stroke-width:2px',
  step: 'fill:#fff,stroke:#555,color:#000',
  failed: 'fill:#fde2e1,stroke:#c62828,color:#000,stroke-width:3px',
  lost: 'fill:#fde2e1,stroke:#c62828,color:#000',
  recovered: 'fill:#d8f0dc,stroke:#2e7d32,color:#000,stroke-width:2px',
  notRecovered: 'fill:#c62828,stroke:#7f0000,color:#fff,stroke-width:2px',
} as const;

/** The name of a fixed flowchart class. */
export type FlowchartClass = keyof typeof FLOWCHART_CLASSES;

/** Every fixed class name, so tests can check that no other class reaches a diagram. */
export const FLOWCHART_CLASS_NAMES: readonly FlowchartClass[] = Object.keys(
  FLOWCHART_CLASSES,
) as FlowchartClass[];

/**
 * The `classDef` and `class` lines for the classes a flowchart used, in a fixed order. Ids
 * must come from {@link mermaidId}; class names come from {@link FLOWCHART_CLASSES}.
 */
export function flowchartClassLines(
  assignments: ReadonlyMap<FlowchartClass, readonly string[]>,
  indent = '  ',
): string[] {
  const lines: string[] = [];
  for (const name of FLOWCHART_CLASS_NAMES) {
    const ids = assignments.get(name);
    if (!ids || ids.length === 0) continue;
    lines.push(`${indent}classDef ${name} ${FLOWCHART_CLASSES[name]}`);
    lines.push(`${indent}class ${ids.join(',')} ${name}`);
  }
  return lines;
}
