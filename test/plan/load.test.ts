import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InputError } from '../../src/common/errors.js';
import { decodeSource } from '../../src/common/source.js';
import { loadPlanFile, loadPlanText } from '../../src/plan/load.js';
import type { Plan } from '../../src/plan/types.js';

const VALID = `${[
  '# yaml-language-server: $schema=../schema/plan.schema.json', // 1
  'version: 1', // 2
  'environment: ./environment.yaml', // 3
  'scenarios:', // 4
  '  - id: workflow-server-lost', // 5
  '    title: SM01 (workflow server) is lost; promote SM02', // 6
  '    lost: { computers: [SM01], databases: [DWDataMart] }', // 7
  '    steps:', // 8
  '      - { action: stop-services, computer: SM02, duration: 5m }', // 9
  '      - { action: clear-health-service-state, computer: SM02 }', // 10
  '      - action: promote-workflow-server', // 11
  '        computer: SM02', // 12
  '        owner: DBA on call', // 13
  '        note: EXEC p_PromoteActiveWorkflowServer in SSMS', // 14
  '      - { action: start-services, computer: SM02 }', // 15
  '      - { action: install-management-server, computer: SM01, database: ServiceManager, role: additional }', // 16
  '  - id: site-lost', // 17
  '    lost:', // 18
  '      sites: [hq]', // 19
  '    steps:', // 20
  '      - { action: manual, description: Fail over to the DR site, duration: PT1H30M }', // 21
].join('\n')}\n`;

/** The scenarios block of a plan around the given step lines, for error cases. */
function planWithSteps(...steps: string[]): string {
  return `${[
    'version: 1', // 1
    'scenarios:', // 2
    '  - id: sm-lost', // 3
    '    lost: { computers: [SM01] }', // 4
    '    steps:', // 5
    ...steps.map((step) => `      - ${step}`), // 6…
  ].join('\n')}\n`;
}

function load(text: string, file = 'plans/plan.yaml'): Plan {
  const result = loadPlanText(text, file);
  if (!result.ok) throw new Error(`expected the plan to load: ${JSON.stringify(result.errors)}`);
  return result.value;
}

function errorsOf(text: string, file = 'plan.yaml'): readonly InputError[] {
  const result = loadPlanText(text, file);
  if (result.ok) throw new Error('expected the plan to be refused');
  return result.errors;
}

/** The one error of a refused plan. */
function onlyError(text: string): InputError {
  const errors = errorsOf(text);
  expect(errors).toHaveLength(1);
  return errors[0]!;
}

/** A plan without positions, to compare plans read from different texts. */
function withoutLocations(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (key, inner: unknown) =>
      key === 'location' || key === 'scenariosLocation' ? undefined : inner,
    ),
  );
}

