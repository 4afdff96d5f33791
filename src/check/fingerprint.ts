import { createHash } from 'node:crypto';
import type { Finding } from '../rules/types.js';

/**
 * The logical identity of a finding, independent of where it sits in the file: the rule, the
 * file's name, the scenario and the message. The message names the step's action and its
 * parameters (or the server, database or computer judged), so the identity survives comment
 * lines, reformatting and steps inserted above the finding, and changes when what is judged
 * changes.
 */
function logicalKey(finding: Finding): string {
  const file = finding.location.file.replaceAll('\\', '/').split('/').pop() ?? '';
  return JSON.stringify([finding.ruleId, file.toLowerCase(), finding.scenario ?? '', finding.message]);
}

/**
 * Fingerprints that stay the same when lines above a finding move, one per finding and in
 * the same order. Findings with the same logical identity (the same rule reporting the same
 * message twice in one scenario) are told apart by their order of occurrence, so every
 * fingerprint of one run is distinct. This is a pure function; SARIF's `partialFingerprints`
 * and the `check --baseline` file both use it, so they agree.
 */
export function findingFingerprints(findings: readonly Finding[]): string[] {
  const seen = new Map<string, number>();
  return findings.map((finding) => {
    const key = logicalKey(finding);
    const occurrence = (seen.get(key) ?? 0) + 1;
    seen.set(key, occurrence);
    return createHash('sha256').update(`${key}#${occurrence}`).digest('hex').slice(0, 32);
  });
}
