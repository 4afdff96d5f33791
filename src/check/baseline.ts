import { z } from 'zod';
import type { LoadResult } from '../common/errors.js';
import { schemaIssuesToErrors } from '../common/schema-errors.js';
import { parseSource, readSourceFile } from '../common/source.js';
import type { Finding } from '../rules/types.js';
import { findingFingerprints } from './fingerprint.js';

/** The version of the baseline file's shape. */
export const BASELINE_VERSION = 1;

const baselineSchema = z.strictObject({
  version: z.literal(BASELINE_VERSION),
  findings: z.array(
    z.strictObject({
      fingerprint: z.string().regex(/^[0-9a-f]{32}$/, { error: 'a fingerprint is 32 hexadecimal digits' }),
      ruleId: z.string(),
      message: z.string(),
    }),
  ),
});

/** A `check --baseline` file: the findings accepted on the day it was written, by fingerprint. */
export type Baseline = z.infer<typeof baselineSchema>;

/**
 * The baseline of a run: every finding that is not waived (waived ones are accepted already;
 * those the previous baseline matched are kept), by the
 * line-independent fingerprint SARIF uses too, with its rule and message for people reading
 * the file. This is a pure function.
 */
export function baselineOf(findings: readonly Finding[]): Baseline {
  const fingerprints = findingFingerprints(findings);
  return {
    version: BASELINE_VERSION,
    findings: findings.flatMap((finding, index) =>
      finding.suppression === undefined || finding.suppression.kind === 'baseline'
        ? [{ fingerprint: fingerprints[index]!, ruleId: finding.ruleId, message: finding.message }]
        : [],
    ),
  };
}

/** Reads and validates a baseline file; every problem is a located input error. */
export async function loadBaselineFile(file: string): Promise<LoadResult<Baseline>> {
  const text = await readSourceFile(file);
  if (!text.ok) return text;
  const parsed = parseSource(text.value, file);
  if (!parsed.ok) return parsed;
  const result = baselineSchema.safeParse(parsed.value.value);
  if (!result.success)
    return { ok: false, errors: schemaIssuesToErrors(result.error.issues, parsed.value, baselineSchema) };
  return { ok: true, value: result.data };
}

/**
 * Compares findings with a baseline: a finding whose fingerprint the baseline holds is marked
 * suppressed (`baseline`), the others are new; baseline entries no finding matches are fixed.
 * This is a pure function.
 */
export function applyBaseline(
  findings: readonly Finding[],
  baseline: Baseline,
  file: string,
): { readonly findings: Finding[]; readonly fixed: Baseline['findings'] } {
  const fingerprints = findingFingerprints(findings);
  const known = new Map(baseline.findings.map((entry) => [entry.fingerprint, entry]));
  const matched = new Set<string>();
  const out = findings.map((finding, index) => {
    const fingerprint = fingerprints[index]!;
    if (finding.suppression !== undefined || !known.has(fingerprint)) return finding;
    matched.add(fingerprint);
    return {
      ...finding,
      suppression: { kind: 'baseline' as const, justification: `in the baseline ${file}` },
    };
  });
  return { findings: out, fixed: baseline.findings.filter((entry) => !matched.has(entry.fingerprint)) };
}
