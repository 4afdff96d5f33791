/**
 * The catalog's `enforcedBy` strings against the real machine definitions: every named machine,
 * source state, event and target exists, the transition carries the rule id in its meta, and,
 * the other way round, every transition of a machine that carries a plan rule's id is named by
 * that rule. The rule docs pages show the same clauses.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AnyStateMachine, AnyStateNode } from 'xstate';
import {
  ALL_EVENT_TYPES,
  MACHINE_KINDS,
  MACHINES,
  type MachineKind,
  type StateMeta,
  type TransitionMeta,
} from '../../src/models/index.js';
import { RULES } from '../../src/rules/catalog.js';
import type { RuleMeta } from '../../src/rules/types.js';
import { type EnforcedByClause, NO_CHANGE, parseEnforcedBy, splitClauses } from './enforced-by-syntax.js';

const PLAN_RULES = RULES.filter((rule) => rule.category === 'plan');
const repoRoot = new URL('../../', import.meta.url);
// The checker's own rules are reported in check.ts, and the waiver rules in waivers.ts beside it.
const checkSource = ['src/check/check.ts', 'src/check/waivers.ts']
  .map((file) => readFileSync(new URL(file, repoRoot), 'utf8'))
  .join('\n');
/** `verdict` in src/models/verdict.ts: the final-state reasons. */
const verdictSource = readFileSync(new URL('src/models/verdict.ts', repoRoot), 'utf8');
/** The routing of steps: the router, the step API and one route per action in routes/. */
const routingSource = [
  'src/models/router.ts',
  'src/models/step.ts',
  ...readdirSync(new URL('src/models/routes/', repoRoot)).map((file) => `src/models/routes/${file}`),
]
  .map((file) => readFileSync(new URL(file, repoRoot), 'utf8'))
  .join('\n');

function isMachineKind(name: string): name is MachineKind {
  return (MACHINE_KINDS as readonly string[]).includes(name);
}

/** The state node at a dotted path below the root, or `undefined`. */
function stateNode(machine: AnyStateMachine, path: string): AnyStateNode | undefined {
  let node: AnyStateNode | undefined = machine.root;
  for (const segment of path.split('.')) node = node?.states[segment] as AnyStateNode | undefined;
  return node;
}

function pathOf(node: AnyStateNode): string {
  return node.path.join('.');
}

/** One transition definition that carries a violation. */
interface ViolationTransition {
  readonly machine: MachineKind;
  readonly source: string;
  readonly event: string;
  readonly target: string | undefined;
  readonly ruleId: string;
}

/** Every transition of every machine whose meta carries a violation, found by walking the definitions. */
function violationTransitions(): ViolationTransition[] {
  const out: ViolationTransition[] = [];
  for (const kind of MACHINE_KINDS) {
    const walk = (node: AnyStateNode): void => {
      for (const [event, definitions] of node.transitions) {
        for (const definition of definitions) {
          const violation = (definition.meta as TransitionMeta | undefined)?.violation;
          if (violation === undefined) continue;
          const targetNode = definition.target?.[0];
          out.push({
            machine: kind,
            source: pathOf(node),
            event,
            target: targetNode === undefined ? undefined : pathOf(targetNode),
            ruleId: violation.ruleId,
          });
        }
      }
      for (const child of Object.values(node.states) as AnyStateNode[]) walk(child);
    };
    walk(MACHINES[kind].root);
  }
  return out;
}

const ALL_VIOLATIONS = violationTransitions();

function clausesOf(rule: RuleMeta): EnforcedByClause[] {
  return rule.enforcedBy === undefined ? [] : parseEnforcedBy(rule.enforcedBy);
}

function key(machine: string, source: string, event: string, target: string | undefined): string {
  return `${machine}: ${source} --${event}--> ${target ?? NO_CHANGE}`;
}

