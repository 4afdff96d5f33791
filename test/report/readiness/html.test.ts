import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { formatLocation } from '../../../src/common/location.js';
import { escapeHtml } from '../../../src/report/html/page.js';
import { readinessHtml } from '../../../src/report/readiness/html.js';
import { reportDiagrams, taggedFindings, tracedFindings } from '../../../src/report/readiness/shared.js';
import { reasonText } from '../../../src/report/reasons.js';
import { printable } from '../../../src/report/reporters/shared.js';
import { getRule } from '../../../src/rules/catalog.js';
import { ruleHelpUri } from '../../../src/rules/docs-url.js';
import { HA, HOSTILE, HOSTILE_TEXTS, useReadinessInputs } from './fixtures.js';

const inputs = useReadinessInputs('scsm-dr-readiness-html-');

/** The page without its two inline scripts (the Mermaid bundle contains arbitrary strings). */
function withoutScripts(html: string): string {
  // The bundle is inlined with every `</script` rewritten, so the first close tag is the real one.
  return html.replace(/<script>[\s\S]*?<\/script>/g, '<script></script>');
}

/** Parses the page with scripts disabled: the DOM a browser builds before anything runs. */
function parse(html: string): Document {
  return new JSDOM(html).window.document;
}

/** Escaped as the report escapes untrusted text. */
function escaped(text: string): string {
  return escapeHtml(printable(text));
}

