import { realpathSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import { configSchema } from '../config/schema.js';
import { environmentSchema } from '../environment/schema.js';
import { planSchema } from '../plan/schema.js';
import { writeFileAtomic } from './io.js';

/**
 * The schemas' identifiers. A URN names them without promising a network location: editors
 * find the files through the relative path in the `yaml-language-server` comment or through
 * the package's `exports` (`scsm-dr/schema/environment.schema.json`).
 */
const SCHEMA_BASE_URN = 'urn:scsm-dr:schema:';

/** The shipped JSON Schemas: file name under `schema/`, the zod schema, and a title. */
const SCHEMAS = [
  { file: 'environment.schema.json', schema: environmentSchema, title: 'scsm-dr environment description' },
  { file: 'plan.schema.json', schema: planSchema, title: 'scsm-dr recovery plan' },
  { file: 'config.schema.json', schema: configSchema, title: 'scsm-dr config file (scsm-dr.config.yaml)' },
] as const;

/**
 * The JSON Schemas of the input formats, generated from the zod schemas the loaders use, as
 * file name → file content (pretty-printed, trailing newline). A test compares them with the
 * committed files byte for byte, so the shipped schemas cannot drift from the loaders.
 *
 * This is a pure function; `node dist/cli/generate-schemas.js` writes its output to `schema/`.
 */
export function generateSchemas(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const { file, schema, title } of SCHEMAS) {
    // io 'input': the schema describes what a user may write, so fields with a default
    // (environment `sqlInstances`, `databases`) are optional there, as the loader treats them.
    const { $schema, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input' });
    const document = {
      $schema,
      $id: `${SCHEMA_BASE_URN}${file.replace('.schema.json', '')}:v1`,
      title,
      ...rest,
    };
    files[file] = `${JSON.stringify(document, null, 2)}\n`;
  }
  return files;
}

/** Writes every schema to `schema/` at the package root, each file whole or not at all. */
async function main(): Promise<void> {
  // dist/cli/ and src/cli/ are both two levels below the package root.
  const directory = fileURLToPath(new URL('../../schema/', import.meta.url));
  for (const [file, content] of Object.entries(generateSchemas())) {
    await writeFileAtomic(`${directory}${file}`, content);
    process.stderr.write(`wrote schema/${file}\n`);
  }
}

// Only when run as a script (tests import generateSchemas without writing anything). The
// realpath matters when the script is reached through a symlink: import.meta.url never is.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  await main();
}
