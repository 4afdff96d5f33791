import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import { UserError } from '../../common/errors.js';
import { contextFor } from '../common.js';
import { createFileExclusive } from '../io.js';

/** The starter topologies of `scsm-dr init` (domain notes §2). */
export const TOPOLOGIES = ['single-computer', 'two-computer', 'four-computer', 'four-computer-ha'] as const;
export type Topology = (typeof TOPOLOGIES)[number];

/** The commented starter environment for a topology, shipped in the package's `templates/`. */
export async function starterEnvironment(topology: Topology): Promise<string> {
  return readFile(new URL(`../../../templates/${topology}.environment.yaml`, import.meta.url), 'utf8');
}

/**
 * The commented starter config file, naming `environmentFile` (the file `init` writes beside
 * it) as its environment.
 */
export async function starterConfig(environmentFile: string): Promise<string> {
  const template = await readFile(new URL('../../../templates/scsm-dr.config.yaml', import.meta.url), 'utf8');
  // JSON quoting is valid YAML and keeps any file name a plain string.
  return template.replace(
    /^environment: \.\/environment\.yaml$/m,
    `environment: ${JSON.stringify(`./${basename(environmentFile)}`)}`,
  );
}

interface InitOptions {
  readonly topology: Topology;
  readonly output: string;
  readonly withConfig?: boolean;
  readonly color?: boolean;
}

/** `scsm-dr init`: write a commented starter environment.yaml, never over an existing file. */
export function registerInit(program: Command): void {
  program
    .command('init')
    .description('write a commented starter environment.yaml for a documented topology')
    .addOption(
      new Option('-t, --topology <topology>', 'deployment topology')
        .choices(TOPOLOGIES)
        .default('four-computer'),
    )
    .option('-o, --output <file>', 'file to create (never overwritten)', 'environment.yaml')
    .option('--with-config', 'also write a commented scsm-dr.config.yaml beside it (docs/config.md)')
    .option('--no-color', 'disable colours (also NO_COLOR=1)')
    .action(async (options: InitOptions) => {
      const context = contextFor(options);
      const configFile = join(dirname(options.output), 'scsm-dr.config.yaml');
      // Both files are new or neither is written: the config is checked before anything is.
      if (options.withConfig === true && existsSync(configFile)) {
        throw new UserError(`${configFile} already exists; scsm-dr init never overwrites a file`);
      }
      await createFileExclusive(options.output, await starterEnvironment(options.topology));
      if (options.withConfig === true)
        await createFileExclusive(configFile, await starterConfig(options.output));
      context.stderr.write(
        `${context.err.green('✓')} wrote ${options.output} (${options.topology}); edit the names, then run: scsm-dr validate ${options.output}\n`,
      );
      if (options.withConfig === true)
        context.stderr.write(`${context.err.green('✓')} wrote ${configFile}\n`);
    });
}
