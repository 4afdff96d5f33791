import type { CheckResult } from '../../check/types.js';
import type { Finding, Severity } from '../../rules/types.js';
import { hostPath, type ReportPaths } from './paths.js';
import { region } from './sarif.js';
import { plural, printable, SEVERITIES } from './shared.js';
import type { ReporterOptions } from './types.js';

/**
 * How many annotations of each kind GitHub shows for one step (the actions toolkit documents
 * 10 errors, 10 warnings and 10 notices); the runner drops the rest without a word.
 */
export const ANNOTATIONS_PER_KIND = 10;

/** The workflow command of each severity: notes become notices. */
const COMMAND: Readonly<Record<Severity, 'error' | 'warning' | 'notice'>> = {
  error: 'error',
  warning: 'warning',
  note: 'notice',
};

/**
 * Escapes the data (message) of a workflow command as the runner decodes it: `%`, CR and LF
 * become `%25`, `%0D` and `%0A`, so no text can end the command line and start another.
 */
export function escapeGithubData(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

/**
 * Escapes a property value of a workflow command: as data, and also `:` and `,`, which end a
 * property list and separate properties.
 */
export function escapeGithubProperty(text: string): string {
  return escapeGithubData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

/**
 * The GitHub Actions reporter (`--format github`): one workflow command per finding
 * (`::error file=…,line=…,col=…,endLine=…,endColumn=…,title=<rule id>::message`; warnings as
 * `::warning`, notes as `::notice`), which the runner turns into annotations on the files.
 *
 * GitHub shows at most {@link ANNOTATIONS_PER_KIND} annotations of each kind per step, so the
 * findings are written most severe first (in location order within a severity); those beyond
 * the limit are written as plain log lines, and a closing line counts them. Every line that is
 * not a command starts with a fixed word, so no file name can turn it into one (the runner
 * ignores leading blanks when it looks for `::`).
 *
 * Untrusted text is made printable first (no terminal escape reaches the log) and then escaped
 * as the runner requires. This is a pure function.
 */
export function githubReporter(result: CheckResult, options: ReporterOptions): string {
  const ranked = SEVERITIES.flatMap((severity) =>
    result.findings.filter((finding) => finding.severity === severity),
  );
  const annotated: Record<Severity, number> = { error: 0, warning: 0, note: 0 };
  const omitted: Record<Severity, number> = { error: 0, warning: 0, note: 0 };
  const lines: string[] = [];
  for (const finding of ranked) {
    if (annotated[finding.severity] < ANNOTATIONS_PER_KIND) {
      annotated[finding.severity]++;
      lines.push(githubCommand(finding, options.paths));
    } else {
      omitted[finding.severity]++;
      lines.push(plainLine(finding, options.paths));
    }
  }
  lines.push(closingLine(result.findings.length, omitted));
  return `${lines.join('\n')}\n`;
}

/** One workflow command for a finding. */
export function githubCommand(finding: Finding, paths: ReportPaths | undefined): string {
  const where = region(finding.location);
  const properties: [string, string | number | undefined][] = [
    ['file', hostPath(finding.location.file, paths)],
    ['line', where.startLine],
    ['col', where.startColumn],
    ['endLine', where.endLine],
    ['endColumn', where.endColumn],
    ['title', printable(finding.ruleId)],
  ];
  const list = properties
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => `${name}=${escapeGithubProperty(String(value))}`)
    .join(',');
  return `::${COMMAND[finding.severity]} ${list}::${escapeGithubData(printable(finding.message))}`;
}

/** A finding beyond the annotation limit, as a log line that cannot be a command. */
function plainLine(finding: Finding, paths: ReportPaths | undefined): string {
  const { line, column } = finding.location;
  const file = printable(hostPath(finding.location.file, paths));
  return `${finding.severity} ${file}:${line}:${column} ${printable(finding.ruleId)}: ${printable(finding.message)}`;
}

function closingLine(total: number, omitted: Readonly<Record<Severity, number>>): string {
  const missing = SEVERITIES.filter((severity) => omitted[severity] > 0);
  const count = missing.reduce((sum, severity) => sum + omitted[severity], 0);
  if (count === 0) return `scsm-dr: ${plural(total, 'finding')}, all annotated`;
  const parts = missing.map((severity) => plural(omitted[severity], severity));
  return (
    `scsm-dr: ${plural(total, 'finding')}, ${count} not annotated (${parts.join(', ')}): ` +
    `GitHub shows at most ${ANNOTATIONS_PER_KIND} errors, ${ANNOTATIONS_PER_KIND} warnings and ` +
    `${ANNOTATIONS_PER_KIND} notices per step; they are listed above and in the other reports`
  );
}
