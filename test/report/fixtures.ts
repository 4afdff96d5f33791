/**
 * Check results for the reporter tests, built inline so that the tests do not depend on the
 * checker or the models. Every free-text field carries {@link HOSTILE}.
 */
import type { CheckResult, ScenarioResult } from '../../src/check/types.js';
import type { SourceLocation } from '../../src/common/location.js';
import { RULES } from '../../src/rules/catalog.js';
import type { Finding, Severity } from '../../src/rules/types.js';

/** The plan rules, as `check` evaluates them (taken from the catalog, not from the checker). */
export const PLAN_RULE_IDS: readonly string[] = RULES.filter((rule) => rule.category === 'plan').map(
  (rule) => rule.id,
);

/**
 * Text that tries every injection the reporters must stop: HTML, a table cell break, a
 * javascript: link, a mention, backticks, line breaks (including a lone CR, which CommonMark
 * also reads as one), a CDATA terminator twice followed by an element, a closing `</details>`,
 * an ANSI colour sequence, a bidirectional override, a control character XML 1.0 forbids, an
 * entity, quotes, and a character outside the BMP.
 */
export const HOSTILE =
  '<img src=x onerror=alert(1)> | broken [link](javascript:x) @mention `code` line\nbreak\rCR ]]> ]]><evil/> </details> \u001b[31mred\u001b[0m \u202egnp.exe \u0001 &amp; "q" \'s\' 😀';

/** A scenario id with the same payload, minus the characters a scenario id would never have. */
export const HOSTILE_ID = 'evil-<img src=x onerror=alert(1)>|@mention`[x](javascript:y)';

/** A file name a user could really have: spaces, a pipe, brackets, angle brackets. */
export const HOSTILE_FILE = 'envs/prod |<b>env</b> [1].yaml';

export const PLAN_FILE = 'plans/plan.yaml';

function at(line: number, column: number, file = PLAN_FILE): SourceLocation {
  return { file, line, column };
}

function finding(
  ruleId: string,
  severity: Severity,
  message: string,
  location: SourceLocation,
  extra: Partial<Pick<Finding, 'path' | 'scenario' | 'trace'>> = {},
): Finding {
  return { ruleId, severity, message, location, ...extra };
}

/** A dynamic violation with a three-step trace. */
const keyBeforeSetup = finding(
  'key-restored-before-setup',
  'error',
  'Setup runs on SQL01 before the encryption key of SM01 is restored',
  { file: PLAN_FILE, line: 23, column: 9, endLine: 23, endColumn: 80 },
  {
    path: ['scenarios', 1, 'steps', 2],
    scenario: 'sql-server-lost',
    trace: [
      {
        index: 0,
        action: 'provision-computer',
        summary: 'provision-computer computer=SM01',
        location: at(21, 9),
      },
      {
        index: 1,
        action: 'install-sql-server',
        summary: 'install-sql-server instance=SQL01',
        location: at(22, 9),
      },
      {
        index: 2,
        action: 'install-management-server',
        summary: 'install-management-server computer=SM01',
        location: at(23, 9),
      },
    ],
  },
);

/** A final-state violation: its trace is the whole scenario. */
const notRecovered = finding(
  'scenario-recovered',
  'error',
  'ServiceManager is still lost at the end of the scenario',
  at(15, 5),
  {
    path: ['scenarios', 1],
    scenario: 'sql-server-lost',
    trace: [
      {
        index: 0,
        action: 'provision-computer',
        summary: 'provision-computer computer=SM01',
        location: at(21, 9),
      },
      // A producer whose summary does not repeat the action, and a step without a location.
      { index: 1, action: 'manual', summary: 'call the DBA' },
    ],
  },
);

const overRto = finding(
  'rto-exceeded',
  'warning',
  "scenario 'sql-server-lost' is estimated at 9h 30m, over the RTO of 8h",
  at(15, 5),
  { path: ['scenarios', 1], scenario: 'sql-server-lost' },
);

const hostileWarning = finding('import-management-packs', 'warning', HOSTILE, at(40, 7), {
  path: ['scenarios', 2, 'steps', 0],
  scenario: HOSTILE_ID,
  trace: [{ index: 0, action: 'manual', summary: `manual ${HOSTILE}`, location: at(40, 7) }],
});

