/**
 * End-to-end: the plan's `environment:` key. Every command taking `[environment]` and `--plan`
 * uses it, relative to the plan file, when the argument is absent; the argument wins (with a
 * warning) when both name different files; neither is a usage error (exit 2).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, REPO_ROOT, runCli } from '../helpers/cli.js';

const ENV = 'scenarios/two-computer/environment.yaml';
const PLAN = 'scenarios/two-computer/plan.yaml';
const OTHER_ENV = 'scenarios/four-computer/environment.yaml';

const directory = mkdtempSync(join(tmpdir(), 'scsm-dr-plan-env-'));
beforeAll(() => assertBuilt());
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** Each command with what it needs besides the environment and the plan. */
const COMMANDS: Record<string, { readonly args: readonly string[]; readonly input?: string }> = {
  check: { args: ['check', '--as-of', '2026-11-24'] },
  score: { args: ['score', '--as-of', '2026-11-24'] },
  report: { args: ['report', '--format', 'json', '--fail-on', 'never', '--as-of', '2026-11-24', '--quiet'] },
  simulate: { args: ['simulate', '--runs', '20', '--seed', '7', '--quiet'] },
  diagram: { args: ['diagram', '--kind', 'plan'] },
  validate: { args: ['validate'] },
  drill: { args: ['drill', '--scenario', 'servicemanager-database-corrupt'], input: 'q\n' },
};

let journals = 0;
/** `drill` needs a fresh journal per run, and it names the journal in its output. */
function extra(command: string): { args: string[]; journal?: string } {
  if (command !== 'drill') return { args: [] };
  journals += 1;
  const journal = join(directory, `journal-${journals}.jsonl`);
  return { args: ['--journal', journal], journal };
}

describe.each(Object.entries(COMMANDS))('%s --plan without the environment argument', (command, spec) => {
  it("uses the plan's environment:, resolved relative to the plan file, not the working directory", async () => {
    const explicitExtra = extra(command);
    const explicit = await runCli([...spec.args, ENV, '--plan', PLAN, ...explicitExtra.args], {
      ...(spec.input === undefined ? {} : { input: spec.input }),
    });
    const implicitExtra = extra(command);
    // Run from elsewhere, with the plan named by an absolute path: `./environment.yaml` in the
    // plan can only be found relative to the plan file.
    const implicit = await runCli([...spec.args, '--plan', join(REPO_ROOT, PLAN), ...implicitExtra.args], {
      cwd: directory,
      ...(spec.input === undefined ? {} : { input: spec.input }),
    });
    expect(explicit.stderr).not.toContain('missing');
    expect(implicit.stderr, implicit.stderr).not.toContain('missing');
    expect(implicit.code).toBe(explicit.code);
    expect(implicit.code === 0 || implicit.code === 1).toBe(true);
    // The same output, but for the file names, which now come from the plan's directory.
    const normalise = (text: string, journal?: string) =>
      text
        .replaceAll(join(REPO_ROOT, ENV), ENV)
        .replaceAll(join(REPO_ROOT, PLAN), PLAN)
        .replaceAll(journal ?? '\0', 'JOURNAL')
        .replace(/(duration|seconds|elapsed)\W+\d+(\.\d+)?/g, '$1 N');
    expect(normalise(implicit.stdout, implicitExtra.journal)).toBe(
      normalise(explicit.stdout, explicitExtra.journal),
    );
  });
});

describe('the environment argument and the plan disagree, or neither names it', () => {
  it('warns on stderr and uses the command line when both are given and differ', async () => {
    const result = await runCli(['validate', OTHER_ENV, '--plan', PLAN, '--format', 'json']);
    expect(result.stderr).toContain(
      `warning: ${PLAN} names the environment ${ENV} (its environment:), but the command line gives ${OTHER_ENV}; using ${OTHER_ENV}\n`,
    );
    // The four-computer environment lacks the two-computer plan's names: proof it was used.
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown (computer|instance|database|management group)/);

    const same = await runCli(['validate', join(REPO_ROOT, ENV), '--plan', PLAN]);
    expect(same.code, same.stderr).toBe(0);
    expect(same.stderr).toBe('');
  });

  it('exits 2 with a usage message when neither the argument nor the plan names the environment', async () => {
    for (const command of ['check', 'score', 'report', 'simulate', 'diagram', 'drill', 'validate']) {
      const args = command === 'report' ? ['report', '--format', 'json'] : [command];
      const none = await runCli(command === 'check' ? ['check'] : args);
      expect(none.code, `${command}: ${none.stderr}`).toBe(2);
      expect(none.stderr).not.toMatch(/\n\s+at /);
    }
    const bare = await runCli(['score']);
    expect(bare.stderr).toBe(
      'scsm-dr: missing the environment: give the environment file as the first argument, or a plan whose environment: names it with --plan\n',
    );

    const plan = join(directory, 'no-environment.yaml');
    writeFileSync(
      plan,
      'version: 1\nscenarios:\n  - id: x\n    lost: { computers: [MFI-SM01] }\n    steps:\n      - { action: provision-computer, computer: MFI-SM01 }\n',
    );
    const keyless = await runCli(['check', '--plan', plan]);
    expect(keyless.code).toBe(2);
    expect(keyless.stderr).toBe(
      `scsm-dr: missing the environment: ${plan} has no environment: key; give the environment file as the first argument, or add 'environment: ./environment.yaml' to the plan\n`,
    );
  });
});