describe('loadPlanText: a valid plan', () => {
  const plan = load(VALID);

  it('keeps the file and resolves environment relative to the plan file', () => {
    expect(plan.file).toBe('plans/plan.yaml');
    expect(plan.version).toBe(1);
    expect(plan.environment).toBe(join('plans', 'environment.yaml'));
    expect(plan.path).toEqual([]);
  });

  it('keeps an absolute environment path as given', () => {
    const text = VALID.replace('environment: ./environment.yaml', 'environment: /srv/dr/environment.yaml');
    expect(load(text).environment).toBe('/srv/dr/environment.yaml');
  });

  it('leaves environment undefined when the plan names none', () => {
    expect(load(VALID.replace('environment: ./environment.yaml\n', '')).environment).toBeUndefined();
  });

  it('normalizes scenarios, lost entries and steps', () => {
    expect(plan.scenarios.map((scenario) => scenario.id)).toEqual(['workflow-server-lost', 'site-lost']);
    const [first, second] = plan.scenarios;
    expect(first!.title).toBe('SM01 (workflow server) is lost; promote SM02');
    expect(first!.lost.computers.map((entry) => entry.name)).toEqual(['SM01']);
    expect(first!.lost.databases.map((entry) => entry.name)).toEqual(['DWDataMart']);
    expect(first!.lost.sites).toEqual([]);
    expect(second!.title).toBeUndefined();
    expect(second!.lost.sites.map((entry) => entry.name)).toEqual(['hq']);

    const steps = first!.steps;
    expect(steps.map((step) => step.action)).toEqual([
      'stop-services',
      'clear-health-service-state',
      'promote-workflow-server',
      'start-services',
      'install-management-server',
    ]);
    expect(steps.map((step) => step.index)).toEqual([0, 1, 2, 3, 4]);
    expect(steps[0]!.durationSeconds).toBe(300);
    expect(steps[1]!.durationSeconds).toBeUndefined();
    expect(steps[2]!.owner).toBe('DBA on call');
    expect(steps[2]!.note).toBe('EXEC p_PromoteActiveWorkflowServer in SSMS');
    expect(steps[4]!.params).toEqual({ computer: 'SM01', database: 'ServiceManager', role: 'additional' });
    expect(second!.steps[0]!.params).toEqual({ description: 'Fail over to the DR site' });
    expect(second!.steps[0]!.durationSeconds).toBe(5400);
  });

  it('locates scenarios, steps, parameters and lost entries exactly', () => {
    // The scenarios key itself: plan-wide findings such as plan-coverage point here.
    expect(plan.scenariosLocation).toMatchObject({ file: 'plans/plan.yaml', line: 4, column: 1 });
    const scenario = plan.scenarios[0]!;
    expect(scenario.location).toMatchObject({ file: 'plans/plan.yaml', line: 5, column: 5 });
    expect(scenario.path).toEqual(['scenarios', 0]);
    expect(scenario.lost.location).toMatchObject({ line: 7, column: 11 });
    expect(scenario.lost.path).toEqual(['scenarios', 0, 'lost']);
    expect(scenario.lost.computers[0]!.location).toMatchObject({ line: 7, column: 25 });
    expect(scenario.lost.computers[0]!.path).toEqual(['scenarios', 0, 'lost', 'computers', 0]);
    expect(scenario.lost.databases[0]!.location).toMatchObject({ line: 7, column: 44 });

    // A flow-style step starts at its brace; a block-style step at its first key.
    const flowStep = scenario.steps[0]!;
    expect(flowStep.location).toMatchObject({ file: 'plans/plan.yaml', line: 9, column: 9 });
    expect(flowStep.path).toEqual(['scenarios', 0, 'steps', 0]);
    expect(flowStep.paramLocations.computer!.location).toMatchObject({ line: 9, column: 44 });
    expect(flowStep.paramLocations.computer!.path).toEqual(['scenarios', 0, 'steps', 0, 'computer']);

    const blockStep = scenario.steps[2]!;
    expect(blockStep.location).toMatchObject({ line: 11, column: 9 });
    expect(blockStep.paramLocations.computer!.location).toMatchObject({ line: 12, column: 19 });

    expect(Object.keys(scenario.steps[4]!.paramLocations)).toEqual(['computer', 'database', 'role']);
    expect(scenario.steps[4]!.paramLocations.role!.location).toMatchObject({ line: 16, column: 94 });
  });

  it('reads the same plan written as JSON into the same Plan', () => {
    const json = JSON.stringify({
      version: 1,
      environment: './environment.yaml',
      scenarios: [
        {
          id: 'workflow-server-lost',
          title: 'SM01 (workflow server) is lost; promote SM02',
          lost: { computers: ['SM01'], databases: ['DWDataMart'] },
          steps: [
            { action: 'stop-services', computer: 'SM02', duration: '5m' },
            { action: 'clear-health-service-state', computer: 'SM02' },
            {
              action: 'promote-workflow-server',
              computer: 'SM02',
              owner: 'DBA on call',
              note: 'EXEC p_PromoteActiveWorkflowServer in SSMS',
            },
            { action: 'start-services', computer: 'SM02' },
            {
              action: 'install-management-server',
              computer: 'SM01',
              database: 'ServiceManager',
              role: 'additional',
            },
          ],
        },
        {
          id: 'site-lost',
          lost: { sites: ['hq'] },
          steps: [{ action: 'manual', description: 'Fail over to the DR site', duration: 'PT1H30M' }],
        },
      ],
    });
    const fromJson = load(json, 'plans/plan.yaml');
    expect(withoutLocations(fromJson)).toEqual(withoutLocations(plan));
    // Positions are real positions in the JSON text too.
    expect(fromJson.scenarios[0]!.steps[0]!.location.line).toBe(1);
    expect(fromJson.scenarios[0]!.steps[0]!.location.column).toBe(
      json.indexOf('{"action":"stop-services"') + 1,
    );
  });

  it('accepts a $schema key', () => {
    expect(load(`$schema: ../schema/plan.schema.json\n${VALID}`).scenarios).toHaveLength(2);
  });
});

