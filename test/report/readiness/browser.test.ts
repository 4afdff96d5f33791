/**
 * Opens the HTML readiness report of the bundled four-computer-ha installation (with its plan)
 * and of the hostile environment and plan in a real browser (Debian's Chromium through
 * playwright-core), over `file://`. Every diagram must render to SVG; the page must log no
 * error, throw nothing, open no dialog and request nothing but itself; the hostile text must
 * be shown as written. Full-page screenshots and a PDF print are left in `test-results/` for
 * CI to keep as artifacts.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readinessHtml } from '../../../src/report/readiness/html.js';
import { printable } from '../../../src/report/reporters/shared.js';
import { normaliseShownText, RESULTS_DIR, useBrowserPages } from '../../helpers/browser.js';
import { HA, HOSTILE, HOSTILE_TEXTS, reportInput, writeHostileInputs } from './fixtures.js';

const RENDER_TIMEOUT_MS = 120_000;

const pages = useBrowserPages('scsm-dr-readiness-browser-', RENDER_TIMEOUT_MS);

/** Renders, checks and photographs one report; returns the page's visible text. */
async function checkReport(name: string, html: string): Promise<string> {
  const { page, activity, url } = await pages.open(name, html);
  try {
    const state = await page.evaluate(() => ({
      rendered: document.body.getAttribute('data-rendered'),
      failed: document.body.getAttribute('data-failed'),
      errors: Array.from(document.querySelectorAll('.diagram-error'), (node) => node.textContent),
      pres: document.querySelectorAll('pre.mermaid').length,
      empty: Array.from(document.querySelectorAll('pre.mermaid'))
        .filter((node) => !node.querySelector(':scope > svg g'))
        .map((node) => node.closest('figure')?.id),
      scripts: document.scripts.length,
      handlers: Array.from(document.querySelectorAll('*')).flatMap((element) =>
        element.getAttributeNames().filter((attribute) => attribute.toLowerCase().startsWith('on')),
      ),
      // biome-ignore lint/performance/useDomNodeTextContent: the text a reader sees, without the inline scripts and styles
      text: document.body.innerText,
    }));
    expect(state.errors).toEqual([]);
    expect(state.rendered).toBe('ok');
    expect(state.failed).toBe('0');
    expect(state.pres).toBeGreaterThan(0);
    expect(state.empty).toEqual([]);
    // Only the page's own two scripts, and no event handler attribute anywhere.
    expect(state.scripts).toBe(2);
    expect(state.handlers).toEqual([]);

    expect(activity.consoleErrors).toEqual([]);
    expect(activity.pageErrors).toEqual([]);
    expect(activity.dialogs).toEqual([]);
    expect(activity.requests).toEqual([url]);

    mkdirSync(RESULTS_DIR, { recursive: true });
    await page.screenshot({ path: join(RESULTS_DIR, `report-${name}.png`), fullPage: true });
    // Readable when printed: the print stylesheet applies and the PDF has pages.
    const pdf = await page.pdf({ format: 'A4', printBackground: false });
    expect(pdf.byteLength).toBeGreaterThan(10_000);
    expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    writeFileSync(join(RESULTS_DIR, `report-${name}.pdf`), pdf);
    return state.text;
  } finally {
    await page.close();
  }
}

describe('HTML readiness report in a browser', () => {
  it('four-computer-ha with its plan: every diagram renders, offline and inert', async () => {
    const input = await reportInput(HA.environment, HA.plan);
    const shown = await checkReport('four-computer-ha', readinessHtml(input));
    expect(shown).toContain('Recovery readiness of corvid-logistics-production');
    expect(shown).toContain(`${input.readiness.score}/100`);
    for (const row of input.readiness.disruptions) expect(shown).toContain(row.id);
  }, 240_000);

  it('the hostile environment and plan: the text is shown as written and nothing runs', async () => {
    const files = writeHostileInputs(pages.workDir());
    const input = await reportInput(files.environment, files.plan);
    const shown = normaliseShownText(await checkReport('hostile', readinessHtml(input)));
    // Fields the page shows as text (outside the diagrams) appear verbatim, made printable.
    for (const value of [
      HOSTILE.environmentName,
      HOSTILE.siteA,
      HOSTILE.siteB,
      HOSTILE.title1,
      HOSTILE.title2,
      HOSTILE.title3,
      HOSTILE.drillScenario,
      HOSTILE.drillNotes,
      HOSTILE.collationA,
      HOSTILE.collationB,
      HOSTILE.smGroup,
    ]) {
      expect(shown, value).toContain(normaliseShownText(printable(value)));
    }
    expect(shown).not.toContain('forged\n');
    expect(HOSTILE_TEXTS.length).toBeGreaterThan(10);
  }, 240_000);
});
