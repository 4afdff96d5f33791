/**
 * The CI side of `check` and `report` through the built program: several reports from one run
 * (`--output FORMAT[=FILE]`), the `github` workflow commands with hostile names, the GitLab
 * Code Quality report against its documented fields, and SARIF fingerprints and paths that
 * code scanning can track across commits.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, REPO_ROOT, runCli } from '../helpers/cli.js';

const ENVIRONMENT = join(REPO_ROOT, 'test/fixtures/check/reportserver-on-host/environment.yaml');
const PLAN = join(REPO_ROOT, 'test/fixtures/check/reportserver-on-host/plan.yaml');
const TWO_ENVIRONMENT = join(REPO_ROOT, 'scenarios/two-computer/environment.yaml');

interface JsonFinding {
  readonly ruleId: string;
  readonly severity: 'error' | 'warning' | 'note';
  readonly message: string;
  readonly location: { readonly file: string; readonly line: number; readonly column: number };
}

interface SarifResult {
  readonly ruleId: string;
  readonly partialFingerprints: Readonly<Record<string, string>>;
  readonly locations: readonly {
    readonly physicalLocation: {
      readonly artifactLocation: { readonly uri: string; readonly uriBaseId?: string };
      readonly region: { readonly startLine: number };
    };
  }[];
}

interface SarifRun {
  readonly automationDetails: { readonly id: string };
  readonly invocations: readonly { readonly workingDirectory?: { readonly uri: string } }[];
  readonly originalUriBaseIds: Readonly<Record<string, { readonly uri?: string }>>;
  readonly results: readonly SarifResult[];
}

/** A git repository (a `.git` directory is all it takes) holding a copy of the fixture. */
function repository(): { root: string; environment: string; plan: string } {
  const root = mkdtempSync(join(tmpdir(), 'scsm-dr-ci-'));
  mkdirSync(join(root, '.git'));
  mkdirSync(join(root, 'dr'));
  copyFileSync(ENVIRONMENT, join(root, 'dr', 'environment.yaml'));
  copyFileSync(PLAN, join(root, 'dr', 'plan.yaml'));
  return { root, environment: join(root, 'dr', 'environment.yaml'), plan: join(root, 'dr', 'plan.yaml') };
}

/** Undoes the runner's escaping of workflow-command data. */
function unescapeData(text: string): string {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}

/** A workflow command line: its name, properties and data, or undefined for a plain line. */
function command(line: string): { name: string; properties: Map<string, string>; data: string } | undefined {
  const match = /^::([a-z]+) ([^:]*)::(.*)$/.exec(line.trimStart());
  if (!match) return undefined;
  const properties = new Map(
    match[2]!.split(',').map((pair) => {
      const at = pair.indexOf('=');
      return [
        pair.slice(0, at),
        unescapeData(
          pair
            .slice(at + 1)
            .replace(/%3A/g, ':')
            .replace(/%2C/g, ','),
        ),
      ] as const;
    }),
  );
  return { name: match[1]!, properties, data: unescapeData(match[3]!) };
}

beforeAll(() => assertBuilt());

