import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { findingFingerprints } from '../../check/fingerprint.js';
import type { CheckResult } from '../../check/types.js';
import type { SourceLocation } from '../../common/location.js';
import { RULES } from '../../rules/catalog.js';
import { PROJECT_URL, ruleHelpUri } from '../../rules/docs-url.js';
import type { RuleMeta, Suppression, TraceStep } from '../../rules/types.js';
import { type ReportPaths, repositoryPath } from './paths.js';
import { hasTrace, stepNumber, traceStepText } from './shared.js';
import type { ReporterOptions } from './types.js';

/** The JSON Schema URI GitHub code scanning and the SARIF Multitool recognise. */
export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/**
 * The base id relative artifact URIs are resolved against: the root of the git repository
 * `check` ran in, or the directory it ran in outside a repository.
 */
export const SRCROOT = '%SRCROOT%';

/**
 * The key of our entry in `result.partialFingerprints`. Versioned, so that a change of what is
 * hashed can never be mistaken for the old fingerprints by a consumer: v2 is
 * `findingFingerprints`, which `check --baseline` and the GitLab report share.
 */
export const FINGERPRINT_KEY = 'scsmDrFindingHash/v2';

/** How sure a rule is of its findings, in the words GitHub code scanning sorts alerts by. */
export type SarifPrecision = 'very-high' | 'high' | 'medium' | 'low';

/** GitHub code scanning's `problem.severity` of each level. */
const PROBLEM_SEVERITY: Readonly<Record<SarifLevel, 'error' | 'warning' | 'recommendation'>> = {
  error: 'error',
  warning: 'warning',
  note: 'recommendation',
};

type SarifLevel = 'error' | 'warning' | 'note';

interface SarifMessage {
  readonly text: string;
}

interface SarifArtifactLocation {
  readonly uri: string;
  readonly uriBaseId?: string;
}

interface SarifRegion {
  readonly startLine: number;
  readonly startColumn: number;
  readonly endLine?: number;
  readonly endColumn?: number;
}

interface SarifPhysicalLocation {
  readonly artifactLocation: SarifArtifactLocation;
  readonly region: SarifRegion;
}

interface SarifLocation {
  readonly physicalLocation?: SarifPhysicalLocation;
  readonly message?: SarifMessage;
}

interface SarifThreadFlowLocation {
  readonly location: SarifLocation;
  readonly executionOrder: number;
}

interface SarifCodeFlow {
  readonly threadFlows: readonly { readonly locations: readonly SarifThreadFlowLocation[] }[];
}

/** A SARIF `reportingDescriptor` for one rule. */
export interface SarifRule {
  readonly id: string;
  readonly name: string;
  readonly shortDescription: SarifMessage;
  readonly fullDescription?: SarifMessage;
  readonly help?: { readonly text: string; readonly markdown: string };
  readonly helpUri?: string;
  readonly defaultConfiguration?: { readonly level: SarifLevel };
  readonly properties?: {
    readonly tags: readonly string[];
    readonly precision: SarifPrecision;
    readonly 'problem.severity': 'error' | 'warning' | 'recommendation';
  };
}

/** A SARIF `result` for one finding. */
export interface SarifResult {
  readonly ruleId: string;
  readonly ruleIndex: number;
  readonly level: SarifLevel;
  readonly message: SarifMessage;
  readonly locations: readonly [SarifLocation];
  readonly partialFingerprints: Readonly<Record<string, string>>;
  readonly codeFlows?: readonly SarifCodeFlow[];
  readonly properties?: { readonly scenario: string };
  /** A waived finding (or one in the `check --baseline` file): reported, but accepted. */
  readonly suppressions?: readonly SarifSuppression[];
}

/**
 * Why a result is accepted (SARIF 2.1.0 §3.35): `inSource` for a `# scsm-dr-ignore` comment,
 * `external` for a `waivers:` entry and for the baseline file.
 */
