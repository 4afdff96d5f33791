/**
 * End-to-end: `-o FILE` without `--format` writes the format the file's extension names
 * (`check -o results.sarif` is SARIF, not terminal text in a file called .sarif), byte for byte
 * what `--format F -o FILE` writes; an explicit `--format` wins over the extension; an
 * extension that names no format keeps the command's default (`check`, `drill report`) or is a
 * usage error that says what to write (`report`, which has no default), and nothing is written.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatOfFile } from '../../src/cli/outputs.js';
import { assertBuilt, runCli } from '../helpers/cli.js';

const FOUR = ['scenarios/four-computer/environment.yaml', '--plan', 'scenarios/four-computer/plan.yaml'];
const HA = 'scenarios/four-computer-ha/environment.yaml';
const HA_PLAN = 'scenarios/four-computer-ha/plan.yaml';
const AS_OF = ['--as-of', '2026-12-01'];

const directory = mkdtempSync(join(tmpdir(), 'scsm-dr-output-format-'));
let counter = 0;
/** A path in the test's directory that no other case uses, ending in `name`. */
function path(name: string): string {
  counter += 1;
  return join(directory, `${counter}-${name}`);
}

/** Runs `args` with `-o` at a file named `inferred`, and again with `--format format` at `explicit`; returns both files' text. */
async function bothWays(
  args: readonly string[],
  inferred: string,
  format: string,
): Promise<{ inferred: string; explicit: string }> {
  const implicitFile = path(inferred);
  const explicitFile = path(`explicit-${inferred}`);
  const [implicit, explicit] = await Promise.all([
    runCli([...args, '-o', implicitFile]),
    runCli([...args, '--format', format, '-o', explicitFile]),
  ]);
  expect(implicit.code, implicit.stderr).toBe(explicit.code);
  expect(implicit.stdout).toBe('');
  expect(implicit.stderr).toContain(`wrote ${implicitFile}`);
  return { inferred: readFileSync(implicitFile, 'utf8'), explicit: readFileSync(explicitFile, 'utf8') };
}

beforeAll(() => {
  assertBuilt();
});
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('check -o FILE without --format', () => {
  it.each([
    ['results.sarif', 'sarif'],
    ['RESULTS.SARIF', 'sarif'],
    ['results.sarif.json', 'sarif'],
    ['results.json', 'json'],
    ['results.xml', 'junit'],
    ['results.md', 'markdown'],
    ['results.txt', 'text'],
  ])(
    '%s is written as --format %s writes it',
    async (name, format) => {
      const written = await bothWays(['check', ...FOUR, ...AS_OF], name, format);
      expect(written.inferred).toBe(written.explicit);
      if (format === 'sarif') expect(JSON.parse(written.inferred)).toMatchObject({ version: '2.1.0' });
    },
    60_000,
  );

  it('an explicit --format wins over the extension; an extension that names no format keeps text', async () => {
    const textInSarif = path('forced.sarif');
    const unknown = path('results.out');
    const [forced, plain, stdout] = await Promise.all([
      runCli(['check', ...FOUR, ...AS_OF, '--format', 'text', '-o', textInSarif]),
      runCli(['check', ...FOUR, ...AS_OF, '-o', unknown]),
      runCli(['check', ...FOUR, ...AS_OF]),
    ]);
    expect(forced.code, forced.stderr).toBe(0);
    expect(plain.code, plain.stderr).toBe(0);
    expect(readFileSync(textInSarif, 'utf8')).toBe(readFileSync(unknown, 'utf8'));
    expect(readFileSync(unknown, 'utf8')).toBe(stdout.stdout);
    expect(() => JSON.parse(readFileSync(unknown, 'utf8'))).toThrow();
  }, 60_000);
});

describe('report -o FILE without --format', () => {
  it.each([
    ['report.html', 'html'],
    ['report.md', 'markdown'],
    ['report.json', 'json'],
    ['report.xml', 'junit'],
  ])(
    '%s is written as --format %s writes it',
    async (name, format) => {
      const written = await bothWays(
        ['report', HA, '--plan', HA_PLAN, ...AS_OF, '--fail-on', 'never'],
        name,
        format,
      );
      expect(written.inferred).toBe(written.explicit);
    },
    120_000,
  );

  it('an extension that names no format is a usage error that says what to write, and writes nothing', async () => {
    const pdf = path('report.pdf');
    const result = await runCli(['report', HA, ...AS_OF, '-o', pdf]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`-o ${pdf} needs --format (its extension names none of html, markdown`);
    expect(result.stderr).toContain(`or write --output FORMAT=${pdf}`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(pdf)).toBe(false);
  }, 60_000);
});

describe('drill report -o FILE without --format', () => {
  it('drill.html is HTML, drill.md Markdown, an unknown extension Markdown as before', async () => {
    const journal = path('drill.jsonl');
    const drill = await runCli(
      ['drill', HA, '--plan', HA_PLAN, '--scenario', 'workflow-server-lost', '--journal', journal],
      { input: `${Array.from({ length: 9 }, () => 'd').join('\n')}\n` },
    );
    expect(drill.code, drill.stderr).toBe(0);
    const html = await bothWays(['drill', 'report', journal], 'drill.html', 'html');
    expect(html.inferred).toBe(html.explicit);
    expect(html.inferred).toMatch(/^<!doctype html>/i);
    const markdown = await bothWays(['drill', 'report', journal], 'drill.md', 'markdown');
    expect(markdown.inferred).toBe(markdown.explicit);
    const unknown = path('drill.report');
    const plain = await runCli(['drill', 'report', journal, '-o', unknown]);
    expect(plain.code, plain.stderr).toBe(0);
    expect(readFileSync(unknown, 'utf8')).toBe(markdown.explicit);
  }, 120_000);
});

describe('diagram -o FILE without --format', () => {
  it('topology.md is Markdown with mermaid blocks, topology.mmd bare Mermaid', async () => {
    const args = ['diagram', HA, '--kind', 'topology'];
    const markdown = await bothWays(args, 'topology.md', 'markdown');
    expect(markdown.inferred).toBe(markdown.explicit);
    expect(markdown.inferred).toContain('```mermaid');
    const mermaid = await bothWays(args, 'topology.mmd', 'mermaid');
    expect(mermaid.inferred).toBe(mermaid.explicit);
    expect(mermaid.inferred).not.toContain('```');
  }, 60_000);
});

describe('formatOfFile', () => {
  const CHECK = ['text', 'json', 'sarif', 'junit', 'markdown', 'github', 'gitlab'] as const;
  const DRILL = ['markdown', 'html', 'json'] as const;
  it.each([
    ['out/a.SARIF.JSON', CHECK, 'sarif'],
    ['a.sarif.json', DRILL, undefined],
    ['a.json', DRILL, 'json'],
    ['a.htm', DRILL, 'html'],
    ['a.html', CHECK, undefined],
    ['.json', CHECK, undefined],
    ['report', CHECK, undefined],
    ['dir.sarif/report', CHECK, undefined],
  ] as const)('%s among %j is %s', (file, formats, expected) => {
    expect(formatOfFile(file, formats)).toBe(expected);
  });
});
