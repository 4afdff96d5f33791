import { Command, Option } from 'commander';
import { terminalText } from '../common/printable.js';
import { registerCheck } from './commands/check.js';
import { registerDiagram } from './commands/diagram.js';
import { registerDrill } from './commands/drill.js';
import { registerImport } from './commands/import.js';
import { registerInit } from './commands/init.js';
import { registerPlan } from './commands/plan.js';
import { registerReport } from './commands/report.js';
import { registerRules } from './commands/rules.js';
import { registerScore } from './commands/score.js';
import { registerSimulate } from './commands/simulate.js';
import { registerValidate } from './commands/validate.js';
import { VERSION } from './version.js';

/** A `--format` option restricted to the formats a command supports. */
export function formatOption(choices: string[], fallback: string): Option {
  return new Option('-f, --format <format>', 'output format').choices(choices).default(fallback);
}

/**
 * Builds the command-line program. Commands are thin: each loads its inputs, calls the
 * library, and hands the data to a reporter.
 */
export function buildProgram(): Command {
  const program = new Command();
  program
    .name('scsm-dr')
    .description(
      'Static analysis and simulation testbed for the disaster recovery of System Center Service Manager 2012 and later.',
    )
    .version(VERSION)
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      // Commander's own messages (unknown option, missing argument) are usage errors; they
      // quote the command line, so they pass the terminal net too.
      writeErr: (text) => process.stderr.write(terminalText(text)),
    });
  registerValidate(program);
  registerCheck(program);
  registerScore(program);
  registerReport(program);
  registerPlan(program);
  registerSimulate(program);
  registerDiagram(program);
  registerDrill(program);
  registerRules(program, formatOption);
  registerInit(program);
  registerImport(program);
  return program;
}