const newServerKey = finding(
  'backup-new-server-key',
  'warning',
  'DW01 is rebuilt but its new encryption key is never backed up',
  at(52, 9),
  { path: ['scenarios', 3, 'steps', 4], scenario: 'dw-lost' },
);

const coverage = finding('plan-coverage', 'warning', `no scenario handles the loss of ${HOSTILE}`, at(3, 1), {
  path: ['scenarios'],
});

const neverTested = finding(
  'restore-never-tested',
  'note',
  `the backup of ServiceManager was never restored in a test ${HOSTILE}`,
  { file: HOSTILE_FILE, line: 30, column: 7, endLine: 31, endColumn: 2 },
  { path: ['databases', 0, 'backup'] },
);

function scenario(
  id: string,
  line: number,
  fields: Partial<ScenarioResult> & Pick<ScenarioResult, 'recovered' | 'estimatedSeconds' | 'findings'>,
): ScenarioResult {
  return {
    id,
    location: at(line, 5),
    lost: { computers: [], databases: [], sites: [] },
    historyLost: [],
    steps: 4,
    rtoSeconds: 8 * 3600,
    ...fields,
  };
}

/** Every finding of {@link checkResult}, sorted by file, line and column as `check` sorts them. */
export const FINDINGS: readonly Finding[] = [
  coverage,
  notRecovered,
  overRto,
  keyBeforeSetup,
  hostileWarning,
  newServerKey,
  neverTested,
].sort(
  (a, b) =>
    a.location.file.localeCompare(b.location.file) ||
    a.location.line - b.location.line ||
    a.location.column - b.location.column,
);

/**
 * Four scenarios (one clean, one not recovered with two traced errors and an RTO warning, one
 * with a hostile id and title, one that loses data warehouse history), a plan-coverage
 * finding and an environment note that belong to no scenario: 2 errors, 4 warnings, 1 note.
 */
export function checkResult(): CheckResult {
  const scenarios: ScenarioResult[] = [
    scenario('workflow-server-lost', 8, {
      title: 'SM01 is lost; promote SM02',
      lost: { computers: ['SM01'], databases: [], sites: [] },
      recovered: true,
      estimatedSeconds: 3 * 3600 + 5 * 60,
      findings: [],
    }),
    scenario('sql-server-lost', 15, {
      title: 'SQL01 is lost',
      lost: { computers: ['SQL01'], databases: [], sites: [] },
      recovered: false,
      estimatedSeconds: 9.5 * 3600,
      findings: [notRecovered, overRto, keyBeforeSetup],
    }),
    scenario(HOSTILE_ID, 38, {
      title: HOSTILE,
      lost: { computers: [HOSTILE], databases: [], sites: [] },
      recovered: true,
      estimatedSeconds: 45 * 60,
      findings: [hostileWarning],
    }),
    scenario('dw-lost', 47, {
      lost: { computers: ['DW01'], databases: [], sites: ['hq'] },
      recovered: true,
      historyLost: ['DWDataMart', HOSTILE],
      estimatedSeconds: 6 * 3600,
      findings: [newServerKey],
    }),
  ];
  return {
    tool: { name: 'scsm-dr', version: '0.1.0' },
    asOf: '2026-11-24',
    environment: { file: HOSTILE_FILE, name: HOSTILE },
    plan: { file: PLAN_FILE },
    findings: FINDINGS,
    scenarios,
    rulesEvaluated: PLAN_RULE_IDS,
    summary: { error: 2, warning: 4, note: 1, scenarios: 4, recovered: 3 },
  };
}

/** A clean run: two recovered scenarios and no findings. */
export function cleanResult(): CheckResult {
  return {
    tool: { name: 'scsm-dr', version: '0.1.0' },
    asOf: '2026-11-24',
    environment: { file: 'environment.yaml', name: 'contoso-production' },
    plan: { file: 'plan.yaml' },
    findings: [],
    scenarios: [
      scenario('workflow-server-lost', 8, { recovered: true, estimatedSeconds: 3600, findings: [] }),
      scenario('dw-lost', 20, { recovered: true, estimatedSeconds: 7200, findings: [] }),
    ],
    rulesEvaluated: PLAN_RULE_IDS,
    summary: { error: 0, warning: 0, note: 0, scenarios: 2, recovered: 2 },
  };
}
