/**
 * Validating SARIF files with Microsoft's SARIF Multitool (the npm `sarif-multitool` package),
 * GitHub code scanning's ingestion rules included, and collecting its findings by file.
 */
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/** The Multitool's npm wrapper. */
export const MULTITOOL = fileURLToPath(new URL('../../node_modules/.bin/sarif-multitool', import.meta.url));

/** One finding of the Multitool about a validated file. */
export interface ValidatorResult {
  readonly ruleId?: string;
  readonly level?: string;
  readonly message?: { readonly id?: string; readonly text?: string; readonly arguments?: readonly string[] };
  readonly locations?: readonly { physicalLocation?: { artifactLocation?: { uri?: string } } }[];
}

/**
 * The Multitool's configuration: the SDK's GitHub policy raises the rules GitHub code scanning
 * enforces to errors, and the reachability rule SARIF2006 is disabled because it fetches every
 * help URI over the network, which a test must not do (and which takes seconds offline).
 */
export const POLICY = `<?xml version="1.0" encoding="utf-8"?>
<Properties>
${[
  ['SARIF2006.UrisShouldBeReachable', 'Disabled'],
  ['SARIF2007.ExpressPathsRelativeToRepoRoot', 'Error'],
  ['GH1001.ProvideRequiredLocationProperties', 'Error'],
  ['GH1002.InlineThreadFlowLocations', 'Error'],
  ['GH1003.ProvideRequiredRegionProperties', 'Error'],
  ['GH1004.ReviewArraysThatExceedConfigurableDefaults', 'Error'],
  ['GH1005.LocationsMustBeRelativeUrisOrFilePaths', 'Error'],
  ['GH1006.ProvideCheckoutPath', 'Error'],
]
  .map(
    ([rule, level]) =>
      `  <Properties Key="${rule}.Options"><Property Key="RuleEnabled" Value="${level}" /></Properties>`,
  )
  .join('\n')}
</Properties>
`;

/**
 * The Multitool silently skips a file it cannot deserialize (for example an unknown enum
 * value): no result, "Analysis completed successfully". So each file is also validated as a
 * canary copy with one property the schema forbids; a report about the canary proves the
 * Multitool really read that file, and so that its silence about the original means "valid".
 */
export function canary(text: string): string {
  const parsed = JSON.parse(text) as { runs: Record<string, unknown>[] };
  parsed.runs[0]!.canaryProperty = true;
  return JSON.stringify(parsed, null, 2);
}

/**
 * Writes each `[fileName, sarifText]` of `files` into `directory` together with its canary
 * copy `canary-<fileName>`, validates them all in one run of the Multitool under {@link POLICY}
 * (killed after `timeoutMs`), and returns the Multitool's findings by file name.
 */
export async function validateSarifFiles(
  directory: string,
  files: readonly (readonly [fileName: string, text: string])[],
  timeoutMs: number,
): Promise<Map<string, ValidatorResult[]>> {
  const paths: string[] = [];
  for (const [name, text] of files) {
    await writeFile(join(directory, name), text);
    await writeFile(join(directory, `canary-${name}`), canary(text));
    paths.push(join(directory, name), join(directory, `canary-${name}`));
  }
  const policy = join(directory, 'policy.xml');
  await writeFile(policy, POLICY);
  const out = join(directory, 'validation.sarif');
  // `--rule-kind Sarif Gh` adds GitHub's own ingestion rules (GH*) to the SARIF rules. The
  // values are separate arguments: the npm wrapper runs the tool through a shell, so a
  // quoted "Sarif;Gh" would be split at the semicolon.
  const args = ['validate', ...paths, '-o', out, '--config', policy, '--rule-kind', 'Sarif', 'Gh'];
  await promisify(execFile)(MULTITOOL, args, { timeout: timeoutMs });
  const validation = JSON.parse(await readFile(out, 'utf8')) as { runs: { results?: ValidatorResult[] }[] };
  const verdicts = new Map<string, ValidatorResult[]>();
  for (const result of validation.runs[0]?.results ?? []) {
    const uri = result.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? '';
    const name = basename(decodeURIComponent(uri));
    verdicts.set(name, [...(verdicts.get(name) ?? []), result]);
  }
  return verdicts;
}
