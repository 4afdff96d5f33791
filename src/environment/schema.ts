import { z } from 'zod';
import { dateSchema, durationSchema } from '../common/formats.js';
import { boundedName, NAME_MAX } from '../common/name-limits.js';
import { waiversSchema } from '../rules/waiver.js';

/**
 * The environment description format (docs/environment.md) as a zod schema. It checks shape and types
 * only; references, uniqueness and SCSM's own installation rules are checked afterwards by
 * `validateEnvironment`, which can point at both ends of a broken reference.
 *
 * The schema has no transforms so that the JSON Schema generated from it (shipped as
 * `schema/environment.schema.json`) describes exactly what the loader accepts.
 */

export const PRODUCTS = [
  'scsm-2012',
  'scsm-2012-sp1',
  'scsm-2012-r2',
  'scsm-2016',
  'scsm-2019',
  'scsm-2022',
  'scsm-2025',
] as const;

export const KEY_PASSWORD_STATES = ['escrowed', 'unknown', 'lost'] as const;

export const DRILL_OUTCOMES = ['passed', 'partial', 'failed'] as const;

const nameSchema = boundedName('name');

/**
 * A declared computer name: bounded here, judged a NetBIOS name (at most 15 characters) by the
 * loader, which can say more about a 16-character name (what Windows truncates it to) than a
 * length error would.
 */
const computerNameSchema = z
  .string()
  .min(1)
  .max(NAME_MAX, { error: 'at most 15 characters (a NetBIOS computer name)' });

const keyBackupSchema = z
  .strictObject({
    file: z
      .string()
      .min(1)
      .describe("Where the SecureStorageBackup file is kept, e.g. '\\\\backup01\\scsm\\keys\\SM01.bin'."),
    taken: dateSchema.optional().describe('When the key was backed up.'),
    offHost: z
      .boolean()
      .optional()
      .describe('A copy is kept off the management server itself. Default: judged from the file path.'),
    password: z
      .enum(KEY_PASSWORD_STATES)
      .describe(
        'Whether the backup password is known: escrowed | unknown | lost (never the password itself).',
      ),
  })
  .describe('The encryption-key backup of this management server (B1, D-BKKEY). Omit when none exists.');

const backupSchema = z
  .strictObject({
    full: z.strictObject({
      every: durationSchema.describe('Interval between full backups.'),
      last: dateSchema.optional().describe('When the last full backup finished.'),
    }),
    differential: z.strictObject({ every: durationSchema }).optional(),
    log: z.strictObject({ every: durationSchema }).optional(),
    offHost: z
      .boolean()
      .optional()
      .describe(
        "A copy is kept off the database's own computer. Default: judged from a UNC location, else false.",
      ),
    location: z
      .string()
      .min(1)
      .optional()
      .describe("Where the backups are written, e.g. '\\\\backup01\\sql'."),
    permissionsScript: z
      .union([dateSchema, z.literal(false)])
      .optional()
      .describe('Date the SQL permissions script (B4) was generated; false = none.'),
    lastRestoreTest: dateSchema.optional().describe('When a restore of this backup was last tested.'),
  })
  .describe('SQL Server backups of this database (B3). Omit the block when no backup exists.');

const computerSchema = z.strictObject({
  name: computerNameSchema.describe(
    'NetBIOS computer name (at most 15 characters), case-insensitive, unique.',
  ),
  fqdn: z
    .string()
    .min(1)
    .max(253, { error: 'at most 253 characters (a DNS name)' })
    .optional()
    .describe('Fully qualified domain name; promotion takes the FQDN (D-PROMO).'),
  site: nameSchema.optional().describe('A site loss loses every computer in it.'),
});

const sqlInstanceSchema = z.strictObject({
  id: boundedName('instance').describe(
    "'COMPUTER' for the default instance (MSSQLSERVER), 'COMPUTER\\NAME' for a named one.",
  ),
  collation: z.string().min(1).optional(),
});

const databaseSchema = z.strictObject({
  name: boundedName('database'),
  instance: boundedName('instance').describe('The id of the SQL instance that hosts the database.'),
  sizeGb: z.number().positive().optional().describe('Size in GB; drives restore-time estimates.'),
  backup: backupSchema.optional(),
});

