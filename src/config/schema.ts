import { z } from 'zod';
import { dateSchema } from '../common/formats.js';
import { RULE_IDS } from '../rules/catalog.js';

/**
 * The config file format (docs/config.md) as a zod schema. Keys are camelCase, like the
 * environment and plan files. It checks shape only; the loader resolves the paths against
 * the file's directory and parses the output destinations afterwards, where it can locate
 * each problem.
 *
 * The schema has no transforms, so that the JSON Schema generated from it
 * (`schema/config.schema.json`) describes exactly what the loader accepts.
 */

/** What a rule's findings may be turned into: a severity, or `off` to drop them. */
export const RULE_LEVELS = ['off', 'note', 'warning', 'error'] as const;
export type RuleLevel = (typeof RULE_LEVELS)[number];

/** The `failOn` levels, the same as `--fail-on`. */
export const FAIL_ON_LEVELS = ['error', 'warning', 'never'] as const;

const scoreSchema = z.number().min(0).max(100);

/**
 * One key per rule of the catalog, every one optional: an unknown rule id is then an unknown
 * key, which the schema errors report at the key with a did-you-mean.
 */
const rulesSchema = z
  .strictObject(Object.fromEntries(RULE_IDS.map((id) => [id, z.enum(RULE_LEVELS).optional()])))
  .describe('Severity overrides per rule id: off | note | warning | error.');

const outputListSchema = z
  .array(z.string().min(1))
  .describe("Reports to write, each as for --output: 'FORMAT' (stdout) or 'FORMAT=FILE'.");

export const configSchema = z
  .strictObject({
    environment: z
      .string()
      .min(1)
      .optional()
      .describe('The environment file, relative to this file, used when the command line gives none.'),
    plan: z
      .string()
      .min(1)
      .optional()
      .describe('The plan file, relative to this file, used when the command line gives no --plan.'),
    failOn: z.enum(FAIL_ON_LEVELS).optional().describe('Default of --fail-on for check, score and report.'),
    failUnder: z
      .strictObject({
        readiness: scoreSchema.optional().describe('Exit 1 when the readiness score is below this.'),
        assurance: scoreSchema.optional().describe('Exit 1 when the assurance score is below this.'),
      })
      .optional()
      .describe('Default of --fail-under (and --assurance) for score and report: give one of the two.'),
    asOf: z
      .union([z.literal('today'), z.literal('environment'), dateSchema])
      .optional()
      .describe(
        "The date ages are judged at: 'environment' (its asOf, else today; the default), 'today', or a date YYYY-MM-DD.",
      ),
    rules: rulesSchema.optional(),
    thresholds: z
      .strictObject({
        drillWindowDays: z
          .number()
          .int()
          .positive()
          .optional()
          .describe('drill-overdue: how old the newest drill may be, in days (default 365).'),
        restoreTestWindowDays: z
          .number()
          .int()
          .positive()
          .optional()
          .describe('restore-never-tested: how old the last restore test may be, in days (default 365).'),
        backupStaleGraceHours: z
          .number()
          .min(0)
          .optional()
          .describe(
            'backup-stale: how long past its interval a full backup is still current, in hours (default 0).',
          ),
      })
      .optional()
      .describe('Limits the rules use, which are constants without a config file.'),
    outputs: z
      .strictObject({
        check: outputListSchema.optional(),
        report: outputListSchema.optional(),
      })
      .optional()
      .describe('Default --output lists, used when the command line gives no --format, -o or --output.'),
  })
  .describe('scsm-dr.config.yaml: defaults for check, score and report.');

export type RawConfig = z.infer<typeof configSchema>;
