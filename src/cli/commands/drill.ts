import { randomInt } from 'node:crypto';
import { createReadStream, readdirSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import { UserError } from '../../common/errors.js';
import { EXIT } from '../../common/exit-code.js';
import { printable, terminalText } from '../../common/printable.js';
import { didYouMean } from '../../common/suggest.js';
import type { ClosableAnswerSource } from '../../drill/answers.js';
import type { DrillContext, JournalMismatchError } from '../../drill/core.js';
import type { JournalEvent } from '../../drill/events.js';
import type { JournalProblem, ParsedJournal } from '../../drill/journal.js';
import type { JournalFile } from '../../drill/journal-file.js';
import { DRILL_REPORT_FORMATS, type DrillReportFormat, MAX_INJECT } from '../../drill/options.js';
import type { Plan, Scenario } from '../../plan/types.js';
import { contextFor } from '../common.js';
import {
  colors,
  createParentDirectories,
  describeFileSystemError,
  isSameFile,
  useColor,
  writeFileAtomic,
} from '../io.js';
import { formatForFile } from '../outputs.js';
import { VERSION } from '../version.js';

interface DrillOptions {
  readonly config?: string | false;
  readonly plan?: string;
  readonly scenario?: string;
  readonly journal?: string;
  readonly resume?: boolean;
  readonly inject?: string;
  readonly seed?: string;
  readonly answers?: string;
  readonly color?: boolean;
  readonly quiet?: boolean;
}

interface DrillReportOptions {
  readonly format: DrillReportFormat;
  readonly output?: string;
  readonly quiet?: boolean;
}

function integer(name: string, text: string, min: number, max: number): number {
  if (!/^\d+$/.test(text.trim())) throw new UserError(`${name}: '${text}' is not a whole number`);
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min || value > max)
    throw new UserError(`${name}: ${value} is out of range; expected ${min} to ${max}`);
  return value;
}

