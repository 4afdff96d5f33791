/**
 * The bench rows of `check` on a long plan and of loading files with very long names, each
 * against a baseline measured in the same run: `validate` of the same plan (loading and
 * resolving it, no execution) for `check`, and the same file with a short name for the long
 * names. The plan rows run in a process of their own each (`--probe`), so that their peak RSS
 * is theirs alone.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkPlan } from '../src/check/check.js';
import { modelExecutor } from '../src/check/model-executor.js';
import { loadEnvironmentFile } from '../src/environment/load.js';
import { environmentNames } from '../src/environment/names.js';
import { createSystem } from '../src/models/system.js';
import { loadPlanFile, loadPlanText, resolvePlanReferences } from '../src/plan/load.js';
import { REPORTERS } from '../src/report/reporters/index.js';
import { type GenerateOptions, generateEnvironment, generateLongPlan } from './generate.js';

/** 500 computers: 100 groups of a workflow server, an additional one, SQL, DW and DW SQL. */
const OPTIONS: GenerateOptions = { groups: 100, additionalServers: 1 };

/**
 * The probe: `run.js --probe <check|validate> <environment> <plan>` loads both files and either
 * checks the plan and renders the text report (what `scsm-dr check` does) or only resolves its
 * references (what `validate` does), then prints its wall time and peak RSS.
 */
export async function probe(mode: string, environmentFile: string, planFile: string): Promise<void> {
  const start = performance.now();
  const environment = await loadEnvironmentFile(environmentFile);
  const plan = await loadPlanFile(planFile);
  if (!environment.ok || !plan.ok) throw new Error('the generated files do not load');
  let findings = 0;
  if (mode === 'check') {
    const result = checkPlan(environment.value, plan.value, {
      execute: modelExecutor(createSystem(environment.value)),
      version: 'bench',
    });
    findings = result.findings.length;
    // The report is part of what `check` costs: every finding's trace is written.
    REPORTERS.text(result, { failOn: 'error' });
  } else {
    resolvePlanReferences(plan.value, environmentNames(environment.value));
  }
  const ms = performance.now() - start;
  console.log(JSON.stringify({ ms, findings, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
}

interface ProbeResult {
  readonly ms: number;
  readonly findings: number;
  readonly maxRssMb: number;
}

function runProbe(script: string, mode: string, environment: string, plan: string): ProbeResult {
  const child = spawnSync(process.execPath, [script, '--probe', mode, environment, plan], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (child.status !== 0) throw new Error(`probe ${mode} failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as ProbeResult;
}

const middle = <T extends { ms: number }>(runs: T[]): T =>
  [...runs].sort((a, b) => a.ms - b.ms)[Math.floor(runs.length / 2)]!;

/** The rows of `check` on long plans: steps, then check and validate, each its own process. */
export function benchLongPlans(script: string, stepCounts: readonly number[]): string[][] {
  const dir = mkdtempSync(join(tmpdir(), 'scsm-dr-bench-'));
  try {
    const environment = join(dir, 'environment.yaml');
    writeFileSync(environment, generateEnvironment(OPTIONS));
    const rows: string[][] = [];
    for (const steps of stepCounts) {
      const plan = join(dir, `plan-${steps}.yaml`);
      writeFileSync(plan, generateLongPlan(OPTIONS, steps));
      const check = middle([1, 2, 3].map(() => runProbe(script, 'check', environment, plan)));
      const validate = middle([1, 2, 3].map(() => runProbe(script, 'validate', environment, plan)));
      rows.push([
        steps.toLocaleString('en-US'),
        check.findings.toLocaleString('en-US'),
        check.ms.toFixed(0),
        check.maxRssMb.toFixed(0),
        validate.ms.toFixed(0),
        validate.maxRssMb.toFixed(0),
        `${(check.ms / validate.ms).toFixed(2)}×`,
        `${(check.maxRssMb / validate.maxRssMb).toFixed(2)}×`,
      ]);
    }
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A one-step plan whose action or computer is `action` / `computer`, with an optional note. */
function onePlan(action: string, computer: string, note = ''): string {
  const withNote = note === '' ? '' : `, note: ${note}`;
  return `version: 1\nscenarios:\n  - id: s\n    lost: { computers: [${computer}] }\n    steps:\n      - { action: ${action}, computer: ${computer}${withNote} }\n`;
}

/**
 * The rows of loading (and rejecting) plans with long names, in this process, median of 3,
 * each against a file of the same size with short names (the long text in a free-text `note`),
 * so that the ratio shows what the name itself costs beyond parsing its bytes.
 */
export function benchLongNames(): string[][] {
  const load = (text: string) =>
    middle(
      [1, 2, 3].map(() => {
        const start = performance.now();
        const result = loadPlanText(text, 'plan.yaml');
        return { ms: performance.now() - start, ok: result.ok };
      }),
    );
  const cases: [string, number, (long: string) => string][] = [
    ['action name', 1_600_000, (long) => onePlan(long, 'SM01')],
    ['action name', 4_000_000, (long) => onePlan(long, 'SM01')],
    ['computer name (loss and step)', 1_600_000, (long) => onePlan('stop-services', long)],
  ];
  const out: string[][] = [];
  for (const [label, length, plan] of cases) {
    const long = 'a'.repeat(length);
    const baseline = load(onePlan('stop-services', 'SM01', long));
    const m = load(plan(long));
    out.push([
      `${label} of ${(length / 1e6).toFixed(1)} MB`,
      m.ok ? 'loads' : 'refused (exit 2)',
      m.ms.toFixed(1),
      baseline.ms.toFixed(1),
      `${(m.ms / baseline.ms).toFixed(2)}×`,
    ]);
  }
  return out;
}
