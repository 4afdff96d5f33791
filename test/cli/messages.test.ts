/**
 * Messages say how to fix, in the user's words (issue 12, item 9): no finding message names
 * an internal machine state path (`broken.promotedWhileRunning`, `servicesStopped.workflow`) or
 * a machine, and every plan-rule message names the step to add, move or change. Checked on
 * every bundled scenario, the broken fixtures, and a plan full of the classic mistakes, through
 * the built program.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compiledMachine } from '../../src/models/compile.js';
import { MACHINE_KINDS } from '../../src/models/types.js';
import { getRule } from '../../src/rules/catalog.js';
import { assertBuilt, runCli } from '../helpers/cli.js';

beforeAll(() => assertBuilt());

const BUNDLED = ['four-computer', 'four-computer-ha', 'single-computer', 'two-computer'].map((name) => [
  `scenarios/${name}/environment.yaml`,
  `scenarios/${name}/plan.yaml`,
]);
const FIXTURES = [
  ['test/fixtures/broken-plan-environment.yaml', 'test/fixtures/broken-plan.yaml'],
  [
    'test/fixtures/check/reportserver-on-host/environment.yaml',
    'test/fixtures/check/reportserver-on-host/plan.yaml',
  ],
];

/** Every state path of every machine that is not an ordinary English word: `servicesStopped.workflow`, `keyRestored`. */
const STATE_PATHS = [
  ...new Set(
    MACHINE_KINDS.flatMap((kind) => compiledMachine(kind).leaves).flatMap((leaf) => [
      ...(leaf.includes('.') ? [leaf] : []),
      ...leaf.split('.').filter((part) => /[A-Z]/.test(part)),
    ]),
  ),
];

/** The classic mistakes of a first plan, on the four-computer topology of `scenarios/two-computer`'s sibling. */
const MISTAKES = `version: 1
scenarios:
  - id: workflow-server-lost
    lost: { computers: [TWK-SM01] }
    steps:
      - { action: install-management-server, computer: TWK-SM01, database: ServiceManager, role: workflow }
  - id: sm-sql-host-lost
    lost: { computers: [TWK-SQL01] }
    steps:
      - { action: stop-services, computer: TWK-SM01 }
      - { action: provision-computer, computer: TWK-SQL01 }
      - { action: install-sql-server, instance: TWK-SQL01 }
      - { action: restore-database, database: ServiceManager, instance: TWK-SQL01 }
      - { action: run-permissions-script, database: ServiceManager }
      - { action: start-services, computer: TWK-SM01 }
  - id: dw-promoted
    lost: { computers: [TWK-SM01] }
    steps:
      - { action: promote-workflow-server, computer: TWK-DW01 }
      - { action: clear-health-service-state, computer: TWK-DW01 }
`;

/** Every string under a `message` key of a JSON value. */
function messagesOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(messagesOf);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    key === 'message' && typeof inner === 'string' ? [inner] : messagesOf(inner),
  );
}

interface Finding {
  ruleId: string;
  message: string;
}

async function checkFindings(environment: string, plan: string): Promise<Finding[]> {
  const result = await runCli([
    'check',
    environment,
    '--plan',
    plan,
    '--format',
    'json',
    '--as-of',
    '2026-11-24',
  ]);
  expect(result.stderr).toBe('');
  return (JSON.parse(result.stdout) as { findings: Finding[] }).findings;
}

function expectUserWords(message: string): void {
  for (const path of STATE_PATHS)
    expect(message, `state path ${path}`).not.toMatch(new RegExp(`\\b${path.replace('.', '\\.')}\\b`));
  expect(message).not.toMatch(/\bmachine\b/);
}

