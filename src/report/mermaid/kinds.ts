/**
 * The diagram kinds `scsm-dr diagram --kind` and the HTML report know. `machines` is built by
 * `src/models/diagram.ts` (`machineDiagrams()`), the others in this directory. Kept apart from
 * the builders so that the CLI can offer the kinds as choices without loading any builder.
 */
export const DIAGRAM_KINDS = ['topology', 'machines', 'plan', 'gantt', 'trace'] as const;

/** One of {@link DIAGRAM_KINDS}. */
export type DiagramKind = (typeof DIAGRAM_KINDS)[number];