describe('--output: several reports from one run', () => {
  it('writes each report byte for byte as its single-format run does, with one exit code', async () => {
    const { root, environment, plan } = repository();
    const formats = ['sarif', 'junit', 'json', 'markdown', 'gitlab', 'html'] as const;
    const checkFormats = formats.filter((format) => format !== 'html');
    const args = ['check', environment, '--plan', plan];
    const many = await runCli(
      [
        ...args,
        '--output',
        'github',
        ...checkFormats.flatMap((format) => ['--output', `${format}=${join(root, `all.${format}`)}`]),
      ],
      { cwd: root },
    );
    expect(many.code, many.stderr).toBe(1);
    for (const format of checkFormats) {
      const single = await runCli([...args, '--format', format], { cwd: root });
      expect(single.code).toBe(1);
      expect(readFileSync(join(root, `all.${format}`), 'utf8'), format).toBe(single.stdout);
      expect(many.stderr).toContain(`wrote ${join(root, `all.${format}`)}`);
    }
    expect(many.stdout).toBe((await runCli([...args, '--format', 'github'], { cwd: root })).stdout);
    // -o and --format keep their meaning next to --output: the --format report goes to -o.
    const mixed = await runCli(
      [
        ...args,
        '--format',
        'json',
        '-o',
        join(root, 'mixed.json'),
        '--output',
        `sarif=${join(root, 'mixed.sarif')}`,
        '--output',
        'text',
      ],
      { cwd: root },
    );
    expect(mixed.code).toBe(1);
    expect(readFileSync(join(root, 'mixed.json'), 'utf8')).toBe(readFileSync(join(root, 'all.json'), 'utf8'));
    expect(readFileSync(join(root, 'mixed.sarif'), 'utf8')).toBe(
      readFileSync(join(root, 'all.sarif'), 'utf8'),
    );
    expect(mixed.stdout).toMatch(/✖ \d+ errors?/);
    // --format beside --output adds its report to stdout.
    const formatToo = await runCli(
      [...args, '--format', 'json', '--output', `junit=${join(root, 'f.xml')}`],
      { cwd: root },
    );
    expect(JSON.parse(formatToo.stdout)).toEqual(JSON.parse(readFileSync(join(root, 'all.json'), 'utf8')));
    expect(existsSync(join(root, 'f.xml'))).toBe(true);
  }, 120_000);

  it('refuses two stdout reports, one file twice, an unknown format or an input as a target (exit 2, nothing written)', async () => {
    const { root, environment, plan } = repository();
    const args = ['check', environment, '--plan', plan];
    const twoStdout = await runCli([
      ...args,
      '--output',
      'text',
      '--output',
      'github',
      '--output',
      `sarif=${join(root, 'a.sarif')}`,
    ]);
    expect(twoStdout.code).toBe(2);
    expect(twoStdout.stderr).toContain('2 reports would go to stdout (text, github); at most one can');
    const formatAndOutput = await runCli([...args, '--format', 'json', '--output', 'sarif']);
    expect(formatAndOutput.code).toBe(2);
    const sameFile = await runCli([
      ...args,
      '--output',
      `sarif=${join(root, 'x')}`,
      '--output',
      `junit=${join(root, 'x')}`,
    ]);
    expect(sameFile.code).toBe(2);
    expect(sameFile.stderr).toContain('two reports would be written to');
    const unknown = await runCli([...args, '--output', 'pdf=report.pdf']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(
      "unknown format 'pdf'; expected one of text, json, sarif, junit, markdown, github, gitlab",
    );
    const fileOnly = await runCli([...args, '--output', 'report.sarif']);
    expect(fileOnly.code).toBe(2);
    expect(fileOnly.stderr).toContain('--output <format>=report.sarif, or -o report.sarif');
    const empty = await runCli([...args, '--output', 'sarif=']);
    expect(empty.code).toBe(2);
    for (const result of [twoStdout, formatAndOutput, sameFile, unknown, fileOnly, empty]) {
      expect(result.stdout).toBe('');
      expect(result.stderr).not.toContain('    at ');
    }
    expect(existsSync(join(root, 'a.sarif'))).toBe(false);
    expect(existsSync(join(root, 'x'))).toBe(false);
    const original = readFileSync(plan, 'utf8');
    const overInput = await runCli([...args, '--output', `sarif=${plan}`]);
    expect(overInput.code).toBe(2);
    expect(overInput.stderr).toContain('it is an input of this command');
    expect(readFileSync(plan, 'utf8')).toBe(original);
  }, 120_000);

  it('report: one scoring feeds several formats, each as its single run writes it', async () => {
    const { root, environment, plan } = repository();
    const args = ['report', environment, '--plan', plan, '--as-of', '2026-01-01'];
    const many = await runCli(
      [
        ...args,
        '--output',
        `json=${join(root, 'r.json')}`,
        '--output',
        `gitlab=${join(root, 'r.gitlab')}`,
        '--output',
        'github',
      ],
      { cwd: root },
    );
    expect(many.code, many.stderr).toBe(1);
    expect(many.stderr).toMatch(
      /^readiness \d+\/100 \(assurance \d+\/100\); wrote .*r\.json, .*r\.gitlab\n$/,
    );
    const json = await runCli([...args, '--format', 'json'], { cwd: root });
    expect(readFileSync(join(root, 'r.json'), 'utf8')).toBe(json.stdout);
    const gitlab = await runCli([...args, '--format', 'gitlab'], { cwd: root });
    expect(readFileSync(join(root, 'r.gitlab'), 'utf8')).toBe(gitlab.stdout);
    expect(many.stdout).toBe((await runCli([...args, '--format', 'github'], { cwd: root })).stdout);
    // Its SARIF has a code-scanning category of its own, apart from check's.
    const sarif = await runCli([...args, '--format', 'sarif'], { cwd: root });
    const run = (JSON.parse(sarif.stdout) as { runs: SarifRun[] }).runs[0]!;
    expect(run.automationDetails.id).toBe('scsm-dr-report/dr/plan.yaml/');
  }, 180_000);
});

/** A plan whose steps name computers that do not exist, with `names` as the names. */
function hostilePlan(directory: string, names: readonly string[], file = 'plan.yaml'): string {
  const steps = names.map(
    (name) => `      - { action: import-management-packs, computer: ${JSON.stringify(name)} }`,
  );
  const path = join(directory, file);
  writeFileSync(
    path,
    [
      'version: 1',
      'scenarios:',
      '  - id: evil',
      '    lost: { computers: [MFI-SM01] }',
      '    steps:',
      ...steps,
      '',
    ].join('\n'),
  );
  return path;
}

describe('--format github', () => {
  it('writes exactly one command per finding, whatever the names and the file name contain', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'scsm-dr-github-'));
    copyFileSync(TWO_ENVIRONMENT, join(directory, 'environment.yaml'));
    // Each at most 15 characters: a computer name longer than NetBIOS allows is an input error.
    const names = [
      'X%0A::error f=,',
      'Y\n::error::n,i',
      'Z\r::warning::c',
      'W\r\n::notice::%',
      'V\u001b[31m::error',
    ];
    hostilePlan(directory, names, 'we,ird:na%0Ame.yaml');
    const result = await runCli(
      [
        'check',
        'environment.yaml',
        '--plan',
        'we,ird:na%0Ame.yaml',
        '--output',
        'github',
        '--output',
        `json=${join(directory, 'r.json')}`,
      ],
      { cwd: directory },
    );
    expect(result.code, result.stderr).toBe(1);
    const findings = (
      JSON.parse(readFileSync(join(directory, 'r.json'), 'utf8')) as { findings: JsonFinding[] }
    ).findings;
    const lines = result.stdout.trimEnd().split('\n');
    // Every line is a command, but the closing line, which cannot be one.
    expect(lines).toHaveLength(findings.length + 1);
    expect(lines.at(-1)).toBe(`scsm-dr: ${findings.length} findings, all annotated`);
    const commands = lines.slice(0, -1).map((line) => command(line));
    expect(commands.every((parsed) => parsed !== undefined)).toBe(true);
    const unknown = findings.filter((finding) => finding.ruleId === 'unknown-reference');
    expect(unknown).toHaveLength(names.length);
    for (const parsed of commands) {
      // The runner's view: the file property is the real file name, the title the rule id.
      expect(parsed!.properties.get('file')).toBe('we,ird:na%0Ame.yaml');
      expect([...parsed!.properties.keys()].slice(0, 3)).toEqual(['file', 'line', 'col']);
    }
    for (const name of names.slice(0, 1)) {
      // A name without control characters arrives in the annotation exactly as written.
      expect(commands.some((parsed) => parsed!.data.includes(`computer '${name}'`))).toBe(true);
    }
    // Control characters are shown, never passed on: no message holds a line break or an escape.
    for (const parsed of commands) {
      for (const control of ['\r', '\n', '\u001b']) expect(parsed!.data.includes(control)).toBe(false);
    }
    expect(commands.filter((parsed) => parsed!.properties.get('title') === 'unknown-reference')).toHaveLength(
      names.length,
    );
  }, 60_000);

  it('annotates the ten most severe of each kind and counts the rest in a closing line', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'scsm-dr-github-'));
    copyFileSync(TWO_ENVIRONMENT, join(directory, 'environment.yaml'));
    const plan = hostilePlan(
      directory,
      Array.from({ length: 14 }, (_, i) => `NOPE${i}`),
    );
    const result = await runCli(
      [
        'check',
        'environment.yaml',
        '--plan',
        plan,
        '--output',
        'github',
        '--output',
        `json=${join(directory, 'r.json')}`,
      ],
      { cwd: directory },
    );
    const findings = (
      JSON.parse(readFileSync(join(directory, 'r.json'), 'utf8')) as { findings: JsonFinding[] }
    ).findings;
    const errors = findings.filter((finding) => finding.severity === 'error').length;
    const warnings = findings.filter((finding) => finding.severity === 'warning').length;
    expect(errors).toBeGreaterThan(10);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines.filter((line) => line.startsWith('::error '))).toHaveLength(10);
    expect(lines.filter((line) => line.startsWith('::warning '))).toHaveLength(Math.min(warnings, 10));
    // Most severe first: every error command comes before the first warning.
    const firstWarning = lines.findIndex((line) => line.startsWith('::warning '));
    const lastError = lines.findLastIndex((line) => line.startsWith('::error '));
    if (firstWarning !== -1) expect(lastError).toBeLessThan(firstWarning);
    const plain = lines.filter((line) => !line.startsWith('::'));
    expect(plain.filter((line) => line.startsWith('error '))).toHaveLength(errors - 10);
    expect(lines.at(-1)).toContain(
      `scsm-dr: ${findings.length} findings, ${errors - 10} not annotated (${errors - 10} errors)`,
    );
    expect(lines).toHaveLength(findings.length + 1);
  }, 60_000);
});

