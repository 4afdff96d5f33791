import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli } from '../helpers/cli.js';

const SCENARIO = 'scenarios/four-computer-ha/environment.yaml';

let cwd: string;

beforeAll(() => {
  assertBuilt();
  cwd = mkdtempSync(join(tmpdir(), 'scsm-dr-'));
});

afterAll(() => {
  rmSync(cwd, { recursive: true, force: true });
});

const BROKEN = `version: 1
name: broken
product: scsm-2012r2
objectives: { rto: 8h, rpo: 24h }
computers:
  - name: SM01
sqlInstances: [ { id: SM01 } ]
databases:
  - name: ServiceManager
    instance: SM01
    sizeGB: 40
managementGroups:
  - name: SMMG
    type: service-manager
    database: ServiceManager
    managementServers:
      - { computer: SM02, role: workflow }
`;

describe('scsm-dr validate', () => {
  it('exits 0 with a summary on a scenario file', async () => {
    const result = await runCli(['validate', SCENARIO]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      `✓ ${SCENARIO}: corvid-logistics-production (scsm-2022), RTO 12h, RPO 1h`,
    );
    expect(result.stdout).toContain('CVL-SM01 [site hq]');
    expect(result.stdout).toContain('SQL CVL-DWSQL01\\DW: DWStagingAndConfig, DWRepository, DWDataMart');
    expect(result.stdout).toContain(
      'management groups: CVL_SM (service-manager), DW_CVL_SM (data-warehouse)',
    );
    // NO_COLOR: no escape sequences.
    expect(result.stdout).not.toContain('\u001b[');
  });

  it('prints a JSON summary with --format json', async () => {
    const result = await runCli(['validate', SCENARIO, '--format', 'json']);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as {
      valid: boolean;
      environment: { name: string; sqlInstances: string[]; databases: { name: string; role: string }[] };
    };
    expect(summary.valid).toBe(true);
    expect(summary.environment.name).toBe('corvid-logistics-production');
    expect(summary.environment.sqlInstances).toEqual(['CVL-SQL01', 'CVL-DWSQL01\\DW']);
    expect(summary.environment.databases).toContainEqual(
      expect.objectContaining({ name: 'DWRepository', role: 'dw-repository' }),
    );
  });

  it.each(['single-computer', 'two-computer', 'four-computer'])(
    'validates scenarios/%s',
    async (scenario) => {
      const result = await runCli(['validate', `scenarios/${scenario}/environment.yaml`]);
      expect(result.code).toBe(0);
    },
  );

  it('exits 2 on a broken file, one located line per error, without a stack trace', async () => {
    const file = join(cwd, 'broken.yaml');
    writeFileSync(file, BROKEN);
    const result = await runCli(['validate', 'broken.yaml'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const lines = result.stderr.split('\n');
    // Each error line leads with the location, file:line:column: (after an optional severity word).
    const located = lines.filter((line) => /^(?:error:? )?broken\.yaml:\d+:\d+: /.test(line));
    expect(located).toHaveLength(2);
    expect(located[0]).toMatch(
      /broken\.yaml:3:10: invalid value the string "scsm-2012r2" \(at product\).*did you mean 'scsm-2012-r2'\?$/,
    );
    expect(located[1]).toMatch(
      /broken\.yaml:11:5: unknown key 'sizeGB' \(at databases\[0\]\.sizeGB\).*did you mean 'sizeGb'\?$/,
    );
    expect(result.stderr).toContain('broken.yaml: 2 errors');
    expect(result.stderr).not.toContain('    at ');
  });

  it('reports the semantic errors of a file once its shape is right', async () => {
    writeFileSync(
      join(cwd, 'dangling.yaml'),
      BROKEN.replace('scsm-2012r2', 'scsm-2012-r2').replace('sizeGB', 'sizeGb'),
    );
    const result = await runCli(['validate', 'dangling.yaml'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^(?:error:? )?dangling\.yaml:17:21: unknown computer 'SM02' .*did you mean 'SM01'\?$/m,
    );
    expect(result.stderr).not.toContain('    at ');
  });

  it('exits 2 with "no such file" for a missing file', async () => {
    const result = await runCli(['validate', 'no-such-file.yaml'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no-such-file.yaml: no such file\n');
    expect(result.stderr).not.toContain('    at ');
  });

  it('exits 2 for a directory', async () => {
    const result = await runCli(['validate', '.'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('.: is a directory; expected a YAML or JSON file\n');
    expect(result.stderr).not.toContain('    at ');
  });

  it('exits 2 for a binary file', async () => {
    writeFileSync(
      join(cwd, 'binary.yaml'),
      Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0xff]),
    );
    const result = await runCli(['validate', 'binary.yaml'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('binary.yaml:1:1: file contains a NUL byte');
    expect(result.stderr).not.toContain('    at ');
  });

  it('exits 2 for a file that is not UTF-8', async () => {
    writeFileSync(join(cwd, 'latin1.yaml'), Buffer.from('version: 1\nname: Z\xfcrich\n', 'latin1'));
    const result = await runCli(['validate', 'latin1.yaml'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('latin1.yaml:2:1: file is not valid UTF-8');
  });

  it('exits 2 for an unknown option', async () => {
    const result = await runCli(['validate', SCENARIO, '--no-such-option']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown option '--no-such-option'");
    expect(result.stdout).toBe('');
  });

  it('exits 2 when the file argument is missing', async () => {
    const result = await runCli(['validate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'missing the environment: give the environment file as the first argument, or a plan whose environment: names it with --plan',
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
