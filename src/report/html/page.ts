import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** A block of report content. `html` is trusted markup produced by a reporter. */
export interface HtmlSection {
  /** The anchor of the section; sanitised to `[A-Za-z0-9_-]` and made unique in the page. */
  readonly id: string;
  /** Plain text; escaped here. */
  readonly heading: string;
  /** Markup written by a reporter, which must already have escaped every untrusted string. */
  readonly html: string;
}

/** A Mermaid diagram of the page. */
export interface HtmlDiagram {
  /** The anchor of the figure; sanitised to `[A-Za-z0-9_-]` and made unique in the page. */
  readonly id: string;
  /** Plain text; escaped here. */
  readonly title: string;
  /** Mermaid source, as the builders of `src/report/mermaid` write it; escaped here. */
  readonly mermaid: string;
}

/** What {@link renderHtmlPage} renders. */
export interface HtmlPageInput {
  /** Plain text; escaped here. */
  readonly title: string;
  readonly sections: readonly HtmlSection[];
  readonly diagrams: readonly HtmlDiagram[];
}

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escapes text for HTML element content and quoted attribute values: `& < > " '`. This is a
 * pure function.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character]!);
}

/**
 * Makes JavaScript source safe to place inside a `<script>` element: `</script` would end the
 * element, and `<!--` or `<script` could switch the HTML parser into its "script data escaped"
 * states. `\x3C` means `<` in strings, template literals and regular expressions (with or
 * without the `u` flag), which is where minified code can contain these sequences. This is a
 * pure function.
 */
export function escapeInlineScript(source: string): string {
  return source.replace(/<(?=!--|\/?script)/gi, '\\x3C');
}

/** The Mermaid browser bundle, read once, on first use: importing this module stays cheap. */
let mermaidBundle: string | undefined;

