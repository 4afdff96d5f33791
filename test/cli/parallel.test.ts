/**
 * Parallel recovery through the CLI (docs/plan.md, *Parallel recovery*): the plan format's
 * located errors, the unchanged meaning of plans without `after:`, the critical-path estimate
 * of the bundled two-team scenario, its Gantt lanes, and a missing `after:` found at its line.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { loadEnvironmentText } from '../../src/environment/load.js';
import { estimateStepSeconds } from '../../src/plan/durations.js';
import { loadPlanText } from '../../src/plan/load.js';
import { assertBuilt, REPO_ROOT, runCli } from '../helpers/cli.js';
import { loadMermaid } from '../helpers/mermaid.js';

const HA = join(REPO_ROOT, 'scenarios/four-computer-ha');
const HA_ENV = join(HA, 'environment.yaml');
const HA_PLAN_TEXT = readFileSync(join(HA, 'plan.yaml'), 'utf8');
const TWO_TEAMS = 'hq-site-lost-two-teams';

interface JsonScenario {
  id: string;
  estimatedSeconds: number;
  recovered: boolean;
}
interface JsonReport {
  findings: {
    ruleId: string;
    message: string;
    scenario?: string;
    location: { file: string; line: number; column: number };
  }[];
  scenarios: JsonScenario[];
}

beforeAll(() => assertBuilt());

const dir = mkdtempSync(join(tmpdir(), 'scsm-dr-parallel-'));
let written = 0;
/** Writes a plan for the HA environment into the temp directory and returns its path. */
function writePlan(text: string): string {
  const file = join(dir, `plan-${written++}.yaml`);
  writeFileSync(file, text.replace('environment: ./environment.yaml', `environment: ${HA_ENV}`));
  return file;
}

async function checkJson(plan: string): Promise<{ code: number | null; report: JsonReport }> {
  const result = await runCli(['check', HA_ENV, '--plan', plan, '--format', 'json']);
  return { code: result.code, report: JSON.parse(result.stdout) as JsonReport };
}

/** The 1-based line of the first line of `text` containing `needle`, and the column of its `{`. */
function lineOf(text: string, needle: string): { line: number; column: number } {
  const lines = text.split('\n');
  const index = lines.findIndex((line) => line.includes(needle));
  if (index < 0) throw new Error(`no line with ${needle}`);
  return { line: index + 1, column: lines[index]!.indexOf('{') + 1 };
}

const SMALL = (steps: string, teams = '') => `version: 1
scenarios:
  - id: dw-server-lost
    lost: { computers: [CVL-DW01] }
${teams}    steps:
${steps}`;

