import { z } from 'zod';
import { formatDuration } from '../common/duration.js';
import { durationSchema } from '../common/formats.js';
import { boundedName, NAME_MAX, type NameKind } from '../common/name-limits.js';
import { waiversSchema } from '../rules/waiver.js';
import { ACTION_NAMES, ACTIONS, type ActionName, type ParameterSpec } from './actions.js';

/**
 * The recovery plan format (docs/plan.md) as a zod schema, built from the action table in
 * `actions.ts` so that adding an action or a parameter there is the only change needed: the
 * loader, the did-you-mean suggestions and the shipped JSON Schema all follow.
 *
 * The schema checks shape and types only. Uniqueness of scenario ids, a `lost` block that
 * names nothing and references into the environment are judged by the loader and
 * `resolvePlanReferences`, which can point at both ends of a problem.
 *
 * It has no transforms so that the JSON Schema generated from it (shipped as
 * `schema/plan.schema.json`) describes exactly what the loader accepts.
 */

/** Scenario ids are kebab-case so that they work unquoted on the command line (`--scenario`). */
export const SCENARIO_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const SCENARIO_ID_EXPECTED = "a kebab-case id such as 'workflow-server-lost'";

/** Step ids: letters, digits, `-`, `_` and `.`, starting with a letter or digit (`restore-key`, `s1`). */
export const STEP_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

const STEP_ID_EXPECTED = "a step id of letters, digits, '-', '_' or '.', such as 'restore-key'";

/** Team names follow the step-id spelling, so that they read the same in YAML and in diagrams. */
export const TEAM_NAME_PATTERN = STEP_ID_PATTERN;

const TEAM_NAME_EXPECTED = "a team name of letters, digits, '-', '_' or '.', such as 'dba'";

/** A name in `lost` that refers to something in the environment, bounded by its kind. */
const referenceSchema = (kind: NameKind) => boundedName(kind, 'the name is empty');

/** The length limit of what a parameter names; undefined for free text and URLs. */
const PARAMETER_NAME_KINDS: Partial<Record<ParameterSpec['refersTo'], NameKind>> = {
  computer: 'computer',
  'management-server': 'computer',
  instance: 'instance',
  database: 'database',
  'service-manager-group': 'name',
  'data-warehouse-group': 'name',
};

/** The schema of one action parameter, from its row in the table. */
function parameterSchema(spec: ParameterSpec): z.ZodType {
  const [first, ...rest] = spec.values ?? [];
  // Enumerations (today only `role`) become enums so that editors offer the values and a
  // misspelt value gets a did-you-mean from the enum's options.
  const kind = PARAMETER_NAME_KINDS[spec.refersTo];
  const base =
    first !== undefined
      ? z.enum([first, ...rest])
      : kind !== undefined
        ? boundedName(kind, `${spec.name} is empty`)
        : z.string().min(1, { error: `${spec.name} is empty` });
  const described = base.describe(spec.description);
  return spec.required ? described : described.optional();
}

/** Fields every step may carry besides its action's parameters (`COMMON_STEP_FIELDS`). */
const commonStepFields = {
  duration: durationSchema
    .describe(
      "How long this step takes, overriding the default for its action: '90s', '30m', '8h', '2d', '1w', '1h30m' or ISO 8601 'PT8H'.",
    )
    .optional(),
  owner: z
    .string()
    .min(1, { error: 'the owner is empty' })
    .describe('Who performs the step (a person, team or role).')
    .optional(),
  note: z.string().describe('Free text for the operator; no effect on the model.').optional(),
  id: z
    .string()
    .regex(STEP_ID_PATTERN, { error: STEP_ID_EXPECTED })
    .describe(
      "The step's id, unique within its scenario, for other steps' `after:` (docs/plan.md, Parallel recovery).",
    )
    .optional(),
  team: z
    .string()
    .regex(TEAM_NAME_PATTERN, { error: TEAM_NAME_EXPECTED })
    .describe(
      'The team that performs the step: its lane in the schedule; at most as many of its steps run at once as the team has people.',
    )
    .optional(),
  after: z
    .union([
      z.string().regex(STEP_ID_PATTERN, { error: STEP_ID_EXPECTED }),
      z.array(z.string().regex(STEP_ID_PATTERN, { error: STEP_ID_EXPECTED })),
    ])
    .describe(
      'The ids of earlier steps this step waits for. A scenario in which any step has `after:` is parallel: a step without `after:` waits for nothing (docs/plan.md).',
    )
    .optional(),
};

