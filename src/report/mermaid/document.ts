import { printable } from '../../common/printable.js';
import { escapeMarkdownInline, mermaidFence } from '../markdown-escape.js';

/** A diagram with the title `diagram` prints above it. */
export interface TitledDiagram {
  readonly title: string;
  readonly mermaid: string;
}

/**
 * The text `scsm-dr diagram` writes: in `mermaid` format each diagram after a `%%` comment
 * line holding its title; in `markdown` format each under a level-2 heading, in a fenced
 * block. Titles quote input names (environment, scenario ids), so the heading is escaped as
 * inline Markdown (a name cannot become a link, an image or HTML) and the fence is longer than
 * any backtick run inside the diagram. This is a pure function.
 */
export function diagramDocument(diagrams: readonly TitledDiagram[], format: 'mermaid' | 'markdown'): string {
  if (format === 'markdown')
    return diagrams
      .map(
        (diagram) =>
          `## ${escapeMarkdownInline(diagram.title)}\n\n${mermaidFence(diagram.mermaid).join('\n')}\n`,
      )
      .join('\n');
  return diagrams.map((diagram) => `%% ${printable(diagram.title)}\n${diagram.mermaid}\n`).join('\n');
}
