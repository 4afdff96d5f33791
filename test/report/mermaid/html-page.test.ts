import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { escapeHtml, escapeInlineScript, renderHtmlPage } from '../../../src/report/html/page.js';
import { HOSTILE } from './fixtures.js';

function scripts(html: string): string[] {
  return [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => match[1]!);
}

function unescapeHtml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

describe('escapeHtml', () => {
  it('escapes the five characters that matter in content and quoted attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
    );
    expect(escapeHtml('plain ü 名')).toBe('plain ü 名');
  });
});

describe('escapeInlineScript', () => {
  it('removes every sequence that could end or confuse a script element, without changing the code', () => {
    const source = 'var a = "</script><!-- <SCRIPT>"; var r = /<!--(x)/u; var t = `</Script>`;';
    const escaped = escapeInlineScript(source);
    expect(escaped).not.toMatch(/<\/script|<!--|<script/i);
    const run = (code: string): unknown[] =>
      new Function(`${code}; return [a, r.source, r.test('<!--x'), t];`)();
    expect(run(escaped)).toEqual([
      '</script><!-- <SCRIPT>',
      expect.stringMatching(/^(?:<|\\x3C)!--\(x\)$/),
      true,
      '</Script>',
    ]);
    expect(run(escaped)[0]).toBe(run(source)[0]);
  });
});

describe('renderHtmlPage', () => {
  const diagram = 'flowchart LR\n  a["x #60;b#62;"] --> b\n  %% </script><script>alert(1)</script>\n';
  const html = renderHtmlPage({
    title: HOSTILE[1],
    sections: [
      { id: 'summary', heading: HOSTILE[0], html: '<p>Score: <strong>72</strong></p>' },
      { id: 'summary', heading: 'Again', html: '<p>second</p>' },
      { id: '"><img src=x onerror=alert(1)>', heading: 'Odd id', html: '' },
    ],
    diagrams: [{ id: 'topology', title: HOSTILE[14], mermaid: diagram }],
  });

  it('is one self-contained document with a strict Content-Security-Policy', () => {
    expect(html.startsWith('<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n')).toBe(true);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
    expect(csp).toBeDefined();
    const directives = csp!.split('; ');
    expect(directives[0]).toBe("default-src 'none'");
    expect(directives).toContain("style-src 'unsafe-inline'");
    expect(directives).toContain('img-src data:');
    // The two inline scripts are allowed by their hashes and nothing else is.
    const hashes = scripts(html).map(
      (script) => `'sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}'`,
    );
    expect(hashes).toHaveLength(2);
    expect(directives).toContain(`script-src ${hashes.join(' ')}`);
  });

  it('inlines the Mermaid bundle and loads nothing from elsewhere', () => {
    const [bundle, init] = scripts(html);
    expect(bundle!.length).toBeGreaterThan(1_000_000);
    expect(bundle).toContain('globalThis["mermaid"]');
    expect(bundle).not.toMatch(/sourceMappingURL/);
    expect(init).toContain('"securityLevel":"strict"');
    expect(init).toContain('"startOnLoad":false');
    expect(init).toContain('"theme":"default"');
    expect(init).toContain('mermaid.run(');
    expect(init).toContain("setAttribute('data-rendered'");
    // Exactly two script elements: nothing inside them ends one early.
    expect(html.match(/<script/gi)).toHaveLength(2);
    expect(html.match(/<\/script/gi)).toHaveLength(2);
    const outsideScripts = html.replace(/<script>[\s\S]*?<\/script>/g, '');
    expect(outsideScripts).not.toMatch(/<(?:link|iframe|object|embed|img|base)\b/i);
    // Inside tags only: escaped text may well say `src=`.
    expect(outsideScripts).not.toMatch(/<[^>]*\s(?:src|srcset|action|poster|data)=/i);
    expect(outsideScripts).not.toMatch(/<[^>]*\shref="(?!#)/i);
    expect(outsideScripts).not.toMatch(/url\(/i);
  });

  it('HTML-escapes every diagram into a pre.mermaid, exactly', () => {
    const pre = /<pre class="mermaid">([\s\S]*?)<\/pre>/.exec(html)?.[1];
    expect(pre).toBeDefined();
    expect(pre).not.toMatch(/[<>"]/);
    expect(unescapeHtml(pre!)).toBe(diagram);
  });

  it('escapes titles and headings, and sanitises and de-duplicates anchors', () => {
    const outsideScripts = html.replace(/<script>[\s\S]*?<\/script>/g, '');
    expect(outsideScripts).not.toContain('<script>alert(1)');
    expect(outsideScripts).not.toContain('<img');
    expect(html).toContain(`<title>${escapeHtml(HOSTILE[1])}</title>`);
    expect(html).toContain(`<h2>${escapeHtml(HOSTILE[0])}</h2>`);
    expect(html).toContain('<section id="summary">');
    expect(html).toContain('<section id="summary-2">');
    expect(html).toContain('<section id="img-src-x-onerror-alert-1">');
    expect(html).toContain('<figure class="diagram" id="topology">');
    expect(html).toContain(`<figcaption>${escapeHtml(HOSTILE[14])}</figcaption>`);
    expect(html).toContain('<a href="#summary-2">Again</a>');
    // Reporter markup is inserted as given.
    expect(html).toContain('<p>Score: <strong>72</strong></p>');
  });

  it('has a print stylesheet that hides navigation and keeps diagrams whole', () => {
    const print = /@media print \{([\s\S]*?)\n\}/.exec(html)?.[1] ?? '';
    expect(print).toMatch(/nav[^{]*\{ display: none/);
    expect(print).toMatch(/figure\.diagram \{[^}]*break-inside: avoid/);
    expect(print).toMatch(/color: #000/);
    expect(print).toMatch(/background: #fff/);
  });

  it('needs no script at all without diagrams', () => {
    const plain = renderHtmlPage({
      title: 'Report',
      sections: [{ id: 'a', heading: 'A', html: '<p>a</p>' }],
      diagrams: [],
    });
    expect(plain).not.toMatch(/<script/i);
    expect(plain).toContain("script-src 'none'");
    expect(plain).toContain('<body data-rendered="ok" data-failed="0">');
    expect(plain.length).toBeLessThan(20_000);
  });

  it('keeps its module cheap to import: Mermaid is read only when a page is rendered', () => {
    const source = readFileSync(new URL('../../../src/report/html/page.ts', import.meta.url), 'utf8');
    const imports = [...source.matchAll(/^import .* from '([^']+)';$/gm)].map((match) => match[1]);
    expect(imports).toEqual(['node:crypto', 'node:fs', 'node:module']);
  });
});
