/**
 * Finding, reading and validating `scsm-dr.config.yaml` (docs/config.md). The file is parsed
 * with the same hostile-input-safe parser as the environment and plan files and its errors
 * are located the same way, so a mistake in it reads like a mistake in any other input.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { InputError, LoadResult } from '../common/errors.js';
import { READINESS_FORMATS, REPORTER_NAMES } from '../common/report-formats.js';
import { schemaIssuesToErrors } from '../common/schema-errors.js';
import { parseSource, readSourceFile } from '../common/source.js';
import { didYouMean } from '../common/suggest.js';
import type { RuleThresholds } from '../rules/environment/define.js';
import { configSchema, type FAIL_ON_LEVELS, type RuleLevel } from './schema.js';

/** The file names searched for, in this order, in each directory. */
export const CONFIG_FILE_NAMES = [
  'scsm-dr.config.yaml',
  'scsm-dr.config.yml',
  'scsm-dr.config.json',
] as const;

/** One report of a config's `outputs` list: a format, to a file (resolved) or to stdout. */
export interface ConfigOutput {
  readonly format: string;
  readonly file?: string;
}

/** A loaded config file, its paths resolved against the file's directory. */
export interface Config {
  readonly file: string;
  readonly environment?: string;
  readonly plan?: string;
  readonly failOn?: (typeof FAIL_ON_LEVELS)[number];
  /** The score gate: which score, and the lowest passing value. */
  readonly failUnder?: { readonly score: 'readiness' | 'assurance'; readonly threshold: number };
  /** `today`, or a date as written (`environment`, the default, is left out). */
  readonly asOf?: string;
  readonly rules: Readonly<Record<string, RuleLevel>>;
  readonly thresholds: RuleThresholds;
  readonly outputs: { readonly check?: readonly ConfigOutput[]; readonly report?: readonly ConfigOutput[] };
}

/**
 * The config file that applies to `directory`: the first of {@link CONFIG_FILE_NAMES} found
 * in it or, failing that, in its parent, and so on. The search stops at the first directory
 * that holds `.git` (the repository root, searched itself), so that a config file outside the
 * repository never changes what a clone checks, and at the filesystem root.
 */
export function findConfigFile(directory: string): string | undefined {
  let current = resolve(directory);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = join(current, name);
      if (isFile(candidate)) return candidate;
    }
    if (existsSync(join(current, '.git'))) return undefined;
    const parent = dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Reads and loads a config file; every problem is a located input error. */
export async function loadConfigFile(file: string): Promise<LoadResult<Config>> {
  const text = await readSourceFile(file);
  if (!text.ok) return text;
  return loadConfigText(text.value, file);
}

/** Loads a config from its text; `file` names it in errors and anchors its relative paths. */
export function loadConfigText(text: string, file: string): LoadResult<Config> {
  const parsed = parseSource(text, file);
  if (!parsed.ok) return parsed;
  const source = parsed.value;
  // An empty config file is a config with no defaults, not an error: `touch` is a fine start.
  if (source.value === null || source.value === undefined) {
    return { ok: true, value: { file, rules: {}, thresholds: {}, outputs: {} } };
  }
  const result = configSchema.safeParse(source.value);
  if (!result.success) {
    return { ok: false, errors: schemaIssuesToErrors(result.error.issues, source, configSchema) };
  }
  const raw = result.data;
  const errors: InputError[] = [];
  const base = dirname(file);
  const at = (path: (string | number)[]) => source.locate(path);

  let failUnder: Config['failUnder'];
  if (raw.failUnder?.readiness !== undefined && raw.failUnder.assurance !== undefined) {
    errors.push({
      location: source.locate(['failUnder', 'assurance'], 'key'),
      path: ['failUnder', 'assurance'],
      message: 'failUnder gates one score, and readiness is given too',
      expected: 'readiness or assurance, not both',
    });
  } else if (raw.failUnder?.readiness !== undefined) {
    failUnder = { score: 'readiness', threshold: raw.failUnder.readiness };
  } else if (raw.failUnder?.assurance !== undefined) {
    failUnder = { score: 'assurance', threshold: raw.failUnder.assurance };
  }

  const outputs = (key: 'check' | 'report', formats: readonly string[]): ConfigOutput[] | undefined => {
    const list = raw.outputs?.[key];
    if (list === undefined) return undefined;
    const files = new Map<string, number>();
    return list.flatMap((entry, index) => {
      const path = ['outputs', key, index];
      const split = entry.indexOf('=');
      const format = split === -1 ? entry : entry.slice(0, split);
      const target = split === -1 ? undefined : entry.slice(split + 1);
      if (!formats.includes(format)) {
        const suggestion = didYouMean(format, formats);
        errors.push({
          location: at(path),
          path,
          message: `unknown format '${format}' for ${key}`,
          expected: `FORMAT or FORMAT=FILE, with FORMAT one of ${formats.join(', ')}`,
          ...(suggestion ? { suggestion: `did you mean '${suggestion}'?` } : {}),
        });
        return [];
      }
      if (target === '') {
        errors.push({
          location: at(path),
          path,
          message: `no file after '${format}='`,
          expected: `${format}=FILE, or ${format} for stdout`,
        });
        return [];
      }
      const resolved = target === undefined ? undefined : resolve(base, target);
      if (resolved !== undefined) {
        const earlier = files.get(resolved);
        if (earlier !== undefined) {
          errors.push({
            location: at(path),
            path,
            message: `outputs.${key}[${earlier}] writes this file already`,
            expected: 'a file of its own for each report',
          });
        }
        files.set(resolved, index);
      }
      return [{ format, ...(resolved !== undefined ? { file: resolved } : {}) }];
    });
  };
  const check = outputs('check', REPORTER_NAMES);
  const report = outputs('report', READINESS_FORMATS);
  if (errors.length > 0) return { ok: false, errors };

  const rules: Record<string, RuleLevel> = {};
  for (const [id, level] of Object.entries(raw.rules ?? {})) if (level !== undefined) rules[id] = level;
  const thresholds: { -readonly [K in keyof RuleThresholds]: RuleThresholds[K] } = {};
  if (raw.thresholds?.drillWindowDays !== undefined)
    thresholds.drillWindowDays = raw.thresholds.drillWindowDays;
  if (raw.thresholds?.restoreTestWindowDays !== undefined)
    thresholds.restoreTestWindowDays = raw.thresholds.restoreTestWindowDays;
  if (raw.thresholds?.backupStaleGraceHours !== undefined)
    thresholds.backupStaleGraceHours = raw.thresholds.backupStaleGraceHours;
  return {
    ok: true,
    value: {
      file,
      ...(raw.environment !== undefined ? { environment: resolve(base, raw.environment) } : {}),
      ...(raw.plan !== undefined ? { plan: resolve(base, raw.plan) } : {}),
      ...(raw.failOn !== undefined ? { failOn: raw.failOn } : {}),
      ...(failUnder !== undefined ? { failUnder } : {}),
      ...(raw.asOf !== undefined && raw.asOf !== 'environment' ? { asOf: raw.asOf } : {}),
      rules,
      thresholds,
      outputs: { ...(check ? { check } : {}), ...(report ? { report } : {}) },
    },
  };
}