const managementServerSchema = z.strictObject({
  computer: boundedName('computer'),
  role: z
    .enum(['workflow', 'additional'])
    .describe('Exactly one workflow (initial/primary) server per group.'),
  keyBackup: keyBackupSchema.optional(),
});

const serviceManagerGroupSchema = z.strictObject({
  name: nameSchema,
  type: z.literal('service-manager'),
  database: boundedName('database').describe('The ServiceManager database of this group.'),
  managementServers: z.array(managementServerSchema).min(1),
  unsealedManagementPacks: z
    .strictObject({ lastExport: dateSchema, offHost: z.boolean().optional() })
    .optional()
    .describe('The last export of the unsealed management packs (B5). Omit: never exported.'),
  selfServicePortal: z
    .strictObject({
      computer: z.string().min(1).describe('The declared computer the portal runs on.'),
      keyBackup: keyBackupSchema
        .optional()
        .describe('The encryption-key backup of the portal server (D-BKKEY, N-KEY). Omit when none exists.'),
    })
    .optional()
    .describe(
      'The Self-Service Portal of this management group, when it has one. The DR guide gives no recovery procedure for it.',
    ),
});

const dataWarehouseGroupSchema = z.strictObject({
  name: nameSchema,
  type: z.literal('data-warehouse'),
  databases: z.strictObject({
    staging: boundedName('database').describe('DWStagingAndConfig'),
    repository: boundedName('database').describe('DWRepository'),
    datamart: boundedName('database').describe('DWDataMart'),
    omDatamart: boundedName('database').optional().describe('OMDWDataMart'),
    cmDatamart: boundedName('database').optional().describe('CMDWDataMart'),
    reportServer: boundedName('database').optional().describe('ReportServer (SSRS catalog)'),
    analysis: boundedName('database').optional().describe('DWASDataBase (SSAS)'),
  }),
  managementServer: z.strictObject({
    computer: boundedName('computer'),
    keyBackup: keyBackupSchema.optional(),
  }),
  reportingServer: z.strictObject({ computer: boundedName('computer'), url: z.string().min(1) }).optional(),
  registeredWith: nameSchema
    .optional()
    .describe('The Service Manager management group registered with this data warehouse.'),
});

const drillSchema = z.strictObject({
  scenario: nameSchema,
  date: dateSchema,
  outcome: z.enum(DRILL_OUTCOMES),
  duration: durationSchema.optional(),
  notes: z.string().optional(),
});

/** The environment file schema (docs/environment.md). */
export const environmentSchema = z
  .strictObject({
    $schema: z.string().optional().describe('The JSON Schema this file follows (for editors).'),
    version: z.literal(1),
    name: nameSchema,
    product: z.enum(PRODUCTS),
    asOf: dateSchema.optional().describe('The date ages are judged at (default: today; CLI --as-of).'),
    objectives: z.strictObject({
      rto: durationSchema.describe('Recovery time objective.'),
      rpo: durationSchema.describe('Recovery point objective.'),
    }),
    restoreThroughputGbPerHour: z
      .number()
      .positive()
      .optional()
      .describe(
        'SQL restore throughput used to estimate restore durations from database sizes (default 50).',
      ),
    durations: z
      .record(z.string(), durationSchema)
      .optional()
      .describe('Overrides of the default step durations, by action name.'),
    teams: z
      .int()
      .min(1, { error: 'at least one team' })
      .optional()
      .describe(
        'How many teams work on a recovery at once: the default of `plan --teams` and `score --teams` (default 1: one step at a time).',
      ),
    computers: z.array(computerSchema).min(1),
    sqlInstances: z.array(sqlInstanceSchema).default([]),
    databases: z.array(databaseSchema).default([]),
    managementGroups: z
      .array(z.discriminatedUnion('type', [serviceManagerGroupSchema, dataWarehouseGroupSchema]))
      .min(1),
    drills: z.array(drillSchema).optional(),
    waivers: waiversSchema.optional(),
  })
  .describe('An SCSM installation described for scsm-dr (docs/environment.md).');

/** The environment file as written, after the shape check. */
export type RawEnvironment = z.infer<typeof environmentSchema>;
export type RawKeyBackup = z.infer<typeof keyBackupSchema>;
export type RawBackup = z.infer<typeof backupSchema>;
