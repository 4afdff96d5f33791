/**
 * Real Mermaid parsing in Node for tests. Mermaid needs a DOM even to parse (DOMPurify is set
 * up when the module loads), so jsdom's window and document become globals BEFORE Mermaid is
 * imported, and Mermaid is imported dynamically, once, on first use.
 */
import { JSDOM } from 'jsdom';

/** The part of Mermaid's API the tests use. */
interface MermaidApi {
  initialize(config: { startOnLoad: boolean; securityLevel: 'strict'; maxTextSize?: number }): void;
  parse(text: string): Promise<unknown>;
}

let loading: Promise<MermaidApi> | undefined;

function installDomGlobals(): void {
  const dom = new JSDOM('<!doctype html><html><body></body></html>', { pretendToBeVisual: true });
  const globals = globalThis as Record<string, unknown>;
  const window = dom.window as unknown as Record<string, unknown>;
  globals.window ??= dom.window;
  // Only what is missing: later Node versions define some of these, some read-only.
  for (const name of ['document', 'DOMParser', 'Element', 'HTMLElement', 'SVGElement', 'Node']) {
    if (globals[name] === undefined) globals[name] = window[name];
  }
}

async function load(): Promise<MermaidApi> {
  installDomGlobals();
  const module = await import('mermaid');
  const mermaid = module.default as unknown as MermaidApi;
  // The same configuration the HTML report uses.
  mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', maxTextSize: 500_000 });
  return mermaid;
}

/** Mermaid, loaded once per test process with DOM globals in place. */
export function loadMermaid(): Promise<MermaidApi> {
  loading ??= load();
  return loading;
}

/**
 * Parses Mermaid text with the real Mermaid parser; rejects with Mermaid's own error message
 * (plus the text, numbered, to find the line) when the text is not a valid diagram.
 */
export async function parseMermaid(text: string): Promise<void> {
  const mermaid = await loadMermaid();
  try {
    await mermaid.parse(text);
  } catch (error) {
    const numbered = text
      .split('\n')
      .map((line, index) => `${String(index + 1).padStart(4)} | ${line}`)
      .join('\n');
    throw new Error(
      `Mermaid refused the diagram: ${error instanceof Error ? error.message : String(error)}\n${numbered}`,
    );
  }
}
