import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';

describe('scenarios/four-computer-ha/evidence', () => {
  it('is exactly the output of test/evidence/generate-fixtures.mjs', () => {
    // The generator writes beside itself (../../scenarios/…): run a copy in a scratch tree.
    const root = mkdtempSync(join(tmpdir(), 'scsm-dr-fixtures-'));
    cpSync(
      join(REPO_ROOT, 'test/evidence/generate-fixtures.mjs'),
      join(root, 'test/evidence/generate-fixtures.mjs'),
    );
    execFileSync(process.execPath, [join(root, 'test/evidence/generate-fixtures.mjs')]);
    const committed = join(REPO_ROOT, 'scenarios/four-computer-ha/evidence');
    const generated = join(root, 'scenarios/four-computer-ha/evidence');
    expect(readdirSync(generated).sort()).toEqual(readdirSync(committed).sort());
    for (const name of readdirSync(committed))
      expect(readFileSync(join(generated, name)).equals(readFileSync(join(committed, name))), name).toBe(
        true,
      );
  });
});
