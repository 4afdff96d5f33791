/**
 * The terminal score (`renderReadiness`) of an estate with more disruptions than a call takes
 * arguments: the 846,690 rows of 1,300 computers with pairs once stopped it with "Maximum call
 * stack size exceeded" (a width computed by spreading every id into `Math.max`).
 */
import { describe, expect, it } from 'vitest';
import { colors } from '../../../src/cli/io.js';
import { printable } from '../../../src/common/printable.js';
import { loadEnvironmentFile } from '../../../src/environment/load.js';
import { backupSinglePoints } from '../../../src/report/readiness/single-points.js';
import { renderReadiness } from '../../../src/report/readiness/terminal.js';
import { scoreReadiness } from '../../../src/score/index.js';
import { HA } from './fixtures.js';

describe('renderReadiness', () => {
  it('lists every row of 300,000, aligned to the longest id', async () => {
    const loaded = await loadEnvironmentFile(HA.environment);
    if (!loaded.ok) throw new Error(HA.environment);
    const scored = scoreReadiness(loaded.value, { asOfMillis: Date.UTC(2026, 10, 24), version: 'test' });
    const template = scored.disruptions[0]!;
    const rows = Array.from({ length: 300_000 }, (_, index) => ({ ...template, id: `computer:ROW${index}` }));
    rows[123_456] = { ...template, id: `computer:${'L'.repeat(40)}` };
    const readiness = { ...scored, disruptions: rows };
    const text = renderReadiness(readiness, colors(false), printable, backupSinglePoints(readiness));
    const lines = text.split('\n');
    const listed = lines.filter((line) => line.startsWith('computer:'));
    expect(listed).toHaveLength(300_000);
    // Every row's next column starts after the longest id and two spaces.
    const column = 'computer:'.length + 40 + 2;
    expect(listed.every((line) => line[column - 1] === ' ' && line[column] !== ' ')).toBe(true);
  }, 120_000);
});
