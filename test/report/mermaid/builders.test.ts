import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../../src/plan/types.js';
import {
  DIAGRAM_KINDS,
  FLOWCHART_CLASS_NAMES,
  ganttDiagram,
  mermaidId,
  planDiagram,
  topologyDiagram,
  traceDiagram,
} from '../../../src/report/mermaid/index.js';
import { parseMermaid } from '../../helpers/mermaid.js';
import { fixtureDiagrams } from './all-diagrams.js';
import { FIXTURES, FOUR_COMPUTER, HOSTILE, HOSTILE_FIXTURE } from './fixtures.js';

const CLASS_NAMES = new Set<string>(FLOWCHART_CLASS_NAMES);

/**
 * The lines of a diagram that Mermaid would read as statements able to change behaviour or
 * style, if any came from input: they must all be ours.
 */
function checkStatements(text: string): void {
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    expect(line, raw).not.toMatch(/^(?:click|style|linkStyle|%%|call|href|accTitle|accDescr|title:|---)/i);
    if (/^classDef\b/.test(line)) {
      const [, name] = /^classDef (\S+) /.exec(line) ?? [];
      expect(CLASS_NAMES.has(name ?? ''), line).toBe(true);
    }
    if (/^class\b/.test(line)) {
      const match = /^class ([A-Za-z0-9_,]+) ([A-Za-z]+)$/.exec(line);
      expect(match, line).not.toBeNull();
      expect(CLASS_NAMES.has(match![2]!), line).toBe(true);
    }
  }
  expect(text).not.toMatch(/<script/i);
  expect(text).not.toMatch(/%%\{/);
  // The only `<` in a diagram is the `<br/>` the builders write between label lines.
  expect(text.replace(/<br\/>/g, '')).not.toMatch(/</);
}

