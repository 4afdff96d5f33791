import type { Environment } from '../../environment/types.js';
import type { Finding, TraceStep } from '../../rules/types.js';
import { MermaidIds, mermaidText } from './escape.js';

/** The kinds of component a trace step can touch, with their id prefix and caption. */
const COMPONENT_KINDS = {
  computer: { prefix: 'c', caption: '' },
  instance: { prefix: 'i', caption: 'SQL instance ' },
  database: { prefix: 'db', caption: 'database ' },
  managementGroup: { prefix: 'mg', caption: 'group ' },
} as const;

/** The kind of a component a trace step touches. */
export type TraceComponentKind = keyof typeof COMPONENT_KINDS;

/** A component a trace step acts on: a participant of the sequence diagram. */
export interface TraceComponent {
  readonly kind: TraceComponentKind;
  readonly name: string;
}

/** Options of {@link traceDiagram}. */
export interface TraceDiagramOptions {
  /**
   * The environment the trace ran on. With it, a step touches every declared component whose
   * name appears as a `parameter=value` in its summary, which also finds names with spaces.
   * Without it, `parameter=value` pairs of known parameters are parsed from the summary.
   */
  readonly environment?: Environment;
  /** Overrides both: the components each step touches, first the one it acts on. */
  readonly componentsOf?: (step: TraceStep) => readonly TraceComponent[];
}

/** Step parameters that name a component, and the kind they name. */
const PARAMETER_KINDS: Readonly<Record<string, TraceComponentKind>> = {
  computer: 'computer',
  from: 'computer',
  instance: 'instance',
  database: 'database',
  managementGroup: 'managementGroup',
  dataWarehouse: 'managementGroup',
};

/** `name=value` pairs of a summary as `check` writes it (`restore-database database=X instance=Y`). */
function parsedComponents(summary: string): TraceComponent[] {
  const out: TraceComponent[] = [];
  for (const match of summary.matchAll(/(?:^|\s)([A-Za-z]+)=(\S+)/g)) {
    const kind = PARAMETER_KINDS[match[1]!];
    if (kind !== undefined) out.push({ kind, name: match[2]! });
  }
  return out;
}

/** Declared components whose name follows a known `parameter=` in the summary. */
function declaredComponents(summary: string, env: Environment): TraceComponent[] {
  const candidates: TraceComponent[] = [
    ...env.computers.map((computer) => ({ kind: 'computer' as const, name: computer.name })),
    ...env.sqlInstances.map((instance) => ({ kind: 'instance' as const, name: instance.id })),
    ...env.databases.map((database) => ({ kind: 'database' as const, name: database.name })),
    ...env.managementGroups.map((group) => ({ kind: 'managementGroup' as const, name: group.name })),
  ];
  const found: { component: TraceComponent; at: number }[] = [];
  for (const [parameter, kind] of Object.entries(PARAMETER_KINDS)) {
    const marker = `${parameter}=`;
    for (let at = summary.indexOf(marker); at >= 0; at = summary.indexOf(marker, at + 1)) {
      if (at > 0 && !/\s/.test(summary[at - 1]!)) continue;
      const rest = summary.slice(at + marker.length);
      // The longest declared name that the value starts with and that ends at a space or the end.
      let best: TraceComponent | undefined;
      for (const candidate of candidates) {
        if (candidate.kind !== kind || !rest.startsWith(candidate.name)) continue;
        const after = rest[candidate.name.length];
        if (after !== undefined && !/\s/.test(after)) continue;
        if (!best || candidate.name.length > best.name.length) best = candidate;
      }
      if (best) found.push({ component: best, at });
    }
  }
  return found.sort((a, b) => a.at - b.at).map((entry) => entry.component);
}

/**
 * A trace (the steps that led to a dynamic violation) as a Mermaid `sequenceDiagram`: the
 * Operator and every component the steps touch are participants; each step is one message
 * from the Operator to the component it acts on (a self-message when it names none); with a
 * `violation`, the last message is drawn as a failed (`-x`) arrow and a note over the Operator
 * and that component names the violated rule and its message. This is a pure function.
 */
export function traceDiagram(
  trace: readonly TraceStep[],
  violation?: Finding,
  options: TraceDiagramOptions = {},
): string {
  const componentsOf =
    options.componentsOf ??
    ((step: TraceStep) =>
      options.environment
        ? declaredComponents(step.summary, options.environment)
        : parsedComponents(step.summary));

  const ids = new MermaidIds();
  const participants = new Map<string, string>();
  const participantOf = (component: TraceComponent): string => {
    const kind = COMPONENT_KINDS[component.kind];
    const id = ids.id(kind.prefix, component.name);
    if (!participants.has(id))
      participants.set(
        id,
        `  participant ${id} as ${mermaidText(`${kind.caption}${component.name}`).trim() || '(unnamed)'}`,
      );
    return id;
  };

  const messages: string[] = [];
  let lastTarget = 'Operator';
  trace.forEach((step, position) => {
    const components = componentsOf(step);
    const target = components.length > 0 ? participantOf(components[0]!) : 'Operator';
    for (const component of components.slice(1)) participantOf(component);
    const failed = violation !== undefined && position === trace.length - 1;
    const text = mermaidText(`${step.index + 1}. ${step.summary}`);
    messages.push(`  Operator${failed ? '-x' : '->>'}${target}: ${text}`);
    lastTarget = target;
  });

  const lines = ['sequenceDiagram', '  participant Operator', ...participants.values(), ...messages];
  if (violation) {
    const over = lastTarget === 'Operator' ? 'Operator' : `Operator,${lastTarget}`;
    lines.push(`  Note over ${over}: ${mermaidText(`✖ ${violation.ruleId}: ${violation.message}`)}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The trace diagram when nothing is violated: a valid `sequenceDiagram` with one note saying so,
 * so that `diagram --kind trace` on a sound plan still gives Mermaid that renders (in a report,
 * a wiki page or a CI artefact) instead of nothing.
 *
 * @param subject - what was checked, e.g. `the plan` or `scenario 'workflow-server-lost'`
 */
export function noViolationDiagram(subject: string): string {
  return `${[
    'sequenceDiagram',
    '  participant Operator',
    `  Note over Operator: ${mermaidText(`✔ no step of ${subject} violates a rule: there is no counterexample to draw`)}`,
  ].join('\n')}\n`;
}
