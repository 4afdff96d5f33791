import type { Command } from 'commander';
import { formatDuration } from '../../common/duration.js';
import { printable, terminalText } from '../../common/printable.js';
import type { Environment } from '../../environment/types.js';
import type { Plan } from '../../plan/types.js';
import { type CommandContext, contextFor, withCommonOptions, withConfigOptions } from '../common.js';

interface ValidateOptions {
  readonly config?: string | false;
  readonly plan?: string;
  readonly format?: 'text' | 'json';
  readonly color?: boolean;
  readonly quiet?: boolean;
}

/** `scsm-dr validate <environment> [--plan <plan>]`: load, check, and summarise the inputs. */
export function registerValidate(program: Command): void {
  withConfigOptions(
    withCommonOptions(
      program
        .command('validate')
        .description('check an environment description (and a plan) for input errors, and summarise them')
        .argument('[environment]', "environment description (YAML or JSON); default: the plan's environment:")
        .option('-p, --plan <plan>', 'recovery plan to validate against the environment')
        .option('-f, --format <format>', 'output format: text | json', 'text'),
    ),
  ).action(async (argument: string | undefined, given: ValidateOptions) => {
    const context = contextFor(given);
    // The loaders (YAML parser, schemas) are imported when the command runs, not when it is declared.
    const [{ requireInputs, requireResolvedPlan }, { resolveInputPaths }] = await Promise.all([
      import('../inputs.js'),
      import('../../config/resolve.js'),
    ]);
    const options = await resolveInputPaths(argument, given, { asOf: false });
    const inputs = await requireInputs(options.environment, options.plan, (text) =>
      context.stderr.write(text),
    );
    const { environment } = inputs;
    const plan = inputs.plan === undefined ? undefined : requireResolvedPlan(inputs.plan, environment);
    if (options.format === 'json') {
      context.stdout.write(`${JSON.stringify(summarise(environment, plan), null, 2)}\n`);
    } else {
      context.stdout.write(terminalText(renderSummary(environment, plan, context)));
    }
  });
}

/** A stable, documented summary of what the inputs contain. */
export function summarise(environment: Environment, plan: Plan | undefined) {
  return {
    valid: true,
    environment: {
      file: environment.file,
      name: environment.name,
      product: environment.product,
      objectives: {
        rtoSeconds: environment.objectives.rtoSeconds,
        rpoSeconds: environment.objectives.rpoSeconds,
      },
      computers: environment.computers.map((computer) => ({
        name: computer.name,
        ...(computer.site ? { site: computer.site } : {}),
        hosts: hostedOn(environment, computer.name),
      })),
      sqlInstances: environment.sqlInstances.map((instance) => instance.id),
      databases: environment.databases.map((database) => ({
        name: database.name,
        instance: database.instance,
        role: database.role,
        backedUp: database.backup !== undefined,
      })),
      managementGroups: environment.managementGroups.map((group) =>
        group.type === 'service-manager'
          ? {
              name: group.name,
              type: group.type,
              database: group.database,
              managementServers: group.managementServers,
            }
          : {
              name: group.name,
              type: group.type,
              database: group.databases.staging,
              managementServers: [group.managementServer],
            },
      ),
    },
    ...(plan
      ? {
          plan: {
            file: plan.file,
            scenarios: plan.scenarios.map((scenario) => ({
              id: scenario.id,
              lost: {
                computers: scenario.lost.computers.map((entry) => entry.name),
                databases: scenario.lost.databases.map((entry) => entry.name),
                sites: scenario.lost.sites.map((entry) => entry.name),
              },
              steps: scenario.steps.length,
            })),
          },
        }
      : {}),
  };
}

/** What runs on a computer, in words: management servers, instances and their databases. */
function hostedOn(environment: Environment, computer: string): string[] {
  const hosted: string[] = [];
  for (const server of environment.managementServers) {
    if (server.computer !== computer) continue;
    hosted.push(
      server.role === 'data-warehouse'
        ? `data warehouse management server (${server.managementGroup})`
        : `${server.role} management server (${server.managementGroup})`,
    );
  }
  for (const instance of environment.sqlInstances) {
    if (instance.computer !== computer) continue;
    const databases = environment.databases
      .filter((database) => database.instance === instance.id)
      .map((d) => d.name);
    hosted.push(`SQL ${instance.id}${databases.length > 0 ? `: ${databases.join(', ')}` : ''}`);
  }
  return hosted;
}

function renderSummary(environment: Environment, plan: Plan | undefined, context: CommandContext): string {
  const c = context.out;
  // Every name below comes from the input files: each goes through `printable` on its own.
  const p = printable;
  const lines: string[] = [];
  lines.push(
    `${c.green('✓')} ${p(environment.file)}: ${c.bold(p(environment.name))} (${p(environment.product)}), RTO ${formatDuration(environment.objectives.rtoSeconds)}, RPO ${formatDuration(environment.objectives.rpoSeconds)}`,
  );
  for (const computer of environment.computers) {
    const hosts = hostedOn(environment, computer.name);
    lines.push(`  ${c.bold(p(computer.name))}${computer.site ? c.dim(` [site ${p(computer.site)}]`) : ''}`);
    for (const entry of hosts) lines.push(`    - ${p(entry)}`);
    if (hosts.length === 0) lines.push(c.dim('    - (nothing declared)'));
  }
  const groups = environment.managementGroups.map((group) => `${p(group.name)} (${group.type})`);
  lines.push(`  management groups: ${groups.join(', ')}`);
  if (plan) {
    const steps = plan.scenarios.reduce((total, scenario) => total + scenario.steps.length, 0);
    lines.push(`${c.green('✓')} ${p(plan.file)}: ${plan.scenarios.length} scenarios, ${steps} steps`);
    for (const scenario of plan.scenarios) {
      const lost = [
        ...scenario.lost.computers.map((entry) => entry.name),
        ...scenario.lost.databases.map((entry) => `database ${entry.name}`),
        ...scenario.lost.sites.map((entry) => `site ${entry.name}`),
      ].map(p);
      lines.push(`  ${c.bold(p(scenario.id))}: loses ${lost.join(', ')}; ${scenario.steps.length} steps`);
    }
  }
  return `${lines.join('\n')}\n`;
}
