import type { EvidenceSummary } from '../evidence/interpret.js';
import { inputFailure } from './common.js';

/*
 * Loading `--from` / `--evidence` files, apart from `inputs.ts` so that commands without
 * evidence never load the CSV parser.
 */

/**
 * Loads and interprets the evidence files, or throws a {@link UserError} with every located
 * error of every file (exit 2).
 */
export async function requireEvidence(files: readonly string[]): Promise<EvidenceSummary> {
  const [{ loadEvidenceFile }, { interpretEvidence }] = await Promise.all([
    import('../evidence/load.js'),
    import('../evidence/interpret.js'),
  ]);
  const results = await Promise.all(files.map((file) => loadEvidenceFile(file)));
  const errors = results.flatMap((result) => (result.ok ? [] : result.errors));
  if (errors.length > 0) throw inputFailure(files.join(', '), errors);
  return interpretEvidence(results.flatMap((result) => (result.ok ? [result.value] : [])));
}
