import { createRequire } from 'node:module';
import type { CheckResult, ScenarioResult } from '../../check/types.js';
import { formatDuration } from '../../common/duration.js';
import { formatLocation } from '../../common/location.js';
import type { Finding, Severity } from '../../rules/types.js';
import {
  failsOn,
  groupByScenario,
  hasTrace,
  leftOutText,
  printable,
  SEVERITIES,
  stepNumber,
  traceStepText,
} from './shared.js';
import type { ReporterOptions } from './types.js';

/** The `classname` of the test case of each scenario. */
export const SCENARIO_CLASSNAME = 'scsm-dr.scenario';
/** The `classname` of the test case of each rule. */
export const RULE_CLASSNAME = 'scsm-dr.rule';

type XmlBuilder = ReturnType<typeof import('xmlbuilder2').create>;
let createXml: typeof import('xmlbuilder2').create | undefined;

/**
 * xmlbuilder2, loaded on first use so that the other formats do not pay for it on every
 * `check`. It is a maintained XML builder: it escapes every attribute and text node, and it
 * refuses characters XML cannot carry rather than writing a broken document.
 */
function loadCreate(): typeof import('xmlbuilder2').create {
  createXml ??= (createRequire(import.meta.url)('xmlbuilder2') as typeof import('xmlbuilder2')).create;
  return createXml;
}

/**
 * Text for xmlbuilder2. Its writer leaves `&lt;`, `&amp;` and the other predefined entities
 * alone on the theory that they are already escaped, which would turn a user's literal
 * `&amp;` into `&`. Escaping the ampersand of exactly those sequences first makes the writer
 * produce `&amp;amp;`, which reads back as the user wrote it; every other `&` it escapes itself.
 */
function xml(text: string): string {
  return text.replace(/&(?=(?:lt|gt|amp|apos|quot);)/g, '&amp;');
}

/**
 * The JUnit XML reporter (`--format junit`) for CI test views (GitLab, Jenkins, GitHub
 * actions that publish JUnit). The document follows the Apache Ant JUnit schema, the strictest
 * common one (CI validates it with `xmllint --schema junit.xsd`): a `testsuites` root with two
 * suites,
 *
 * - `scenarios`: one test case per scenario (classname `scsm-dr.scenario`, name = scenario
 *   id), failing when the scenario has findings at or above `--fail-on`;
 * - `rules`: one test case per evaluated rule (classname `scsm-dr.rule`, name = rule id),
 *   failing when that rule has findings at or above `--fail-on`.
 *
 * The schema allows no output inside a test case, so each suite's `system-out` lists every
 * test case's verdict and the findings below the level. Time is always 0 and the timestamp is
 * the check's `asOf` date: nothing is timed, and the output is reproducible.
 *
 * This is a pure function.
 */
export function junitReporter(result: CheckResult, options: ReporterOptions): string {
  const root = loadCreate()({ version: '1.0', encoding: 'UTF-8' }).ele('testsuites');

  const scenarioCases: JudgedCase[] = [];
  for (const group of groupByScenario(result)) {
    // Findings of no scenario (coverage, environment) have no scenario test case; they are
    // reported under their rule in the `rules` suite.
    if (group.id === undefined) continue;
    scenarioCases.push(
      judge(
        SCENARIO_CLASSNAME,
        group.id,
        group.findings,
        options,
        group.scenario ? [verdict(group.scenario)] : [],
        false,
      ),
    );
  }
  suite(root, 0, 'scenarios', result, options, scenarioCases);

  const ruleCases = ruleIds(result).map((ruleId) =>
    judge(
      RULE_CLASSNAME,
      ruleId,
      result.findings.filter((finding) => finding.ruleId === ruleId),
      options,
      [],
      true,
    ),
  );
  suite(root, 1, 'rules', result, options, ruleCases);

  return `${root.end({ prettyPrint: true })}\n`;
}

/** A test case decided: its failure (if any) and what it reports below the level. */
interface JudgedCase {
  readonly classname: string;
  readonly name: string;
  readonly failure?: { readonly message: string; readonly type: Severity; readonly details: string };
  /** Set when nothing fails and some finding is waived or in the baseline: the reasons. */
  readonly skipped?: string;
  readonly output: readonly string[];
}

