import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatInputError } from '../../src/common/errors.js';
import { INPUT_LIMITS } from '../../src/common/source.js';
import { loadEnvironmentText } from '../../src/environment/load.js';
import { PRODUCTS } from '../../src/environment/schema.js';

const DOC = readFileSync(new URL('../../docs/environment.md', import.meta.url), 'utf8');

/** The fenced YAML blocks of the page, in order. */
const yamlBlocks = [...DOC.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1]!);

describe('docs/environment.md', () => {
  it('has a complete example that loads without errors', () => {
    const example = yamlBlocks.at(-1)!;
    const result = loadEnvironmentText(example, 'docs/environment.md');
    if (!result.ok) throw new Error(result.errors.map(formatInputError).join('\n'));
    const environment = result.value;
    expect(environment.sqlInstances.map((instance) => instance.id)).toEqual(['SQL01', 'DWSQL01\\DW']);
    // The example's claims about where backups are kept hold.
    const backups = new Map(environment.databases.map((database) => [database.name, database.backup]));
    expect(backups.get('ServiceManager')).toMatchObject({ offHost: true, storedOn: 'BACKUP01' });
    expect(backups.get('ReportServer')).toMatchObject({ offHost: true, permissionsScript: false });
    expect(backups.get('ReportServer')).not.toHaveProperty('storedOn');
  });

  it('lists every product', () => {
    for (const product of PRODUCTS) expect(DOC).toContain(`\`${product}\``);
  });

  it('states the hostile-input limits of the loader', () => {
    expect(DOC).toContain(
      `(${INPUT_LIMITS.maxFileBytes.toLocaleString('en-US').replaceAll(',', ' ')} bytes)`,
    );
    expect(DOC).toContain(`| ${INPUT_LIMITS.maxDepth} levels |`);
    expect(DOC).toContain(`| ${INPUT_LIMITS.maxIndent} columns |`);
    expect(DOC).toContain(`| ${INPUT_LIMITS.maxAliases} |`);
    expect(DOC).toContain(`| ${INPUT_LIMITS.maxNodes.toLocaleString('en-US').replaceAll(',', ' ')} |`);
  });

  it('points editors at the schema shipped in the package', () => {
    expect(DOC).toContain(
      '# yaml-language-server: $schema=./node_modules/scsm-dr/schema/environment.schema.json',
    );
    expect(DOC).toContain('schema/environment.schema.json');
  });
});
