import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { generateSchemas } from '../../src/cli/generate-schemas.js';
import { ACTION_NAMES } from '../../src/plan/actions.js';

const FILES = ['plan.schema.json', 'environment.schema.json', 'config.schema.json'] as const;

async function committed(file: (typeof FILES)[number]): Promise<string> {
  return readFile(new URL(`../../schema/${file}`, import.meta.url), 'utf8');
}

describe('schema/*.schema.json', () => {
  const generated = generateSchemas();

  it('generates exactly the shipped files', () => {
    expect(Object.keys(generated).sort()).toEqual([...FILES].sort());
  });

  it.each(FILES)(
    '%s equals the generated schema byte for byte (run `npm run build && npm run schema`)',
    async (file) => {
      expect(await committed(file)).toBe(generated[file]);
    },
  );

  it('plan.schema.json names every action of the table', async () => {
    const schema = await committed('plan.schema.json');
    for (const name of ACTION_NAMES) expect(schema).toContain(`"const": "${name}"`);
  });

  it('is draft 2020-12 with an $id and a title', () => {
    for (const file of FILES) {
      const schema = JSON.parse(generated[file]!) as Record<string, unknown>;
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(schema.$id).toBe(`urn:scsm-dr:schema:${file.replace('.schema.json', '')}:v1`);
      expect(typeof schema.title).toBe('string');
    }
  });

  it('describes what a user may write: defaulted environment lists are optional', () => {
    const schema = JSON.parse(generated['environment.schema.json']!) as { required: string[] };
    expect(schema.required).not.toContain('sqlInstances');
    expect(schema.required).not.toContain('databases');
  });
});

describe('schema/config.schema.json', () => {
  it('names every rule of the catalog as a key of rules, with the four levels', async () => {
    const { RULE_IDS } = await import('../../src/rules/catalog.js');
    const schema = JSON.parse(generateSchemas()['config.schema.json']!) as {
      properties: {
        rules: { properties: Record<string, { enum: string[] }>; additionalProperties: boolean };
      };
    };
    expect(Object.keys(schema.properties.rules.properties).sort()).toEqual([...RULE_IDS].sort());
    expect(schema.properties.rules.additionalProperties).toBe(false);
    for (const id of RULE_IDS) {
      expect(schema.properties.rules.properties[id]!.enum).toEqual(['off', 'note', 'warning', 'error']);
    }
  });
});
