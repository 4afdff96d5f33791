/**
 * Mermaid diagram builders. Each is a pure function from typed data to Mermaid text; every
 * untrusted string goes through the escaping helpers of `escape.ts`. See `docs/diagrams.md`.
 */
export {
  FLOWCHART_CLASS_NAMES,
  FLOWCHART_CLASSES,
  type FlowchartClass,
  MermaidIds,
  mermaidId,
  mermaidLabel,
  mermaidLines,
  mermaidText,
} from './escape.js';
export { ganttDiagram } from './gantt.js';
export { lostText, planDiagram, stepErrors } from './plan.js';
export { topologyDiagram } from './topology.js';
export {
  type TraceComponent,
  type TraceComponentKind,
  type TraceDiagramOptions,
  traceDiagram,
} from './trace.js';

/**
 * The diagram kinds `scsm-dr diagram --kind` and the HTML report know. `machines` is built by
 * `src/models/diagram.ts` (`machineDiagrams()`), the others here.
 */
export const DIAGRAM_KINDS = ['topology', 'machines', 'plan', 'gantt', 'trace'] as const;

/** One of {@link DIAGRAM_KINDS}. */
export type DiagramKind = (typeof DIAGRAM_KINDS)[number];
