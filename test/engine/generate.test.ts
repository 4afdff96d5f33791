import { describe, expect, it } from 'vitest';
import { generatedComputerCount, generateEnvironment } from '../../src/engine/generate.js';
import { loadEnvironmentText } from '../../src/environment/load.js';

const SHAPES = [
  { groups: 1 },
  { groups: 2, dataWarehouse: false },
  {
    groups: 3,
    additionalServers: 1,
    namedInstances: true,
    splitDataWarehouse: true,
    sites: 2,
    backupServer: true,
  },
  { groups: 7, additionalServers: 2, splitDataWarehouse: true, backupServer: true, seed: 7 },
];

describe('generateEnvironment', () => {
  it.each(SHAPES)('loads with zero errors: %j', (options) => {
    const result = loadEnvironmentText(generateEnvironment(options), 'generated.yaml');
    expect(result.ok ? [] : result.errors).toEqual([]);
    if (result.ok) expect(result.value.computers).toHaveLength(generatedComputerCount(options));
  });

  it('is deterministic for a seed and varies with it', () => {
    const options = { groups: 3, additionalServers: 1, seed: 42 };
    expect(generateEnvironment(options)).toBe(generateEnvironment(options));
    expect(generateEnvironment({ ...options, seed: 43 })).not.toBe(generateEnvironment(options));
  });

  it('declares 50 computers for the bench environment', () => {
    expect(
      generatedComputerCount({
        groups: 7,
        additionalServers: 2,
        splitDataWarehouse: true,
        backupServer: true,
      }),
    ).toBe(50);
  });
});
