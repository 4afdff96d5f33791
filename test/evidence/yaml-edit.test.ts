import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { applyYamlEdits } from '../../src/evidence/yaml-edit.js';

const SCENARIO = readFileSync(
  new URL('../../scenarios/four-computer-ha/environment.yaml', import.meta.url),
  'utf8',
);

describe('applyYamlEdits', () => {
  it('is needed: String(doc) of the bundled file rewrites lines nobody edited', () => {
    const doc = parseDocument(SCENARIO);
    doc.setIn(['databases', 0, 'backup', 'full', 'last'], '2026-11-23T22:41:00Z');
    const rewritten = String(doc).split('\n');
    const original = SCENARIO.split('\n');
    // The comment after `rto: 12h` loses its alignment although only full.last was set.
    expect(rewritten.find((line) => line.startsWith('  rto:'))).not.toBe(
      original.find((line) => line.startsWith('  rto:')),
    );
  });

  it('replaces a value in a flow mapping and keeps every other byte', () => {
    const out = applyYamlEdits(SCENARIO, [
      { path: ['databases', 3, 'backup', 'full', 'last'], value: '2026-11-22T02:04:31Z' },
    ]);
    expect(out).toBe(
      SCENARIO.replace(
        'last: 2026-11-22T02:00:00Z }     # Sunday night',
        'last: 2026-11-22T02:04:31Z }     # Sunday night',
      ),
    );
  });

  it('adds a missing key to a flow mapping, and a missing mapping to a block mapping, at its indentation', () => {
    const text =
      'databases:\n  - name: A\n    backup:\n      full: { every: 24h }   # nightly\n      offHost: true\n  - name: B\n';
    const out = applyYamlEdits(text, [
      { path: ['databases', 0, 'backup', 'full', 'last'], value: '2026-11-23T22:00:00Z' },
      { path: ['databases', 0, 'backup', 'log', 'every'], value: '15m' },
    ]);
    expect(out).toBe(
      'databases:\n  - name: A\n    backup:\n      full: { every: 24h, last: 2026-11-23T22:00:00Z }   # nightly\n      offHost: true\n      log: { every: 15m }\n  - name: B\n',
    );
  });

  it('keeps the quoting style of a replaced value', () => {
    expect(applyYamlEdits("a: 'x' # c\n", [{ path: ['a'], value: "it's" }])).toBe("a: 'it''s' # c\n");
  });
});
