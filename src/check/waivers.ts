import type { Environment } from '../environment/types.js';
import type { Plan } from '../plan/types.js';
import { getRule } from '../rules/catalog.js';
import type { Finding, RuleCategory } from '../rules/types.js';
import type { Waiver } from '../rules/waiver.js';

/** What waivers are matched against: the loaded inputs (which carry the waivers) and the date. */
export interface WaiverContext {
  readonly environment: Environment;
  readonly plan?: Plan;
  /** The date expiry is judged at, epoch milliseconds. */
  readonly asOfMillis: number;
}

/** The environment's lists whose entries a finding's node path can point into. */
const ENVIRONMENT_LISTS = [
  'computers',
  'sqlInstances',
  'databases',
  'managementGroups',
  'managementServers',
  'drills',
] as const;

/** The fields of an environment entry that name something a waiver target can name. */
const NAME_FIELDS = ['name', 'id', 'computer', 'instance', 'scenario'] as const;

/**
 * The names a finding is about, lower-cased: its scenario, its plan step as `scenario#N` (N
 * from 1, as the reports number steps) with the names the step's parameters give, the entry of
 * the environment its node sits in with that entry's names (a database's name, instance and
 * computer), and its `subject`.
 */
function subjects(finding: Finding, context: WaiverContext): Set<string> {
  const names = new Set<string>();
  const add = (name: unknown): void => {
    if (typeof name === 'string' && name !== '') names.add(name.toLowerCase());
  };
  add(finding.scenario);
  add(finding.subject);
  const path = finding.path ?? [];
  if (context.plan !== undefined && finding.location.file === context.plan.file) {
    if (path[0] === 'scenarios' && path[2] === 'steps' && typeof path[3] === 'number') {
      const scenario = context.plan.scenarios.find((candidate) => candidate.path[1] === path[1]);
      add(`${scenario?.id ?? finding.scenario}#${path[3] + 1}`);
      const step = scenario?.steps[path[3]];
      for (const value of Object.values(step?.params ?? {})) add(value);
    }
  } else if (finding.location.file === context.environment.file) {
    const list = ENVIRONMENT_LISTS.find((key) => key === path[0]);
    if (list !== undefined) {
      const entry = (context.environment[list] as readonly { readonly path: readonly unknown[] }[]).find(
        (candidate) => candidate.path[0] === path[0] && candidate.path[1] === path[1],
      ) as Readonly<Record<string, unknown>> | undefined;
      for (const field of NAME_FIELDS) add(entry?.[field]);
    }
  }
  return names;
}

function matches(waiver: Waiver, finding: Finding, context: WaiverContext, file: string): boolean {
  if (waiver.rule !== finding.ruleId) return false;
  if (waiver.kind === 'inSource') {
    // A comment waives the findings located on its node's line, in its own file.
    return finding.location.file === file && (waiver.lines ?? []).includes(finding.location.line);
  }
  return waiver.target === undefined || subjects(finding, context).has(waiver.target.toLowerCase());
}

/**
 * Applies the waivers (of the rules of one category) of the environment and the plan to findings: a finding a live waiver
 * matches is returned with its `suppression` (the first matching waiver's reason), the others
 * unchanged; then one `waiver-expired` warning per waiver whose date has passed (it waives
 * nothing) and one `waiver-unused` note per live waiver that matched nothing, located at the
 * waiver. This is a pure function; the caller sorts.
 */
export function applyWaivers(
  findings: readonly Finding[],
  context: WaiverContext,
  category: RuleCategory,
): Finding[] {
  // Each waiver is judged where its rule is evaluated (plan rules by checkPlan, environment
  // rules by the readiness score), so a waiver is never called unused by a command that does
  // not evaluate its rule.
  const sources: { waiver: Waiver; file: string }[] = [
    ...(context.environment.waivers ?? []).map((waiver) => ({ waiver, file: context.environment.file })),
    ...(context.plan?.waivers ?? []).map((waiver) => ({ waiver, file: context.plan!.file })),
  ].filter(({ waiver }) => getRule(waiver.rule)?.category === category);
  if (sources.length === 0) return [...findings];
  const live = sources.filter(
    ({ waiver }) => waiver.expiresMillis === undefined || context.asOfMillis < waiver.expiresMillis,
  );
  const used = new Set<Waiver>();
  const out: Finding[] = findings.map((finding) => {
    if (finding.suppression !== undefined) return finding;
    const match = live.find(({ waiver, file }) => matches(waiver, finding, context, file));
    if (match === undefined) return finding;
    used.add(match.waiver);
    return {
      ...finding,
      suppression: {
        kind: match.waiver.kind,
        justification: match.waiver.reason,
        location: match.waiver.location,
      },
    };
  });
  for (const { waiver } of sources) {
    const expired = !live.some((entry) => entry.waiver === waiver);
    if (!expired && used.has(waiver)) continue;
    const ruleId = expired ? 'waiver-expired' : 'waiver-unused';
    const what = `the waiver of ${waiver.rule}${waiver.target !== undefined ? ` for '${waiver.target}'` : ''}`;
    out.push({
      ruleId,
      severity: getRule(ruleId)!.severity,
      message: expired
        ? `${what} expired on ${waiver.expires}; its findings count again`
        : `${what} matches no finding`,
      location: waiver.location,
      path: waiver.path,
    });
  }
  return out;
}
