/**
 * `src/loss/`: the one universe of losses. Canonical keys (a site of one computer is that
 * computer's loss; names compare case-insensitively), the count of pairs, the scenario match,
 * and the score's enumeration covering the universe, on every bundled scenario and on
 * generated estates. That the score's rows did not change when it moved onto `src/loss/` is
 * proven by the golden test (test/score/golden.test.ts).
 */
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateEnvironment } from '../../src/engine/generate.js';
import { loadEnvironmentFile, loadEnvironmentText } from '../../src/environment/load.js';
import type { Environment } from '../../src/environment/types.js';
import {
  canonicalLoss,
  describeLoss,
  describeLossWithMembers,
  disruptionCount,
  disruptionUniverse,
  effectiveLoss,
  enumerateDisruptions,
  lossUniverse,
  NO_LOSS,
  scenarioFor,
  scenarioForKey,
  siteNames,
} from '../../src/loss/index.js';
import { loadPlanText } from '../../src/plan/load.js';
import { FOUR_COMPUTER_HA } from '../check/environments.js';
import { edit } from '../helpers/text.js';

const BUNDLED = ['four-computer', 'four-computer-ha', 'single-computer', 'two-computer'];

function loaded(text: string, file = 'environment.yaml'): Environment {
  const result = loadEnvironmentText(text, file);
  if (!result.ok) throw new Error(JSON.stringify(result.errors, null, 1));
  return result.value;
}

async function bundled(name: string): Promise<Environment> {
  const result = await loadEnvironmentFile(join('scenarios', name, 'environment.yaml'));
  if (!result.ok) throw new Error(JSON.stringify(result.errors, null, 1));
  return result.value;
}

/** DW01 alone in the site `reporting`, SM01 and SQL01 in `HQ` spelled two ways. */
const WITH_SITES = edit(
  edit(
    edit(FOUR_COMPUTER_HA, '  - name: DW01\n', '  - name: DW01\n    site: reporting\n'),
    '  - name: SM01\n',
    '  - name: SM01\n    site: HQ\n',
  ),
  '  - name: SQL01\n',
  '  - name: SQL01\n    site: hq\n',
);

describe('canonical keys', () => {
  const env = loaded(WITH_SITES);

  it('a site that holds one computer has the key of that computer’s loss', () => {
    expect(canonicalLoss(env, { ...NO_LOSS, sites: ['reporting'] })).toBe(
      canonicalLoss(env, { ...NO_LOSS, computers: ['DW01'] }),
    );
    expect(canonicalLoss(env, { ...NO_LOSS, sites: ['reporting'] })).not.toBe(
      canonicalLoss(env, { ...NO_LOSS, computers: ['SM01'] }),
    );
  });

  it('names compare case-insensitively; a database on a lost computer goes with its host', () => {
    expect(canonicalLoss(env, { ...NO_LOSS, sites: ['HQ'] })).toBe(
      canonicalLoss(env, { ...NO_LOSS, computers: ['sql01', 'sm01'] }),
    );
    expect(canonicalLoss(env, { ...NO_LOSS, computers: ['SQL01'], databases: ['ServiceManager'] })).toBe(
      canonicalLoss(env, { ...NO_LOSS, computers: ['SQL01'] }),
    );
    expect(effectiveLoss(env, { ...NO_LOSS, sites: ['hQ'] }).computers).toEqual(['SM01', 'SQL01']);
  });

  it('sites are grouped case-insensitively, in the spelling of their first computer', () => {
    expect(siteNames(env)).toEqual(['HQ', 'reporting']);
    const sites = enumerateDisruptions(env).filter((row) => row.kind === 'site');
    expect(sites.map((row) => row.id)).toEqual(['site:HQ', 'site:reporting']);
    expect(describeLossWithMembers(env, sites[0]!.loss)).toBe('site HQ lost (SM01, SQL01)');
    expect(sites[0]!.description).toBe(describeLoss(sites[0]!.loss));
  });

  it('the universe keeps one entry per canonical key, the computer before the site', () => {
    const universe = lossUniverse(env, { pairs: false });
    const keys = universe.map((entry) => entry.canonical);
    expect(new Set(keys).size).toBe(keys.length);
    expect(universe.some((entry) => entry.kind === 'site' && entry.loss.sites[0] === 'reporting')).toBe(
      false,
    );
    expect(universe.some((entry) => entry.kind === 'site' && entry.loss.sites[0] === 'HQ')).toBe(true);
  });
});

