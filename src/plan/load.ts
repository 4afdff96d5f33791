import { dirname, isAbsolute, join } from 'node:path';
import { parseDuration } from '../common/duration.js';
import type { InputError, LoadResult } from '../common/errors.js';
import type { NodePath, SourceLocation } from '../common/location.js';
import { schemaIssuesToErrors } from '../common/schema-errors.js';
import { type ParsedSource, parseSource, readSourceFile } from '../common/source.js';
import { didYouMean } from '../common/suggest.js';
import { DEFAULT_INSTANCE, splitInstanceId } from '../environment/load.js';
import type { Located } from '../environment/types.js';
import { loadWaivers } from '../rules/waiver.js';
import { ACTIONS, type ParameterKind } from './actions.js';
import { dependencyErrors } from './dependencies.js';
import { planSchema, type RawPlan, type RawStep } from './schema.js';
import type { LossSpec, Plan, PlanStep, Scenario } from './types.js';

/** The lists of a `lost` block, in the order the docs and messages name them. */
const LOSS_KINDS = ['computers', 'databases', 'sites'] as const;

/**
 * Loads a recovery plan (docs/plan.md) from YAML or JSON text: parses it with the hostile-input
 * guards, checks its shape against the plan schema (unknown actions and parameters come
 * back with a did-you-mean), then checks what the schema cannot (unique scenario ids, a
 * `lost` block that names something) and returns the normalized {@link Plan}, every node of
 * which carries its source location.
 *
 * References to the environment are not checked here; see `resolvePlanReferences`.
 * Never throws for bad input: every problem is an {@link InputError}, all of them at once.
 *
 * @param text - the file's text (already decoded; see `decodeSource`)
 * @param file - the file name as the user gave it; used in locations and to resolve `environment`
 */
export function loadPlanText(text: string, file: string): LoadResult<Plan> {
  const parsed = parseSource(text, file);
  if (!parsed.ok) return parsed;
  const source = parsed.value;

  if (source.value === null || source.value === undefined) {
    // An empty document would otherwise read "wrong type: got null", which hides the cause.
    return {
      ok: false,
      errors: [
        {
          location: source.locate([]),
          path: [],
          message: 'the file is empty',
          expected: 'a plan with `version: 1` and `scenarios:`',
        },
      ],
    };
  }

  const result = planSchema.safeParse(source.value);
  const schemaErrors = result.success ? [] : schemaIssuesToErrors(result.error.issues, source, planSchema);
  // The semantic checks also run over a plan that failed the shape check (on whatever parts
  // are well-formed), so that one run reports every problem rather than the first kind.
  const errors = sortErrors(dedupeErrors([...schemaErrors, ...semanticErrors(source, schemaErrors)]));
  if (errors.length > 0 || !result.success) return { ok: false, errors };

  return normalizePlan(result.data, source, file);
}

/**
 * Reads and loads a plan file. Missing files, non-UTF-8 bytes, NUL bytes and oversized files
 * are reported as input errors located at the file, like every other problem.
 *
 * @param file - the path as the user gave it (relative paths stay relative in locations)
 */
export async function loadPlanFile(file: string): Promise<LoadResult<Plan>> {
  const text = await readSourceFile(file);
  if (!text.ok) return text;
  return loadPlanText(text.value, file);
}