describe('finding messages', () => {
  it('the state paths the test looks for are the real ones', () => {
    expect(STATE_PATHS).toContain('broken.promotedWhileRunning');
    expect(STATE_PATHS).toContain('servicesStopped.workflow');
    expect(STATE_PATHS).toContain('keyRestored');
  });

  it.each([...BUNDLED, ...FIXTURES])(
    '%s: no machine state path, and every plan rule names the step to change',
    async (environment, plan) => {
      const findings = await checkFindings(environment!, plan!);
      for (const finding of findings) {
        expectUserWords(finding.message);
        if (getRule(finding.ruleId)?.category === 'plan' && finding.ruleId !== 'unknown-reference')
          expect(finding.message, finding.message).toMatch(/`[^`]+`/);
      }
    },
  );

  it('simulate on the broken fixture: the counterexample messages are in user words and name a step', async () => {
    const result = await runCli([
      'simulate',
      'test/fixtures/broken-plan-environment.yaml',
      '--plan',
      'test/fixtures/broken-plan.yaml',
      '--format',
      'json',
      '--seed',
      '1',
    ]);
    const messages = messagesOf(JSON.parse(result.stdout));
    expect(messages.length).toBeGreaterThan(0);
    for (const message of messages) {
      expectUserWords(message);
      expect(message).toMatch(/`[^`]+`/);
    }
  });

  it('the classic mistakes: each message says which step to add, and names the component the step acts on', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'scsm-dr-messages-'));
    const planFile = join(directory, 'plan.yaml');
    writeFileSync(planFile, MISTAKES);
    const findings = await checkFindings('scenarios/four-computer/environment.yaml', planFile);
    for (const finding of findings) {
      expectUserWords(finding.message);
      if (getRule(finding.ruleId)?.category === 'plan')
        expect(finding.message, finding.message).toMatch(/`[^`]+`/);
    }
    const texts = findings.map((finding) => `${finding.ruleId}: ${finding.message}`);
    expect(texts).toContainEqual(
      expect.stringMatching(
        /^step-precondition: install-management-server on management server TWK-SM01: .*; add `provision-computer TWK-SM01` before this step$/,
      ),
    );
    // The CLR finding of a service start is said on the management server the step starts.
    expect(texts).toContainEqual(
      expect.stringMatching(
        /^clr-after-sql-rebuild: start-services on management server TWK-SM01: SQL instance TWK-SQL01: .*; add `enable-clr instance=TWK-SQL01` before this step$/,
      ),
    );
    expect(texts).toContainEqual(
      expect.stringMatching(
        /^data-warehouse-replace-only: promote-workflow-server on data warehouse management server TWK-DW01: .*; remove this step/,
      ),
    );
  });

  it('promotion while running says to stop the services and clear Health Service State first', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'scsm-dr-messages-'));
    const planFile = join(directory, 'plan.yaml');
    writeFileSync(
      planFile,
      `version: 1
scenarios:
  - id: workflow-server-lost
    lost: { computers: [SM01] }
    steps:
      - { action: promote-workflow-server, computer: SM02 }
`,
    );
    const findings = await checkFindings('test/fixtures/broken-plan-environment.yaml', planFile);
    const order = findings.filter((finding) => finding.ruleId === 'promotion-order');
    expect(order.map((finding) => finding.message)).toEqual([
      expect.stringMatching(
        /; add `stop-services SM02` and `clear-health-service-state SM02` before this step$/,
      ),
    ]);
    for (const finding of findings) expectUserWords(finding.message);
  });
});

describe('duration syntax', () => {
  it('a duration in words is refused with the syntax to use, exit 2', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'scsm-dr-messages-'));
    const planFile = join(directory, 'plan.yaml');
    const text = `version: 1
scenarios:
  - id: a
    lost: { computers: [SM01] }
    steps:
      - { action: stop-services, computer: SM02, duration: 4 hours }
`;
    writeFileSync(planFile, text);
    const result = await runCli([
      'validate',
      'test/fixtures/broken-plan-environment.yaml',
      '--plan',
      planFile,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr + result.stdout).toContain(
      `plan.yaml:6:60: the string "4 hours" is not a duration (at scenarios[0].steps[0].duration); expected a duration such as '90s', '30m', '8h', '2d', '1w', '1h30m' or ISO 8601 'PT8H'`,
    );
  });
});