/** Which subgraphs (innermost last) each node of a flowchart is defined in. */
function nesting(text: string): Map<string, string[]> {
  const stack: string[] = [];
  const parents = new Map<string, string[]>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const subgraph = /^subgraph (\w+)/.exec(line);
    if (subgraph) {
      parents.set(subgraph[1]!, [...stack]);
      stack.push(subgraph[1]!);
    } else if (line === 'end') stack.pop();
    else {
      const node = /^(\w+)[[({]/.exec(line);
      if (node && !parents.has(node[1]!)) parents.set(node[1]!, [...stack]);
    }
  }
  return parents;
}

describe('DIAGRAM_KINDS', () => {
  it('lists the kinds of SPEC §4 plus the gantt timeline', () => {
    expect(DIAGRAM_KINDS).toEqual(['topology', 'machines', 'plan', 'gantt', 'trace']);
  });
});

for (const fixture of FIXTURES) {
  describe(`every builder on the ${fixture.name} fixture`, () => {
    const diagrams = fixtureDiagrams(fixture);

    it('writes diagrams real Mermaid parses', async () => {
      for (const diagram of diagrams) await parseMermaid(diagram.mermaid);
    });

    it('writes no statement, directive, class or markup from input', () => {
      for (const diagram of diagrams) checkStatements(diagram.mermaid);
    });

    it('gives every node an id of [A-Za-z0-9_]', () => {
      for (const diagram of diagrams) {
        if (diagram.kind === 'gantt' || diagram.kind === 'trace') continue;
        for (const id of nesting(diagram.mermaid).keys()) expect(id).toMatch(/^[A-Za-z0-9_]+$/);
      }
    });

    it('is deterministic', () => {
      expect(fixtureDiagrams(fixture)).toEqual(diagrams);
    });
  });
}

describe('hostile text', () => {
  it('never reaches a diagram as written', () => {
    const all = fixtureDiagrams(HOSTILE_FIXTURE)
      .map((diagram) => diagram.mermaid)
      .join('\n');
    for (const text of HOSTILE) {
      // Strings made only of kept characters are inert anyway.
      if (/^[\p{L}\p{N} _.\-/\\'()+=?!]*$/u.test(text)) continue;
      expect(all.includes(text), text).toBe(false);
    }
  });
});

describe('topologyDiagram', () => {
  const text = topologyDiagram(FOUR_COMPUTER.environment);
  const parents = nesting(text);

  it('groups computers by site, site-less computers in one group', () => {
    expect(text.startsWith('flowchart LR\n')).toBe(true);
    expect(parents.get('c_SM01')).toEqual(['site_hq']);
    expect(parents.get('c_SQL01')).toEqual(['site_hq']);
    expect(parents.get('c_SM02')).toEqual(['site_dr']);
    expect(parents.get(mermaidId('c', 'SM01-spare'))).toEqual(['nosite']);
    expect(text).toContain('subgraph nosite["no site"]');
  });

  it('puts management servers, instances and databases in their computers', () => {
    expect(parents.get('ms_SM01')).toEqual(['site_hq', 'c_SM01']);
    expect(parents.get('ms_SM02')).toEqual(['site_dr', 'c_SM02']);
    const dwInstance = mermaidId('i', 'DWSQL01\\DW');
    expect(parents.get(dwInstance)).toEqual(['site_dr', 'c_DWSQL01']);
    expect(parents.get('db_DWRepository')).toEqual(['site_dr', 'c_DWSQL01', dwInstance]);
    expect(parents.get('db_ServiceManager')).toEqual(['site_hq', 'c_SQL01', 'i_SQL01']);
    expect(text).toMatch(/ms_SM01\["workflow management server<br\/>group SMMG"\]/);
    expect(text).toMatch(/ms_SM02\["additional management server<br\/>group SMMG"\]/);
    expect(text).toContain('class ms_SM01 workflow');
    expect(text).toContain('class ms_SM02 additional');
    expect(text).toContain('class ms_DW01 dataWarehouse');
    expect(text).toContain('class db_DWDataMart missing');
  });

  it('draws backups where they live, with dashed edges', () => {
    // On a UNC share of an undeclared host: an off-host store named by the host.
    expect(parents.get('kb_SM01')).toEqual(['store_BACKUP01']);
    expect(parents.get('bk_ServiceManager')).toEqual(['store_BACKUP01']);
    expect(text).toContain('subgraph store_BACKUP01["off-host store \\\\backup01"]');
    // On a declared computer.
    expect(parents.get('bk_DWStagingAndConfig')).toEqual(['site_hq', 'c_DW01']);
    expect(parents.get('kb_SM02')).toEqual(['site_dr', 'c_SM02']);
    expect(parents.get('bk_DWRepository')).toEqual(['site_dr', 'c_DWSQL01']);
    // Off-host somewhere the path does not say.
    expect(parents.get('kb_DW01')).toEqual(['storeunknown']);
    expect(text).toContain('ms_SM01 -.->|"key backup"| kb_SM01');
    expect(text).toContain('db_ServiceManager -.->|"backup"| bk_ServiceManager');
    expect(text).not.toContain('bk_DWDataMart');
  });

  it('keeps a backup that is not off-host on its own computer even without storedOn', () => {
    const env = FOUR_COMPUTER.environment;
    const [first, ...rest] = env.databases;
    const { storedOn: _ignored, ...backup } = first!.backup!;
    const local = topologyDiagram({
      ...env,
      databases: [{ ...first!, backup: { ...backup, offHost: false } }, ...rest],
    });
    expect(nesting(local).get('bk_ServiceManager')).toEqual(['site_hq', 'c_SQL01']);
  });

  it('links management groups to their servers and databases, and the DW registration', () => {
    expect(parents.get('mg_SMMG')).toEqual([]);
    expect(text).toContain('mg_SMMG{{"SMMG<br/>Service Manager management group"}}');
    expect(text).toContain('mg_SMMG --- ms_SM01');
    expect(text).toContain('mg_SMMG --- ms_SM02');
    expect(text).toContain('mg_SMMG --- db_ServiceManager');
    expect(text).toContain('mg_DW_SMMG --- ms_DW01');
    expect(text).toContain('mg_DW_SMMG --- db_DWDataMart');
    expect(text).toContain('mg_DW_SMMG --- rs_DW_SMMG');
    expect(text).toContain('mg_DW_SMMG ==>|"registered with"| mg_SMMG');
  });
});

describe('planDiagram', () => {
  const [workflowLost, sqlLost] = FOUR_COMPUTER.scenarios as [Scenario, Scenario, Scenario];

  it('draws the steps in order between what is lost and the outcome', () => {
    const text = planDiagram(workflowLost, FOUR_COMPUTER.results[0]);
    expect(text.startsWith('flowchart TD\n')).toBe(true);
    expect(text).toContain('lostnode(["scenario workflow-server-lost<br/>lost#58; computer SM01"])');
    expect(text).toContain('s_1["1. stop-services<br/>computer#58; SM02<br/>5m#44; owner dba team"]');
    const edges = text.split('\n').filter((line) => line.includes(' --> '));
    expect(edges.map((line) => line.trim())).toEqual([
      'lostnode --> s_1',
      's_1 --> s_2',
      's_2 --> s_3',
      's_3 --> s_4',
      's_4 --> s_5',
      's_5 --> s_6',
      's_6 --> s_7',
      's_7 --> outcomenode',
    ]);
    expect(text).toContain('outcomenode(["recovered"])');
    expect(text).toContain('class outcomenode recovered');
    // A warning is not a failure.
    expect(text).not.toContain('failed');
  });

  it('marks steps with an error located at them, with the rule id', () => {
    const text = planDiagram(sqlLost, FOUR_COMPUTER.results[1]);
    expect(text).toContain(
      's_4["4. restore-database<br/>database#58; ServiceManager<br/>instance#58; SQL01<br/>#10006; permissions-after-restore"]',
    );
    expect(text).toContain('class s_4 failed');
    expect(text).toContain('outcomenode(["NOT recovered<br/>#10006; scenario-recovered"])');
    expect(text).toContain('class outcomenode notRecovered');
  });

  it('says when a recovered scenario still has a scenario-level error', () => {
    const text = planDiagram(FOUR_COMPUTER.scenarios[2]!, FOUR_COMPUTER.results[2]);
    expect(text).toContain('outcomenode(["recovered<br/>#10006; rto-exceeded"])');
    expect(text).toContain('class outcomenode failed');
  });

  it('draws a plan without a result', () => {
    const text = planDiagram(workflowLost);
    expect(text).toContain('outcomenode(["end of plan (not checked)"])');
    expect(text).not.toMatch(/failed|recovered/);
  });
});

describe('ganttDiagram', () => {
  const env = FOUR_COMPUTER.environment;

  it('lays the steps end to end on an hours axis with the RTO marked', () => {
    const text = ganttDiagram(env, FOUR_COMPUTER.scenarios[0]!);
    expect(text.split('\n').slice(0, 7)).toEqual([
      'gantt',
      '  title scenario workflow-server-lost#58; estimated 3h 50m#44; RTO 8h',
      '  dateFormat x',
      '  axisFormat %sh',
      '  tickInterval 1second',
      '  todayMarker off',
      '  section owner dba team',
    ]);
    // One hour is drawn as 1000 ms of chart time: 5 minutes is 83.
    expect(text).toContain('  1. stop-services SM02 (5m) : s_1, 0, 83\n');
    expect(text).toContain('  section steps\n  4. start-services SM02 (10m) : s_4, 417, 583\n');
    expect(text).toContain('  RTO 8h : vert, rto, 8000, 8000\n');
    expect(text).not.toContain('crit');
  });

  it('marks steps that end after the RTO as critical and instant steps as milestones', () => {
    const late = ganttDiagram(env, FOUR_COMPUTER.scenarios[2]!);
    expect(late).toContain('tickInterval 2second');
    expect(late).toContain('7. register-data-warehouse SMMG DW_SMMG (6h) : crit, s_7, 8600, 14600');
    expect(late).toContain('5. recreate-database DWDataMart (2h) : s_5, 5100, 7100');
    const instant = ganttDiagram(env, FOUR_COMPUTER.scenarios[1]!);
    expect(instant).toContain('5. manual tell the service desk (0s) : milestone, s_5, 4133, 4133');
    // restore-database takes its time from the database size: 40 GB at 50 GB/h plus 15 minutes.
    expect(instant).toContain('4. restore-database ServiceManager SQL01 (1h 3m) : s_4, 3083, 4133');
  });

  it('draws a scenario without steps', async () => {
    const empty: Scenario = { ...FOUR_COMPUTER.scenarios[0]!, steps: [] };
    const text = ganttDiagram(env, empty);
    expect(text).toContain('RTO 8h : vert, rto, 8000, 8000');
    await parseMermaid(text);
  });
});

describe('traceDiagram', () => {
  it('draws one message per step from the Operator and the violated rule', () => {
    const text = traceDiagram(FOUR_COMPUTER.trace, FOUR_COMPUTER.violation);
    expect(text.split('\n')).toEqual([
      'sequenceDiagram',
      '  participant Operator',
      '  participant c_SQL01 as SQL01',
      '  participant i_SQL01 as SQL instance SQL01',
      '  participant db_ServiceManager as database ServiceManager',
      '  participant c_SM01 as SM01',
      '  Operator->>c_SQL01: 1. provision-computer computer=SQL01',
      '  Operator->>i_SQL01: 2. install-sql-server instance=SQL01',
      '  Operator->>i_SQL01: 3. enable-clr instance=SQL01',
      '  Operator->>db_ServiceManager: 4. restore-database database=ServiceManager instance=SQL01',
      '  Operator->>Operator: 5. manual description=tell the service desk',
      '  Operator-xc_SM01: 6. start-services computer=SM01',
      '  Note over Operator,c_SM01: #10006; permissions-after-restore#58; restore-database ServiceManager is not followed by run-permissions-script',
      '',
    ]);
  });

  it('finds declared names with spaces and punctuation when given the environment', () => {
    const parsed = traceDiagram(HOSTILE_FIXTURE.trace, HOSTILE_FIXTURE.violation);
    const matched = traceDiagram(HOSTILE_FIXTURE.trace, HOSTILE_FIXTURE.violation, {
      environment: HOSTILE_FIXTURE.environment,
    });
    const database = HOSTILE_FIXTURE.environment.databases[0]!.name;
    expect(matched).toContain(`participant ${mermaidId('db', database)} as `);
    // Parsing `name=value` pairs alone stops at the first space of the name.
    expect(parsed).not.toContain(`participant ${mermaidId('db', database)} as `);
  });

  it('accepts the components of each step from the caller', () => {
    const text = traceDiagram(FOUR_COMPUTER.trace.slice(0, 1), undefined, {
      componentsOf: () => [{ kind: 'managementGroup', name: 'SMMG' }],
    });
    expect(text).toBe(
      'sequenceDiagram\n  participant Operator\n  participant mg_SMMG as group SMMG\n  Operator->>mg_SMMG: 1. provision-computer computer=SQL01\n',
    );
  });

  it('draws an empty trace', async () => {
    const text = traceDiagram([]);
    expect(text).toBe('sequenceDiagram\n  participant Operator\n');
    await parseMermaid(text);
  });
});
