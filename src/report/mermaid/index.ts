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
export { DIAGRAM_KINDS, type DiagramKind } from './kinds.js';
export { checkedPlanDiagrams, lostText, planDiagram, stepErrors } from './plan.js';
export { topologyDiagram } from './topology.js';
export {
  noViolationDiagram,
  type TraceComponent,
  type TraceComponentKind,
  type TraceDiagramOptions,
  traceDiagram,
} from './trace.js';
