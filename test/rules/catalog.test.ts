import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { MACHINE_KINDS } from '../../src/models/index.js';
import { getRule, RULE_IDS, RULES } from '../../src/rules/catalog.js';
import { parseClause, splitClauses } from '../check/enforced-by-syntax.js';

/** The contract: the rule identifiers of SPEC §3, in SPEC order. */
const PLAN_RULE_IDS = [
  'key-restored-before-setup',
  'same-computer-name',
  'same-sql-instance',
  'matching-encryption-key',
  'database-before-setup',
  'promotion-requires-additional-server',
  'promotion-order',
  'data-warehouse-replace-only',
  'permissions-after-restore',
  'clr-after-sql-rebuild',
  'staging-repository-same-instance',
  'original-reporting-url',
  'import-management-packs',
  'backup-new-server-key',
  'single-workflow-server',
  'restore-redundancy',
  'scenario-recovered',
  'step-precondition',
  'unknown-reference',
  'rto-exceeded',
  'plan-coverage',
  'waiver-expired',
  'waiver-unused',
] as const;

const ENVIRONMENT_RULE_IDS = [
  'key-backup-missing',
  'key-password-unavailable',
  'key-backup-not-off-host',
  'database-backup-missing',
  'backup-interval-exceeds-rpo',
  'backup-stale',
  'backup-not-off-host',
  // Issue 17 item 6 extends SPEC §3 with the backup single point of failure.
  'backup-single-point-of-failure',
  'restore-never-tested',
  'permissions-script-missing',
  'management-server-colocated-with-database',
  'no-additional-management-server',
  'management-packs-not-exported',
  'staging-repository-split',
  'collation-mismatch',
  'drill-overdue',
  'unrecoverable-scenario',
  // The evidence rules (issue 14) extend SPEC §3.
  'backup-claim-contradicted',
  'backup-older-than-rpo',
  'log-chain-broken',
  'copy-only-only-full',
  'backup-evidence-missing',
] as const;

const SPEC_RULE_IDS: readonly string[] = [...PLAN_RULE_IDS, ...ENVIRONMENT_RULE_IDS];

const CITATION_KEY = /^[DPNCW]-[A-Z0-9]+$/;
/** The machine ids of `src/models`; `test/check/enforced-by.test.ts` checks each clause against them. */
const MACHINES: readonly string[] = MACHINE_KINDS;

const repoRoot = new URL('../../', import.meta.url);
const docsDir = new URL('docs/rules/', repoRoot);

function readPage(id: string): string {
  return readFileSync(new URL(`${id}.md`, docsDir), 'utf8');
}

/** The first non-empty line after the `# <id>` heading: the page's title line. */
function titleLine(page: string): string | undefined {
  const lines = page.split(/\r?\n/);
  return lines.slice(1).find((line) => line.trim() !== '');
}