describe('--format gitlab', () => {
  it('is a Code Quality report: the documented fields, unique fingerprints, paths from the repository root', async () => {
    const { root } = repository();
    const result = await runCli(
      [
        'check',
        'dr/environment.yaml',
        '--plan',
        'dr/plan.yaml',
        '--output',
        'gitlab',
        '--output',
        `json=${join(root, 'r.json')}`,
      ],
      { cwd: join(root) },
    );
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as unknown[];
    const findings = (JSON.parse(readFileSync(join(root, 'r.json'), 'utf8')) as { findings: JsonFinding[] })
      .findings;
    expect(Array.isArray(report)).toBe(true);
    expect(report).toHaveLength(findings.length);
    const severity = { error: 'critical', warning: 'major', note: 'info' } as const;
    report.forEach((entry, i) => {
      const finding = findings[i]!;
      expect(Object.keys(entry as object).sort()).toEqual([
        'check_name',
        'description',
        'fingerprint',
        'location',
        'severity',
      ]);
      expect(entry).toEqual({
        description: finding.message,
        check_name: finding.ruleId,
        fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
        severity: severity[finding.severity],
        location: { path: 'dr/plan.yaml', lines: { begin: finding.location.line } },
      });
      expect(['info', 'minor', 'major', 'critical', 'blocker']).toContain(
        (entry as { severity: string }).severity,
      );
    });
    const fingerprints = report.map((entry) => (entry as { fingerprint: string }).fingerprint);
    expect(new Set(fingerprints).size).toBe(fingerprints.length);
    // Run from inside dr/: the same paths from the repository root, the same fingerprints.
    const inside = await runCli(['check', 'environment.yaml', '--plan', 'plan.yaml', '--format', 'gitlab'], {
      cwd: join(root, 'dr'),
    });
    expect(JSON.parse(inside.stdout)).toEqual(report);
  }, 60_000);
});