export interface SarifSuppression {
  readonly kind: 'inSource' | 'external';
  readonly status: 'accepted';
  readonly justification: string;
  readonly location?: SarifLocation;
}

/** The SARIF log `sarifReporter` writes: one run of `scsm-dr check`. */
export interface SarifLog {
  readonly $schema: typeof SARIF_SCHEMA;
  readonly version: '2.1.0';
  readonly runs: readonly [
    {
      readonly tool: {
        readonly driver: {
          readonly name: string;
          readonly version: string;
          readonly semanticVersion: string;
          readonly informationUri: string;
          readonly rules: readonly SarifRule[];
        };
      };
      readonly automationDetails: { readonly id: string };
      readonly invocations: readonly [
        {
          readonly executionSuccessful: true;
          readonly workingDirectory?: { readonly uri: string };
        },
      ];
      readonly originalUriBaseIds: Readonly<
        Record<string, { readonly uri?: string; readonly description: SarifMessage }>
      >;
      readonly results: readonly SarifResult[];
      readonly columnKind: 'utf16CodeUnits' | 'unicodeCodePoints';
    },
  ];
}

/**
 * The SARIF 2.1.0 reporter (`--format sarif`) for GitHub code scanning and other SARIF
 * viewers: one run whose driver describes every catalog rule, one result per finding with its
 * physical location, a fingerprint that survives line shifts, and the trace of each violation
 * found by executing steps as a code flow.
 *
 * This is a pure function: the fingerprints are hashes of the finding, not of the clock.
 */
export function sarifReporter(result: CheckResult, options: ReporterOptions): string {
  return `${JSON.stringify(toSarifLog(result, options.paths, options.sarifCategory), null, 2)}\n`;
}

/** The code-scanning category of `check`'s SARIF; `report` uses its own (`scsm-dr-report`). */
export const SARIF_CATEGORY = 'scsm-dr';

/**
 * The SARIF log as a value. With `paths`, artifact URIs are relative to the repository root
 * (or to the working directory outside a repository), `%SRCROOT%` says which directory that
 * is, and the invocation records its working directory; without, file names are relative to
 * wherever the log is read, as before.
 */
export function toSarifLog(result: CheckResult, paths?: ReportPaths, category = SARIF_CATEGORY): SarifLog {
  const rules: SarifRule[] = RULES.map(ruleDescriptor);
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  // A finding of a rule the catalog does not know still needs a descriptor for `ruleIndex`
  // to point at; it gets a plain one rather than being dropped from the log.
  for (const finding of result.findings) {
    if (!ruleIndex.has(finding.ruleId)) {
      ruleIndex.set(finding.ruleId, rules.length);
      rules.push(unknownRuleDescriptor(finding.ruleId));
    }
  }
  // One fingerprint per finding, distinct within the run and independent of lines, so that an
  // alert keeps its identity when lines above it move.
  const fingerprints = findingFingerprints(result.findings);
  const results = result.findings.map((finding, index): SarifResult => {
    return {
      ruleId: finding.ruleId,
      ruleIndex: ruleIndex.get(finding.ruleId)!,
      level: finding.severity,
      message: { text: sarifText(finding.message) },
      locations: [{ physicalLocation: physicalLocation(finding.location, paths) }],
      partialFingerprints: { [FINGERPRINT_KEY]: fingerprints[index]! },
      ...(hasTrace(finding) ? { codeFlows: [codeFlow(finding.trace, paths)] } : {}),
      ...(finding.scenario !== undefined ? { properties: { scenario: finding.scenario } } : {}),
      ...(finding.suppression !== undefined
        ? { suppressions: [sarifSuppression(finding.suppression, paths)] }
        : {}),
    };
  });
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: result.tool.name,
            version: result.tool.version,
            semanticVersion: result.tool.version,
            informationUri: PROJECT_URL,
            rules,
          },
        },
        automationDetails: { id: automationId(result, paths, category) },
        invocations: [
          {
            executionSuccessful: true,
            ...(paths ? { workingDirectory: { uri: directoryUri(paths.workingDirectory) } } : {}),
          },
        ],
        originalUriBaseIds: { [SRCROOT]: sourceRoot(paths) },
        results,
        // The loader takes columns from the `yaml` parser, which counts UTF-16 code units (a
        // character outside the BMP, such as an emoji, counts 2). Saying so keeps the columns
        // of lines with such characters right; a test pins the loader's behaviour.
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
}

