/**
 * The `--format` names of `report`, in display order. Kept apart from the renderers so that the
 * CLI can offer them as choices without loading any renderer.
 */
export const READINESS_FORMATS = ['html', 'markdown', 'json', 'sarif', 'junit', 'github', 'gitlab'] as const;

/** One of {@link READINESS_FORMATS}. */
export type ReadinessFormat = (typeof READINESS_FORMATS)[number];
