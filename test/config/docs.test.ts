import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigText } from '../../src/config/load.js';
import { REPO_ROOT } from '../helpers/cli.js';

/** The YAML blocks of a Markdown page that start with the config file's name. */
function configBlocks(page: string): string[] {
  const text = readFileSync(join(REPO_ROOT, page), 'utf8');
  return [...text.matchAll(/```yaml\n(# scsm-dr\.config\.yaml[^\n]*\n[\s\S]*?)```/g)].map(
    (match) => match[1]!,
  );
}

describe('the config examples of the docs', () => {
  it.each(['docs/config.md', 'README.md'])('%s shows a config file that loads', (page) => {
    const blocks = configBlocks(page);
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) {
      const loaded = loadConfigText(block, join(REPO_ROOT, 'scsm-dr.config.yaml'));
      expect(loaded.ok ? [] : loaded.errors).toEqual([]);
    }
  });

  it('the starter config of init --with-config loads', () => {
    const text = readFileSync(join(REPO_ROOT, 'templates', 'scsm-dr.config.yaml'), 'utf8');
    const loaded = loadConfigText(text, join(REPO_ROOT, 'scsm-dr.config.yaml'));
    expect(loaded.ok ? [] : loaded.errors).toEqual([]);
    // Each commented key, uncommented, loads too: the comments show valid values.
    const uncommented = text.replace(/^# ?(?=[a-z ]+[A-Za-z-]*:)/gm, '').replace(/ +# .*$/gm, '');
    const all = loadConfigText(uncommented, join(REPO_ROOT, 'scsm-dr.config.yaml'));
    expect(all.ok ? [] : all.errors).toEqual([]);
    expect(all.ok && all.value.failUnder).toEqual({ score: 'readiness', threshold: 80 });
  });

  it('docs/config.md names every key of the schema', async () => {
    const { configSchema } = await import('../../src/config/schema.js');
    const page = readFileSync(join(REPO_ROOT, 'docs/config.md'), 'utf8');
    const keys = Object.keys(configSchema.shape);
    expect(keys.length).toBeGreaterThan(5);
    for (const key of keys) expect(page, key).toContain(`| \`${key}`);
    const thresholds = Object.keys(configSchema.shape.thresholds.unwrap().shape);
    for (const key of thresholds) expect(page, key).toContain(`| \`${key}\``);
  });
});
