import { createHash } from 'node:crypto';
import type { CheckResult } from '../../check/types.js';
import { formatNodePath, type SourceLocation } from '../../common/location.js';
import { RULES } from '../../rules/catalog.js';
import { PROJECT_URL, ruleHelpUri } from '../../rules/docs-url.js';
import type { Finding, RuleMeta, Suppression, TraceStep } from '../../rules/types.js';
import { hasTrace, stepNumber, traceStepText } from './shared.js';
import type { ReporterOptions } from './types.js';

/** The JSON Schema URI GitHub code scanning and the SARIF Multitool recognise. */
export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** The base id relative artifact URIs are resolved against: the directory `check` ran in. */
export const SRCROOT = '%SRCROOT%';

/**
 * The key of our entry in `result.partialFingerprints`. Versioned, so that a change of what is
 * hashed can never be mistaken for the old fingerprints by a consumer.
 */
export const FINGERPRINT_KEY = 'scsmDrFindingHash/v1';

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
  readonly properties?: { readonly tags: readonly string[] };
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
      readonly invocations: readonly [{ readonly executionSuccessful: true }];
      readonly originalUriBaseIds: Readonly<Record<string, { readonly description: SarifMessage }>>;
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
export function sarifReporter(result: CheckResult, _options: ReporterOptions): string {
  return `${JSON.stringify(toSarifLog(result), null, 2)}\n`;
}

/** The SARIF log as a value. */
export function toSarifLog(result: CheckResult): SarifLog {
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
  const occurrences = new Map<string, number>();
  const results = result.findings.map((finding): SarifResult => {
    const hash = fingerprint(finding);
    // Findings with the same hash (two coverage findings at one node) are numbered in order,
    // as GitHub numbers its own line hashes, so that each still has its own alert.
    const occurrence = (occurrences.get(hash) ?? 0) + 1;
    occurrences.set(hash, occurrence);
    return {
      ruleId: finding.ruleId,
      ruleIndex: ruleIndex.get(finding.ruleId)!,
      level: finding.severity,
      message: { text: sarifText(finding.message) },
      locations: [{ physicalLocation: physicalLocation(finding.location) }],
      partialFingerprints: { [FINGERPRINT_KEY]: `${hash}:${occurrence}` },
      ...(hasTrace(finding) ? { codeFlows: [codeFlow(finding.trace)] } : {}),
      ...(finding.scenario !== undefined ? { properties: { scenario: finding.scenario } } : {}),
      ...(finding.suppression !== undefined ? { suppressions: [sarifSuppression(finding.suppression)] } : {}),
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
        invocations: [{ executionSuccessful: true }],
        originalUriBaseIds: {
          [SRCROOT]: {
            description: {
              text: 'The directory scsm-dr check ran in, normally the repository root; relative file names are resolved against it.',
            },
          },
        },
        results,
        // The loader takes columns from the `yaml` parser, which counts UTF-16 code units (a
        // character outside the BMP, such as an emoji, counts 2). Saying so keeps the columns
        // of lines with such characters right; a test pins the loader's behaviour.
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
}

function sarifSuppression(suppression: Suppression): SarifSuppression {
  return {
    kind: suppression.kind === 'inSource' ? 'inSource' : 'external',
    status: 'accepted',
    justification: suppression.justification,
    ...(suppression.location
      ? { location: { physicalLocation: physicalLocation(suppression.location) } }
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
    properties: { tags: ['scsm-dr', rule.category, ...rule.citations] },
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

function codeFlow(trace: readonly TraceStep[]): SarifCodeFlow {
  return {
    threadFlows: [
      {
        locations: trace.map((step) => ({
          location: {
            ...(step.location ? { physicalLocation: physicalLocation(step.location) } : {}),
            message: { text: sarifText(`${stepNumber(step)}. ${traceStepText(step)}`) },
          },
          executionOrder: stepNumber(step),
        })),
      },
    ],
  };
}

function physicalLocation(location: SourceLocation): SarifPhysicalLocation {
  return { artifactLocation: artifactLocation(location.file), region: region(location) };
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
 */
export function artifactLocation(file: string): SarifArtifactLocation {
  const slashed = file.replace(/\\/g, '/');
  const encode = (path: string): string => path.split('/').map(encodeURIComponent).join('/');
  if (/^[A-Za-z]:\//.test(slashed)) {
    return { uri: `file:///${slashed.slice(0, 2)}${encode(slashed.slice(2))}` };
  }
  if (slashed.startsWith('//')) return { uri: `file:${encode(slashed)}` };
  if (slashed.startsWith('/')) return { uri: `file://${encode(slashed)}` };
  let relative = slashed;
  while (relative.startsWith('./')) relative = relative.slice(2).replace(/^\/+/, '');
  return { uri: encode(relative), uriBaseId: SRCROOT };
}

/**
 * A hash of what identifies a finding across commits: its rule, scenario, file and the node
 * path it points at. Lines and messages are left out on purpose, since editing an unrelated
 * step moves lines and durations in messages change; only when a finding has no node path is
 * its position used. Equal hashes are told apart by an occurrence number, as GitHub does.
 */
function fingerprint(finding: Finding): string {
  const anchor =
    finding.path !== undefined
      ? formatNodePath(finding.path)
      : `${finding.location.line}:${finding.location.column}`;
  const key = JSON.stringify([
    finding.ruleId,
    finding.scenario ?? null,
    artifactLocation(finding.location.file).uri,
    anchor,
  ]);
  return createHash('sha256').update(key).digest('hex').slice(0, 32);
}