describe('rule catalog', () => {
  it('has exactly one entry for every SPEC §3 rule id, in SPEC order', () => {
    expect(SPEC_RULE_IDS).toHaveLength(45);
    for (const id of SPEC_RULE_IDS) {
      expect(
        RULES.filter((rule) => rule.id === id),
        id,
      ).toHaveLength(1);
    }
    expect(RULES.map((rule) => rule.id)).toEqual(SPEC_RULE_IDS);
    expect(RULE_IDS).toEqual(SPEC_RULE_IDS);
  });

  it('splits into 23 plan rules and 22 environment rules', () => {
    const plan = RULES.filter((rule) => rule.category === 'plan').map((rule) => rule.id);
    const environment = RULES.filter((rule) => rule.category === 'environment').map((rule) => rule.id);
    expect(plan).toEqual([...PLAN_RULE_IDS]);
    expect(environment).toEqual([...ENVIRONMENT_RULE_IDS]);
  });

  it('finds rules by id and nothing else', () => {
    for (const rule of RULES) expect(getRule(rule.id)).toBe(rule);
    expect(getRule('no-such-rule')).toBeUndefined();
    expect(getRule('')).toBeUndefined();
  });

  it.each(RULES.map((rule) => [rule.id, rule] as const))('%s has complete metadata', (_id, rule) => {
    expect(rule.title.trim()).not.toBe('');
    expect(rule.title).not.toMatch(/[.\n]$/);
    expect(rule.title).not.toContain('\n');
    expect(rule.rationale.trim()).not.toBe('');
    expect(rule.remediation.trim()).not.toBe('');
    expect(['error', 'warning', 'note']).toContain(rule.severity);
    expect(rule.citations.length).toBeGreaterThan(0);
    for (const key of rule.citations) expect(key).toMatch(CITATION_KEY);
    expect(new Set(rule.citations).size).toBe(rule.citations.length);
    // The rationale cites its sources in brackets.
    expect(rule.rationale).toMatch(/\[[DPNCW]-[A-Z0-9]+\]/);
    if (rule.documentationGap !== undefined) expect(rule.documentationGap.trim()).not.toBe('');
  });

  it('describes where plan rules are enforced, in the enforcedBy notation', () => {
    for (const rule of RULES) {
      if (rule.enforcedBy === undefined) continue;
      expect(rule.category, rule.id).toBe('plan');
      for (const transition of splitClauses(rule.enforcedBy)) {
        const clause = parseClause(transition);
        expect(clause, `${rule.id}: ${transition}`).toBeDefined();
        if (clause?.kind === 'machine')
          expect(MACHINES, `${rule.id}: ${transition}`).toContain(clause.machine);
      }
    }
  });

  it("names each rule's implementation and test files, which exist and name the rule id", () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const named = (file: string, id: string): string | undefined => {
      const path = join(root, file);
      if (!existsSync(path)) return `${id}: ${file} does not exist`;
      return readFileSync(path, 'utf8').includes(id) ? undefined : `${id}: ${file} does not name the rule`;
    };
    const problems: string[] = [];
    for (const rule of RULES) {
      expect(rule.sources.length, rule.id).toBeGreaterThan(0);
      for (const file of [...rule.sources, rule.test]) {
        // Paths relative to the repository root, in the form a clone has them.
        expect(file, rule.id).toMatch(/^(src|test)\/[a-z0-9/.-]+\.ts$/);
        const problem = named(file, rule.id);
        if (problem !== undefined) problems.push(problem);
      }
      expect(rule.test, rule.id).toMatch(/\.test\.ts$/);
    }
    expect(problems).toEqual([]);
    // The check can fail: a file that does not exist, and one that does not name the id.
    expect(named('src/rules/no-such-file.ts', 'rto-exceeded')).toContain('does not exist');
    expect(named('src/common/location.ts', 'rto-exceeded')).toContain('does not name the rule');
  });

  it('keeps each plan rule test under test/rules/plan/ and each environment rule test under test/rules/environment/, named by id', () => {
    for (const rule of RULES) {
      if (rule.id.startsWith('waiver-')) continue; // judged by `check` on a whole run: test/cli/waivers.test.ts
      expect(rule.test, rule.id).toBe(
        `test/rules/${rule.category === 'plan' ? 'plan' : 'environment'}/${rule.id}.test.ts`,
      );
    }
  });

  it('is read-only data', () => {
    expect(Object.isFrozen(RULES)).toBe(true);
    for (const rule of RULES) expect(Object.isFrozen(rule)).toBe(true);
  });
});

describe('rule documentation pages', () => {
  it.each(SPEC_RULE_IDS)(
    'docs/rules/%s.md exists, starts with its id and carries the catalog title',
    (id) => {
      const url = new URL(`${id}.md`, docsDir);
      expect(existsSync(url)).toBe(true);
      const page = readPage(id);
      expect(page.split(/\r?\n/, 1)[0]).toBe(`# ${id}`);
      expect(titleLine(page)).toBe(getRule(id)?.title);
    },
  );

  it('has a page for every rule and no page for an unknown rule', () => {
    const pages = readdirSync(docsDir)
      .filter((name) => name.endsWith('.md') && name !== 'README.md')
      .map((name) => name.slice(0, -'.md'.length))
      .sort();
    expect(pages).toEqual([...SPEC_RULE_IDS].sort());
  });

  it('lists every rule in the index with a link to its page', () => {
    const index = readFileSync(new URL('README.md', docsDir), 'utf8');
    for (const rule of RULES) {
      expect(index).toContain(`[${rule.id}](${rule.id}.md)`);
    }
  });

  it.each(RULES.map((rule) => [rule.id, rule] as const))('%s page has the required sections', (id, rule) => {
    const page = readPage(id);
    expect(page).toContain('## Why');
    expect(page).toContain('## What it flags');
    expect(page).toContain('## How to fix');
    expect(page.includes('## Where the documents are silent')).toBe(rule.documentationGap !== undefined);
    for (const key of rule.citations) expect(page).toContain(key);
    expect(page.match(/```yaml\n/g)?.length ?? 0).toBeGreaterThanOrEqual(2);
  });

  it.each(RULES.map((rule) => [rule.id, rule] as const))('%s page examples are valid YAML', (id, rule) => {
    const blocks = [...readPage(id).matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    for (const block of blocks) {
      const document: unknown = parse(block);
      expect(typeof document === 'object' && document !== null && !Array.isArray(document)).toBe(true);
      if (rule.category !== 'plan') continue;
      // Plan fragments follow SPEC §2: scenarios with an id, what is lost and steps naming an action.
      const scenarios = (document as { scenarios?: unknown }).scenarios;
      expect(Array.isArray(scenarios)).toBe(true);
      for (const scenario of scenarios as { id?: unknown; lost?: unknown; steps?: unknown }[]) {
        expect(typeof scenario.id).toBe('string');
        expect(typeof scenario.lost).toBe('object');
        expect(Array.isArray(scenario.steps)).toBe(true);
        for (const step of scenario.steps as { action?: unknown }[])
          expect(typeof step.action).toBe('string');
      }
    }
  });
});
