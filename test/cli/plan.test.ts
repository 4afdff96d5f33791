import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, REPO_ROOT, runCli } from '../helpers/cli.js';

const HA = 'scenarios/four-computer-ha/environment.yaml';
const SINGLE = 'scenarios/single-computer/environment.yaml';

beforeAll(() => assertBuilt());

describe('scsm-dr plan (end to end)', () => {
  it('writes a plan with -o that scsm-dr check accepts with --fail-on error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scsm-dr-plan-'));
    const output = join(dir, 'plan.yaml');
    const planned = await runCli(['plan', HA, '--lost', 'cvl-sm01', '-o', output]);
    expect(planned.code).toBe(0);
    expect(planned.stdout).toBe('');
    expect(planned.stderr).toMatch(
      /^synthesised 7 steps, estimated 3h 50m \(RTO 12h\), \d[\d,]* states explored/,
    );
    expect(planned.stderr).toContain(`wrote ${output}`);

    const text = readFileSync(output, 'utf8');
    expect(text.split('\n')[0]).toMatch(/^# yaml-language-server: \$schema=.*schema\/plan\.schema\.json$/);
    expect(text).toContain(
      '# R-PROMOTE step 2 (D-PROMO): delete the Health Service State folder on CVL-SM02',
    );
    expect(text).toContain('lost: { computers: [ CVL-SM01 ] }');
    expect(text).toMatch(/- \{ action: promote-workflow-server, computer: CVL-SM02, duration: 15m \}/);

    const checked = await runCli(['check', HA, '--plan', output, '--fail-on', 'error', '--format', 'json']);
    expect(checked.code).toBe(0);
    const report = JSON.parse(checked.stdout) as {
      summary: { error: number; recovered: number };
      findings: { ruleId: string }[];
    };
    expect(report.summary.error).toBe(0);
    expect(report.summary.recovered).toBe(1);
    expect(
      report.findings.filter((f) => f.ruleId !== 'plan-coverage' && f.ruleId !== 'rto-exceeded'),
    ).toEqual([]);
  });

  it('prints the plan on stdout; repeated and comma-separated --lost combine', async () => {
    const result = await runCli([
      'plan',
      HA,
      '--lost',
      'CVL-SQL01,CVL-SM01',
      '--lost',
      'CVL-SQL01',
      '--quiet',
    ]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('lost: { computers: [ CVL-SQL01, CVL-SM01 ] }');
    expect(result.stdout).toContain('environment: ./scenarios/four-computer-ha/environment.yaml');
    // The database comes back before any management server work (invariant 6).
    const restore = result.stdout.indexOf('action: restore-database');
    const setup = result.stdout.indexOf('action: install-management-server');
    expect(restore).toBeGreaterThan(0);
    expect(setup).toBeGreaterThan(restore);
  });

  it('refuses to write over an input file (exit 2) and leaves it untouched', async () => {
    const before = readFileSync(join(REPO_ROOT, HA), 'utf8');
    const result = await runCli(['plan', HA, '--lost', 'CVL-SM02', '-o', HA]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/refusing to write .*environment\.yaml: it is an input/);
    expect(readFileSync(join(REPO_ROOT, HA), 'utf8')).toBe(before);
  });

  it('exits 2 with a suggestion for an unknown computer', async () => {
    const result = await runCli(['plan', HA, '--lost', 'CVL-SM1']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain("declares no computer 'CVL-SM1'; did you mean 'CVL-SM01'?");
  });

  it('exits 1 and says why when the loss cannot be recovered (D-STRAT)', async () => {
    const result = await runCli(['plan', SINGLE, '--lost', 'BWA-HV01']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/no valid recovery of BWA-HV01 lost/);
    expect(result.stderr).toMatch(/management server BWA-HV01 and its database ServiceManager .*\[D-STRAT\]/);
    expect(result.stderr).toMatch(
      /database ReportServer is lost and it has never been backed up.*\[D-DBREC\]/,
    );
  });

  it('--format json of a loss that cannot be recovered gives each reason with its words and citation', async () => {
    const result = await runCli(['plan', SINGLE, '--lost', 'BWA-HV01', '--format', 'json', '--quiet']);
    expect(result.code).toBe(1);
    const json = JSON.parse(result.stdout) as {
      ok: boolean;
      reasons: Record<string, unknown>[];
      partial: { steps: unknown[] };
    };
    expect(json.ok).toBe(false);
    // The reasons are the synthesiser's codes worded once (src/simulator/synthesis-messages.ts);
    // the JSON keeps the shape it has always had: component, message, citation, nothing else.
    for (const reason of json.reasons)
      expect(Object.keys(reason)).toEqual(['component', 'message', 'citation']);
    expect(json.reasons).toContainEqual({
      component: 'ms:BWA-HV01',
      message:
        'management server BWA-HV01 and its database ServiceManager were on the same lost computer BWA-HV01: "Recovery of a management server is impossible if the management server and the associated database are on the same physical computer and that computer fails" (invariant 7, F3)',
      citation: 'D-STRAT',
    });
    expect(result.stderr).toContain('no valid recovery of BWA-HV01 lost');
  });

  it('--format json gives the steps with their estimates and citations', async () => {
    const result = await runCli(['plan', HA, '--lost', 'site:DR', '--format', 'json', '--quiet']);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as {
      ok: boolean;
      scenario: { id: string; lost: { sites: string[] } };
      steps: { action: string; seconds: number; citation: string }[];
    };
    expect(json.ok).toBe(true);
    expect(json.scenario.id).toBe('site-dr-lost');
    expect(json.scenario.lost.sites).toEqual(['dr']);
    expect(json.steps.map((step) => step.action)).toEqual([
      'provision-computer',
      'install-management-server',
      'backup-encryption-key',
    ]);
    for (const step of json.steps) expect(step.citation).toMatch(/^[A-Z]-[A-Z]+/);
  });
});

