import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { Option } from 'commander';
import { contextFor } from '../common.js';
import { createFileExclusive } from '../io.js';

/** The starter topologies of `scsm-dr init` (domain notes §2). */
export const TOPOLOGIES = ['single-computer', 'two-computer', 'four-computer', 'four-computer-ha'] as const;
export type Topology = (typeof TOPOLOGIES)[number];

/** The commented starter environment for a topology, shipped in the package's `templates/`. */
export async function starterEnvironment(topology: Topology): Promise<string> {
  return readFile(new URL(`../../../templates/${topology}.environment.yaml`, import.meta.url), 'utf8');
}

interface InitOptions {
  readonly topology: Topology;
  readonly output: string;
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
    .option('--no-color', 'disable colours (also NO_COLOR=1)')
    .action(async (options: InitOptions) => {
      const context = contextFor(options);
      await createFileExclusive(options.output, await starterEnvironment(options.topology));
      context.stderr.write(
        `${context.err.green('✓')} wrote ${options.output} (${options.topology}); edit the names, then run: scsm-dr validate ${options.output}\n`,
      );
    });
}
