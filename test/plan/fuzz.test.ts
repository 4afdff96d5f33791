import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { LoadResult } from '../../src/common/errors.js';
import { loadPlanText } from '../../src/plan/load.js';
import type { Plan } from '../../src/plan/types.js';

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log(`fast-check seed ${seed} (replay with FC_SEED=${seed})`);

const VALID_PLAN = `version: 1
environment: ./environment.yaml
scenarios:
  - id: workflow-server-lost
    title: SM01 is lost; promote SM02, then rebuild SM01 as additional
    lost: { computers: [SM01], databases: [DWDataMart], sites: [hq] }
    steps:
      - { action: stop-services, computer: SM02, duration: 5m }
      - { action: clear-health-service-state, computer: SM02 }
      - action: promote-workflow-server
        computer: SM02
        owner: DBA on call
        note: EXEC p_PromoteActiveWorkflowServer
      - { action: start-services, computer: SM02 }
      - { action: provision-computer, computer: SM01 }
      - { action: install-management-server, computer: SM01, database: ServiceManager, role: additional }
      - { action: backup-encryption-key, computer: SM01, duration: PT15M }
      - { action: manual, description: tell the service desk }
`;

const VALID_VALUE: unknown = {
  version: 1,
  scenarios: [
    {
      id: 'sql-lost',
      lost: { computers: ['SQL01'] },
      steps: [
        { action: 'provision-computer', computer: 'SQL01' },
        { action: 'install-sql-server', instance: 'SQL01' },
        { action: 'enable-clr', instance: 'SQL01' },
        { action: 'restore-database', database: 'ServiceManager', instance: 'SQL01', duration: '2h' },
        { action: 'run-permissions-script', database: 'ServiceManager' },
      ],
    },
  ],
};

/** The contract: a value, or located errors; never an exception. */
function expectWellFormed(result: LoadResult<Plan>): void {
  if (result.ok) {
    expect(result.value.scenarios.length).toBeGreaterThan(0);
    return;
  }
  expect(result.errors.length).toBeGreaterThan(0);
  for (const error of result.errors) {
    expect(error.location.file).toBe('fuzz.yaml');
    expect(Number.isInteger(error.location.line) && error.location.line >= 1).toBe(true);
    expect(Number.isInteger(error.location.column) && error.location.column >= 1).toBe(true);
    expect(typeof error.message).toBe('string');
    expect(error.message.length).toBeGreaterThan(0);
    expect(Array.isArray(error.path)).toBe(true);
  }
}

/** Text edits that keep most of a valid plan: the inputs most likely to reach deep code. */
const textMutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 12 }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.string({ unit: 'binary', maxLength: 8 }),
  }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.constantFrom(
      '-',
      ':',
      '{',
      '}',
      '[',
      ']',
      '&a',
      '*a',
      '!!binary',
      '"',
      "'",
      '\n',
      '  ',
      '\t',
      '#',
      '? ',
    ),
  }),
  fc.record({ kind: fc.constant('swap-lines' as const), at: fc.nat(), other: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate-line' as const), at: fc.nat() }),
);

type TextMutation = typeof textMutation extends fc.Arbitrary<infer T> ? T : never;

function applyText(text: string, mutation: TextMutation): string {
  switch (mutation.kind) {
    case 'delete': {
      const at = mutation.at % (text.length + 1);
      return text.slice(0, at) + text.slice(at + mutation.length);
    }
    case 'insert': {
      const at = mutation.at % (text.length + 1);
      return text.slice(0, at) + mutation.text + text.slice(at);
    }
    case 'swap-lines': {
      const lines = text.split('\n');
      const a = mutation.at % lines.length;
      const b = mutation.other % lines.length;
      [lines[a], lines[b]] = [lines[b]!, lines[a]!];
      return lines.join('\n');
    }
    case 'duplicate-line': {
      const lines = text.split('\n');
      const at = mutation.at % lines.length;
      lines.splice(at, 0, lines[at]!);
      return lines.join('\n');
    }
  }
}

/** Replaces the node at a pseudo-random path of a JSON value with another value. */
function replaceSomewhere(value: unknown, choices: readonly number[], replacement: unknown): unknown {
  if (choices.length === 0 || value === null || typeof value !== 'object') return replacement;
  const [choice, ...rest] = choices;
  if (Array.isArray(value)) {
    if (value.length === 0) return replacement;
    const index = choice! % value.length;
    return value.map((item, i) => (i === index ? replaceSomewhere(item, rest, replacement) : item));
  }
  const keys = Object.keys(value);
  if (keys.length === 0) return replacement;
  const key = keys[choice! % keys.length]!;
  return { ...value, [key]: replaceSomewhere((value as Record<string, unknown>)[key], rest, replacement) };
}

describe('loadPlanText never throws', () => {
  it('on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expectWellFormed(loadPlanText(text, 'fuzz.yaml'));
      }),
      { numRuns: 300, seed },
    );
  });

  it('on arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (value, pretty) => {
        expectWellFormed(loadPlanText(JSON.stringify(value, null, pretty ? 2 : undefined), 'fuzz.yaml'));
      }),
      { numRuns: 300, seed },
    );
  });

  it('on text edits of a valid plan', () => {
    fc.assert(
      fc.property(fc.array(textMutation, { minLength: 1, maxLength: 4 }), (mutations) => {
        const text = mutations.reduce(applyText, VALID_PLAN);
        expectWellFormed(loadPlanText(text, 'fuzz.yaml'));
      }),
      { numRuns: 300, seed },
    );
  });

  it('on structural edits of a valid plan, as YAML and as JSON', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.oneof(
          fc.jsonValue({ maxDepth: 2 }),
          fc.constantFrom('restore-database', 'SM01', '5m', '', 'workflow'),
        ),
        fc.boolean(),
        (choices, replacement, asYaml) => {
          const mutated = replaceSomewhere(VALID_VALUE, choices, replacement);
          const text = asYaml ? stringify(mutated) : JSON.stringify(mutated);
          expectWellFormed(loadPlanText(text, 'fuzz.yaml'));
        },
      ),
      { numRuns: 300, seed },
    );
  });

  it('accepts the unmutated plans the mutations start from', () => {
    expect(loadPlanText(VALID_PLAN, 'fuzz.yaml').ok).toBe(true);
    expect(loadPlanText(JSON.stringify(VALID_VALUE), 'fuzz.yaml').ok).toBe(true);
  });
});