describe('loadPlanText: input errors', () => {
  it('refuses an unknown action with a did-you-mean', () => {
    const error = onlyError(
      planWithSteps('{ action: restor-database, database: ServiceManager, instance: SQL01 }'),
    );
    expect(error.location).toMatchObject({ file: 'plan.yaml', line: 6, column: 19 });
    expect(error.path).toEqual(['scenarios', 0, 'steps', 0, 'action']);
    expect(error.message).toBe('invalid action the string "restor-database"');
    expect(error.expected).toContain('restore-database');
    expect(error.suggestion).toBe("did you mean 'restore-database'?");
  });

  it('refuses a step without an action, pointing at the step', () => {
    const error = onlyError(planWithSteps('{ computer: SM02 }'));
    expect(error.location).toMatchObject({ line: 6, column: 9 });
    expect(error.path).toEqual(['scenarios', 0, 'steps', 0, 'action']);
    expect(error.message).toBe("missing required key 'action'");
  });

  it('refuses an unknown parameter with a did-you-mean from that action', () => {
    const errors = errorsOf(
      planWithSteps('{ action: restore-database, databse: ServiceManager, instance: SQL01 }'),
    );
    const unknown = errors.find((error) => error.message.startsWith('unknown key'));
    expect(unknown).toMatchObject({
      location: { line: 6, column: 37 },
      path: ['scenarios', 0, 'steps', 0, 'databse'],
      message: "unknown key 'databse'",
      expected: 'one of: action, database, instance, duration, owner, note, id, team, after',
      suggestion: "did you mean 'database'?",
    });
    // The misspelt parameter also leaves the real one missing; both are reported, in file order.
    expect(errors.map((error) => error.message)).toEqual([
      "missing required key 'database'",
      "unknown key 'databse'",
    ]);
  });

  it('refuses a missing required parameter, pointing at the step', () => {
    const error = onlyError(
      planWithSteps('{ action: install-management-server, computer: SM01, database: ServiceManager }'),
    );
    expect(error.location).toMatchObject({ line: 6, column: 9 });
    expect(error.path).toEqual(['scenarios', 0, 'steps', 0, 'role']);
    expect(error.message).toBe("missing required key 'role'");
    expect(error.expected).toBe('one of: workflow, additional');
  });

  it('refuses a wrong role with a did-you-mean', () => {
    const error = onlyError(
      planWithSteps(
        '{ action: install-management-server, computer: SM01, database: ServiceManager, role: addtional }',
      ),
    );
    expect(error.location).toMatchObject({ line: 6, column: 94 });
    expect(error.path).toEqual(['scenarios', 0, 'steps', 0, 'role']);
    expect(error.message).toBe('invalid value the string "addtional"');
    expect(error.expected).toBe('one of: workflow, additional');
    expect(error.suggestion).toBe("did you mean 'additional'?");
  });

  it('refuses a bad duration once', () => {
    const error = onlyError(planWithSteps('{ action: stop-services, computer: SM02, duration: 5 minutes }'));
    expect(error.location).toMatchObject({ line: 6, column: 60 });
    expect(error.path).toEqual(['scenarios', 0, 'steps', 0, 'duration']);
    expect(error.message).toBe('the string "5 minutes" is not a duration');
    expect(error.expected).toMatch(/^a duration such as '90s'/);
  });

  it('refuses a duration that is a number', () => {
    const error = onlyError(planWithSteps('{ action: stop-services, computer: SM02, duration: 30 }'));
    expect(error.path).toEqual(['scenarios', 0, 'steps', 0, 'duration']);
    expect(error.message).toBe('wrong type: got number 30');
  });

  it('refuses a duplicate scenario id at the second, naming the line of the first', () => {
    const text = [
      'version: 1', // 1
      'scenarios:', // 2
      '  - id: sm-lost', // 3
      '    lost: { computers: [SM01] }', // 4
      '    steps: [{ action: provision-computer, computer: SM01 }]', // 5
      '  - id: sm-lost', // 6
      '    lost: { computers: [SM02] }', // 7
      '    steps: [{ action: provision-computer, computer: SM02 }]', // 8
    ].join('\n');
    const error = onlyError(text);
    expect(error.location).toMatchObject({ line: 6, column: 9 });
    expect(error.path).toEqual(['scenarios', 1, 'id']);
    expect(error.message).toBe("duplicate scenario id 'sm-lost', first used at line 3 (scenarios[0])");
  });

  it('refuses a lost block that names nothing', () => {
    const error = onlyError(
      planWithSteps('{ action: manual, description: x }').replace(
        'lost: { computers: [SM01] }',
        'lost: { computers: [] }',
      ),
    );
    expect(error.location).toMatchObject({ line: 4, column: 11 });
    expect(error.path).toEqual(['scenarios', 0, 'lost']);
    expect(error.message).toBe(
      'lost names nothing: a scenario must lose at least one computer, database or site',
    );
  });

  it('refuses a scenario with no steps', () => {
    const text = [
      'version: 1',
      'scenarios:',
      '  - id: sm-lost',
      '    lost: { computers: [SM01] }',
      '    steps: []',
    ].join('\n');
    const error = onlyError(text);
    expect(error.location).toMatchObject({ line: 5, column: 12 });
    expect(error.path).toEqual(['scenarios', 0, 'steps']);
    expect(error.message).toBe('a scenario needs at least one step');

    const missing = onlyError(text.replace('\n    steps: []', ''));
    expect(missing.location).toMatchObject({ line: 3, column: 5 });
    expect(missing.message).toBe("missing required key 'steps'");
  });

  it('refuses a plan with no scenarios', () => {
    const error = onlyError('version: 1\nscenarios: []\n');
    expect(error.location).toMatchObject({ line: 2, column: 12 });
    expect(error.message).toBe('a plan needs at least one scenario');
  });

  it('refuses a scenario id that is not kebab-case', () => {
    const error = onlyError(
      planWithSteps('{ action: manual, description: x }').replace('id: sm-lost', 'id: SM_Lost'),
    );
    expect(error.location).toMatchObject({ line: 3, column: 9 });
    expect(error.message).toBe('invalid value the string "SM_Lost"');
    expect(error.expected).toBe("a kebab-case id such as 'workflow-server-lost'");
  });

  it('refuses a misspelt lost list with a did-you-mean', () => {
    const error = onlyError(
      planWithSteps('{ action: manual, description: x }').replace(
        'lost: { computers: [SM01] }',
        'lost: { computer: [SM01] }',
      ),
    );
    expect(error.location).toMatchObject({ line: 4, column: 13 });
    expect(error.suggestion).toBe("did you mean 'computers'?");
  });

  it('refuses a wrong version', () => {
    const error = onlyError(
      planWithSteps('{ action: manual, description: x }').replace('version: 1', 'version: 2'),
    );
    expect(error.location).toMatchObject({ line: 1, column: 10 });
    expect(error.path).toEqual(['version']);
    expect(error.message).toBe('invalid value number 2');
    expect(error.expected).toBe('one of: 1');
  });

  it('refuses a missing version', () => {
    const error = onlyError(planWithSteps('{ action: manual, description: x }').replace('version: 1\n', ''));
    expect(error.location).toMatchObject({ line: 1, column: 1 });
    expect(error.message).toBe("missing required key 'version'");
  });

  it('refuses an empty file', () => {
    const error = onlyError('# nothing here\n');
    expect(error.location).toMatchObject({ line: 1, column: 1 });
    expect(error.message).toBe('the file is empty');
  });

  it('reports a YAML syntax error at its position', () => {
    const error = onlyError(planWithSteps('{ action: manual, description: x'));
    expect(error.message).toMatch(/^YAML syntax error: /);
    expect(error.location.file).toBe('plan.yaml');
    expect(error.location).toMatchObject({ line: 7, column: 1 });
    expect(error.path).toEqual([]);
  });

  it('reports a duplicate key as a YAML error', () => {
    const error = onlyError(planWithSteps('{ action: manual, description: x, description: y }'));
    expect(error.message).toMatch(/^YAML syntax error: .*unique/i);
    expect(error.location).toMatchObject({ line: 6, column: 43 });
    expect(error.expected).toBe('each key once per mapping');
  });

  it('reports every problem at once, in file order', () => {
    const text = [
      'version: 1',
      'scenarios:',
      '  - id: a',
      '    lost: {}',
      '    steps: [{ action: restor-database }]',
      '  - id: a',
      '    lost: { computers: [SM01] }',
      '    steps: [{ action: stop-services, computer: SM02, owner: "" }]',
    ].join('\n');
    const errors = errorsOf(text);
    expect(errors.map((error) => [error.location.line, error.message])).toEqual([
      [4, 'lost names nothing: a scenario must lose at least one computer, database or site'],
      [5, 'invalid action the string "restor-database"'],
      [6, "duplicate scenario id 'a', first used at line 3 (scenarios[0])"],
      [8, 'the owner is empty'],
    ]);
  });
});

