import type { Command } from 'commander';
import { Option } from 'commander';
import { formatDuration } from '../../common/duration.js';
import { formatLocation } from '../../common/location.js';
import { printable, terminalText } from '../../common/printable.js';
import type { Readiness } from '../../report/score.js';
import {
  type CommandContext,
  contextFor,
  parseFailUnder,
  parseWorkers,
  withCommonOptions,
  withConfigOptions,
} from '../common.js';
import { type FailOn, failsGate, readinessExitCode } from '../exit-code.js';
import { scoreTeams } from '../score-teams.js';
import { VERSION } from '../version.js';
import { parseTeams } from './plan-parallel.js';

interface ScoreOptions {
  readonly plan?: string;
  readonly config?: string | false;
  readonly format: 'text' | 'json';
  readonly pairs?: boolean;
  readonly workers?: string;
  readonly failOn: FailOn;
  readonly failUnder?: string;
  readonly assurance?: boolean;
  readonly color?: boolean;
  readonly quiet?: boolean;
  readonly asOf?: string;
  readonly evidence?: string[];
  readonly teams?: string;
}

/** `scsm-dr score <environment> [--plan <plan>]`: the readiness score with every lost point explained. */
export function registerScore(program: Command): void {
  withConfigOptions(
    withCommonOptions(
      program
        .command('score')
        .description('score recovery readiness from simulated recoveries of every disruption')
        .argument('[environment]', "environment description (YAML or JSON); default: the plan's environment:")
        .option('-p, --plan <plan>', 'recovery plan: its scenarios are used where they recover')
        .option('--pairs', 'also score the loss of every pair of computers')
        .option('--evidence <file...>', 'msdb backup history (docs/import.md): judge backups on it')
        .option(
          '--teams <n>',
          "score synthesised recoveries for n teams working at once (default: the environment's teams:, else 1)",
        )
        .option(
          '--workers <n>',
          'threads scoring the disruptions, or auto (one per CPU); same output (default 1)',
        )
        .addOption(
          new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'),
        )
        .addOption(
          new Option('--fail-on <level>', 'exit 1 when a finding is at or above this level')
            .choices(['error', 'warning', 'never'])
            .default('never'),
        )
        .option('--fail-under <score>', 'exit 1 when the readiness score is below this score (0 to 100)')
        .option('--assurance', 'make --fail-under gate the assurance score instead'),
    ),
  ).action(async (argument: string | undefined, given: ScoreOptions, command: Command) => {
    const { resolveConfig } = await import('../../config/resolve.js');
    const options = await resolveConfig(command, argument, given);
    const context = contextFor(options);
    const workers = parseWorkers(options.workers);
    const gate = parseFailUnder(options.failUnder, options.assurance);
    const teamsGiven = parseTeams(options.teams);
    // The scorer and its simulator are imported when the command runs, not when it is declared.
    const [{ judgementDate, requireInputs }, { scoreReadinessParallel }, { readinessJson }] =
      await Promise.all([
        import('../inputs.js'),
        import('../../report/score-parallel.js'),
        import('../../report/readiness/json.js'),
      ]);
    const { environment, plan } = await requireInputs(options.environment, options.plan, (text) =>
      context.stderr.write(text),
    );
    const evidence = options.evidence
      ? await (await import('../evidence-inputs.js')).requireEvidence(options.evidence)
      : undefined;
    const scored = await scoreReadinessParallel(environment, {
      asOfMillis: judgementDate(options, environment),
      version: VERSION,
      ...(plan ? { plan } : {}),
      pairs: options.pairs === true,
      workers,
      ...(evidence ? { evidence } : {}),
      ...(await scoreTeams(teamsGiven, environment)),
      ...(options.configuration ? { thresholds: options.configuration.thresholds } : {}),
    });
    // The config file's rule levels apply once, to the findings every report and the gate read.
    const readiness = options.configuration
      ? (await import('../../config/overrides.js')).applyRuleLevelsToReadiness(
          scored,
          options.configuration.rules,
          (await import('../../check/check.js')).withFindings,
        )
      : scored;
    // The JSON is the readiness report's own documented shape (docs/report.md), so `score`
    // and `report --format json` never disagree.
    context.stdout.write(
      options.format === 'json'
        ? readinessJson({
            readiness,
            environment,
            ...(plan ? { plan } : {}),
            version: VERSION,
            failOn: options.failOn,
            ...(gate ? { gate } : {}),
          })
        : terminalText(
            renderReadiness(
              readiness,
              context,
              printable,
              // Loaded here, not at the top: every command's module is imported at start-up.
              (await import('../../report/readiness/single-points.js')).backupSinglePoints(readiness),
            ),
          ),
    );
    if (gate && failsGate(gate, readiness) && !context.quiet) {
      const scored = gate.score === 'assurance' ? readiness.assurance.score : readiness.score;
      context.stderr.write(
        `${context.err.red('✖')} ${gate.score} ${scored}/100 is below --fail-under ${gate.threshold}\n`,
      );
    }
    process.exitCode = readinessExitCode(
      [...readiness.findings, ...(readiness.check?.findings ?? [])],
      options.failOn,
      gate,
      readiness,
    );
  });
}