function sarifSuppression(suppression: Suppression, paths: ReportPaths | undefined): SarifSuppression {
  return {
    kind: suppression.kind === 'inSource' ? 'inSource' : 'external',
    status: 'accepted',
    justification: suppression.justification,
    ...(suppression.location
      ? { location: { physicalLocation: physicalLocation(suppression.location, paths) } }
      : {}),
  };
}

function ruleDescriptor(rule: RuleMeta): SarifRule {
  const helpUri = ruleHelpUri(rule.id);
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.rationale },
    help: {
      text: `${rule.remediation}\n\nDocumentation: ${helpUri}`,
      markdown: `${rule.remediation}\n\n[Documentation of ${rule.id}](${helpUri})`,
    },
    helpUri,
    defaultConfiguration: { level: rule.severity },
    properties: {
      tags: ['scsm-dr', rule.category, ...rule.citations],
      precision: precision(rule),
      'problem.severity': PROBLEM_SEVERITY[rule.severity],
    },
  };
}

/**
 * How sure a rule is. A plan rule the models enforce reports a violation shown by executing
 * the steps: very high. `rto-exceeded` compares estimated durations with the RTO, so it is
 * only as good as the estimates: medium. An environment rule judges what the environment
 * description declares, which may lag behind the installation: high.
 */
export function precision(rule: RuleMeta): SarifPrecision {
  if (rule.id === 'rto-exceeded') return 'medium';
  return rule.category === 'plan' && rule.enforcedBy !== undefined ? 'very-high' : 'high';
}

/**
 * The run's `automationDetails.id`, `<category>/<plan>/`: code scanning takes what comes
 * before the last `/` as the category, so the alerts of two plans checked in one repository
 * are kept apart (and those of `check` and `report`, which have different categories), and a
 * re-run of the same check replaces its own alerts. The plan is named by its path from the
 * repository root (the environment's when there is no plan, for `report`).
 */
function automationId(result: CheckResult, paths: ReportPaths | undefined, category: string): string {
  const file = result.plan.file !== '' ? result.plan.file : result.environment.file;
  return `${category}/${artifactLocation(file, paths).uri}/`;
}

/** A directory as an absolute `file:` URI with the trailing slash SARIF requires. */
function directoryUri(directory: string): string {
  const uri = pathToFileURL(directory).href;
  return uri.endsWith('/') ? uri : `${uri}/`;
}

function sourceRoot(paths: ReportPaths | undefined): { uri?: string; description: SarifMessage } {
  if (paths === undefined) {
    return {
      description: {
        text: 'The directory scsm-dr check ran in, normally the repository root; relative file names are resolved against it.',
      },
    };
  }
  if (paths.repositoryRoot !== undefined) {
    return {
      uri: directoryUri(paths.repositoryRoot),
      description: { text: 'The root of the git repository scsm-dr ran in.' },
    };
  }
  return {
    uri: directoryUri(paths.workingDirectory),
    description: { text: 'The directory scsm-dr ran in (not inside a git repository).' },
  };
}

/**
 * A descriptor for a rule id the catalog lacks. GitHub requires a short and a full
 * description and help on every rule, so even this one has them, in plain words.
 */
