import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatInputError } from '../../src/common/errors.js';
import { loadEnvironmentFile } from '../../src/environment/load.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const scenariosDirectory = join(root, 'scenarios');
const scenarios = readdirSync(scenariosDirectory, { withFileTypes: true })
  .filter(
    (entry) => entry.isDirectory() && existsSync(join(scenariosDirectory, entry.name, 'environment.yaml')),
  )
  .map((entry) => entry.name)
  .sort();

describe('example scenarios', () => {
  it('has the four documented topologies', () => {
    expect(scenarios).toEqual(
      expect.arrayContaining(['four-computer', 'four-computer-ha', 'single-computer', 'two-computer']),
    );
  });

  it.each(scenarios)('scenarios/%s/environment.yaml loads without errors', async (scenario) => {
    const file = join(scenariosDirectory, scenario, 'environment.yaml');
    const result = await loadEnvironmentFile(file);
    if (!result.ok) throw new Error(result.errors.map(formatInputError).join('\n'));
    expect(result.value.file).toBe(file);
    expect(result.value.computers.length).toBeGreaterThan(0);
    expect(result.value.managementGroups.some((group) => group.type === 'service-manager')).toBe(true);
  });
});