describe('plan format: located errors (exit 2)', () => {
  const cases: { name: string; steps: string; teams?: string; pattern: RegExp }[] = [
    {
      name: 'an after: naming no step, with a did-you-mean',
      steps: `      - { id: host, action: provision-computer, computer: CVL-DW01 }
      - { action: restore-encryption-key, computer: CVL-DW01, after: [hots] }
`,
      pattern: /:7:\d+: after: no step of this scenario has the id 'hots'.*did you mean 'host'\?/,
    },
    {
      name: 'a duplicate step id',
      steps: `      - { id: host, action: provision-computer, computer: CVL-DW01 }
      - { id: host, action: restore-encryption-key, computer: CVL-DW01 }
`,
      pattern: /:7:\d+: duplicate step id 'host', first used at line 6/,
    },
    {
      name: 'a forward reference that closes a cycle',
      steps: `      - { id: host, action: provision-computer, computer: CVL-DW01, after: [key] }
      - { id: key, action: restore-encryption-key, computer: CVL-DW01, after: [host] }
`,
      pattern: /:6:\d+: after: 'key' is a later step \(line 7\).*a cycle/,
    },
    {
      name: 'a step waiting for itself',
      steps: `      - { id: host, action: provision-computer, computer: CVL-DW01, after: host }
`,
      pattern: /:6:\d+: after: step 'host' cannot wait for itself/,
    },
    {
      name: 'an undeclared team, with a did-you-mean',
      teams: '    teams: { dba: 1, sm-admin: 2 }\n',
      steps: `      - { id: host, action: provision-computer, computer: CVL-DW01, team: sm-admn }
`,
      pattern: /:7:\d+: team 'sm-admn' is not declared.*did you mean 'sm-admin'\?/,
    },
    {
      name: 'a team of no people',
      teams: '    teams: { dba: 0 }\n',
      steps: `      - { id: host, action: provision-computer, computer: CVL-DW01, team: dba }
`,
      pattern: /:5:\d+: .*a team needs at least one person/,
    },
  ];
  it.each(cases)('$name', async ({ steps, teams, pattern }) => {
    const plan = writePlan(SMALL(steps, teams));
    const result = await runCli(['check', HA_ENV, '--plan', plan]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(pattern);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('plans without after: mean what they meant', () => {
  it('each sequential scenario of every bundled plan is estimated at the sum of its steps', async () => {
    for (const name of ['single-computer', 'two-computer', 'four-computer', 'four-computer-ha']) {
      const environmentFile = join(REPO_ROOT, 'scenarios', name, 'environment.yaml');
      const planFile = join(REPO_ROOT, 'scenarios', name, 'plan.yaml');
      const environment = loadEnvironmentText(readFileSync(environmentFile, 'utf8'), environmentFile);
      const plan = loadPlanText(readFileSync(planFile, 'utf8'), planFile);
      if (!environment.ok || !plan.ok) throw new Error(`${name} does not load`);
      const result = await runCli(['check', environmentFile, '--plan', planFile, '--format', 'json']);
      const report = JSON.parse(result.stdout) as JsonReport;
      for (const scenario of plan.value.scenarios) {
        if (scenario.steps.some((step) => step.after !== undefined)) continue;
        const sum = scenario.steps.reduce(
          (total, step) => total + estimateStepSeconds(environment.value, step).seconds,
          0,
        );
        expect(report.scenarios.find((s) => s.id === scenario.id)?.estimatedSeconds, scenario.id).toBe(sum);
      }
      expect(report.findings.filter((finding) => finding.message.startsWith('missing dependency'))).toEqual(
        [],
      );
    }
  });

  it('team: on every step of a sequential scenario changes nothing in check --format json', async () => {
    const doc = parseDocument(HA_PLAN_TEXT);
    const json = doc.toJS() as { scenarios: { id: string; steps: Record<string, unknown>[] }[] };
    const plain = {
      ...json,
      scenarios: json.scenarios.filter((scenario) => scenario.id !== TWO_TEAMS),
    };
    const labelled = {
      ...plain,
      scenarios: plain.scenarios.map((scenario) => ({
        ...scenario,
        steps: scenario.steps.map((step) => ({ ...step, team: String(step.owner ?? 'anyone-else') })),
      })),
    };
    const a = await checkJson(writePlan(JSON.stringify(plain)));
    const b = await checkJson(writePlan(JSON.stringify(labelled)));
    // The two files differ in their text, so positions differ; everything else must not.
    const strip = (report: JsonReport) =>
      JSON.stringify(report, (key, value) => (key === 'location' || key === 'plan' ? undefined : value));
    expect(strip(b.report)).toBe(strip(a.report));
    expect(b.code).toBe(a.code);
  });
});

describe('the bundled two-team scenario', () => {
  it('is recovered with no finding, estimated at its critical path, shorter than the sum of its steps', async () => {
    const { report } = await checkJson(join(HA, 'plan.yaml'));
    const scenario = report.scenarios.find((s) => s.id === TWO_TEAMS)!;
    expect(scenario.recovered).toBe(true);
    expect(report.findings.filter((finding) => finding.scenario === TWO_TEAMS)).toEqual([]);
    const environment = loadEnvironmentText(readFileSync(HA_ENV, 'utf8'), HA_ENV);
    const plan = loadPlanText(HA_PLAN_TEXT, 'plan.yaml');
    if (!environment.ok || !plan.ok) throw new Error('the HA example does not load');
    const steps = plan.value.scenarios.find((s) => s.id === TWO_TEAMS)!.steps;
    const sum = steps.reduce(
      (total, step) => total + estimateStepSeconds(environment.value, step).seconds,
      0,
    );
    expect(scenario.estimatedSeconds).toBeLessThan(sum);

    // The Gantt diagram: one lane per team, and the crit tasks form one unbroken chain from
    // the start to the estimate.
    const gantt = await runCli([
      'diagram',
      HA_ENV,
      '--kind',
      'gantt',
      '--plan',
      join(HA, 'plan.yaml'),
      '--scenario',
      TWO_TEAMS,
    ]);
    expect(gantt.code).toBe(0);
    const mermaid = await loadMermaid();
    await expect(mermaid.parse(gantt.stdout)).resolves.toBeTruthy();
    const sections = gantt.stdout.split('\n').filter((line) => line.trim().startsWith('section '));
    expect(sections.map((line) => line.trim())).toEqual(['section team dba', 'section team sm-admin']);
    const crit = gantt.stdout
      .split('\n')
      .filter((line) => / : crit,/.test(line))
      .map((line) => {
        const numbers = line
          .split(':')
          .at(-1)!
          .split(',')
          .map((part) => part.trim());
        return { start: Number(numbers.at(-2)), end: Number(numbers.at(-1)) };
      })
      .sort((a, b) => a.start - b.start);
    expect(crit.length).toBeGreaterThan(1);
    expect(crit[0]!.start).toBe(0);
    for (let i = 1; i < crit.length; i++) expect(crit[i]!.start).toBe(crit[i - 1]!.end);
    // One hour of plan time is 1000 chart milliseconds (src/report/mermaid/gantt.ts).
    expect(crit.at(-1)!.end).toBe(Math.round((scenario.estimatedSeconds / 3600) * 1000));
  });

  it('check flags a removed after: between the key restore and Setup at the Setup step, naming the after: to add', async () => {
    const broken = HA_PLAN_TEXT.replace(
      'after: [dw-key, dw-staging-permissions',
      'after: [dw-staging-permissions',
    );
    expect(broken).not.toBe(HA_PLAN_TEXT);
    const plan = writePlan(broken);
    const { code, report } = await checkJson(plan);
    expect(code).toBe(1);
    const findings = report.findings.filter((finding) => finding.scenario === TWO_TEAMS);
    expect(findings).toHaveLength(1);
    const at = lineOf(broken, 'id: dw-setup,');
    expect(findings[0]).toMatchObject({
      ruleId: 'key-restored-before-setup',
      location: { file: plan, line: at.line, column: at.column },
    });
    expect(findings[0]!.message).toContain(`line ${lineOf(broken, 'id: dw-key,').line}`);
    expect(findings[0]!.message).toMatch(/add `after: \[[^\]]*dw-key\]`/);
  });

  it('a missing dependency on a step without an id says to give it one', async () => {
    const plan = writePlan(
      SMALL(`      - { id: host, action: provision-computer, computer: CVL-DW01 }
      - { action: restore-encryption-key, computer: CVL-DW01, after: [host] }
      - { action: install-data-warehouse-server, computer: CVL-DW01, database: DWStagingAndConfig, reportingUrl: 'http://cvl-dwsql01/ReportServer', after: [host] }
`),
    );
    const { report } = await checkJson(plan);
    const finding = report.findings.find((f) => f.message.startsWith('missing dependency'));
    expect(finding).toMatchObject({ ruleId: 'key-restored-before-setup', location: { line: 8, column: 9 } });
    expect(finding!.message).toContain("give step 2 an `id:` and add it to this step's `after:`");
  });
});
