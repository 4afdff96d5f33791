/**
 * The machine diagrams are generated from the machines and parse with the real mermaid.
 */
import { describe, expect, it } from 'vitest';
import { compiledMachine } from '../../src/models/compile.js';
import { escapeLabel, machineDiagrams } from '../../src/models/diagram.js';

async function loadMermaid() {
  // mermaid needs a DOM (DOMPurify) in Node: jsdom globals first, then the dynamic import.
  const { JSDOM } = await import('jsdom');
  const dom = new JSDOM('');
  const globals = globalThis as unknown as Record<string, unknown>;
  globals.window = dom.window;
  globals.document = dom.window.document;
  globals.DOMParser = dom.window.DOMParser;
  globals.Element = dom.window.Element;
  globals.HTMLElement = dom.window.HTMLElement;
  const mermaid = (await import('mermaid')).default;
  mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
  return mermaid;
}

describe('machine diagrams', () => {
  const diagrams = machineDiagrams();

  it('has one diagram per machine, naming every state and citing every broken state’s rule', () => {
    expect(diagrams.map((d) => d.name)).toEqual([
      'computer',
      'managementServer',
      'dataWarehouseServer',
      'sqlInstance',
      'database',
      'backup',
      'serviceManagerGroup',
      'dataWarehouseGroup',
    ]);
    for (const { name, mermaid } of diagrams) {
      expect(mermaid.startsWith('stateDiagram-v2\n')).toBe(true);
      for (const leaf of compiledMachine(name).leaves) {
        expect(mermaid, `${name} ${leaf}`).toContain(` as s_${leaf.replace(/\./g, '_')}`);
      }
      // Ids are sanitised, labels escaped: no raw colon or quote inside a label.
      for (const line of mermaid.split('\n')) {
        const label = /^\s*state "(.*)" as ([A-Za-z0-9_]+)$/.exec(line);
        if (label) expect(label[1]!.replace(/#\d+;/g, '')).not.toMatch(/["{}:;#]/);
      }
    }
    const ms = diagrams.find((d) => d.name === 'managementServer')!.mermaid;
    expect(ms).toContain(
      's_provisioned --> s_broken_setupBeforeKeyRestore : install-management-server #91;roleWorkflow#93; #33; key-restored-before-setup (D-MSDR)',
    );
    // Root transitions (lose) are drawn from every top-level state that does not override them.
    expect(ms).toContain('s_operational --> s_lost : lose');
    expect(ms).not.toContain('s_broken --> s_lost');
  });

  it('escapes labels', () => {
    expect(escapeLabel('a: "b" {c}; d#e')).toBe('a#58; #34;b#34; #123;c#125;#59; d#35;e');
  });

  it('parses with mermaid', async () => {
    const mermaid = await loadMermaid();
    for (const { name, mermaid: text } of diagrams) {
      await expect(mermaid.parse(text), name).resolves.toBeTruthy();
    }
    // The check can fail: an unescaped label breaks the parser.
    await expect(mermaid.parse('stateDiagram-v2\n  a --> b : x\n  state "q" as {')).rejects.toThrow();
  });
});
