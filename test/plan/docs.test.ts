import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../src/common/duration.js';
import { ACTION_NAMES, ACTIONS } from '../../src/plan/actions.js';
import { loadPlanText, resolvePlanReferences } from '../../src/plan/load.js';

const docs = await readFile(new URL('../../docs/plan.md', import.meta.url), 'utf8');

/** The row of the default-duration table that starts with the action's name. */
function tableRow(action: string): string | undefined {
  return docs.split('\n').find((line) => line.startsWith(`| \`${action}\` |`));
}

describe('docs/plan.md', () => {
  it.each(ACTION_NAMES)('has a table row for %s with its parameters and default duration', (name) => {
    const row = tableRow(name);
    expect(row, `no row starting with | \`${name}\` |`).toBeDefined();
    const cells = row!.split('|').map((cell) => cell.trim());
    expect(cells).toContain(formatDuration(ACTIONS[name].defaultDurationSeconds));
    for (const parameter of ACTIONS[name].parameters) expect(row).toContain(`\`${parameter.name}\``);
  });

  it('shows the editor integration line', () => {
    expect(docs).toContain('# yaml-language-server: $schema=');
    expect(docs).toMatch(/\$schema=\S*\/schema\/plan\.schema\.json/);
  });
});

describe('docs/plan.md examples', () => {
  const blocks = [...docs.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1]!);
  const plans = blocks.filter((block) => /^version: 1$/m.test(block));

  it('has the first plan and the complete D-PROMO example', () => {
    expect(plans).toHaveLength(2);
    expect(plans[1]).toContain('promote-workflow-server');
  });

  it.each(plans.map((text, index) => [index, text] as const))(
    'plan example %i loads without errors',
    (_, text) => {
      const result = loadPlanText(text, 'docs/plan.md');
      expect(result.ok ? [] : result.errors).toEqual([]);
    },
  );

  it('the D-PROMO example refers only to what its environment snippet declares', () => {
    const result = loadPlanText(plans[1]!, 'docs/plan.md');
    if (!result.ok) throw new Error('the example does not load');
    const { unresolved } = resolvePlanReferences(result.value, {
      computers: ['SM01', 'SM02', 'SQL01'],
      instances: ['SQL01'],
      databases: ['ServiceManager'],
      serviceManagerGroups: ['SMMG'],
      dataWarehouseGroups: [],
      managementServers: ['SM01', 'SM02'],
      sites: [],
    });
    expect(unresolved).toEqual([]);
  });
});
