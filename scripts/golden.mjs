#!/usr/bin/env node
/**
 * Regenerates test/fixtures/golden/: the output of `score --format json --pairs` and
 * `report --format json --pairs` on every bundled scenario and on three generated estates.
 *
 * THE FILES IT WRITES ARE THE PRE-REFACTOR OUTPUT of the two scorers' merge (issue 13), recorded
 * from the code as it was before src/score/ existed. test/score/golden.test.ts compares the
 * commands' output with them byte for byte, so that a refactor provably changes no result.
 * Regenerate them ONLY for an intended change of result, and say in the commit which rows
 * changed and why; never to make a failing golden test pass.
 *
 * Usage: `npm run build && node scripts/golden.mjs` (from the repository root).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const out = join(root, 'test/fixtures/golden');
const { generateEnvironment } = await import(new URL('../dist/engine/generate.js', import.meta.url).href);

/** A fixed judgement date, so that ages (backups, drills) do not move with the calendar. */
const AS_OF = '2026-06-01';

/** The generated estates: 6, 12 and 25 computers, with sites, a split DW and named instances between them. */
const GENERATED = {
  'generated-6': { groups: 1, additionalServers: 2, sites: 2, seed: 6 },
  'generated-12': { groups: 2, additionalServers: 1, splitDataWarehouse: true, seed: 12 },
  'generated-25': { groups: 5, additionalServers: 1, namedInstances: true, sites: 3, seed: 25 },
};

mkdirSync(out, { recursive: true });
const cases = [];
const scenarios = readdirSync(join(root, 'scenarios'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();
for (const scenario of scenarios) {
  const dir = `scenarios/${scenario}`;
  const evidence =
    scenario === 'four-computer-ha'
      ? [
          '--evidence',
          ...readdirSync(join(root, dir, 'evidence'))
            .sort()
            .map((file) => `${dir}/evidence/${file}`),
        ]
      : [];
  const inputs = [`${dir}/environment.yaml`, '--plan', `${dir}/plan.yaml`, ...evidence];
  cases.push({ name: `${scenario}.score`, args: ['score', ...inputs] });
  cases.push({ name: `${scenario}.report`, args: ['report', ...inputs, '--fail-on', 'never'] });
}
// Without a plan every row is synthesised; with --teams the synthesised rows take the makespan.
cases.push({
  name: 'four-computer-ha.no-plan.score',
  args: ['score', 'scenarios/four-computer-ha/environment.yaml'],
});
cases.push({
  name: 'four-computer.teams-2.score',
  args: ['score', 'scenarios/four-computer/environment.yaml', '--teams', '2'],
});
for (const [name, options] of Object.entries(GENERATED)) {
  const file = `test/fixtures/golden/${name}.yaml`;
  writeFileSync(join(root, file), generateEnvironment(options));
  cases.push({ name: `${name}.score`, args: ['score', file] });
  cases.push({ name: `${name}.report`, args: ['report', file, '--fail-on', 'never'] });
}

// A hand-written estate with faults in several clusters at once (unrecoverable rows, coupled clusters).
for (const name of ['faulty-estate']) {
  const file = `test/fixtures/golden/${name}.yaml`;
  cases.push({ name: `${name}.score`, args: ['score', file] });
  cases.push({ name: `${name}.report`, args: ['report', file, '--fail-on', 'never'] });
}

const manifest = [];
for (const { name, args } of cases) {
  const full = [...args, '--format', 'json', '--pairs', '--as-of', AS_OF];
  const run = spawnSync(process.execPath, ['dist/cli/main.js', ...full], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    maxBuffer: 1 << 30,
  });
  if (run.error) throw run.error;
  if (run.stderr.includes('    at ')) throw new Error(`${name}: stack trace on stderr:\n${run.stderr}`);
  writeFileSync(join(out, `${name}.json`), run.stdout);
  manifest.push({ name, args: full, exitCode: run.status });
  process.stdout.write(`${name}: exit ${run.status}, ${run.stdout.length} bytes\n`);
}
writeFileSync(join(out, 'cases.json'), `${JSON.stringify(manifest, null, 2)}\n`);