describe('enforcedBy of the rule catalog', () => {
  it('is given for every plan rule and for no environment rule', () => {
    for (const rule of RULES) {
      if (rule.category === 'plan') expect(rule.enforcedBy, rule.id).toBeDefined();
      else expect(rule.enforcedBy, rule.id).toBeUndefined();
    }
  });

  it('finds some violating transition in the machines at all (the walk works)', () => {
    expect(ALL_VIOLATIONS.length).toBeGreaterThan(20);
    expect(ALL_VIOLATIONS).toContainEqual({
      machine: 'managementServer',
      source: 'provisioned',
      event: 'install-management-server',
      target: 'broken.setupBeforeKeyRestore',
      ruleId: 'key-restored-before-setup',
    });
  });

  it('parses the notation, nested separators included', () => {
    expect(
      splitClauses(`database: restored --use--> ${NO_CHANGE}; system: verdict (a; b); check: x`),
    ).toEqual([`database: restored --use--> ${NO_CHANGE}`, 'system: verdict (a; b)', 'check: x']);
    expect(
      parseEnforcedBy(`managementServer: {lost, keyRestored} --promote-workflow-server--> ${NO_CHANGE}`),
    ).toEqual([
      {
        kind: 'machine',
        machine: 'managementServer',
        sources: ['lost', 'keyRestored'],
        event: 'promote-workflow-server',
        target: undefined,
      },
    ]);
    expect(() =>
      parseEnforcedBy('managementServer: provisioned --install-management-server--> broken(x)'),
    ).toThrow(/not an enforcedBy clause/);
    expect(() => parseEnforcedBy('system: somewhere')).toThrow(/not an enforcedBy clause/);
  });

  describe.each(PLAN_RULES.map((rule) => [rule.id, rule] as const))('%s', (id, rule) => {
    const clauses = clausesOf(rule);

    it('names only existing machines, states, events and targets, on transitions that carry the rule id', () => {
      expect(clauses.length).toBeGreaterThan(0);
      for (const clause of clauses) {
        if (clause.kind !== 'machine') continue;
        const label = `${id}: ${clause.machine} ${clause.sources.join(',')} ${clause.event}`;
        expect(isMachineKind(clause.machine), label).toBe(true);
        if (!isMachineKind(clause.machine)) continue;
        const machine = MACHINES[clause.machine];
        expect(machine.id, label).toBe(clause.machine);
        expect(ALL_EVENT_TYPES as readonly string[], label).toContain(clause.event);
        if (clause.target !== undefined) {
          const target = stateNode(machine, clause.target);
          expect(target, `${label}: no state ${clause.target}`).toBeDefined();
          // A violation that moves the component lands in the state that stands for the rule.
          expect((target?.meta as StateMeta | undefined)?.ruleId, `${label} → ${clause.target}`).toBe(id);
        }
        expect(new Set(clause.sources).size, label).toBe(clause.sources.length);
        for (const source of clause.sources) {
          const node = stateNode(machine, source);
          expect(node, `${label}: no state ${source}`).toBeDefined();
          const definitions = node?.transitions.get(clause.event) ?? [];
          const matching = definitions.filter((definition) => {
            const violation = (definition.meta as TransitionMeta | undefined)?.violation;
            const target = definition.target?.[0];
            return (
              violation?.ruleId === id &&
              (target === undefined ? undefined : pathOf(target)) === clause.target
            );
          });
          expect(
            matching.length,
            `${key(clause.machine, source, clause.event, clause.target)} is not a transition of the machine carrying ${id}`,
          ).toBeGreaterThan(0);
        }
      }
    });

    it('names every machine transition that carries the rule id', () => {
      const named = new Set(
        clauses.flatMap((clause) =>
          clause.kind === 'machine'
            ? clause.sources.map((source) => key(clause.machine, source, clause.event, clause.target))
            : [],
        ),
      );
      const carried = new Set(
        ALL_VIOLATIONS.filter((transition) => transition.ruleId === id).map((transition) =>
          key(transition.machine, transition.source, transition.event, transition.target),
        ),
      );
      expect([...named].sort()).toEqual([...carried].sort());
    });

    it('points system and check clauses at code that reports the rule', () => {
      for (const clause of clauses) {
        if (clause.kind === 'system' && clause.part === 'verdict') {
          expect(verdictSource, `${id}: system: verdict`).toContain(`'${id}'`);
        } else if (clause.kind === 'system') {
          expect(routingSource, `${id}: system: step`).toContain(`'${id}'`);
        } else if (clause.kind === 'check') {
          expect(checkSource, `${id}: check`).toContain(`'${id}'`);
        }
      }
      // A rule that no machine transition carries is reported by the system or the checker.
      if (!clauses.some((clause) => clause.kind === 'machine')) {
        expect(clauses.some((clause) => clause.kind !== 'machine')).toBe(true);
      }
    });

    it('is shown on the rule page, clause by clause', () => {
      const page = readFileSync(new URL(`docs/rules/${id}.md`, repoRoot), 'utf8');
      const row = page.split('\n').find((line) => line.startsWith('| Enforced by |'));
      expect(row, `docs/rules/${id}.md has no Enforced by row`).toBeDefined();
      const cell = row!.slice('| Enforced by |'.length, row!.lastIndexOf('|')).trim();
      expect(cell.split('<br>').map((part) => part.replace(/^`|`$/g, ''))).toEqual(
        splitClauses(rule.enforcedBy ?? ''),
      );
    });
  });

  it('every violation the machines carry belongs to a plan rule of the catalog', () => {
    const planIds = new Set(PLAN_RULES.map((rule) => rule.id));
    for (const transition of ALL_VIOLATIONS) expect(planIds, transition.ruleId).toContain(transition.ruleId);
  });
});
