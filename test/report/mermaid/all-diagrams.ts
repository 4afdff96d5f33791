/** Every diagram the builders make for a fixture, shared by the parse and browser tests. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  type DiagramKind,
  ganttDiagram,
  planDiagram,
  topologyDiagram,
  traceDiagram,
} from '../../../src/report/mermaid/index.js';
import type { DiagramFixture } from './fixtures.js';

/** One diagram with the kind that built it. */
export interface NamedDiagram {
  readonly id: string;
  readonly kind: DiagramKind;
  readonly title: string;
  readonly mermaid: string;
}

/** Topology, plan (with and without results), gantt and trace diagrams of a fixture. */
export function fixtureDiagrams(fixture: DiagramFixture): NamedDiagram[] {
  const env = fixture.environment;
  const diagrams: NamedDiagram[] = [
    {
      id: `${fixture.name}-topology`,
      kind: 'topology',
      title: `${fixture.name}: topology of ${env.name}`,
      mermaid: topologyDiagram(env),
    },
  ];
  fixture.scenarios.forEach((scenario, index) => {
    diagrams.push({
      id: `${fixture.name}-plan-${index}`,
      kind: 'plan',
      title: `${fixture.name}: plan ${scenario.id}`,
      mermaid: planDiagram(scenario, fixture.results[index]),
    });
    diagrams.push({
      id: `${fixture.name}-gantt-${index}`,
      kind: 'gantt',
      title: `${fixture.name}: timeline ${scenario.id}`,
      mermaid: ganttDiagram(env, scenario),
    });
  });
  diagrams.push({
    id: `${fixture.name}-plan-unchecked`,
    kind: 'plan',
    title: `${fixture.name}: plan without a check result`,
    mermaid: planDiagram(fixture.scenarios[0]!),
  });
  diagrams.push({
    id: `${fixture.name}-trace`,
    kind: 'trace',
    title: `${fixture.name}: trace (components from the environment)`,
    mermaid: traceDiagram(fixture.trace, fixture.violation, { environment: env }),
  });
  diagrams.push({
    id: `${fixture.name}-trace-parsed`,
    kind: 'trace',
    title: `${fixture.name}: trace (components parsed from summaries)`,
    mermaid: traceDiagram(fixture.trace, fixture.violation),
  });
  return diagrams;
}

/**
 * The state machine diagrams of `src/models/diagram.ts` (`machineDiagrams()`), which another
 * part of the project provides. Until that module exists there is nothing to add; once it does,
 * its diagrams join the page and must render like the others. The result's shape is checked
 * at run time because this file must compile before that module is written.
 */
export async function machineDiagramsIfAvailable(): Promise<NamedDiagram[]> {
  const url = new URL('../../../src/models/diagram.ts', import.meta.url);
  if (!existsSync(fileURLToPath(url))) return [];
  const module: unknown = await import(/* @vite-ignore */ url.href);
  const build = (module as { machineDiagrams?: unknown }).machineDiagrams;
  if (typeof build !== 'function') throw new Error('src/models/diagram.ts does not export machineDiagrams()');
  const result: unknown = await build();
  const entries: [string, unknown][] = Array.isArray(result)
    ? result.map((value, index) => [String(index), value])
    : typeof result === 'object' && result !== null
      ? Object.entries(result)
      : typeof result === 'string'
        ? [['0', result]]
        : [];
  const diagrams = entries.map(([key, value]): NamedDiagram => {
    const record = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
    const text = typeof value === 'string' ? value : (record.mermaid ?? record.diagram ?? record.text);
    const name = record.id ?? record.name ?? record.machine ?? record.title ?? key;
    if (typeof text !== 'string') throw new Error(`machineDiagrams() entry ${key} has no Mermaid text`);
    return {
      id: `machines-${String(name)}`,
      kind: 'machines',
      title: `machine ${String(name)}`,
      mermaid: text,
    };
  });
  if (diagrams.length === 0) throw new Error('machineDiagrams() returned no diagrams');
  return diagrams;
}