describe('loadPlanText: hostile input', () => {
  it('refuses a __proto__ key', () => {
    const error = onlyError(
      planWithSteps('{ action: stop-services, computer: SM02, __proto__: { polluted: true } }'),
    );
    expect(error.message).toBe("the key '__proto__' is not allowed");
    expect(error.location).toMatchObject({ line: 6, column: 50 });
    expect(error.path).toEqual(['scenarios', 0, 'steps', 0, '__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a __proto__ key in JSON', () => {
    const error = onlyError('{"version": 1, "__proto__": {"polluted": true}, "scenarios": []}');
    expect(error.message).toBe("the key '__proto__' is not allowed");
  });

  it('refuses an alias bomb quickly', () => {
    // Billion laughs: 9 levels of 9 aliases each would expand to 9^9 nodes.
    const lines = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let level = 1; level <= 9; level++) {
      const previous = `*a${level - 1}`;
      lines.push(`a${level}: &a${level} [${Array.from({ length: 9 }, () => previous).join(', ')}]`);
    }
    const started = performance.now();
    const errors = errorsOf(`${lines.join('\n')}\n`);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(errors.some((error) => /alias/.test(error.message))).toBe(true);
  });

  it('refuses deep bracket nesting', () => {
    const error = onlyError(`version: 1\nscenarios: ${'['.repeat(200)}${']'.repeat(200)}\n`);
    expect(error.message).toBe('brackets nested deeper than 64 levels');
    expect(error.location).toMatchObject({ line: 2, column: 12 + 64 });
  });

  it('refuses deep block nesting', () => {
    const lines = Array.from({ length: 100 }, (_, depth) => `${'  '.repeat(depth)}k${depth}:`);
    const error = onlyError(`${lines.join('\n')} x\n`);
    expect(error.message).toBe('nesting deeper than 64 levels');
    expect(error.path).toHaveLength(65);
  });
});

describe('loadPlanFile', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'scsm-dr-plan-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('loads a file and resolves environment against its directory', async () => {
    const file = join(directory, 'plan.yaml');
    await writeFile(file, VALID);
    const result = await loadPlanFile(file);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value.environment).toBe(join(directory, 'environment.yaml'));
  });

  it('reports a missing file', async () => {
    const file = join(directory, 'missing.yaml');
    const result = await loadPlanFile(file);
    expect(result).toEqual({
      ok: false,
      errors: [{ location: { file, line: 0, column: 0 }, path: [], message: 'no such file' }],
    });
  });

  it('refuses bytes that are not UTF-8', async () => {
    const bytes = Buffer.concat([
      Buffer.from('version: 1\nscenarios:\n  - id: '),
      Buffer.from([0xff]),
      Buffer.from('\n'),
    ]);
    const decoded = decodeSource(bytes, 'plan.yaml');
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) {
      expect(decoded.errors[0]!.message).toBe('file is not valid UTF-8 (first invalid byte at offset 30)');
      expect(decoded.errors[0]!.location).toMatchObject({ line: 3, column: 1 });
    }
    const file = join(directory, 'latin1.yaml');
    await writeFile(file, bytes);
    const result = await loadPlanFile(file);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]!.message).toMatch(/not valid UTF-8/);
  });

  it('refuses a NUL byte', async () => {
    const file = join(directory, 'binary.yaml');
    await writeFile(file, Buffer.from('version: 1\n\0scenarios: []\n'));
    const result = await loadPlanFile(file);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors).toHaveLength(1);
      expect(result.errors[0]!.message).toMatch(/NUL byte/);
      expect(result.errors[0]!.location).toEqual({ file, line: 2, column: 1 });
    }
  });
});
