import type { Command, Option } from 'commander';
import { escapeMarkdownCell } from '../../report/markdown-escape.js';
import { RULES } from '../../rules/catalog.js';
import type { RuleMeta } from '../../rules/types.js';
import { contextFor, withCommonOptions } from '../common.js';

interface RulesOptions {
  readonly format: 'text' | 'json' | 'markdown';
  readonly color?: boolean;
}

/** `scsm-dr rules`: the rule catalog, read from the one metadata table. */
export function registerRules(
  program: Command,
  formatOption: (choices: string[], fallback: string) => Option,
): void {
  withCommonOptions(
    program
      .command('rules')
      .description('list every rule with its id, severity and title')
      .addOption(formatOption(['text', 'json', 'markdown'], 'text')),
  ).action((options: RulesOptions) => {
    const context = contextFor(options);
    if (options.format === 'json') {
      context.stdout.write(`${JSON.stringify({ rules: RULES.map(ruleJson) }, null, 2)}\n`);
      return;
    }
    if (options.format === 'markdown') {
      const rows = RULES.map(
        (rule) =>
          `| [\`${rule.id}\`](docs/rules/${rule.id}.md) | ${rule.category} | ${rule.severity} | ${escapeMarkdownCell(rule.title)} | ${rule.citations.join(', ')} |`,
      );
      context.stdout.write(
        ['| rule | category | severity | title | citations |', '|---|---|---|---|---|', ...rows, ''].join(
          '\n',
        ),
      );
      return;
    }
    const c = context.out;
    const width = Math.max(...RULES.map((rule) => rule.id.length));
    for (const category of ['plan', 'environment'] as const) {
      context.stdout.write(
        `${c.bold(category === 'plan' ? 'Plan rules' : 'Environment (readiness) rules')}\n`,
      );
      for (const rule of RULES.filter((candidate) => candidate.category === category)) {
        const severity =
          rule.severity === 'error'
            ? c.red('error  ')
            : rule.severity === 'warning'
              ? c.yellow('warning')
              : c.blue('note   ');
        context.stdout.write(`  ${rule.id.padEnd(width)}  ${severity}  ${rule.title}\n`);
      }
    }
  });
}

function ruleJson(rule: RuleMeta) {
  return {
    id: rule.id,
    category: rule.category,
    severity: rule.severity,
    title: rule.title,
    citations: rule.citations,
    rationale: rule.rationale,
    remediation: rule.remediation,
    ...(rule.documentationGap ? { documentationGap: rule.documentationGap } : {}),
    ...(rule.enforcedBy ? { enforcedBy: rule.enforcedBy } : {}),
    docs: `docs/rules/${rule.id}.md`,
  };
}
