import type { CheckResult, ScenarioResult } from '../../check/types.js';
import { formatDuration } from '../../common/duration.js';
import { exitCode } from '../../common/exit-code.js';
import { formatLocation } from '../../common/location.js';
import { maxOf } from '../../common/numbers.js';
import { getRule } from '../../rules/catalog.js';
import type { Finding, Severity } from '../../rules/types.js';
import { type Colors, PLAIN } from '../colors.js';
import {
  type FindingGroup,
  formatCounts,
  groupByScenario,
  hasTrace,
  leftOutText,
  plural,
  printable,
  stepNumber,
  traceStepText,
} from './shared.js';
import type { ReporterOptions } from './types.js';

/**
 * The terminal reporter (the default `--format text`), shaped like ESLint's "stylish": a
 * heading per scenario, one aligned line per finding (`file:line:column  severity  message
 * rule-id`), the numbered trace under each violation found by executing steps, the scenario's
 * verdict, and a one-line summary at the end.
 *
 * Colour only with the palette the caller passes (`options.colors`, for a terminal); untrusted text goes through `printable`, so a message
 * cannot smuggle escape sequences into the terminal even when colour is off.
 *
 * This is a pure function.
 */
export function textReporter(result: CheckResult, options: ReporterOptions): string {
  const c = options.colors ?? PLAIN;
  const blocks = groupByScenario(result)
    .filter((group) => group.scenario !== undefined || group.findings.length > 0)
    .map((group) => renderGroup(group, c, options.explain === true));
  return `${[...blocks, summaryLine(result, options, c)].join('\n\n')}\n`;
}

function renderGroup(group: FindingGroup, c: Colors, explain: boolean): string {
  const lines = [heading(group, c)];
  // Columns are padded on the plain text, then coloured, so escape codes never skew alignment.
  const locations = group.findings.map((finding) => printable(formatLocation(finding.location)));
  const locationWidth = maxOf(
    locations.map((location) => location.length),
    0,
  );
  const severityWidth = maxOf(
    group.findings.map((finding) => finding.severity.length),
    0,
  );
  group.findings.forEach((finding, i) => {
    const location = (locations[i] ?? '').padEnd(locationWidth);
    if (finding.suppression !== undefined) {
      // A waived finding is listed, dimmed, with why it does not count.
      const why =
        finding.suppression.kind === 'baseline'
          ? `(${printable(finding.suppression.justification)})`
          : `(waived: ${printable(finding.suppression.justification)})`;
      lines.push(
        c.dim(
          `  ${location}  ${finding.severity.padEnd(severityWidth)}  ${printable(finding.message)}  ${printable(finding.ruleId)}  ${why}`,
        ),
      );
      return;
    }
    const severity = paintSeverity(finding.severity, finding.severity.padEnd(severityWidth), c);
    lines.push(
      `  ${c.dim(location)}  ${severity}  ${printable(finding.message)}  ${c.dim(printable(finding.ruleId))}`,
    );
    lines.push(...traceLines(finding, c));
    if (explain) lines.push(...explanationLines(finding, c));
  });
  if (group.scenario) lines.push(`  ${verdict(group.scenario, c)}`);
  return lines.join('\n');
}

/**
 * `--explain`: the rule's remediation under the finding, wrapped, and where its whole page is.
 * Catalog text is trusted less than it could be, and goes through `printable` like the rest.
 */
function explanationLines(finding: Finding, c: Colors): string[] {
  const rule = getRule(finding.ruleId);
  if (rule === undefined) return [];
  const indent = '      ';
  const lines: string[] = [];
  let line = `${c.bold('fix:')}`;
  let length = 'fix:'.length;
  for (const word of printable(rule.remediation).split(/ +/)) {
    if (length + 1 + word.length > EXPLAIN_WIDTH - indent.length) {
      lines.push(`${indent}${line}`);
      line = `     ${word}`;
      length = 5 + word.length;
    } else {
      line = `${line} ${word}`;
      length += 1 + word.length;
    }
  }
  lines.push(`${indent}${line}`);
  lines.push(`${indent}${c.dim(`more: scsm-dr rules ${printable(rule.id)}`)}`);
  return lines;
}

/** The column `--explain` wraps remediation text at. */
const EXPLAIN_WIDTH = 100;

function heading(group: FindingGroup, c: Colors): string {
  if (group.id === undefined) return c.bold(c.underline('not specific to a scenario'));
  const title = group.scenario?.title;
  const name = c.bold(c.underline(printable(group.id)));
  return title ? `${name}  ${printable(title)}` : name;
}

function traceLines(finding: Finding, c: Colors): string[] {
  if (!hasTrace(finding)) return [];
  const leftOut = leftOutText(finding.trace);
  const lines = finding.trace.map((step) => {
    const where = step.location ? ` ${c.dim(`(${printable(formatLocation(step.location))})`)}` : '';
    return `      ${c.dim(`${stepNumber(step)}.`)} ${printable(traceStepText(step))}${where}`;
  });
  return leftOut === '' ? lines : [`      ${c.dim(`… ${leftOut}`)}`, ...lines];
}

function verdict(scenario: ScenarioResult, c: Colors): string {
  const estimated = formatDuration(scenario.estimatedSeconds);
  const rto = formatDuration(scenario.rtoSeconds);
  const timing =
    scenario.estimatedSeconds > scenario.rtoSeconds
      ? c.yellow(`estimated ${estimated}, over the RTO of ${rto}`)
      : `estimated ${estimated} within the RTO of ${rto}`;
  const history =
    scenario.historyLost.length > 0
      ? `; history lost: ${scenario.historyLost.map(printable).join(', ')}`
      : '';
  const outcome = scenario.recovered ? c.green('✔ recovered') : c.red('✖ NOT recovered');
  return `${outcome}; ${timing}${history}`;
}

function summaryLine(result: CheckResult, options: ReporterOptions, c: Colors): string {
  const { summary } = result;
  const suppressed = summary.suppressed ?? 0;
  const scenarios = `in ${plural(summary.scenarios, 'scenario')} (${summary.recovered} recovered)${
    suppressed > 0 ? `; ${suppressed} suppressed` : ''
  }`;
  if (summary.error + summary.warning + summary.note === 0) return c.green(`✓ no findings ${scenarios}`);
  // Red only when the findings fail the check under --fail-on, so the colour matches the exit code.
  const failing = exitCode(result.findings, options.failOn) === 1;
  const line = `✖ ${formatCounts(summary)} ${scenarios}`;
  return c.bold(failing ? c.red(line) : c.yellow(line));
}

function paintSeverity(severity: Severity, text: string, c: Colors): string {
  if (severity === 'error') return c.red(text);
  if (severity === 'warning') return c.yellow(text);
  return c.blue(text);
}