/** A word as a POSIX shell reads it back: quoted only when it has to be. */
function shellWord(word: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function requireScenario(plan: Plan, id: string): Scenario {
  const scenario = plan.scenarios.find((candidate) => candidate.id === id);
  if (scenario !== undefined) return scenario;
  const ids = plan.scenarios.map((candidate) => candidate.id);
  const suggestion = didYouMean(id, ids);
  throw new UserError(
    `--scenario: ${plan.file} has no scenario '${id}'${
      suggestion === undefined ? '' : `; did you mean '${suggestion}'?`
    } (its scenarios: ${ids.join(', ')})`,
  );
}

/** The newest `drill-<scenario>-<date>.jsonl` in the current directory, for `--resume` without `--journal`. */
function latestJournal(scenario: string): string {
  const pattern = new RegExp(`^drill-${scenario}-\\d{4}-\\d{2}-\\d{2}\\.jsonl$`);
  const found = readdirSync('.')
    .filter((name) => pattern.test(name))
    .sort();
  const latest = found[found.length - 1];
  if (latest === undefined)
    throw new UserError(
      `--resume: no journal drill-${scenario}-<date>.jsonl in the current directory; name it with --journal`,
    );
  return latest;
}

/** Reads a journal for resuming or reporting, turning every problem into a located user error. */
async function requireJournal(
  file: string,
  warn: (text: string) => void,
): Promise<ParsedJournal & { ok: true }> {
  const { JournalFileError, readJournalFile } = await import('../../drill/journal-file.js');
  let parsed: ParsedJournal;
  try {
    parsed = readJournalFile(file);
  } catch (error) {
    if (error instanceof JournalFileError) throw new UserError(`cannot read the journal: ${error.message}`);
    throw error;
  }
  if (!parsed.ok) throw new UserError(journalProblemText(file, parsed.problem));
  if (parsed.recoveredTail !== undefined)
    warn(`warning: ${file}:${parsed.recoveredTail.line}: ${parsed.recoveredTail.message}\n`);
  if (parsed.events[0]?.type !== 'start')
    throw new UserError(`${file}:1: the journal does not begin with a 'start' event`);
  return parsed;
}

/** A journal the drill refuses, in words: where, what, and what can be done about it. */
function journalProblemText(file: string, problem: JournalProblem): string {
  // The message may quote the journal (a key of a line that is not an event): one line, escaped.
  const message = printable(problem.message);
  const at = `${file}:${problem.line}`;
  if (problem.line === 0) return `${file}: ${message}`;
  if (problem.kind === 'changed')
    return `${at}: ${message}; an edited journal is refused, since its drill can no longer be trusted`;
  if (problem.kind === 'unverifiable') return `${at}: ${message}`;
  if (problem.lastLine === true)
    return `${at}: the last line is complete but ${message}; a crash can only cut the last line short, so this line was written or changed by something else: check it, and delete it to continue from the ${problem.line - 1} events before it`;
  return `${at}: ${message}; the journal is damaged in the middle, so it cannot be recovered automatically`;
}

function mismatch(file: string, error: JournalMismatchError): UserError {
  // The message quotes the journal (a scenario id, a step): kept on its one line.
  return new UserError(`${file}${error.line > 0 ? `:${error.line}` : ''}: ${printable(error.message)}`);
}

/** `scsm-dr drill …` and `scsm-dr drill report …`: rehearsal and after-action report. */
export function registerDrill(program: Command): void {
  const drill = program
    .command('drill')
    .description(
      'rehearse a recovery scenario step by step: every action is checked on the models, every event journaled',
    )
    .argument('[environment]', "environment description (YAML or JSON); default: the plan's environment:")
    // Checked in the action, not with requiredOption: commander would demand them of `drill report` too.
    .option('-p, --plan <plan>', 'recovery plan (required)')
    .option('-s, --scenario <id>', 'the plan scenario to rehearse (required)')
    .option(
      '-j, --journal <file>',
      'journal file (default: drill-<scenario>-<date>.jsonl in the current directory)',
    )
    .option('--resume', 'continue an interrupted drill from its journal')
    .option('--inject <n>', `inject N surprises (faults of the simulator's fault model), 1 to ${MAX_INJECT}`)
    .option('--seed <s>', 'seed that chooses the surprises (default: random, printed and journaled)')
    .option('--answers <file>', 'read the answers from a file, one per line (scripted rehearsal)')
    // Not withCommonOptions: a drill judges no ages, so --as-of would mean nothing here.
    .option('--no-color', 'disable colours (also NO_COLOR=1)')
    .option('-q, --quiet', 'no summaries on stderr (the report command: no "wrote FILE")')
    .option(
      '--config <file>',
      'read the environment and plan paths from this config file instead of the scsm-dr.config.yaml found upward',
    )
    .option('--no-config', 'ignore any config file')
    .action(async (argument: string | undefined, given: DrillOptions) => {
      const { resolveInputPaths } = await import('../../config/resolve.js');
      const options = await resolveInputPaths(argument, given, { asOf: false });
      process.exitCode = await runDrill(options.environment, options);
    });

  drill
    .command('report')
    .description('render the after-action report of a drill from its journal')
    .argument('<journal>', 'the drill journal (.jsonl)')
    .addOption(
      new Option('-f, --format <format>', 'output format').choices(DRILL_REPORT_FORMATS).default('markdown'),
    )
    .option(
      '-o, --output <file>',
      'write the report to a file (whole or not at all) instead of stdout; without --format, the format its extension names (.md, .html, .json)',
    )
    .action(async (journal: string, options: DrillReportOptions, command: Command) => {
      const quiet = (command.optsWithGlobals() as { quiet?: boolean }).quiet === true;
      // `-o drill.html` without `--format` writes what the extension names, not Markdown.
      const format = formatForFile(command, options.format, options.output, DRILL_REPORT_FORMATS);
      const parsed = await requireJournal(journal, (text) => process.stderr.write(terminalText(text)));
      // The drill and its report are imported when the command runs, not when it is declared.
      const [{ afterAction }, { renderDrillReport }] = await Promise.all([
        import('../../drill/after-action.js'),
        import('../../drill/report.js'),
      ]);
      const text = renderDrillReport(afterAction(parsed.events), format);
      if (options.output !== undefined) {
        await writeFileAtomic(options.output, text, [journal]);
        if (!quiet) process.stderr.write(`wrote ${printable(options.output)}\n`);
      } else {
        process.stdout.write(text);
      }
      process.exitCode = EXIT.ok;
    });
}

/** The drill itself; returns the exit code. */
async function runDrill(argument: string | undefined, options: DrillOptions): Promise<number> {
  const context = contextFor(options);
  const warn = (text: string): void => {
    context.stderr.write(terminalText(text));
  };
  if (options.plan === undefined) throw new UserError("drill: required option '--plan <plan>' not specified");
  if (options.scenario === undefined)
    throw new UserError("drill: required option '--scenario <id>' not specified");
  if (options.seed !== undefined && options.inject === undefined)
    throw new UserError('--seed chooses injected surprises: give --inject N with it');
  const inject =
    options.inject === undefined ? undefined : integer('--inject', options.inject, 1, MAX_INJECT);
  const seed = options.seed === undefined ? undefined : integer('--seed', options.seed, 0, 2 ** 32 - 1);

  // The drill, the models and the journal are imported when the command runs, not when it is declared.
  const [
    { requireInputs, requireResolvedPlan },
    { streamAnswers, terminalAnswers },
    { createDrill, JournalMismatchError, replay, resumeDrill },
    { JournalFile },
    { PLAIN },
    { runDrillSession },
    { createSystem },
  ] = await Promise.all([
    import('../inputs.js'),
    import('../../drill/answers.js'),
    import('../../drill/core.js'),
    import('../../drill/journal-file.js'),
    import('../../drill/render.js'),
    import('../../drill/session.js'),
    import('../../models/system.js'),
  ]);
  const loaded = await requireInputs(argument, options.plan, warn);
  const { environment, environmentFile: file } = loaded;
  // `--plan` was required above, so the plan is there.
  const plan = requireResolvedPlan(loaded.plan!, environment);
  const scenario = requireScenario(plan, options.scenario);
  const system = createSystem(environment);
  const now = (): number => Date.now();

  const journalFile =
    options.journal ??
    (options.resume === true
      ? latestJournal(scenario.id)
      : `drill-${scenario.id}-${new Date(now()).toISOString().slice(0, 10)}.jsonl`);
  const inputs = [file, options.plan, ...(options.answers === undefined ? [] : [options.answers])];
  for (const input of inputs)
    if (isSameFile(input, journalFile))
      throw new UserError(`refusing to use ${journalFile} as the journal: it is an input of this command`);

  if (options.answers !== undefined) {
    // Checked before the journal is created, so a typo here leaves no empty journal behind.
    const readable = await stat(options.answers).then(
      (info) => info.isFile(),
      () => false,
    );
    if (!readable) throw new UserError(`--answers: cannot read ${options.answers}: no such file`);
  }

  let drillContext: DrillContext;
  let history: readonly JournalEvent[] = [];
  let journal: JournalFile;
  if (options.resume === true) {
    const parsed = await requireJournal(journalFile, warn);
    const start = parsed.events[0];
    if (start?.type !== 'start')
      throw new UserError(`${journalFile}:1: the journal does not begin with a 'start' event`);
    try {
      drillContext = resumeDrill(environment, system, scenario, start);
      const state = replay(drillContext, parsed.events);
      if (state.ended)
        throw new UserError(
          `${journalFile}: this drill has already ended; render its report with: scsm-dr drill report ${shellWord(journalFile)}`,
        );
    } catch (error) {
      if (error instanceof JournalMismatchError) throw mismatch(journalFile, error);
      throw error;
    }
    const journaled = start.inject;
    if (
      (inject !== undefined && inject !== journaled?.requested) ||
      (seed !== undefined && seed !== journaled?.seed)
    )
      throw new UserError(
        `${journalFile}: the drill was started ${
          journaled === undefined
            ? 'without --inject'
            : `with --inject ${journaled.requested} --seed ${journaled.seed}`
        }; resume it without --inject and --seed (the journal keeps its surprises)`,
      );
    history = parsed.events;
    journal = await openJournal(journalFile, () =>
      JournalFile.continue(journalFile, parsed.validBytes, parsed.lastHash),
    );
  } else {
    const created = createDrill(environment, system, scenario, {
      environmentFile: file,
      planFile: options.plan,
      toolVersion: VERSION,
      ...(inject === undefined ? {} : { inject: { count: inject, seed: seed ?? randomInt(0, 2 ** 31) } }),
    });
    drillContext = created.context;
    const chosen = drillContext.start.inject?.faults.length ?? 0;
    if (inject !== undefined && chosen < inject)
      warn(
        `warning: scenario '${scenario.id}' can take only ${created.possibleFaults} surprises (one per step); injecting ${chosen}\n`,
      );
    await createParentDirectories(journalFile);
    journal = await openJournal(journalFile, () => JournalFile.create(journalFile), true);
  }

  const scripted = options.answers !== undefined || process.stdin.isTTY !== true;
  let answers: ClosableAnswerSource;
  if (options.answers !== undefined) {
    answers = streamAnswers(createReadStream(options.answers));
  } else if (scripted) {
    answers = streamAnswers(process.stdin);
  } else {
    // The prompt belongs on the terminal: when stdout is redirected to a transcript, it goes to stderr.
    answers = terminalAnswers(process.stdin, process.stdout.isTTY === true ? process.stdout : process.stderr);
  }

  const base = [
    'scsm-dr',
    'drill',
    file,
    '--plan',
    options.plan,
    '--scenario',
    scenario.id,
    '--journal',
    journalFile,
  ];
  const reportFile = join(dirname(journalFile), `${basename(journalFile, '.jsonl')}.html`);
  try {
    const session = await runDrillSession(
      drillContext,
      history,
      {
        // The session escapes every untrusted field; this net catches any control it missed.
        write: (text) => {
          context.stdout.write(terminalText(text));
        },
        answers,
        journal,
        now,
        // A transcript carries no terminal control at all; a terminal gets colour unless refused.
        paint: scripted ? PLAIN : colors(useColor(process.stdout, options.color)),
        scripted,
      },
      {
        journalFile,
        resumeCommand: [...base, '--resume'].map(shellWord).join(' '),
        reportCommand: ['scsm-dr', 'drill', 'report', journalFile, '--format', 'html', '-o', reportFile]
          .map(shellWord)
          .join(' '),
      },
    );
    const result = session.result;
    if (result.status === 'ended') return result.outcome === 'passed' ? EXIT.ok : EXIT.findings;
    return result.status === 'paused' ? EXIT.ok : EXIT.findings;
  } finally {
    answers.close();
    journal.close();
  }
}

async function openJournal(file: string, open: () => JournalFile, creating = false): Promise<JournalFile> {
  const { JournalFileError } = await import('../../drill/journal-file.js');
  try {
    return open();
  } catch (error) {
    if (error instanceof JournalFileError)
      throw new UserError(
        creating && error.message.endsWith('already exists')
          ? `the journal ${error.message}: continue that drill with --resume, or name another journal with --journal`
          : `cannot open the journal: ${error.message}`,
      );
    // Any other file-system problem (a path under a file, a name too long) is the user's too.
    const reason = describeFileSystemError(error, file);
    if (reason !== undefined) throw new UserError(`cannot open the journal ${file}: ${reason}`);
    throw error;
  }
}
