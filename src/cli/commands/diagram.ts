import type { Command } from 'commander';
import { Option } from 'commander';
import type { CheckResult } from '../../check/types.js';
import { UserError } from '../../common/errors.js';
import { didYouMean } from '../../common/suggest.js';
import type { Environment } from '../../environment/types.js';
import type { Plan } from '../../plan/types.js';
import type { TitledDiagram } from '../../report/mermaid/document.js';
import { DIAGRAM_KINDS, type DiagramKind } from '../../report/mermaid/kinds.js';
import { contextFor, withCommonOptions, withConfigOptions } from '../common.js';
import { writeFileAtomic } from '../io.js';
import { formatForFile } from '../outputs.js';
import { VERSION } from '../version.js';

interface DiagramOptions {
  readonly kind: DiagramKind;
  readonly config?: string | false;
  readonly plan?: string;
  readonly scenario?: string;
  readonly format: 'mermaid' | 'markdown';
  readonly output?: string;
  readonly color?: boolean;
  readonly quiet?: boolean;
  readonly asOf?: string;
}

const DIAGRAM_FORMATS = ['mermaid', 'markdown'] as const;

/** `scsm-dr diagram`: Mermaid text for the topology, the machines, a plan, its timeline or a trace. */
export function registerDiagram(program: Command): void {
  withConfigOptions(
    withCommonOptions(
      program
        .command('diagram')
        .description('print Mermaid diagrams: topology, machines, plan, gantt or trace')
        .argument('[environment]', "environment description (YAML or JSON); default: the plan's environment:")
        .addOption(
          new Option('-k, --kind <kind>', 'which diagram').choices(DIAGRAM_KINDS).makeOptionMandatory(),
        )
        .option('-p, --plan <plan>', 'recovery plan (for plan, gantt and trace)')
        .option('-s, --scenario <id>', 'only this scenario of the plan')
        .addOption(
          new Option('-f, --format <format>', 'bare Mermaid text, or Markdown with ```mermaid blocks')
            .choices(DIAGRAM_FORMATS)
            .default('mermaid'),
        )
        .option(
          '-o, --output <file>',
          'write to a file (whole or not at all) instead of stdout; without --format, .md is Markdown',
        ),
    ),
  ).action(async (argument: string | undefined, given: DiagramOptions, command: Command) => {
    const context = contextFor(given);
    const [{ requireInputs }, { resolveInputPaths }] = await Promise.all([
      import('../inputs.js'),
      import('../../config/resolve.js'),
    ]);
    const options = await resolveInputPaths(argument, given, { asOf: true });
    const {
      environment,
      environmentFile: file,
      plan,
    } = await requireInputs(options.environment, options.plan, (text) => context.stderr.write(text));
    const diagrams = await buildDiagrams(environment, plan, options, (text) => {
      if (!context.quiet) context.stderr.write(text);
    });
    const { diagramDocument } = await import('../../report/mermaid/document.js');
    // `-o diagrams.md` without `--format` is Markdown that renders, not bare Mermaid text.
    const text = diagramDocument(
      diagrams,
      formatForFile(command, options.format, options.output, DIAGRAM_FORMATS),
    );
    if (options.output) {
      await writeFileAtomic(options.output, text, [file, ...(options.plan ? [options.plan] : [])]);
      if (!context.quiet) context.stderr.write(`wrote ${options.output}\n`);
    } else {
      context.stdout.write(text);
    }
  });
}

/** The diagrams of `--kind`; the builders (and for a plan, the checker) are imported here, when run. */
async function buildDiagrams(
  environment: Environment,
  plan: Plan | undefined,
  options: DiagramOptions,
  note: (text: string) => void,
): Promise<TitledDiagram[]> {
  switch (options.kind) {
    case 'topology': {
      const { topologyDiagram } = await import('../../report/mermaid/topology.js');
      return [{ title: `topology of ${environment.name}`, mermaid: topologyDiagram(environment) }];
    }
    case 'machines': {
      const { machineDiagrams } = await import('../../models/diagram.js');
      return machineDiagrams().map((diagram) => ({
        title: diagram.title,
        mermaid: diagram.mermaid,
      }));
    }
    default: {
      if (!plan) throw new UserError(`--kind ${options.kind} needs --plan <plan>`);
      const [
        { judgementDate },
        { checkPlan },
        { modelExecutor },
        { createSystem },
        { ganttDiagram, noViolationDiagram, planDiagram, traceDiagram },
      ] = await Promise.all([
        import('../inputs.js'),
        import('../../check/check.js'),
        import('../../check/model-executor.js'),
        import('../../models/system.js'),
        import('../../report/mermaid/index.js'),
      ]);
      const result = checkPlan(environment, plan, {
        execute: modelExecutor(createSystem(environment)),
        version: VERSION,
        asOfMillis: judgementDate(options, environment),
      });
      const scenarios = selectScenarios(plan, result, options.scenario);
      if (options.kind === 'plan') {
        return scenarios.map(({ scenario, outcome }) => ({
          title: `plan of ${scenario.id}`,
          mermaid: planDiagram(scenario, outcome),
        }));
      }
      if (options.kind === 'gantt') {
        return scenarios.map(({ scenario }) => ({
          title: `timeline of ${scenario.id}`,
          mermaid: ganttDiagram(environment, scenario),
        }));
      }
      // trace: the first dynamic violation of each selected scenario, the shortest counterexample first.
      const traces = scenarios.flatMap(({ outcome }) => {
        const violation = outcome.findings
          .filter((finding) => finding.trace !== undefined)
          .sort((a, b) => (a.trace?.length ?? 0) - (b.trace?.length ?? 0))[0];
        return violation?.trace
          ? [
              {
                title: `trace of ${outcome.id}: ${violation.ruleId}`,
                mermaid: traceDiagram(violation.trace, violation, { environment }),
              },
            ]
          : [];
      });
      if (traces.length === 0) {
        // A sound plan is not an input error (exit 0): the output is still a diagram, saying so.
        const subject = options.scenario ? `scenario '${options.scenario}'` : 'the plan';
        note(
          `note: no step of ${subject} violates a rule, so there is no trace to draw; the diagram says so\n`,
        );
        return [{ title: `trace of ${subject}: no violation`, mermaid: noViolationDiagram(subject) }];
      }
      return traces;
    }
  }
}

function selectScenarios(plan: Plan, result: CheckResult, id: string | undefined) {
  const pairs = plan.scenarios.map((scenario, index) => ({ scenario, outcome: result.scenarios[index]! }));
  if (id === undefined) return pairs;
  const chosen = pairs.filter((pair) => pair.scenario.id === id);
  if (chosen.length === 0) {
    const suggestion = didYouMean(
      id,
      plan.scenarios.map((scenario) => scenario.id),
    );
    throw new UserError(
      `--scenario: no scenario '${id}' in ${plan.file}${suggestion ? `; did you mean '${suggestion}'?` : ''}`,
    );
  }
  return chosen;
}