function suite(
  root: XmlBuilder,
  id: number,
  name: string,
  result: CheckResult,
  options: ReporterOptions,
  cases: readonly JudgedCase[],
): void {
  const element = root.ele('testsuite', {
    package: 'scsm-dr',
    id: String(id),
    name,
    // The schema wants a local date and time without a zone; the judgement date is a date.
    timestamp: `${result.asOf}T00:00:00`,
    hostname: 'scsm-dr',
    tests: String(cases.length),
    failures: String(cases.filter((testCase) => testCase.failure).length),
    ...(cases.some((testCase) => testCase.skipped !== undefined)
      ? { skipped: String(cases.filter((testCase) => testCase.skipped !== undefined).length) }
      : {}),
    errors: '0',
    time: '0',
  });
  const properties = element.ele('properties');
  for (const [key, value] of [
    ['environment', printable(result.environment.file)],
    ['plan', printable(result.plan.file)],
    ['asOf', result.asOf],
    ['failOn', options.failOn],
    ['scsm-dr', printable(result.tool.version)],
  ] as const) {
    properties.ele('property', { name: key, value: xml(value) });
  }
  for (const testCase of cases) {
    const caseElement = element.ele('testcase', {
      name: xml(printable(testCase.name)),
      classname: testCase.classname,
      time: '0',
    });
    if (testCase.failure) {
      caseElement
        .ele('failure', { message: xml(testCase.failure.message), type: testCase.failure.type })
        .txt(xml(testCase.failure.details));
    } else if (testCase.skipped !== undefined) {
      caseElement.ele('skipped', { message: xml(testCase.skipped) });
    }
  }
  const output = cases
    .filter((testCase) => testCase.output.length > 0)
    .map((testCase) => `${printable(testCase.name)}:\n${testCase.output.join('\n\n')}`);
  element.ele('system-out').txt(xml(output.join('\n\n')));
  element.ele('system-err');
}

/**
 * The rules evaluated, then any rule a finding names that was not in that list (for example
 * an environment rule), so that every finding appears under exactly one rule test case.
 */
function ruleIds(result: CheckResult): string[] {
  const ids = [...result.rulesEvaluated];
  const seen = new Set(ids);
  for (const finding of result.findings) {
    if (!seen.has(finding.ruleId)) {
      seen.add(finding.ruleId);
      ids.push(finding.ruleId);
    }
  }
  return ids;
}

/** Fails a test case by the findings at or above `--fail-on`; the rest go to system-out. */
function judge(
  classname: string,
  name: string,
  findings: readonly Finding[],
  options: ReporterOptions,
  preamble: readonly string[],
  withScenario: boolean,
): JudgedCase {
  const failing = findings.filter((finding) => failsOn(finding, options.failOn));
  const passing = findings.filter((finding) => !failsOn(finding, options.failOn));
  const output = [...preamble, ...passing.map((finding) => describe(finding, withScenario))];
  const suppressed = findings.filter((finding) => finding.suppression !== undefined);
  if (failing.length === 0 && suppressed.length > 0) {
    // A test case with nothing failing and a waived (or baselined) finding is skipped, with
    // the reasons, each once.
    const reasons = [...new Set(suppressed.map((finding) => suppressionText(finding)))];
    return { classname, name, skipped: printable(reasons.join('; ')), output };
  }
  if (failing.length === 0) return { classname, name, output };
  const first = failing[0]!;
  const more = failing.length > 1 ? ` (and ${failing.length - 1} more)` : '';
  return {
    classname,
    name,
    failure: {
      message: `${printable(formatLocation(first.location))}: ${printable(first.message)}${more}`,
      type: worst(failing),
      details: failing.map((finding) => describe(finding, withScenario)).join('\n\n'),
    },
    output,
  };
}

function worst(findings: readonly Finding[]): Severity {
  return SEVERITIES.find((severity) => findings.some((finding) => finding.severity === severity)) ?? 'note';
}

/** Why a suppressed finding does not count, in one phrase. */
function suppressionText(finding: Finding): string {
  const suppression = finding.suppression;
  if (suppression === undefined) return '';
  return suppression.kind === 'baseline' ? suppression.justification : `waived: ${suppression.justification}`;
}

/** A finding as a few lines of plain text: location, severity, message, rule, and its trace. */
function describe(finding: Finding, withScenario: boolean): string {
  const lines = [
    `${printable(formatLocation(finding.location))}: ${finding.severity}: ${printable(finding.message)} [${printable(finding.ruleId)}]${
      finding.suppression !== undefined ? ` (${printable(suppressionText(finding))})` : ''
    }`,
  ];
  if (withScenario && finding.scenario !== undefined)
    lines.push(`  scenario: ${printable(finding.scenario)}`);
  if (hasTrace(finding)) {
    lines.push('  trace:');
    const leftOut = leftOutText(finding.trace);
    if (leftOut !== '') lines.push(`    … ${leftOut}`);
    for (const step of finding.trace) {
      const where = step.location ? ` (${printable(formatLocation(step.location))})` : '';
      lines.push(`    ${stepNumber(step)}. ${printable(traceStepText(step))}${where}`);
    }
  }
  return lines.join('\n');
}

function verdict(scenario: ScenarioResult): string {
  const estimate = `estimated ${formatDuration(scenario.estimatedSeconds)}, RTO ${formatDuration(scenario.rtoSeconds)}`;
  return `${scenario.recovered ? 'recovered' : 'NOT recovered'}; ${estimate}`;
}
