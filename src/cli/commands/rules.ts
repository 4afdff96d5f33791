import type { Command, Option } from 'commander';
import { UserError } from '../../common/errors.js';
import { didYouMean } from '../../common/suggest.js';
import { escapeMarkdownCell } from '../../report/markdown-escape.js';
import { severityLabel } from '../../report/severity-label.js';
import { getRule, RULE_IDS, RULES } from '../../rules/catalog.js';
import type { RuleMeta } from '../../rules/types.js';
import { type CommandContext, contextFor, withCommonOptions } from '../common.js';

interface RulesOptions {
  readonly format: 'text' | 'json' | 'markdown';
  readonly color?: boolean;
  readonly quiet?: boolean;
}

/**
 * `scsm-dr rules [id]`: the rule catalog, read from the one metadata table; with an id, that
 * rule's page (`docs/rules/<id>.md`) rendered for the terminal.
 */
export function registerRules(
  program: Command,
  formatOption: (choices: string[], fallback: string) => Option,
): void {
  withCommonOptions(
    program
      .command('rules')
      .description('list every rule with its id, severity and title, or explain one rule')
      .argument('[id]', "a rule id: print that rule's page (why, what it flags, how to fix, sources)")
      .addOption(formatOption(['text', 'json', 'markdown'], 'text')),
  ).action(async (id: string | undefined, options: RulesOptions) => {
    const context = contextFor(options);
    if (id !== undefined) {
      await explainRule(id, options, context);
      return;
    }
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
        const severity = severityLabel(rule.severity, c);
        context.stdout.write(`  ${rule.id.padEnd(width)}  ${severity}  ${rule.title}\n`);
      }
    }
  });
}

/** Prints one rule's page: rendered for the terminal, as Markdown, or its catalog entry as JSON. */
async function explainRule(id: string, options: RulesOptions, context: CommandContext): Promise<void> {
  const rule = getRule(id);
  if (rule === undefined) {
    const { printable } = await import('../../report/reporters/shared.js');
    const suggestion = didYouMean(id, RULE_IDS);
    throw new UserError(
      `unknown rule '${printable(id)}'${suggestion ? `; did you mean '${suggestion}'?` : ''} (\`scsm-dr rules\` lists every rule)`,
    );
  }
  if (options.format === 'json') {
    context.stdout.write(`${JSON.stringify(ruleJson(rule), null, 2)}\n`);
    return;
  }
  // The page and its renderer are loaded only to explain a rule, so the list stays fast.
  const [{ readRulePage }, { catalogRulePage, renderTerminalMarkdown }] = await Promise.all([
    import('../../rules/docs-page.js'),
    import('../../report/terminal-markdown.js'),
  ]);
  const page = await readRulePage(rule.id);
  if (page === undefined && !context.quiet) {
    context.stderr.write(`docs/rules/${rule.id}.md is not installed; showing the catalog entry\n`);
  }
  const markdown = page ?? catalogRulePage(rule);
  if (options.format === 'markdown') {
    context.stdout.write(markdown.endsWith('\n') ? markdown : `${markdown}\n`);
    return;
  }
  const columns = context.stdout.isTTY ? context.stdout.columns : undefined;
  context.stdout.write(
    renderTerminalMarkdown(markdown, {
      colors: context.out,
      width: Math.min(Math.max(columns ?? 80, 40), 100),
    }),
  );
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