describe('pairs', () => {
  it('the score enumerates n(n−1)/2 pairs; the universe never more', () => {
    const env = loaded(FOUR_COMPUTER_HA);
    const n = env.computers.length;
    const pairs = enumerateDisruptions(env, { pairs: true }).filter((row) => row.kind === 'pair');
    expect(pairs).toHaveLength((n * (n - 1)) / 2);
    expect(enumerateDisruptions(env).filter((row) => row.kind === 'pair')).toHaveLength(0);
    const universePairs = lossUniverse(env).filter((entry) => entry.kind === 'computer-pair');
    expect(universePairs).toHaveLength((n * (n - 1)) / 2);
    expect(lossUniverse(env, { pairs: false }).some((entry) => entry.kind === 'computer-pair')).toBe(false);
  });
});

describe('pairs of computers of equal names', () => {
  it('are expanded by name, as effectiveLoss expands them, not written out directly', () => {
    // The loader refuses equal names; an environment built in code may have them.
    const env = loaded(FOUR_COMPUTER_HA);
    const twin = { ...env.computers[0]!, name: env.computers[0]!.name.toLowerCase() };
    const doubled: Environment = { ...env, computers: [...env.computers, twin] };
    const scored = disruptionUniverse(doubled, { pairs: true });
    const pairs = scored.disruptions.filter((row) => row.kind === 'pair');
    expect(pairs).toHaveLength(((env.computers.length + 1) * env.computers.length) / 2);
    scored.disruptions.forEach((row, index) => {
      expect(scored.effective[index]).toEqual(effectiveLoss(doubled, row.loss));
      expect(row.canonical).toBe(canonicalLoss(doubled, row.loss));
    });
    // A computer and its twin are one name: their pair takes both declarations, and so does either alone.
    const both = pairs.find((row) => row.loss.computers.includes(twin.name));
    expect(both).toBeDefined();
    expect(scored.effective[scored.disruptions.indexOf(both!)]!.computers).toContain(twin.name);
  });
});

