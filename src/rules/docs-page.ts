import { readFile } from 'node:fs/promises';
import { getRule } from './catalog.js';

/**
 * The folder of the rule pages shipped with the package. `docs/` is in the package's `files`,
 * and this module sits two folders below the package root both as source (`src/rules/`) and
 * compiled (`dist/rules/`), so the pages are found from an installed package as from a
 * checkout, whatever the working directory.
 */
const RULE_DOCS_DIRECTORY = new URL('../../docs/rules/', import.meta.url);

/**
 * The Markdown page of a catalog rule (`docs/rules/<id>.md`), or `undefined` when the rule is
 * unknown or its page is missing from the installation. Only catalog ids are looked up, so an
 * argument can never name another file.
 */
export async function readRulePage(id: string): Promise<string | undefined> {
  const rule = getRule(id);
  if (rule === undefined) return undefined;
  try {
    return await readFile(new URL(`${rule.id}.md`, RULE_DOCS_DIRECTORY), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
