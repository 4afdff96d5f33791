import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getRule, RULES } from '../../src/rules/catalog.js';
import { assertBuilt, REPO_ROOT, runCli } from '../helpers/cli.js';

const temporary: string[] = [];

beforeAll(() => assertBuilt());
afterAll(() => {
  for (const directory of temporary) rmSync(directory, { recursive: true, force: true });
});

/** A copy of the package as npm installs it (dist, docs, package.json), with its dependencies linked. */
function installedCopy(withDocs: boolean): string {
  const root = mkdtempSync(join(tmpdir(), 'scsm-dr-installed-'));
  temporary.push(root);
  const pkg = join(root, 'node_modules', 'scsm-dr');
  cpSync(join(REPO_ROOT, 'dist'), join(pkg, 'dist'), { recursive: true });
  cpSync(join(REPO_ROOT, 'package.json'), join(pkg, 'package.json'));
  if (withDocs) cpSync(join(REPO_ROOT, 'docs'), join(pkg, 'docs'), { recursive: true });
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(pkg, 'node_modules'), 'dir');
  return join(pkg, 'dist', 'cli', 'main.js');
}

describe('scsm-dr rules <id> (end to end)', () => {
  it('prints the rule page for the terminal: title, why, what it flags, how to fix, sources', async () => {
    const result = await runCli(['rules', 'clr-after-sql-rebuild']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('clr-after-sql-rebuild');
    expect(lines[1]).toBe('═'.repeat('clr-after-sql-rebuild'.length));
    expect(lines).toContain(getRule('clr-after-sql-rebuild')?.title);
    for (const heading of ['Why', 'What it flags', 'How to fix', 'Where the documents are silent', 'Sources'])
      expect(lines).toContain(heading);
    // The table becomes aligned columns, the code blocks are indented, the Markdown is gone.
    expect(result.stdout).toMatch(/^Severity {5}`error`$/m);
    expect(result.stdout).toContain('\n          - { action: enable-clr, instance: DWSQL01\\DW }\n');
    expect(result.stdout).toMatch(/^• D-BKDB: Backing Up Service Manager Databases\. /m);
    expect(result.stdout).not.toMatch(/^#|\|---|```|\*\*|\[All rules\]/m);
    // Paragraphs are wrapped at 80 columns when stdout is not a terminal (tables, code and the
    // long paths of the sources are never broken).
    const prose = lines
      .slice(lines.indexOf('Why'), lines.indexOf('Sources'))
      .filter((line) => !line.startsWith('    '));
    expect(Math.max(...prose.map((line) => line.length))).toBeLessThanOrEqual(80);
  });

  it('every rule of the catalog has a page with its sections and citations', async () => {
    const results = await Promise.all(RULES.map((rule) => runCli(['rules', rule.id])));
    RULES.forEach((rule, i) => {
      const result = results[i]!;
      expect(result.code, rule.id).toBe(0);
      expect(result.stdout.split('\n')[0], rule.id).toBe(rule.id);
      expect(result.stdout, rule.id).toContain('\nHow to fix\n');
      for (const key of rule.citations)
        expect(result.stdout, `${rule.id} ${key}`).toMatch(new RegExp(`^• ${key}: `, 'm'));
    });
  });

  it('--format markdown prints the shipped page unchanged; --format json the catalog entry', async () => {
    const markdown = await runCli(['rules', 'promotion-order', '--format', 'markdown']);
    expect(markdown.code).toBe(0);
    expect(markdown.stdout).toBe(readFileSync(join(REPO_ROOT, 'docs/rules/promotion-order.md'), 'utf8'));
    const json = await runCli(['rules', 'promotion-order', '--format', 'json']);
    expect(JSON.parse(json.stdout)).toMatchObject({
      id: 'promotion-order',
      remediation: getRule('promotion-order')?.remediation,
      docs: 'docs/rules/promotion-order.md',
    });
  });

  it('colours headings and code only when colour is on', async () => {
    const coloured = await runCli(['rules', 'promotion-order'], { env: { NO_COLOR: '', FORCE_COLOR: '1' } });
    expect(coloured.stdout).toContain('\u001b[1mWhy\u001b[22m');
    const plain = await runCli(['rules', 'promotion-order', '--no-color'], {
      env: { NO_COLOR: '', FORCE_COLOR: '1' },
    });
    expect(plain.stdout).not.toContain('\u001b[');
  });

  it('finds the page from another working directory and from an installed package', async () => {
    const elsewhere = await runCli(['rules', 'plan-coverage'], { cwd: tmpdir() });
    expect(elsewhere.code).toBe(0);
    expect(elsewhere.stdout).toContain('\nHow to fix\n');
    const main = installedCopy(true);
    const installed = await runCliAt(main, ['rules', 'plan-coverage']);
    expect(installed.code).toBe(0);
    expect(installed.stderr).toBe('');
    expect(installed.stdout).toBe(elsewhere.stdout);
  });

  it('falls back to the catalog entry, and says so, when the page is not installed', async () => {
    const main = installedCopy(false);
    const result = await runCliAt(main, ['rules', 'plan-coverage']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('docs/rules/plan-coverage.md is not installed; showing the catalog entry\n');
    expect(result.stdout).toContain('\nWhy\n');
    expect(result.stdout.replace(/\s+/g, ' ')).toContain(
      getRule('plan-coverage')?.rationale.replace(/\s+/g, ' ').slice(0, 60),
    );
  });

  it('an unknown id is a usage error (exit 2) with a did-you-mean, and is printed escaped', async () => {
    const typo = await runCli(['rules', 'clr-after-sql-rebiuld']);
    expect(typo.code).toBe(2);
    expect(typo.stdout).toBe('');
    expect(typo.stderr).toContain(
      "unknown rule 'clr-after-sql-rebiuld'; did you mean 'clr-after-sql-rebuild'?",
    );
    const far = await runCli(['rules', 'nothing-like-it']);
    expect(far.code).toBe(2);
    expect(far.stderr).not.toContain('did you mean');
    const hostile = await runCli(['rules', '../../package\u001b[31m']);
    expect(hostile.code).toBe(2);
    expect(hostile.stderr).toContain("unknown rule '../../package\\x1b[31m'");
    expect(hostile.stderr).not.toContain('\u001b');
  });
});

describe('scsm-dr check --explain (end to end)', () => {
  const ARGS = [
    'check',
    'test/fixtures/broken-plan-environment.yaml',
    '--plan',
    'test/fixtures/broken-plan.yaml',
  ];

  it("prints each finding's remediation under it, and where to read more", async () => {
    const plain = await runCli(ARGS);
    const explained = await runCli([...ARGS, '--explain']);
    expect(explained.code).toBe(plain.code);
    expect(plain.stdout).not.toContain('fix:');
    const lines = explained.stdout.split('\n');
    const findings = lines.filter((line) => /^ {2}\S+:\d+:\d+ /.test(line));
    expect(findings.length).toBeGreaterThan(0);
    for (const finding of findings) {
      const ruleId = finding.trim().split(/\s+/).pop()!;
      const index = lines.indexOf(finding);
      // The trace, if any, comes first; then the fix, then the pointer to the rule's page.
      const after = lines.slice(index + 1);
      const fix = after.findIndex((line) => line.startsWith('      fix: '));
      expect(fix, finding).toBeGreaterThanOrEqual(0);
      expect(after.slice(0, fix).every((line) => /^ {6}\d+\. /.test(line))).toBe(true);
      const more = after.indexOf(`      more: scsm-dr rules ${ruleId}`);
      expect(more).toBeGreaterThan(fix);
      const text = after
        .slice(fix, more)
        .map((line) => line.trim())
        .join(' ')
        .replace(/^fix: /, '');
      expect(text).toBe(getRule(ruleId)?.remediation.replace(/\s+/g, ' '));
    }
  });

  it('refuses --explain with another format (exit 2)', async () => {
    const result = await runCli([...ARGS, '--explain', '--format', 'json']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('--explain: only the text format prints explanations');
  });
});

/** Runs another copy of the program, as runCli runs the built one. */
async function runCliAt(main: string, args: readonly string[]) {
  const { spawnSync } = await import('node:child_process');
  const { FORCE_COLOR: _ignored, ...inherited } = process.env;
  const run = spawnSync(process.execPath, [main, ...args], {
    cwd: tmpdir(),
    env: { ...inherited, NO_COLOR: '1' },
    encoding: 'utf8',
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}
