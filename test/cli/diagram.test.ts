import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
      'model of a computer',
      'model of a Service Manager management server',
      'model of a data warehouse management server',
      'model of a SQL Server instance',
      'model of a database',
      'model of a backup (database or encryption key)',
      'model of a Service Manager management group',
      'model of a data warehouse management group',
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

  it('--kind trace draws the violation of a failing scenario, and a diagram saying so when there is none (exit 0)', async () => {
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

    // A plan without violations is not an input error: exit 0, a note on stderr, and a diagram
    // that says so and still parses.
    const clean = await runCli(['diagram', HA_ENV, '--plan', HA_PLAN, '--kind', 'trace']);
    expect(clean.code, clean.stderr).toBe(0);
    expect(clean.stderr).toBe(
      'note: no step of the plan violates a rule, so there is no trace to draw; the diagram says so\n',
    );
    const [empty, ...more] = diagrams(clean.stdout);
    expect(more).toEqual([]);
    expect(empty!.title).toBe('trace of the plan: no violation');
    expect(empty!.text).toMatch(/^sequenceDiagram\n/);
    expect(empty!.text).toContain('no step of the plan violates a rule');
    await parseMermaid(empty!.text);

    const one = await runCli([
      'diagram',
      HA_ENV,
      '--plan',
      HA_PLAN,
      '--kind',
      'trace',
      '--scenario',
      'workflow-server-lost',
      '--format',
      'markdown',
      '--quiet',
    ]);
    expect(one.code, one.stderr).toBe(0);
    expect(one.stderr).toBe('');
    const block =
      /^## trace of scenario 'workflow\\-server\\-lost': no violation\n\n```mermaid\n([\s\S]*?)```\n$/.exec(
        one.stdout,
      );
    expect(block, one.stdout).not.toBeNull();
    await parseMermaid(block![1]!);
  });

  it('--format markdown wraps each diagram in a mermaid code block', async () => {
    const result = await runCli(['diagram', HA_ENV, '--kind', 'topology', '--format', 'markdown']);
    expect(result.stdout).toMatch(
      /^## topology of corvid\\-logistics\\-production\n\n```mermaid\nflowchart LR\n/,
    );
    expect(result.stdout.trimEnd().endsWith('```')).toBe(true);
  });

  it('--format markdown escapes a hostile environment name in the heading', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scsm-dr-diagram-'));
    const hostile = '"[x](javascript:alert(1)) <img src=x onerror=alert(1)> @team `tick` # \u202e"';
    const file = join(dir, 'environment.yaml');
    writeFileSync(file, readFileSync(HA_ENV, 'utf8').replace(/^name: .*$/m, `name: ${hostile}`));
    const result = await runCli(['diagram', file, '--kind', 'topology', '--format', 'markdown']);
    expect(result.code, result.stderr).toBe(0);
    const heading = result.stdout.split('\n')[0]!;
    expect(heading).toBe(
      '## topology of \\[x\\]\\(javascript:alert\\(1\\)\\) &lt;img src=x onerror=alert\\(1\\)\\> &#64;team \\`tick\\` \\# \\\\u202e',
    );
    expect(result.stdout).not.toContain('<img');
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
