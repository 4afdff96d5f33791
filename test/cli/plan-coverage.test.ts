/**
 * `check` and `score` agree on what the plan covers (issue 13): `plan-coverage` judges the
 * losses of `src/loss/` that stop a service, the same ones the score marks "the plan has no
 * scenario for this disruption". Through the built program, on a bundled environment.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadEnvironmentFile } from '../../src/environment/load.js';
import type { Environment } from '../../src/environment/types.js';
import { canonicalLoss, NO_LOSS } from '../../src/loss/index.js';
import type { Loss } from '../../src/models/system.js';
import { assertBuilt, REPO_ROOT, runCli } from '../helpers/cli.js';

beforeAll(() => assertBuilt());

const ENVIRONMENT_TEXT = readFileSync(join(REPO_ROOT, 'scenarios/two-computer/environment.yaml'), 'utf8');
/** The environment beside the plans, where their `environment:` key points. */
const DIR = mkdtempSync(join(tmpdir(), 'scsm-dr-coverage-'));
const ENVIRONMENT = join(DIR, 'environment.yaml');
writeFileSync(ENVIRONMENT, ENVIRONMENT_TEXT);
const PLAN_TEXT = readFileSync(join(REPO_ROOT, 'scenarios/two-computer/plan.yaml'), 'utf8');

interface JsonFinding {
  readonly ruleId: string;
  readonly message: string;
  readonly location: { readonly line: number; readonly column: number };
}

let plans = 0;

/** Writes a plan beside the copied environment, so that no command can write over the bundled files. */
function planFile(text: string): string {
  plans += 1;
  const file = join(DIR, `plan-${plans}.yaml`);
  writeFileSync(file, text);
  return file;
}

async function environment(): Promise<Environment> {
  const result = await loadEnvironmentFile(ENVIRONMENT);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

async function coverage(plan: string): Promise<JsonFinding[]> {
  const result = await runCli([
    'check',
    ENVIRONMENT,
    '--plan',
    plan,
    '--format',
    'json',
    '--fail-on',
    'never',
  ]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const findings = (JSON.parse(result.stdout) as { findings: JsonFinding[] }).findings;
  return findings.filter((finding) => finding.ruleId === 'plan-coverage');
}

/** The loss a `plan-coverage` message asks a scenario for: its `lost: { kind: [name] }`. */
function suggestedLoss(message: string): Loss {
  const match = /`lost: \{ (computers|sites|databases): \[([^\]]+)\] \}`/.exec(message);
  if (match === null) throw new Error(`no scenario to add in: ${message}`);
  return { ...NO_LOSS, [match[1]!]: [match[2]!] };
}

const DWDATAMART_SCENARIO = 'lost: { databases: [DWDataMart] }';

describe('plan-coverage of database losses, through the CLI', () => {
  it('reports the corruption of a database no scenario handles, and not when the plan covers it', async () => {
    expect(PLAN_TEXT).toContain(DWDATAMART_SCENARIO);
    const covered = await coverage(planFile(PLAN_TEXT));
    expect(covered.filter((finding) => finding.message.includes('database DWDataMart'))).toEqual([]);

    // The scenario now handles a wider loss, so the corruption of DWDataMart alone is a gap.
    const uncoveredPlan = PLAN_TEXT.replace(
      DWDATAMART_SCENARIO,
      'lost: { databases: [DWDataMart, ReportServer] }',
    );
    const uncovered = await coverage(planFile(uncoveredPlan));
    const gap = uncovered.filter((finding) => finding.message.includes('database DWDataMart'));
    expect(gap.map((finding) => finding.message)).toEqual([
      'no scenario handles the corruption of database DWDataMart (its host MFI-DW01 intact); add a scenario with `lost: { databases: [DWDataMart] }` (`scsm-dr plan --lost database:DWDataMart` proposes one)',
    ]);
    // At the plan's `scenarios:` key, as every plan-coverage finding.
    const at = uncoveredPlan.split('\n').indexOf('scenarios:') + 1;
    expect(gap[0]!.location).toMatchObject({ line: at, column: 1 });
    expect(uncovered).toHaveLength(covered.length + 1);
  });

  it.each([
    ['the bundled plan', PLAN_TEXT],
    [
      'a plan without its DWDataMart scenario',
      PLAN_TEXT.replace(DWDATAMART_SCENARIO, 'lost: { databases: [DWDataMart, ReportServer] }'),
    ],
  ])('on %s, check’s uncovered losses are the score rows with plan-coverage', async (_name, text) => {
    const plan = planFile(text);
    const env = await environment();
    const checked = (await coverage(plan)).map((finding) =>
      canonicalLoss(env, suggestedLoss(finding.message)),
    );
    const score = await runCli([
      'score',
      ENVIRONMENT,
      '--plan',
      plan,
      '--format',
      'json',
      '--fail-on',
      'never',
    ]);
    expect(score.stderr).toBe('');
    const rows = (JSON.parse(score.stdout) as { disruptions: { lost: Loss; ruleIds: string[] }[] })
      .disruptions;
    const scored = rows
      .filter((row) => row.ruleIds.includes('plan-coverage'))
      .map((row) => canonicalLoss(env, row.lost));
    expect(checked.length).toBeGreaterThan(0);
    expect(new Set(checked).size).toBe(checked.length);
    expect([...new Set(scored)].sort()).toEqual([...checked].sort());
  });
});