describe('--format sarif for code scanning', () => {
  it('keeps every fingerprint when a comment line is inserted above the findings', async () => {
    const { root, plan } = repository();
    const args = ['check', 'dr/environment.yaml', '--plan', 'dr/plan.yaml', '--format', 'sarif'];
    const before = (JSON.parse((await runCli(args, { cwd: root })).stdout) as { runs: SarifRun[] }).runs[0]!;
    const text = readFileSync(plan, 'utf8');
    // Right above the first step that has a finding, and at the top: both move every line below.
    const firstLine = Math.min(
      ...before.results.map((result) => result.locations[0]!.physicalLocation.region.startLine),
    );
    const lines = text.split('\n');
    lines.splice(firstLine - 1, 0, '      # a reviewer added this comment');
    writeFileSync(plan, `# and this one\n${lines.join('\n')}`);
    const after = (JSON.parse((await runCli(args, { cwd: root })).stdout) as { runs: SarifRun[] }).runs[0]!;
    expect(after.results).toHaveLength(before.results.length);
    expect(before.results.length).toBeGreaterThan(0);
    after.results.forEach((result, i) => {
      const old = before.results[i]!;
      expect(result.ruleId).toBe(old.ruleId);
      expect(result.locations[0]!.physicalLocation.region.startLine).toBe(
        old.locations[0]!.physicalLocation.region.startLine + 2,
      );
      expect(result.partialFingerprints).toEqual(old.partialFingerprints);
    });
    const prints = after.results.map((result) => JSON.stringify(result.partialFingerprints));
    expect(new Set(prints).size).toBe(prints.length);
  }, 60_000);

  it('names files from the repository root and records the directories it ran in', async () => {
    const { root } = repository();
    const result = await runCli(['check', 'environment.yaml', '--plan', 'plan.yaml', '--format', 'sarif'], {
      cwd: join(root, 'dr'),
    });
    const run = (JSON.parse(result.stdout) as { runs: SarifRun[] }).runs[0]!;
    for (const sarifResult of run.results) {
      expect(sarifResult.locations[0]!.physicalLocation.artifactLocation).toEqual({
        uri: 'dr/plan.yaml',
        uriBaseId: '%SRCROOT%',
      });
    }
    expect(run.originalUriBaseIds['%SRCROOT%']?.uri).toBe(`${pathToFileURL(root).href}/`);
    expect(run.invocations[0]?.workingDirectory?.uri).toBe(`${pathToFileURL(join(root, 'dr')).href}/`);
    expect(run.automationDetails.id).toBe('scsm-dr/dr/plan.yaml/');
  }, 60_000);
});
