/**
 * Renders every diagram kind, for the realistic and the hostile fixture, in a real browser
 * (Debian's Chromium through playwright-core), from a report page opened over `file://`.
 * The page must render every diagram to SVG, make no request but for itself, log no error,
 * open no dialog (the hostile text must stay text), and leave a screenshot for CI.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderHtmlPage } from '../../../src/report/html/page.js';
import { DIAGRAM_KINDS } from '../../../src/report/mermaid/index.js';
import { normaliseShownText, RESULTS_DIR, useBrowserPages } from '../../helpers/browser.js';
import { fixtureDiagrams, machineDiagramsIfAvailable, type NamedDiagram } from '../mermaid/all-diagrams.js';
import { FIXTURES, HOSTILE } from '../mermaid/fixtures.js';

const RENDER_TIMEOUT_MS = 90_000;

const pages = useBrowserPages('scsm-dr-diagrams-', RENDER_TIMEOUT_MS);

describe('diagrams in a browser', () => {
  it('renders every kind for both fixtures, inert and offline', async () => {
    const diagrams: NamedDiagram[] = [
      ...FIXTURES.flatMap(fixtureDiagrams),
      ...(await machineDiagramsIfAvailable()),
    ];
    const kinds = new Set(diagrams.map((diagram) => diagram.kind));
    // `machines` joins once src/models/diagram.ts exists; every other kind is here already.
    for (const kind of DIAGRAM_KINDS) if (kind !== 'machines') expect(kinds.has(kind), kind).toBe(true);

    const html = renderHtmlPage({
      title: `Diagram rendering test ${HOSTILE[1]}`,
      sections: [
        { id: 'about', heading: 'About', html: '<p>Every diagram kind, normal and hostile input.</p>' },
      ],
      diagrams: diagrams.map(({ id, title, mermaid }) => ({ id, title, mermaid })),
    });
    const { page, activity, url } = await pages.open('diagrams', html);
    try {
      const state = await page.evaluate(() => ({
        rendered: document.body.getAttribute('data-rendered'),
        failed: document.body.getAttribute('data-failed'),
        errors: Array.from(document.querySelectorAll('.diagram-error'), (node) => node.textContent),
        pres: document.querySelectorAll('pre.mermaid').length,
        svgs: document.querySelectorAll('pre.mermaid > svg').length,
        empty: Array.from(document.querySelectorAll('pre.mermaid'))
          .filter((node) => !node.querySelector('svg g'))
          .map((node) => node.closest('figure')?.id),
        scripts: document.scripts.length,
        handlers: Array.from(document.querySelectorAll('*')).flatMap((element) =>
          element.getAttributeNames().filter((name) => name.toLowerCase().startsWith('on')),
        ),
        links: Array.from(
          document.querySelectorAll('[href], [xlink\\:href], [src]'),
          (element) =>
            element.getAttribute('href') ?? element.getAttribute('xlink:href') ?? element.getAttribute('src'),
        ).filter((target) => target !== null && !target.startsWith('#')),
        text: Array.from(document.querySelectorAll('pre.mermaid svg'), (svg) => {
          const clone = svg.cloneNode(true) as SVGElement;
          for (const style of Array.from(clone.querySelectorAll('style'))) style.remove();
          return clone.textContent ?? '';
        }).join('\n'),
      }));

      expect(state.errors).toEqual([]);
      expect(state.rendered).toBe('ok');
      expect(state.failed).toBe('0');
      expect(state.pres).toBe(diagrams.length);
      expect(state.svgs).toBe(diagrams.length);
      expect(state.empty).toEqual([]);
      // Only the two scripts of the page; no event handler or link made it into the DOM.
      expect(state.scripts).toBe(2);
      expect(state.handlers).toEqual([]);
      expect(state.links).toEqual([]);

      expect(activity.consoleErrors).toEqual([]);
      expect(activity.pageErrors).toEqual([]);
      expect(activity.dialogs).toEqual([]);
      expect(activity.requests).toEqual([url]);

      // The hostile text is shown as the user wrote it, not interpreted.
      const shown = normaliseShownText(state.text);
      for (const text of HOSTILE) {
        const expected = normaliseShownText(text);
        if (expected !== '') expect(shown.includes(expected), expected).toBe(true);
      }

      mkdirSync(RESULTS_DIR, { recursive: true });
      await page.screenshot({ path: join(RESULTS_DIR, 'diagrams.png'), fullPage: true });
    } finally {
      await page.close();
    }
  }, 180_000);

  it('shows a broken diagram as an error without breaking the others', async () => {
    const html = renderHtmlPage({
      title: 'Broken diagram',
      sections: [],
      diagrams: [
        { id: 'good', title: 'good', mermaid: 'flowchart LR\n  a["A"] --> b["B"]\n' },
        { id: 'bad', title: 'bad', mermaid: 'flowchart LR\n  a["unterminated --> b\n' },
      ],
    });
    const { page, activity } = await pages.open('broken', html);
    try {
      expect(await page.getAttribute('body', 'data-rendered')).toBe('error');
      expect(await page.getAttribute('body', 'data-failed')).toBe('1');
      expect(await page.locator('#good pre.mermaid > svg').count()).toBe(1);
      expect(await page.locator('#bad pre.mermaid > svg').count()).toBe(0);
      expect(await page.locator('#bad .diagram-error').textContent()).toMatch(
        /could not be rendered: .*error/i,
      );
      expect(await page.locator('#render-status').textContent()).toContain(
        '1 of 2 diagrams could not be rendered',
      );
      expect(activity.pageErrors).toEqual([]);
      expect(activity.dialogs).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);
});
