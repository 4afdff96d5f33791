/**
 * The product's documentation stands alone: a user's clone has the docs, the README, the
 * example scenarios, the sources and the shipped schemas, and nothing else. So none of them
 * may point at the project's private notes (the domain notes, the specification, the shared
 * folder), every citation key has its entry in docs/references.md, and every relative link
 * resolves to a file (and, into references.md, to an entry) that exists.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACTIONS } from '../../src/plan/actions.js';
import { RULES } from '../../src/rules/catalog.js';
import { REPO_ROOT } from '../helpers/cli.js';

/** Every file under `directory` (relative to the repository) whose name passes `keep`. */
function walk(directory: string, keep: (name: string) => boolean): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(join(REPO_ROOT, directory), { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) found.push(...walk(path, keep));
    else if (keep(entry.name)) found.push(path);
  }
  return found.sort();
}

const MARKDOWN = [
  'README.md',
  ...walk('docs', (name) => name.endsWith('.md')),
  ...walk('scenarios', (name) => name === 'README.md'),
];
const SHIPPED = [
  ...MARKDOWN,
  ...walk('src', (name) => name.endsWith('.ts')),
  ...walk('schema', (name) => name.endsWith('.json')),
  ...walk('templates', () => true),
  ...walk('scenarios', (name) => name.endsWith('.yaml')),
];

const read = (path: string): string => readFileSync(join(REPO_ROOT, path), 'utf8');

/** The anchors GitHub gives a page's headings: lower case, punctuation but `-` dropped, spaces as `-`. */
function anchors(text: string): Set<string> {
  const found = new Set<string>();
  for (const match of text.matchAll(/^#{1,6} +(.+?) *$/gm)) {
    found.add(
      (match[1] ?? '')
        .toLowerCase()
        .replace(/[^\p{L}\p{N} _-]/gu, '')
        .replace(/ /g, '-'),
    );
  }
  return found;
}

const REFERENCES = 'docs/references.md';
const referenceAnchors = anchors(read(REFERENCES));

describe('the documentation stands alone', () => {
  it('finds the files it scans', () => {
    expect(MARKDOWN).toContain('docs/references.md');
    expect(MARKDOWN).toContain('docs/rules/README.md');
    expect(MARKDOWN).toContain('scenarios/README.md');
    expect(SHIPPED).toContain('src/rules/catalog.ts');
    expect(SHIPPED).toContain('schema/environment.schema.json');
  });

  it('never points at the project notes a clone does not have', () => {
    const forbidden = [/domain\//, /SPEC §/, /SPEC\.md/, /\.\.\/shared/];
    const hits: string[] = [];
    for (const path of SHIPPED) {
      read(path)
        .split('\n')
        .forEach((line, index) => {
          if (forbidden.some((pattern) => pattern.test(line)))
            hits.push(`${path}:${index + 1}: ${line.trim()}`);
        });
    }
    expect(hits).toEqual([]);
  });

  it('has an entry in docs/references.md for every citation key of the catalog and the action table', () => {
    const keys = new Set([
      ...RULES.flatMap((rule) => rule.citations),
      ...Object.values(ACTIONS).flatMap((action) => action.citations),
    ]);
    expect(keys.size).toBeGreaterThan(20);
    const missing = [...keys].filter((key) => !referenceAnchors.has(key.toLowerCase()));
    expect(missing).toEqual([]);
  });

  it('links every citation key a rule page cites to its entry', () => {
    for (const rule of RULES) {
      const page = read(`docs/rules/${rule.id}.md`);
      for (const key of rule.citations)
        expect(page, `${rule.id} cites ${key}`).toContain(`](../references.md#${key.toLowerCase()})`);
    }
  });

  it('has only relative links that resolve, and anchors into references.md that exist', () => {
    const broken: string[] = [];
    let checked = 0;
    for (const path of MARKDOWN) {
      const text = read(path).replace(/```[\s\S]*?```/g, '');
      for (const match of text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
        const target = match[1] ?? '';
        if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#')) continue;
        checked++;
        const [file = '', anchor] = target.split('#');
        const absolute = resolve(REPO_ROOT, dirname(path), decodeURIComponent(file));
        let exists = false;
        try {
          statSync(absolute);
          exists = true;
        } catch {
          exists = false;
        }
        if (!exists) {
          broken.push(`${path}: ${target} (no such file)`);
          continue;
        }
        if (
          anchor !== undefined &&
          relative(REPO_ROOT, absolute) === REFERENCES &&
          !referenceAnchors.has(anchor)
        )
          broken.push(`${path}: ${target} (no such entry)`);
      }
    }
    expect(broken).toEqual([]);
    // Every rule page links its citations here, so hundreds of links were followed.
    expect(checked).toBeGreaterThan(200);
  });
});