describe('HTML readiness report', () => {
  it('shows the score, the verdict, the separate assurance score and the facts of the environment', () => {
    const document = parse(readinessHtml(inputs.ha));
    expect(document.title).toBe('Recovery readiness of corvid-logistics-production');
    expect(document.querySelector('#readiness-score')?.textContent).toBe(`${inputs.ha.readiness.score}/100`);
    expect(document.querySelector('#assurance-score')?.textContent).toBe(
      `${inputs.ha.readiness.assurance.score}/100`,
    );
    expect(document.querySelector('.card.assurance .label')?.textContent).toMatch(/assurance score/i);
    expect(document.querySelector('.verdict')?.textContent).toMatch(
      /^(Ready|Mostly ready|At risk|Not ready): \d+ of 13 disruptions/,
    );
    const facts = document.querySelector('dl.facts')?.textContent ?? '';
    for (const fact of ['corvid-logistics-production', 'scsm-2022', '2026-11-24', '12h', '1h', HA.plan]) {
      expect(facts).toContain(fact);
    }
    // The drills the environment records.
    expect(document.querySelectorAll('table.drills tbody tr')).toHaveLength(
      inputs.ha.environment.drills.length,
    );
  });

  it('has one disruption row per disruption, with outcome, times, plan used and points lost', () => {
    const document = parse(readinessHtml(inputs.ha));
    const rows = [...document.querySelectorAll('table.disruptions tbody tr')];
    expect(rows.map((row) => row.getAttribute('data-disruption'))).toEqual(
      inputs.ha.readiness.disruptions.map((row) => row.id),
    );
    const byId = new Map(rows.map((row) => [row.getAttribute('data-disruption'), row]));
    for (const disruption of inputs.ha.readiness.disruptions) {
      const cells = [...byId.get(disruption.id)!.querySelectorAll('td')].map(
        (cell) => cell.textContent ?? '',
      );
      expect(cells).toHaveLength(8);
      expect(cells[0]).toContain(disruption.description);
      expect(cells[3]).toContain('/ 12h');
      expect(cells[4]).toContain('/ 1h');
      expect(cells[5]).toMatch(
        disruption.planUsed.kind === 'plan' ? /^plan scenario / : /synthesised|none found/,
      );
      expect(Number(cells[6])).toBeCloseTo(Math.round(disruption.pointsLost * 10) / 10, 5);
      for (const reason of disruption.reasons) expect(cells[7]).toContain(reasonText(reason));
    }
    // The points lost add up to what the score misses (up to rounding).
    const lost = inputs.ha.readiness.disruptions.reduce((sum, row) => sum + row.pointsLost, 0);
    expect(Math.abs(100 - lost - inputs.ha.readiness.score)).toBeLessThanOrEqual(0.5);
  });

  it('lists every finding with its location, message, rule rationale, remediation and docs link', () => {
    const html = readinessHtml(inputs.single);
    const document = parse(html);
    const findings = taggedFindings(inputs.single.readiness);
    expect(findings.length).toBeGreaterThan(10);
    expect(findings.some((entry) => entry.kind === 'plan')).toBe(true);
    expect(findings.some((entry) => entry.kind === 'assurance')).toBe(true);
    expect(findings.some((entry) => entry.kind === 'causal')).toBe(true);
    const section = document.querySelector('#findings')!;
    const rows = [...section.querySelectorAll('table.findings tbody tr')];
    expect(rows).toHaveLength(findings.length);
    const shown = rows.map((row) => row.textContent ?? '');
    for (const { finding } of findings) {
      const location = formatLocation(finding.location);
      expect(
        shown.some((text) => text.includes(location) && text.includes(finding.message)),
        location,
      ).toBe(true);
      const rule = getRule(finding.ruleId)!;
      const group = section.querySelector(`#rule-${finding.ruleId}`)!;
      expect(group.textContent).toContain(rule.title);
      expect(group.textContent).toContain(rule.rationale.replace(/`/g, ''));
      expect(group.textContent).toContain(rule.remediation.replace(/`/g, ''));
      expect(group.querySelector(`a[href="${ruleHelpUri(rule.id)}"]`)?.textContent).toBe(
        `docs/rules/${rule.id}.md`,
      );
    }
  });

  it('shows the plan check per scenario, with the numbered trace of each violation', () => {
    const document = parse(readinessHtml(inputs.broken));
    const check = inputs.broken.readiness.check!;
    const articles = [...document.querySelectorAll('#plan-check article[data-scenario]')];
    expect(articles.map((article) => article.getAttribute('data-scenario'))).toEqual(
      check.scenarios.map((s) => s.id),
    );
    for (const [index, scenario] of check.scenarios.entries()) {
      const text = articles[index]!.textContent ?? '';
      expect(text).toContain(scenario.recovered ? 'recovered' : 'NOT recovered');
      expect(text).toContain('against the RTO of');
    }
    const traced = tracedFindings(inputs.broken.readiness);
    expect(traced.length).toBeGreaterThan(0);
    const lists = [...document.querySelectorAll('#plan-check ol.trace')];
    expect(lists).toHaveLength(traced.length);
    lists.forEach((list, index) => {
      const steps = [...list.querySelectorAll('li')];
      expect(steps.map((step) => Number(step.getAttribute('value')))).toEqual(
        traced[index]!.trace.map((step) => step.index + 1),
      );
    });
  });

  it('embeds every diagram: topology, plan and timeline per scenario, each trace, the machines', () => {
    for (const input of [inputs.ha, inputs.broken]) {
      const document = parse(readinessHtml(input));
      const scenarios = input.plan!.scenarios.length;
      const traces = tracedFindings(input.readiness).length;
      const figures = [...document.querySelectorAll('figure.diagram')];
      expect(figures).toHaveLength(1 + 2 * scenarios + traces + 8);
      expect(figures.map((figure) => figure.id)).toEqual(reportDiagrams(input).map((diagram) => diagram.id));
      const sources = [...document.querySelectorAll('pre.mermaid')].map((pre) => pre.textContent ?? '');
      expect(sources[0]).toMatch(/^flowchart LR/);
      expect(sources.filter((source) => source.startsWith('gantt'))).toHaveLength(scenarios);
      expect(sources.filter((source) => source.startsWith('sequenceDiagram'))).toHaveLength(traces);
      expect(sources.filter((source) => source.startsWith('stateDiagram-v2'))).toHaveLength(8);
    }
  });

  it('prints readably: tables repeat their header and break between rows, never inside one', () => {
    const html = readinessHtml(inputs.ha);
    const print = html.slice(html.indexOf('<style>', html.indexOf('<main>')));
    expect(print).toMatch(/@media print \{[\s\S]*table\.report thead \{ display: table-header-group; \}/);
    expect(print).toMatch(/@media print \{[\s\S]*table\.report tr \{ break-inside: avoid;/);
  });

  it('is the same bytes for the same input', () => {
    expect(readinessHtml(inputs.ha)).toBe(readinessHtml(inputs.ha));
  });
});

describe('HTML readiness report of a hostile environment and plan', () => {
  it('writes every hostile string only escaped', () => {
    const html = withoutScripts(readinessHtml(inputs.hostile));
    for (const value of HOSTILE_TEXTS) {
      // Raw markup never reaches the page; the diagram sources are escaped too.
      if (/[<>&"']/.test(value)) expect(html.includes(value), value).toBe(false);
    }
    // The fields shown as text outside the diagrams, escaped.
    for (const value of [
      HOSTILE.environmentName,
      HOSTILE.siteA,
      HOSTILE.siteB,
      HOSTILE.collationA,
      HOSTILE.collationB,
      HOSTILE.smGroup,
      HOSTILE.keyFileLocal,
      HOSTILE.reportingUrl,
      HOSTILE.drillScenario,
      HOSTILE.drillNotes,
      HOSTILE.title1,
      HOSTILE.title2,
      HOSTILE.title3,
      HOSTILE.stepUrl,
    ]) {
      expect(html.includes(escaped(value)), value).toBe(true);
    }
    // File paths with markup in a directory name, in every location.
    const planFile = inputs.hostile.plan!.file;
    expect(planFile).toContain('<b>dir</b>');
    expect(html).toContain(escaped(planFile));
  });

  it('builds no element, attribute or link from input', () => {
    const document = parse(readinessHtml(inputs.hostile));
    const tags = new Set(
      [...document.body.querySelectorAll('*')].map((element) => element.tagName.toLowerCase()),
    );
    for (const tag of [
      'img',
      'iframe',
      'object',
      'marquee',
      'u',
      'b',
      'i',
      'svg',
      'details',
      'h1',
      'textarea',
    ]) {
      // `h1` is the page's own title, once.
      if (tag === 'h1') expect(document.querySelectorAll('h1')).toHaveLength(1);
      else expect(tags.has(tag), tag).toBe(false);
    }
    expect(document.querySelectorAll('script')).toHaveLength(2);
    expect(document.querySelectorAll('style')).toHaveLength(2);
    const handlers = [...document.querySelectorAll('*')].flatMap((element) =>
      element.getAttributeNames().filter((name) => name.toLowerCase().startsWith('on')),
    );
    expect(handlers).toEqual([]);
    for (const link of document.querySelectorAll('a[href]')) {
      const href = link.getAttribute('href')!;
      expect(
        href.startsWith('#') || href.startsWith('https://github.com/scsm-dr/scsm-dr/blob/main/docs/rules/'),
        href,
      ).toBe(true);
    }
    // What the reader sees is what the files say.
    expect(document.title).toBe(`Recovery readiness of ${HOSTILE.environmentName}`);
    const text = document.body.textContent ?? '';
    for (const value of [HOSTILE.title2, HOSTILE.drillScenario, HOSTILE.reportingUrl])
      expect(text).toContain(value);
  });

  it('imports the HTML renderer only from the report command, and only on demand', () => {
    const root = join(import.meta.dirname, '../../../src');
    const offenders: string[] = [];
    const walk = (folder: string): void => {
      for (const entry of readdirSync(folder, { withFileTypes: true })) {
        const path = join(folder, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith('.ts')) {
          const source = readFileSync(path, 'utf8');
          if (
            /^import[^;]*from '[^']*readiness\/html\.js'/m.test(source) ||
            /from '\.\/html\.js'/.test(source)
          ) {
            offenders.push(relative(root, path));
          }
        }
      }
    };
    walk(root);
    expect(offenders).toEqual([]);
    expect(readFileSync(join(root, 'report/readiness/index.ts'), 'utf8')).toContain(
      "await import('./html.js')",
    );
  });
});