/** A hand-written plan with its own layout: odd indentation, spacing, quoting and comments. */
function handWrittenPlan(): string {
  return [
    '# Corvid runbook: owned by the DR team. Do not reformat.',
    'version: 1',
    `environment: '${join(REPO_ROOT, HA)}'`,
    '',
    'scenarios:',
    '    # indented by four, on purpose',
    '    -   id: dw-lost',
    "        title:   'the   DW  server is lost'",
    '        lost: {computers: [CVL-DW01]}     # trailing comment',
    '        steps:',
    '          - {action: provision-computer,computer: CVL-DW01,  owner: platform}',
    '',
    '',
    '# end of the runbook',
    '',
  ].join('\n');
}

describe('scsm-dr plan -o onto an existing file', () => {
  const directory = mkdtempSync(join(tmpdir(), 'scsm-dr-plan-append-'));
  let counter = 0;
  const planFile = (content: string, name = 'plan.yaml'): string => {
    counter += 1;
    const file = join(directory, `${counter}-${name}`);
    writeFileSync(file, content);
    return file;
  };

  it('refuses to overwrite it without --force (exit 2, file untouched); --force replaces it', async () => {
    const original = handWrittenPlan();
    const file = planFile(original);
    const refused = await runCli(['plan', HA, '--lost', 'cvl-sm01', '-o', file]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      `scsm-dr: refusing to overwrite ${file}: it exists; replace it with --force, or add the scenario to it with --append\n`,
    );
    expect(readFileSync(file, 'utf8')).toBe(original);

    const forced = await runCli(['plan', HA, '--lost', 'cvl-sm01', '-o', file, '--force', '--quiet']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('- id: cvl-sm01-lost');
    expect(readFileSync(file, 'utf8')).not.toContain('dw-lost');
  });

  it('--append keeps every byte of the plan, and the added scenario passes check', async () => {
    const original = handWrittenPlan();
    const file = planFile(original);
    const appended = await runCli(['plan', HA, '--lost', 'cvl-sm01', '-o', file, '--append']);
    expect(appended.code, appended.stderr).toBe(0);
    expect(appended.stderr).toContain(`added scenario 'cvl-sm01-lost' to ${file}`);
    const text = readFileSync(file, 'utf8');
    // The new item goes right after the last line of the scenarios; nothing else changes.
    const end = original.indexOf('\n\n\n# end of the runbook') + 1;
    expect(text.startsWith(original.slice(0, end))).toBe(true);
    expect(text.endsWith(original.slice(end))).toBe(true);
    const added = text.slice(end, text.length - (original.length - end));
    expect(added).toMatch(/^ {4}# Added by scsm-dr plan .* --append from the environment\n/);
    expect(added).toContain('\n    - id: cvl-sm01-lost\n      title: ');
    expect(added).toContain(
      '\n        - { action: promote-workflow-server, computer: CVL-SM02, duration: 15m }\n',
    );

    const checked = await runCli(['check', HA, '--plan', file, '--format', 'json', '--fail-on', 'never']);
    expect(checked.code, checked.stderr).toBe(0);
    const report = JSON.parse(checked.stdout) as {
      scenarios: { id: string; recovered: boolean }[];
      findings: { ruleId: string; severity: string; scenario?: string }[];
    };
    expect(report.scenarios.map((scenario) => scenario.id)).toEqual(['dw-lost', 'cvl-sm01-lost']);
    expect(report.scenarios[1]!.recovered).toBe(true);
    expect(report.findings.filter((f) => f.scenario === 'cvl-sm01-lost' && f.severity === 'error')).toEqual(
      [],
    );
  });

  it('--append to a plan with CRLF line endings adds CRLF lines only, as LF appended to LF', async () => {
    const unix = planFile(handWrittenPlan());
    const windows = planFile(handWrittenPlan().replace(/\n/g, '\r\n'));
    const [lf, crlf] = await Promise.all([
      runCli(['plan', HA, '--lost', 'cvl-sm01', '-o', unix, '--append', '--quiet']),
      runCli(['plan', HA, '--lost', 'cvl-sm01', '-o', windows, '--append', '--quiet']),
    ]);
    expect(lf.code, lf.stderr).toBe(0);
    expect(crlf.code, crlf.stderr).toBe(0);
    const text = readFileSync(windows, 'utf8');
    expect(text).not.toMatch(/[^\r]\n/);
    expect(text).toBe(readFileSync(unix, 'utf8').replace(/\n/g, '\r\n'));
    const checked = await runCli(['check', HA, '--plan', windows, '--format', 'json', '--fail-on', 'never']);
    expect(checked.code, checked.stderr).toBe(0);
    expect(
      (JSON.parse(checked.stdout) as { scenarios: { id: string }[] }).scenarios.map((s) => s.id),
    ).toEqual(['dw-lost', 'cvl-sm01-lost']);
  });

  it('--append refuses a duplicate scenario id at its location, and leaves the file as it was', async () => {
    const original = handWrittenPlan();
    const file = planFile(original);
    const duplicate = await runCli([
      'plan',
      HA,
      '--lost',
      'cvl-dw01',
      '--id',
      'dw-lost',
      '-o',
      file,
      '--append',
    ]);
    expect(duplicate.code).toBe(2);
    expect(duplicate.stderr).toBe(
      `${file}:7:9: the plan already has a scenario 'dw-lost' (at scenarios[0].id); choose another id with --id\n` +
        `scsm-dr: cannot append to ${file}: 1 error\n`,
    );
    expect(readFileSync(file, 'utf8')).toBe(original);
  });

  it('--append refuses a file that is not a valid plan, and a plan written as JSON', async () => {
    const broken =
      'version: 1\nscenarios:\n  - id: x\n    lost: { computers: [A] }\n    steps:\n      - { action: restor-database }\n';
    const file = planFile(broken);
    const refused = await runCli(['plan', HA, '--lost', 'cvl-sm01', '-o', file, '--append']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(new RegExp(`${file}:6:\\d+: .*did you mean 'restore-database'\\?`));
    expect(refused.stderr).toContain(`cannot append to ${file}: it is not a valid plan (1 error)`);
    expect(readFileSync(file, 'utf8')).toBe(broken);

    const json = JSON.stringify({
      version: 1,
      scenarios: [
        {
          id: 'dw-lost',
          lost: { computers: ['CVL-DW01'] },
          steps: [{ action: 'provision-computer', computer: 'CVL-DW01' }],
        },
      ],
    });
    const jsonFile = planFile(json, 'plan.json');
    const flow = await runCli(['plan', HA, '--lost', 'cvl-sm01', '-o', jsonFile, '--append']);
    expect(flow.code).toBe(2);
    expect(flow.stderr).toContain(`cannot append to ${jsonFile}: its scenarios are not a block sequence`);
    expect(readFileSync(jsonFile, 'utf8')).toBe(json);
  });

  it('--append to a missing file writes a new plan; --force and --append never write over the environment', async () => {
    const file = join(directory, 'fresh', 'plan.yaml');
    const created = await runCli(['plan', HA, '--lost', 'cvl-sm01', '-o', file, '--append', '--quiet']);
    expect(created.code, created.stderr).toBe(0);
    expect(readFileSync(file, 'utf8')).toMatch(/^# yaml-language-server: /);

    const before = readFileSync(join(REPO_ROOT, HA), 'utf8');
    for (const flag of ['--force', '--append']) {
      const result = await runCli(['plan', HA, '--lost', 'cvl-sm01', '-o', HA, flag]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('it is an input of this command');
    }
    expect(readFileSync(join(REPO_ROOT, HA), 'utf8')).toBe(before);

    const both = await runCli(['plan', HA, '--lost', 'cvl-sm01', '-o', file, '--append', '--force']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/cannot be used with/);
  });
});