/** True when `prefix` is `path` or one of its ancestors. */
function isPrefix(prefix: NodePath, path: NodePath): boolean {
  return prefix.length <= path.length && prefix.every((step, index) => step === path[index]);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The checks the schema cannot express. They read the raw value defensively because they also
 * run when the shape check failed; a node with a shape error of its own is left to that error.
 */
function semanticErrors(source: ParsedSource, schemaErrors: readonly InputError[]): InputError[] {
  const errors: InputError[] = [];
  const root = source.value;
  if (!isRecord(root) || !Array.isArray(root.scenarios)) return errors;
  const hasShapeError = (path: NodePath) => schemaErrors.some((error) => isPrefix(path, error.path));

  const firstById = new Map<string, number>();
  root.scenarios.forEach((scenario: unknown, index) => {
    if (!isRecord(scenario)) return;
    const id = scenario.id;
    if (typeof id === 'string') {
      const first = firstById.get(id);
      if (first === undefined) {
        firstById.set(id, index);
      } else {
        const firstLocation = source.locate(['scenarios', first, 'id']);
        errors.push({
          location: source.locate(['scenarios', index, 'id']),
          path: ['scenarios', index, 'id'],
          message: `duplicate scenario id '${id}', first used at line ${firstLocation.line} (scenarios[${first}])`,
          expected: 'a unique id per scenario',
        });
      }
    }

    errors.push(...dependencyErrors(source, scenario, ['scenarios', index]));

    const lostPath = ['scenarios', index, 'lost'];
    const lost = scenario.lost;
    if (isRecord(lost) && !hasShapeError(lostPath)) {
      const namesSomething = LOSS_KINDS.some((kind) => Array.isArray(lost[kind]) && lost[kind].length > 0);
      if (!namesSomething) {
        errors.push({
          location: source.locate(lostPath),
          path: lostPath,
          message: 'lost names nothing: a scenario must lose at least one computer, database or site',
          expected: 'for example `lost: { computers: [SM01] }`',
        });
      }
    }
  });
  return errors;
}

/**
 * Drops repeated reports of one problem: a field can fail two checks that say the same thing
 * (a duration fails both its pattern and its parse), and the user needs to read it once.
 */
function dedupeErrors(errors: readonly InputError[]): InputError[] {
  const seen = new Set<string>();
  return errors.filter((error) => {
    const key = JSON.stringify([error.path, error.message, error.expected ?? '']);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** File order, so that the first error printed is the first one in the file. */
function sortErrors(errors: InputError[]): InputError[] {
  return errors
    .map((error, order) => ({ error, order }))
    .sort(
      (a, b) =>
        a.error.location.line - b.error.location.line ||
        a.error.location.column - b.error.location.column ||
        a.order - b.order,
    )
    .map(({ error }) => error);
}

/** The `environment` path as the CLI should open it: relative to the plan file's directory. */
function resolveEnvironmentPath(environment: string | undefined, file: string): string | undefined {
  if (environment === undefined) return undefined;
  if (isAbsolute(environment)) return environment;
  // join (not resolve) keeps a relative plan path relative, like every other location.
  return join(dirname(file), environment);
}

/** Builds the normalized plan from a value that passed the shape and semantic checks. */
function normalizePlan(raw: RawPlan, source: ParsedSource, file: string): LoadResult<Plan> {
  const errors: InputError[] = [];
  const located = (path: NodePath): Located => ({ location: source.locate(path), path });

  const scenarios = raw.scenarios.map((rawScenario, scenarioIndex): Scenario => {
    const scenarioPath = ['scenarios', scenarioIndex];
    const lostPath = [...scenarioPath, 'lost'];
    const lostEntries = (kind: (typeof LOSS_KINDS)[number]) =>
      (rawScenario.lost[kind] ?? []).map((name, index) => ({ name, ...located([...lostPath, kind, index]) }));
    const lost: LossSpec & Located = {
      computers: lostEntries('computers'),
      databases: lostEntries('databases'),
      sites: lostEntries('sites'),
      ...located(lostPath),
    };

    const steps = rawScenario.steps.map((written, index): PlanStep => {
      const rawStep: RawStep = written;
      const stepPath = [...scenarioPath, 'steps', index];
      const action = rawStep.action;
      const params: Record<string, string> = {};
      const paramLocations: Record<string, Located> = {};
      for (const parameter of ACTIONS[action].parameters) {
        const value = rawStep[parameter.name];
        if (typeof value !== 'string') continue;
        params[parameter.name] = value;
        paramLocations[parameter.name] = located([...stepPath, parameter.name]);
      }
      let durationSeconds: number | undefined;
      if (rawStep.duration !== undefined) {
        durationSeconds = parseDuration(rawStep.duration);
        if (durationSeconds === undefined) {
          // The schema refines durations with the same parser; kept so that a drift between the
          // pattern and the parser is an input error, not a step with no duration.
          errors.push({
            location: source.locate([...stepPath, 'duration']),
            path: [...stepPath, 'duration'],
            message: `invalid duration '${rawStep.duration}'`,
          });
        }
      }
      return {
        index,
        action,
        params,
        paramLocations,
        ...(durationSeconds === undefined ? {} : { durationSeconds }),
        ...(rawStep.owner === undefined ? {} : { owner: rawStep.owner }),
        ...(rawStep.note === undefined ? {} : { note: rawStep.note }),
        ...(rawStep.id === undefined ? {} : { id: rawStep.id }),
        ...(rawStep.team === undefined ? {} : { team: rawStep.team }),
        ...(rawStep.after === undefined
          ? {}
          : {
              after:
                typeof rawStep.after === 'string'
                  ? [{ id: rawStep.after, ...located([...stepPath, 'after']) }]
                  : rawStep.after.map((id, at) => ({ id, ...located([...stepPath, 'after', at]) })),
            }),
        ...located(stepPath),
      };
    });

    return {
      id: rawScenario.id,
      ...(rawScenario.title === undefined ? {} : { title: rawScenario.title }),
      lost,
      steps,
      ...(rawScenario.teams === undefined ? {} : { teams: { ...rawScenario.teams } }),
      ...located(scenarioPath),
    };
  });

  const waivers = loadWaivers(raw.waivers, source, errors);
  if (errors.length > 0) return { ok: false, errors };
  const environment = resolveEnvironmentPath(raw.environment, file);
  return {
    ok: true,
    value: {
      file,
      version: 1,
      ...(environment === undefined ? {} : { environment }),
      scenarios,
      scenariosLocation: source.locate(['scenarios'], 'key'),
      ...(waivers.length > 0 ? { waivers } : {}),
      ...located([]),
    },
  };
}

/** The declared names of an environment that a plan may refer to (see `environmentNames`). */
export interface PlanReferenceNames {
  readonly computers: readonly string[];
  /** SQL instance ids: `COMPUTER` for a default instance, `COMPUTER\NAME` for a named one. */
  readonly instances: readonly string[];
  readonly databases: readonly string[];
  readonly serviceManagerGroups: readonly string[];
  readonly dataWarehouseGroups: readonly string[];
  /** The computers of the management servers (Service Manager and data warehouse). */
  readonly managementServers: readonly string[];
  readonly sites: readonly string[];
}

/** A name in a plan that matches nothing the environment declares. */
export interface UnresolvedReference {
  /** The step that holds the reference (as rewritten in the returned plan); absent for `lost` entries. */
  readonly step?: PlanStep;
  /** The id of the scenario the reference is in. */
  readonly scenario: string;
  /** The parameter name, or `lost.computers` / `lost.databases` / `lost.sites`. */
  readonly parameter: string;
  /** The name as written. */
  readonly value: string;
  readonly kind: ParameterKind | 'site';
  readonly location: SourceLocation;
  readonly path: NodePath;
  /** The declared name the value is probably a misspelling of. */
  readonly suggestion?: string;
}

/** True for the default instance's own name: `SQL01\MSSQLSERVER` is `SQL01`. */
function isDefaultInstance(instanceName: string): boolean {
  return instanceName.toUpperCase() === DEFAULT_INSTANCE;
}

/**
 * The canonical key of an instance id: case-insensitive, and `COMPUTER\MSSQLSERVER` is
 * `COMPUTER`. A malformed id keys as written, so it matches nothing well-formed.
 */
function instanceKey(id: string): string {
  const parts = splitInstanceId(id);
  if (parts === undefined) return id.toLowerCase();
  const canonical = isDefaultInstance(parts.instanceName)
    ? parts.computer
    : `${parts.computer}\\${parts.instanceName}`;
  return canonical.toLowerCase();
}

const nameKey = (name: string) => name.toLowerCase();

/** Names of one kind, looked up case-insensitively (or by instance key), returning the declared spelling. */
class NameTable {
  private readonly byKey = new Map<string, string>();
  constructor(
    names: Iterable<string>,
    private readonly keyOf: (name: string) => string = nameKey,
  ) {
    for (const name of names) this.add(name);
  }
  add(name: string): void {
    // The first declaration wins; the environment loader has already refused duplicates.
    if (!this.byKey.has(this.keyOf(name))) this.byKey.set(this.keyOf(name), name);
  }
  lookup(name: string): string | undefined {
    return this.byKey.get(this.keyOf(name));
  }
  names(): string[] {
    return [...this.byKey.values()];
  }
}

/**
 * Resolves the names in a plan against an environment's declared names: every reference in
 * step parameters and in `lost` is rewritten to its declared spelling (names are
 * case-insensitive; instance ids are `COMPUTER` or `COMPUTER\NAME`, and
 * `COMPUTER\MSSQLSERVER` is `COMPUTER`), and every reference that matches nothing is listed
 * with a did-you-mean. `url` and `text` parameters are not references; `role` is an
 * enumeration the schema already checked.
 *
 * A plan may introduce computers the environment does not declare: `provision-computer` may
 * name a brand-new computer, later steps of the same scenario may then use it, and
 * `install-sql-server` may install an instance on it (which later steps may then use). Whether
 * introducing them is wise is for the rules (`same-computer-name`, `same-sql-instance`) to say.
 * Likewise `install-sql-server` may name an undeclared instance on a declared computer that the
 * scenario loses or provisions again: that is a host rebuilt under another instance name, which
 * `same-sql-instance` reports at the step. An instance on a computer that is neither declared
 * nor provisioned, and a later step naming an instance no step installed, stay unresolved.
 *
 * This is a pure function; the plan is not modified.
 */
export function resolvePlanReferences(
  plan: Plan,
  names: PlanReferenceNames,
): { plan: Plan; unresolved: UnresolvedReference[] } {
  const tables = {
    computer: new NameTable(names.computers),
    instance: new NameTable(names.instances, instanceKey),
    database: new NameTable(names.databases),
    'management-server': new NameTable(names.managementServers),
    'service-manager-group': new NameTable(names.serviceManagerGroups),
    'data-warehouse-group': new NameTable(names.dataWarehouseGroups),
    site: new NameTable(names.sites),
  };
  const unresolved: UnresolvedReference[] = [];

  const scenarios = plan.scenarios.map((scenario): Scenario => {
    const resolveLost = (kind: 'computer' | 'database' | 'site', list: 'computers' | 'databases' | 'sites') =>
      scenario.lost[list].map((entry) => {
        const declared = tables[kind].lookup(entry.name);
        if (declared !== undefined) return { ...entry, name: declared };
        const suggestion = didYouMean(entry.name, tables[kind].names());
        unresolved.push({
          scenario: scenario.id,
          parameter: `lost.${list}`,
          value: entry.name,
          kind,
          location: entry.location,
          path: entry.path,
          ...(suggestion === undefined ? {} : { suggestion }),
        });
        return entry;
      });
    const lost = {
      ...scenario.lost,
      computers: resolveLost('computer', 'computers'),
      databases: resolveLost('database', 'databases'),
      sites: resolveLost('site', 'sites'),
    };

    // What earlier steps of this scenario brought into being that the environment lacks.
    const provisioned = new NameTable([]);
    const installed = new NameTable([], instanceKey);
    // Declared computers this scenario loses or provisions again: SQL Server installed on one
    // of them under an undeclared instance name is a rebuild under another name, which the
    // models report as `same-sql-instance` (D-DBREC), not a typo.
    const rebuilt = new NameTable(
      lost.computers.flatMap((entry) => {
        const declared = tables.computer.lookup(entry.name);
        return declared === undefined ? [] : [declared];
      }),
    );

    const steps = scenario.steps.map((step): PlanStep => {
      const params: Record<string, string> = { ...step.params };
      const misses: Array<{ parameter: string; value: string; kind: ParameterKind; suggestion?: string }> =
        [];
      for (const parameter of ACTIONS[step.action].parameters) {
        const value = step.params[parameter.name];
        const kind = parameter.refersTo;
        if (value === undefined || kind === 'role' || kind === 'url' || kind === 'text') continue;
        let resolved = tables[kind].lookup(value);
        let candidates = tables[kind].names();
        if (kind === 'computer') {
          resolved ??= provisioned.lookup(value);
          candidates = [...candidates, ...provisioned.names()];
          if (resolved === undefined && step.action === 'provision-computer') {
            // A brand-new computer is legal here; later steps may use it.
            provisioned.add(value);
            resolved = value;
          } else if (resolved !== undefined && step.action === 'provision-computer') {
            rebuilt.add(resolved);
          }
        } else if (kind === 'instance') {
          resolved ??= installed.lookup(value);
          candidates = [...candidates, ...installed.names()];
          if (resolved === undefined && step.action === 'install-sql-server') {
            resolved = instanceOnProvisioned(value, provisioned) ?? instanceOnProvisioned(value, rebuilt);
            if (resolved !== undefined) installed.add(resolved);
          }
        }
        if (resolved !== undefined) {
          params[parameter.name] = resolved;
        } else {
          const suggestion = didYouMean(value, candidates);
          misses.push({
            parameter: parameter.name,
            value,
            kind,
            ...(suggestion === undefined ? {} : { suggestion }),
          });
        }
      }
      const rewritten: PlanStep = { ...step, params };
      for (const miss of misses) {
        const at = step.paramLocations[miss.parameter] ?? step;
        unresolved.push({
          step: rewritten,
          scenario: scenario.id,
          ...miss,
          location: at.location,
          path: at.path,
        });
      }
      return rewritten;
    });

    return { ...scenario, lost, steps };
  });

  return { plan: { ...plan, scenarios }, unresolved };
}

/**
 * The canonical id of an instance on a computer of `computers` (one an earlier step
 * provisioned, or a declared computer the scenario rebuilds), in that computer's spelling
 * (`NEW01` for the default instance, `NEW01\NAME` for a named one), or `undefined` when the
 * instance's computer is not among them.
 */
function instanceOnProvisioned(id: string, provisioned: NameTable): string | undefined {
  const parts = splitInstanceId(id);
  const computer = parts === undefined ? undefined : provisioned.lookup(parts.computer);
  if (parts === undefined || computer === undefined) return undefined;
  return isDefaultInstance(parts.instanceName) ? computer : `${computer}\\${parts.instanceName}`;
}
