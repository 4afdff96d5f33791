#!/usr/bin/env node
import { CommanderError } from 'commander';
import { UserError } from '../common/errors.js';
import { EXIT } from '../common/exit-code.js';
import { renderInputErrors, renderUserErrorMessage } from './common.js';
import { colors, useColor } from './io.js';
import { buildProgram } from './program.js';

/**
 * The `scsm-dr` entry point. User mistakes (bad input, bad arguments) print a located message
 * and exit 2 without a stack trace; anything else is a bug and is re-thrown so its stack shows.
 */
async function main(argv: readonly string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv as string[]);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version output exit 0; every other commander error is a usage error.
      process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
      return;
    }
    if (error instanceof UserError) {
      const c = colors(useColor(process.stderr, argv.includes('--no-color') ? false : undefined));
      if (error.errors.length > 0) process.stderr.write(`${renderInputErrors(error.errors, c)}\n`);
      process.stderr.write(`${c.red('scsm-dr:')} ${renderUserErrorMessage(error.message)}\n`);
      process.exitCode = EXIT.usage;
      return;
    }
    throw error;
  }
}

// A reader that stops early (`scsm-dr rules | head`) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

await main(process.argv);