/** One strict object per action: its literal name, its parameters and the common fields. */
function stepSchemaFor(name: ActionName) {
  const spec = ACTIONS[name];
  const parameters: Record<string, z.ZodType> = {};
  for (const parameter of spec.parameters) parameters[parameter.name] = parameterSchema(parameter);
  return z
    .strictObject({ action: z.literal(name).describe(spec.description), ...parameters, ...commonStepFields })
    .describe(`${spec.description} Default duration: ${formatDuration(spec.defaultDurationSeconds)}.`);
}

/** A step of a scenario: one of the actions of docs/plan.md, chosen by its `action` key. */
export const stepSchema = z
  .discriminatedUnion('action', [
    stepSchemaFor(ACTION_NAMES[0]),
    ...ACTION_NAMES.slice(1).map((name) => stepSchemaFor(name)),
  ])
  .describe('One recovery step: an action and its parameters.');

const namesSchema = (kind: NameKind, description: string) =>
  z.array(referenceSchema(kind)).describe(description).optional();

/** What a scenario loses before its steps run. At least one list must name something. */
export const lostSchema = z
  .strictObject({
    computers: namesSchema('computer', 'Computers that are lost (destroyed or unusable), by name.'),
    databases: namesSchema(
      'database',
      'Databases that are corrupt or lost while their host computer is fine, by name.',
    ),
    sites: namesSchema('name', 'Sites that are lost: every computer of the site is lost.'),
  })
  .describe('What is lost before the steps run: computers, databases (host fine) and/or sites.');

export const scenarioSchema = z
  .strictObject({
    id: z
      .string()
      .max(NAME_MAX, { error: `at most ${NAME_MAX} characters (a scenario id)` })
      .regex(SCENARIO_ID_PATTERN, { error: SCENARIO_ID_EXPECTED })
      .describe('A unique kebab-case id, e.g. workflow-server-lost.'),
    title: z
      .string()
      .min(1, { error: 'the title is empty' })
      .describe('One line for people: what happens and how it is recovered.')
      .optional(),
    lost: lostSchema,
    teams: z
      .record(
        z.string().regex(TEAM_NAME_PATTERN, { error: TEAM_NAME_EXPECTED }),
        z
          .int()
          .min(1, { error: 'a team needs at least one person' })
          .describe('How many people the team has.'),
      )
      .describe(
        "The teams of this scenario and how many people each has, e.g. `{ dba: 1, sm-admin: 2 }`. When declared, every step's `team:` must name one of them.",
      )
      .optional(),
    steps: z
      .array(stepSchema)
      .min(1, { error: 'a scenario needs at least one step' })
      .describe('The ordered steps that recover from the loss.'),
  })
  .describe('One failure and the ordered steps that recover from it.');

/** The plan file schema (docs/plan.md). */
export const planSchema = z
  .strictObject({
    $schema: z.string().describe('The JSON Schema this file follows (for editors).').optional(),
    version: z.literal(1).describe('The format version; always 1.'),
    environment: z
      .string()
      .min(1, { error: 'the path is empty' })
      .describe(
        "The environment file this plan is for, relative to the plan file (default for the CLI's <environment>).",
      )
      .optional(),
    scenarios: z
      .array(scenarioSchema)
      .min(1, { error: 'a plan needs at least one scenario' })
      .describe('The failure scenarios this plan recovers from.'),
    waivers: waiversSchema.optional(),
  })
  .describe(
    'A recovery plan (runbook) for an SCSM installation: scenarios, what each loses, and the ordered steps that recover it.',
  );

/** The plan file as written, after the shape check. */
export type RawPlan = z.infer<typeof planSchema>;

/**
 * A step as written, after the shape check. The inferred type cannot carry the parameters
 * (their shapes are built at run time from the table), so it is stated here: the action, the
 * common fields, and every parameter by name as a string.
 */
export interface RawStep {
  readonly action: ActionName;
  readonly duration?: string;
  readonly owner?: string;
  readonly note?: string;
  readonly id?: string;
  readonly team?: string;
  readonly after?: string | readonly string[];
  readonly [parameter: string]: string | readonly string[] | undefined;
}