describe('the scenario match', () => {
  const env = loaded(WITH_SITES);
  const plan = (lost: string) => {
    const result = loadPlanText(
      `version: 1\nscenarios:\n  - id: only\n    lost: ${lost}\n    steps:\n      - { action: provision-computer, computer: DW01 }\n`,
      'plan.yaml',
    );
    if (!result.ok) throw new Error(JSON.stringify(result.errors, null, 1));
    return result.value;
  };

  it('matches by what the loss takes, not how it is written', () => {
    expect(scenarioFor(env, plan('{ sites: [Reporting] }'), { ...NO_LOSS, computers: ['DW01'] })?.id).toBe(
      'only',
    );
    expect(scenarioFor(env, plan('{ computers: [dw01] }'), { ...NO_LOSS, sites: ['reporting'] })?.id).toBe(
      'only',
    );
    expect(scenarioFor(env, plan('{ computers: [SM01] }'), { ...NO_LOSS, sites: ['HQ'] })).toBeUndefined();
    expect(
      scenarioFor(env, plan('{ databases: [ServiceManager] }'), { ...NO_LOSS, databases: ['servicemanager'] })
        ?.id,
    ).toBe('only');
    expect(
      scenarioFor(env, plan('{ computers: [SQL01] }'), { ...NO_LOSS, databases: ['ServiceManager'] }),
    ).toBeUndefined();
  });

  it('by canonical key, finds what scenarioFor finds for every row, the first of equal losses', () => {
    const result = loadPlanText(
      [
        'version: 1',
        'scenarios:',
        '  - id: dw-site',
        '    lost: { sites: [Reporting] }',
        '    steps: [{ action: provision-computer, computer: DW01 }]',
        // The same loss spelled another way: `find` never reaches it, nor may the index.
        '  - id: dw-computer',
        '    lost: { computers: [dw01] }',
        '    steps: [{ action: provision-computer, computer: DW01 }]',
        '  - id: sm-pair',
        '    lost: { computers: [SM01, SQL01] }',
        '    steps: [{ action: provision-computer, computer: SM01 }]',
        '',
      ].join('\n'),
      'plan.yaml',
    );
    if (!result.ok) throw new Error(JSON.stringify(result.errors, null, 1));
    const twoScenarios = result.value;
    const rows = enumerateDisruptions(env, { pairs: true });
    const found = rows.map((row) => scenarioForKey(env, twoScenarios, row.canonical)?.id);
    expect(found).toEqual(rows.map((row) => scenarioFor(env, twoScenarios, row.loss)?.id));
    expect(found.filter((id) => id === 'dw-site').length).toBeGreaterThan(1);
    expect(found).not.toContain('dw-computer');
    expect(found).toContain('sm-pair');
  });
});

describe('the score enumeration', () => {
  it.each(BUNDLED)('on the bundled scenario %s, with and without pairs', async (name) => {
    const env = await bundled(name);
    for (const pairs of [false, true]) {
      const rows = enumerateDisruptions(env, { pairs });
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect(row.canonical).toBe(canonicalLoss(env, row.loss));
      // Every score row is in the universe, by canonical key, and the universe has nothing else.
      const universe = new Set(lossUniverse(env, { pairs }).map((entry) => entry.canonical));
      expect(new Set(rows.map((row) => row.canonical))).toEqual(universe);
    }
  });

  it('on generated estates (sites, named instances, split data warehouses, backup servers)', () => {
    const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
    console.log(`src/loss enumeration property: seed ${seed} (FC_SEED=${seed} replays it)`);
    fc.assert(
      fc.property(
        fc.record({
          groups: fc.integer({ min: 1, max: 3 }),
          additionalServers: fc.integer({ min: 0, max: 2 }),
          namedInstances: fc.boolean(),
          splitDataWarehouse: fc.boolean(),
          dataWarehouse: fc.boolean(),
          sites: fc.integer({ min: 0, max: 3 }),
          backupServer: fc.boolean(),
          seed: fc.integer({ min: 0, max: 1000 }),
        }),
        (options) => {
          const env = loaded(generateEnvironment(options), 'generated.yaml');
          const rows = enumerateDisruptions(env, { pairs: true });
          // The score's rows carry what each loss takes, as effectiveLoss computes it afresh.
          const scored = disruptionUniverse(env, { pairs: true });
          expect(scored.disruptions).toEqual(rows);
          expect(disruptionCount(env, { pairs: true })).toBe(rows.length);
          expect(disruptionCount(env)).toBe(enumerateDisruptions(env).length);
          scored.disruptions.forEach((row, index) => {
            expect(scored.effective[index]).toEqual(effectiveLoss(env, row.loss));
            // The pairs are written out directly (src/loss/universe.ts, addPairs): as the generic functions word and key them.
            expect(row.canonical).toBe(canonicalLoss(env, row.loss));
            expect(row.description).toBe(describeLoss(row.loss));
          });
          // Every score row is in the universe, by canonical key, and the universe has nothing else.
          const universe = new Set(lossUniverse(env).map((entry) => entry.canonical));
          expect(new Set(rows.map((row) => row.canonical))).toEqual(universe);
        },
      ),
      { seed, numRuns: 25 },
    );
  });
});