function loadMermaidBundle(): string {
  if (mermaidBundle === undefined) {
    const file = createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js');
    const source = readFileSync(file, 'utf8')
      // A source map comment would make developer tools request a file next to the report.
      .replace(/^\/\/# sourceMappingURL=.*$/gm, '')
      // The HTML parser turns CR LF into LF before the script is hashed for the CSP.
      .replace(/\r\n?/g, '\n');
    mermaidBundle = escapeInlineScript(source);
  }
  return mermaidBundle;
}

/**
 * Mermaid's configuration in the report. `strict` makes Mermaid sanitise labels and ignore
 * `click` callbacks; deterministic ids keep two diagrams rendered in the same millisecond from
 * sharing an element id; error rendering is left to the page so the message is plain text.
 */
const MERMAID_CONFIG = {
  startOnLoad: false,
  securityLevel: 'strict',
  theme: 'default',
  deterministicIds: true,
  suppressErrorRendering: true,
  maxTextSize: 500_000,
  maxEdges: 2_000,
} as const;

/**
 * The page script: render every `pre.mermaid`, show a plain-text error in each figure that
 * failed, and set `data-rendered` on `<body>` (`ok` or `error`) when done so that tests and
 * printing scripts can wait for it.
 */
const RENDER_SCRIPT = `(function () {
  'use strict';
  var body = document.body;
  var status = document.getElementById('render-status');
  function finish(failed, total) {
    body.setAttribute('data-failed', String(failed));
    body.setAttribute('data-rendered', failed === 0 ? 'ok' : 'error');
    if (status) status.textContent = failed === 0
      ? (total === 0 ? '' : 'All ' + total + ' diagrams rendered.')
      : failed + ' of ' + total + ' diagrams could not be rendered; their Mermaid source is shown instead.';
  }
  function showError(node, message) {
    var figure = node.closest('figure') || node.parentNode;
    var note = document.createElement('p');
    note.className = 'diagram-error';
    note.setAttribute('role', 'alert');
    note.textContent = 'This diagram could not be rendered: ' + message;
    figure.insertBefore(note, node);
  }
  var nodes = Array.prototype.slice.call(document.querySelectorAll('pre.mermaid'));
  var sources = nodes.map(function (node) { return node.textContent; });
  if (typeof mermaid === 'undefined') {
    nodes.forEach(function (node) { showError(node, 'the Mermaid library did not load.'); });
    finish(nodes.length, nodes.length);
    return;
  }
  mermaid.initialize(${JSON.stringify(MERMAID_CONFIG)});
  mermaid.run({ querySelector: 'pre.mermaid', suppressErrors: true })
    .then(function () {
      var failed = nodes.filter(function (node) { return !node.querySelector('svg'); });
      return Promise.all(failed.map(function (node) {
        return mermaid.parse(sources[nodes.indexOf(node)]).then(
          function () { return 'the diagram was parsed but could not be drawn.'; },
          function (error) { return String(error && error.message ? error.message : error); }
        ).then(function (message) { showError(node, message); });
      })).then(function () { finish(failed.length, nodes.length); });
    })
    .catch(function (error) {
      if (status) status.textContent = 'Rendering failed: ' + String(error && error.message ? error.message : error);
      finish(nodes.length, nodes.length);
    });
})();
`;

const STYLES = `
:root { color-scheme: light; --ink: #1b1b1b; --muted: #5a5a5a; --rule: #d0d0d0; --accent: #1f5fbf; --bad: #b3261e; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: #fff; }
header { padding: 1.5rem 2rem 1rem; border-bottom: 1px solid var(--rule); }
header h1 { margin: 0; font-size: 1.6rem; }
.render-status { margin: .25rem 0 0; color: var(--muted); font-size: .9rem; }
.layout { display: flex; align-items: flex-start; }
nav { position: sticky; top: 0; flex: 0 0 15rem; max-height: 100vh; overflow: auto; padding: 1rem 1rem 2rem 2rem; font-size: .9rem; }
nav ul { list-style: none; margin: 0; padding: 0; }
nav li { margin: .2rem 0; }
nav .group { margin-top: .8rem; font-weight: 600; color: var(--muted); }
nav a { color: var(--accent); text-decoration: none; }
nav a:hover, nav a:focus { text-decoration: underline; }
main { flex: 1 1 auto; min-width: 0; padding: 1rem 2rem 3rem; }
section { margin-bottom: 2rem; }
h2 { font-size: 1.3rem; border-bottom: 1px solid var(--rule); padding-bottom: .2rem; }
table { border-collapse: collapse; margin: .5rem 0; }
th, td { border: 1px solid var(--rule); padding: .25rem .5rem; text-align: left; vertical-align: top; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .85rem; }
figure.diagram { margin: 1.5rem 0; padding: 1rem; border: 1px solid var(--rule); border-radius: 6px; overflow-x: auto; }
figure.diagram figcaption { font-weight: 600; margin-bottom: .5rem; }
pre.mermaid { margin: 0; white-space: pre; background: transparent; }
pre.mermaid svg { max-width: 100%; height: auto; }
.diagram-error { color: var(--bad); font-weight: 600; white-space: pre-wrap; }
body:not([data-rendered]) pre.mermaid { color: var(--muted); }
@media (max-width: 50rem) { .layout { display: block; } nav { position: static; max-height: none; padding: 1rem 2rem 0; } }
@media print {
  @page { margin: 1.5cm; }
  nav, .render-status { display: none !important; }
  .layout { display: block; }
  body, main, figure.diagram { color: #000 !important; background: #fff !important; }
  main { padding: 0; }
  a { color: #000; text-decoration: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  figure.diagram { break-inside: avoid; page-break-inside: avoid; border-color: #000; overflow: visible; }
  pre.mermaid svg { max-width: 100% !important; max-height: 24cm; }
  table, tr { break-inside: avoid; page-break-inside: avoid; }
}
`;

/** `[A-Za-z0-9_-]` anchors, unique within the page. */
class Anchors {
  private readonly used = new Set<string>();

  take(id: string): string {
    const base = id.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'item';
    let candidate = base;
    for (let counter = 2; this.used.has(candidate); counter++) candidate = `${base}-${counter}`;
    this.used.add(candidate);
    return candidate;
  }
}

function sha256Base64(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64');
}

/**
 * Renders a complete, self-contained HTML report: inline CSS, the Mermaid browser bundle
 * inlined (read from `node_modules` on first call), and a Content-Security-Policy that forbids
 * every network request and every script except the page's own two inline scripts (allowed by
 * their SHA-256 hashes, which is stricter than `'unsafe-inline'`: an injected script would not
 * run). Each diagram's source is HTML-escaped into a `<pre class="mermaid">`; Mermaid reads
 * its text content, so the escaping is transparent to it. Mermaid runs with
 * `securityLevel: 'strict'`. When rendering ends `<body>` gets `data-rendered="ok"` (or
 * `"error"`, with a plain-text message in each failed figure). A print stylesheet hides the
 * navigation, prints black on white and keeps each diagram on one page.
 *
 * Section `html` is inserted as given; headings, titles, ids and diagram text are escaped.
 */
export function renderHtmlPage(input: HtmlPageInput): string {
  const anchors = new Anchors();
  const hasDiagrams = input.diagrams.length > 0;
  // A page without diagrams needs no script at all, so it does not carry the bundle either.
  const bundle = hasDiagrams ? loadMermaidBundle() : '';
  const scriptSources = hasDiagrams
    ? [bundle, RENDER_SCRIPT].map((script) => `'sha256-${sha256Base64(script)}'`).join(' ')
    : "'none'";
  const csp = [
    "default-src 'none'",
    `script-src ${scriptSources}`,
    "style-src 'unsafe-inline'",
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');

  const sections = input.sections.map((section) => ({ ...section, anchor: anchors.take(section.id) }));
  const diagramsAnchor = hasDiagrams ? anchors.take('diagrams') : '';
  const diagrams = input.diagrams.map((diagram) => ({ ...diagram, anchor: anchors.take(diagram.id) }));

  const nav: string[] = [];
  for (const section of sections)
    nav.push(`<li><a href="#${section.anchor}">${escapeHtml(section.heading)}</a></li>`);
  if (hasDiagrams) {
    nav.push(`<li class="group"><a href="#${diagramsAnchor}">Diagrams</a></li>`);
    for (const diagram of diagrams)
      nav.push(`<li><a href="#${diagram.anchor}">${escapeHtml(diagram.title)}</a></li>`);
  }

  const body: string[] = [];
  for (const section of sections) {
    body.push(
      `<section id="${section.anchor}">\n<h2>${escapeHtml(section.heading)}</h2>\n${section.html}\n</section>`,
    );
  }
  if (hasDiagrams) {
    body.push(`<section id="${diagramsAnchor}">\n<h2>Diagrams</h2>`);
    for (const diagram of diagrams) {
      body.push(
        `<figure class="diagram" id="${diagram.anchor}">\n` +
          `<figcaption>${escapeHtml(diagram.title)}</figcaption>\n` +
          `<pre class="mermaid">${escapeHtml(diagram.mermaid)}</pre>\n</figure>`,
      );
    }
    body.push('</section>');
  }

  const scripts = hasDiagrams ? `<script>${bundle}</script>\n<script>${RENDER_SCRIPT}</script>` : '';
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(input.title)}</title>`,
    `<style>${STYLES}</style>`,
    '</head>',
    `<body${hasDiagrams ? '' : ' data-rendered="ok" data-failed="0"'}>`,
    '<header>',
    `<h1>${escapeHtml(input.title)}</h1>`,
    `<p class="render-status" id="render-status" role="status">${hasDiagrams ? 'Rendering diagrams…' : ''}</p>`,
    '</header>',
    '<div class="layout">',
    `<nav aria-label="Contents"><ul>\n${nav.join('\n')}\n</ul></nav>`,
    `<main>\n${body.join('\n')}\n</main>`,
    '</div>',
    scripts,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
