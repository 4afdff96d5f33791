import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli } from '../helpers/cli.js';
import { parseMermaid } from '../helpers/mermaid.js';

const HA_ENV = 'scenarios/four-computer-ha/environment.yaml';
const HA_PLAN = 'scenarios/four-computer-ha/plan.yaml';
const BROKEN = 'test/fixtures/check/reportserver-on-host';

/** Splits the command's output into its diagrams: each starts with a `%% title` line. */
function diagrams(stdout: string): { title: string; text: string }[] {
  return stdout
    .split(/^%% /m)
    .filter((chunk) => chunk.trim() !== '')
    .map((chunk) => {
      const newline = chunk.indexOf('\n');
      return { title: chunk.slice(0, newline), text: chunk.slice(newline + 1) };
    });
}

beforeAll(() => assertBuilt());

describe('scsm-dr diagram (end to end)', () => {
  it('--kind machines prints every machine as a stateDiagram-v2 that real mermaid parses', async () => {
    const result = await runCli(['diagram', HA_ENV, '--kind', 'machines']);
    expect(result.code).toBe(0);
    const parts = diagrams(result.stdout);
    expect(parts.map((part) => part.title)).toEqual([
      'computer machine',
      'managementServer machine',
      'dataWarehouseServer machine',
      'sqlInstance machine',
      'database machine',
      'backup machine',
      'serviceManagerGroup machine',
      'dataWarehouseGroup machine',
    ]);
    for (const part of parts) {
      expect(part.text.startsWith('stateDiagram-v2')).toBe(true);
      await parseMermaid(part.text);
    }
  });

  it('--kind topology, plan and gantt parse with real mermaid', async () => {
    for (const kind of ['topology', 'plan', 'gantt']) {
      const result = await runCli(['diagram', HA_ENV, '--plan', HA_PLAN, '--kind', kind]);
      expect(result.code, result.stderr).toBe(0);
      const parts = diagrams(result.stdout);
      expect(parts.length).toBe(kind === 'topology' ? 1 : 15);
      for (const part of parts) await parseMermaid(part.text);
    }
  });

  it('--kind trace draws the violation of a failing scenario, and says so when there is none', async () => {
    const result = await runCli([
      'diagram',
      `${BROKEN}/environment.yaml`,
      '--plan',
      `${BROKEN}/plan.yaml`,
      '--kind',
      'trace',
      '--scenario',
      'dw-sql-host-lost',
    ]);
    expect(result.code).toBe(0);
    const [trace] = diagrams(result.stdout);
    expect(trace!.title).toBe('trace of dw-sql-host-lost: step-precondition');
    expect(trace!.text).toContain('Operator-x');
    await parseMermaid(trace!.text);

    const clean = await runCli(['diagram', HA_ENV, '--plan', HA_PLAN, '--kind', 'trace']);
    expect(clean.code).toBe(2);
    expect(clean.stderr).toContain('no step of the plan violates a rule');
  });

  it('--format markdown wraps each diagram in a mermaid code block', async () => {
    const result = await runCli(['diagram', HA_ENV, '--kind', 'topology', '--format', 'markdown']);
    expect(result.stdout).toMatch(
      /^## topology of corvid-logistics-production\n\n```mermaid\nflowchart LR\n/,
    );
    expect(result.stdout.trimEnd().endsWith('```')).toBe(true);
  });

  it('exits 2 without --kind, with a plan kind but no plan, and on an unknown scenario', async () => {
    expect((await runCli(['diagram', HA_ENV])).code).toBe(2);
    const noPlan = await runCli(['diagram', HA_ENV, '--kind', 'plan']);
    expect(noPlan.code).toBe(2);
    expect(noPlan.stderr).toContain('--kind plan needs --plan <plan>');
    const unknown = await runCli([
      'diagram',
      HA_ENV,
      '--plan',
      HA_PLAN,
      '--kind',
      'plan',
      '--scenario',
      'dw-server-lots',
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("did you mean 'dw-server-lost'?");
  });
});