const OUTCOME_TEXT = {
  'within-objectives': 'within RTO and RPO',
  'over-objectives': 'over RTO or RPO',
  'history-lost': 'DW history lost',
  unrecoverable: 'UNRECOVERABLE',
} as const;

function renderReadiness(
  readiness: Readiness,
  context: CommandContext,
  printable: (text: string) => string,
  {
    points,
    pairsScored,
  }: ReturnType<typeof import('../../report/readiness/single-points.js').backupSinglePoints>,
): string {
  const c = context.out;
  const lines: string[] = [];
  const paint = (score: number, text: string) =>
    score >= 80 ? c.green(text) : score >= 50 ? c.yellow(text) : c.red(text);
  lines.push(
    `${c.bold(printable(readiness.environment.name))} — readiness ${paint(readiness.score, `${readiness.score}/100`)}` +
      `  (assurance, scored separately: ${paint(readiness.assurance.score, `${readiness.assurance.score}/100`)})`,
  );
  lines.push(
    c.dim(
      `judged ${readiness.asOf}; RTO ${formatDuration(readiness.objectives.rtoSeconds)}, RPO ${formatDuration(readiness.objectives.rpoSeconds)}; ${readiness.disruptions.length} disruptions simulated; synthesised recoveries for ${readiness.teams} team${readiness.teams === 1 ? '' : 's'}`,
    ),
  );
  if (readiness.evidence) {
    const facts = readiness.evidence.provenance.flatMap((entry) => [
      entry.lastFull,
      entry.fullEvery,
      entry.logEvery,
      entry.offHost,
    ]);
    const evidenced = facts.filter((fact) => fact === 'evidenced').length;
    const claimed = facts.filter((fact) => fact === 'claimed').length;
    lines.push(
      c.dim(
        `backups judged on evidence: ${readiness.evidence.rows} history rows from ${readiness.evidence.files.length} files; ${evidenced} backup facts evidenced, ${claimed} only claimed` +
          (readiness.evidence.notInEvidence.length > 0
            ? `; not in the evidence: ${readiness.evidence.notInEvidence.map(printable).join(', ')}`
            : ''),
      ),
    );
  }
  lines.push('');
  // Disruption ids name computers and sites from the input: padded after escaping, so columns align.
  const ids = readiness.disruptions.map((row) => printable(row.id));
  const width = Math.max(...ids.map((id) => id.length), 10);
  lines.push(
    c.bold(
      `${'disruption'.padEnd(width)}  ${'stops'.padEnd(28)}  ${'outcome'.padEnd(18)}  ${'recovery'.padEnd(9)}  ${'data loss'.padEnd(9)}  lost`,
    ),
  );
  readiness.disruptions.forEach((row, index) => {
    const outcome = OUTCOME_TEXT[row.outcome];
    const colouredOutcome =
      row.outcome === 'within-objectives'
        ? c.green(outcome.padEnd(18))
        : row.outcome === 'unrecoverable'
          ? c.red(outcome.padEnd(18))
          : c.yellow(outcome.padEnd(18));
    const recovery = row.recoverySeconds === undefined ? '—' : formatDuration(row.recoverySeconds);
    lines.push(
      `${(ids[index] ?? '').padEnd(width)}  ${(row.services.join(', ') || 'nothing').padEnd(28)}  ${colouredOutcome}  ${recovery.padEnd(9)}  ${formatDuration(row.dataLossSeconds).padEnd(9)}  ${row.pointsLost > 0 ? row.pointsLost.toFixed(1) : '0'}`,
    );
    for (const reason of row.explanation) lines.push(c.dim(`${' '.repeat(width)}  ↳ ${printable(reason)}`));
  });
  // A computer whose loss alone stops nothing can still hold every backup of a group.
  if (points.length > 0) lines.push('', c.bold(`Backup single points of failure (${points.length})`));
  for (const point of points) {
    lines.push(`  ${c.yellow(printable(point.computer))}: ${printable(point.finding.message)}`);
    const pairs = point.pairs.map((row) => `${printable(row.id)} (${row.pointsLost.toFixed(1)})`);
    lines.push(
      c.dim(
        !pairsScored
          ? '    ↳ run with --pairs to see the pairs of losses it makes fatal'
          : pairs.length === 0
            ? '    ↳ no scored pair with it loses points'
            : `    ↳ pairs it makes fatal: ${pairs.join(', ')}`,
      ),
    );
  }
  const findings = [...readiness.findings, ...(readiness.check?.findings ?? [])];
  if (findings.length > 0) {
    lines.push('', c.bold(`Findings (${findings.length})`));
    for (const finding of findings) {
      const severity =
        finding.severity === 'error'
          ? c.red('error  ')
          : finding.severity === 'warning'
            ? c.yellow('warning')
            : c.blue('note   ');
      if (finding.suppression !== undefined) {
        lines.push(
          c.dim(
            `  ${formatLocation(finding.location)}  ${finding.severity.padEnd(7)}  ${printable(finding.message)}  ${finding.ruleId}  (waived: ${printable(finding.suppression.justification)})`,
          ),
        );
        continue;
      }
      lines.push(
        `  ${printable(formatLocation(finding.location))}  ${severity}  ${printable(finding.message)}  ${c.dim(printable(finding.ruleId))}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