function unknownRuleDescriptor(id: string): SarifRule {
  const text = `The rule catalog of this version of scsm-dr does not describe '${id}'.`;
  return {
    id,
    name: pascalCase(id) || 'UnknownRule',
    shortDescription: { text },
    fullDescription: { text },
    help: {
      text: `${text} See ${PROJECT_URL}`,
      markdown: `${sarifText(text)} See [scsm-dr](${PROJECT_URL}).`,
    },
  };
}

/** `key-restored-before-setup` → `KeyRestoredBeforeSetup`, the SARIF convention for `name`. */
export function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part !== '')
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}

/**
 * Plain-text SARIF messages may embed links as `[text](target)`, which viewers render (SARIF
 * 2.1.0 §3.11.6); literal `\`, `[` and `]` must be backslash-escaped so that untrusted text
 * cannot create one.
 */
export function sarifText(text: string): string {
  return text.replace(/[\\[\]]/g, (character) => `\\${character}`);
}

function codeFlow(trace: readonly TraceStep[], paths: ReportPaths | undefined): SarifCodeFlow {
  return {
    threadFlows: [
      {
        locations: trace.map((step) => ({
          location: {
            ...(step.location ? { physicalLocation: physicalLocation(step.location, paths) } : {}),
            message: { text: sarifText(`${stepNumber(step)}. ${traceStepText(step)}`) },
          },
          executionOrder: stepNumber(step),
        })),
      },
    ],
  };
}

function physicalLocation(location: SourceLocation, paths: ReportPaths | undefined): SarifPhysicalLocation {
  return { artifactLocation: artifactLocation(location.file, paths), region: region(location) };
}

/**
 * The region of a location. Out-of-range values are clamped or dropped instead of written,
 * because one inconsistent region makes GitHub reject the whole upload.
 */
export function region(location: SourceLocation): SarifRegion {
  const startLine = Math.max(1, Math.trunc(location.line));
  const startColumn = Math.max(1, Math.trunc(location.column));
  const endLine =
    location.endLine !== undefined && location.endLine >= startLine ? location.endLine : undefined;
  const lastLine = endLine ?? startLine;
  const endColumn =
    location.endColumn !== undefined &&
    location.endColumn >= 1 &&
    (lastLine > startLine || location.endColumn >= startColumn)
      ? location.endColumn
      : undefined;
  return {
    startLine,
    startColumn,
    ...(endLine !== undefined ? { endLine } : {}),
    ...(endColumn !== undefined ? { endColumn } : {}),
  };
}

/**
 * The artifact location of a file as the user named it. Relative names become relative URIs
 * against `%SRCROOT%` (forward slashes, `./` dropped, every segment percent-encoded); absolute
 * POSIX, Windows-drive and UNC paths become `file:` URIs.
 *
 * With `paths` and a repository root, a file inside the repository is a URI relative to its
 * root, however it was named; a file outside it is an absolute `file:` URI, since
 * `%SRCROOT%` then names the root and a name relative to the working directory would be wrong.
 */
export function artifactLocation(file: string, paths?: ReportPaths): SarifArtifactLocation {
  const encode = (path: string): string => path.split('/').map(encodeURIComponent).join('/');
  if (paths?.repositoryRoot !== undefined) {
    const fromRoot = repositoryPath(file, paths);
    if (fromRoot !== undefined) return { uri: encode(fromRoot), uriBaseId: SRCROOT };
    return { uri: pathToFileURL(resolve(paths.workingDirectory, file)).href };
  }
  const slashed = file.replace(/\\/g, '/');
  if (/^[A-Za-z]:\//.test(slashed)) {
    return { uri: `file:///${slashed.slice(0, 2)}${encode(slashed.slice(2))}` };
  }
  if (slashed.startsWith('//')) return { uri: `file:${encode(slashed)}` };
  if (slashed.startsWith('/')) return { uri: `file://${encode(slashed)}` };
  let relative = slashed;
  while (relative.startsWith('./')) relative = relative.slice(2).replace(/^\/+/, '');
  return { uri: encode(relative), uriBaseId: SRCROOT };
}
