/**
 * The one place a command's options meet the config file: the command line wins, then the
 * config, then the command's own defaults (docs/config.md).
 */
import { isAbsolute, relative } from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../common/errors.js';
import { type Config, type ConfigOutput, findConfigFile, loadConfigFile } from './load.js';

/** The options of check, score and report that a config file may supply. */
export interface ConfigurableOptions {
  /** `--config FILE`, or `false` for `--no-config`. */
  readonly config?: string | false;
  readonly plan?: string;
  readonly failOn: 'error' | 'warning' | 'never';
  readonly failUnder?: string;
  readonly assurance?: boolean;
  readonly asOf?: string;
  readonly output?: readonly ConfigOutput[];
}

/** A command's options with the config file's defaults filled in. */
export type Configured<T extends ConfigurableOptions> = T & {
  /** The environment file: the command line's argument, else the config's. */
  readonly environment?: string;
  /** The config applied, if any (for its rules and thresholds). */
  readonly configuration?: Config;
};

/**
 * Loads the config file that applies to a command (`--config FILE`, else the one found
 * upward from the working directory, unless `--no-config`) and fills in the options the
 * command line left out. `outputs` names the command's list in the config's `outputs`; it is
 * used only when the command line gives no `--format`, `-o` or `--output`. A config file with
 * errors is a {@link UserError} with every located error (exit 2).
 */
export async function resolveConfig<T extends ConfigurableOptions>(
  command: Command,
  argument: string | undefined,
  options: T,
  outputs?: 'check' | 'report',
): Promise<Configured<T>> {
  const base: Configured<T> = { ...options, ...(argument !== undefined ? { environment: argument } : {}) };
  const config = await applicableConfig(options.config);
  if (config === undefined) return base;
  const fromCli = (name: string) => command.getOptionValueSource(name) === 'cli';
  const environment = argument ?? config.environment;
  const useGate = options.failUnder === undefined && config.failUnder !== undefined;
  const useOutputs =
    outputs !== undefined &&
    config.outputs[outputs] !== undefined &&
    !fromCli('format') &&
    (options as { o?: string }).o === undefined &&
    options.output === undefined;
  return {
    ...options,
    ...(environment !== undefined ? { environment } : {}),
    ...(options.plan === undefined && config.plan !== undefined ? { plan: config.plan } : {}),
    ...(!fromCli('failOn') && config.failOn !== undefined ? { failOn: config.failOn } : {}),
    ...(useGate
      ? {
          failUnder: String(config.failUnder!.threshold),
          assurance: options.assurance === true || config.failUnder!.score === 'assurance',
        }
      : {}),
    ...(options.asOf === undefined && config.asOf !== undefined ? { asOf: config.asOf } : {}),
    // The loader checked each format against the command's own list.
    ...(useOutputs ? { output: config.outputs[outputs!] as T['output'] } : {}),
    configuration: config,
  };
}

/** The options of the commands that read only the config's input paths (and `asOf`). */
export interface PathOptions {
  /** `--config FILE`, or `false` for `--no-config`. */
  readonly config?: string | false;
  readonly plan?: string;
  readonly asOf?: string;
}

/** A command's input paths with the config file's defaults filled in. */
export type WithPaths<T extends PathOptions> = T & {
  /** The environment file: the command line's argument, else the config's. */
  readonly environment?: string;
};

/**
 * For `validate`, `simulate`, `diagram`, `plan` and `drill`: fills in the environment and plan
 * paths (and, when the command judges ages, `asOf`) the command line left out, from the same
 * config file {@link resolveConfig} reads. Their gates and reports keep their own defaults:
 * the config's `failOn`, rule levels, thresholds and outputs are the CI gate's, read by
 * `check`, `score` and `report` only (docs/config.md).
 */
export async function resolveInputPaths<T extends PathOptions>(
  argument: string | undefined,
  options: T,
  { asOf }: { readonly asOf: boolean },
): Promise<WithPaths<T>> {
  const config = await applicableConfig(options.config);
  const environment = argument ?? config?.environment;
  return {
    ...options,
    ...(environment !== undefined ? { environment } : {}),
    ...(options.plan === undefined && config?.plan !== undefined ? { plan: config.plan } : {}),
    ...(asOf && options.asOf === undefined && config?.asOf !== undefined ? { asOf: config.asOf } : {}),
  };
}

/**
 * The config file that applies (`--config FILE`, else the one found upward from the working
 * directory, unless `--no-config`), loaded, with its paths shortened; undefined when there is
 * none. A config file with errors is a {@link UserError} with every located error (exit 2).
 */
async function applicableConfig(option: string | false | undefined): Promise<Config | undefined> {
  const file = option === false ? undefined : option !== undefined ? option : findConfigFile(process.cwd());
  if (file === undefined) return undefined;
  const loaded = await loadConfigFile(file);
  if (!loaded.ok) {
    throw new UserError(
      `${file}: ${loaded.errors.length} error${loaded.errors.length === 1 ? '' : 's'}`,
      loaded.errors,
    );
  }
  return shortened(loaded.value);
}

/**
 * The config's paths, which the loader resolved against the config file's directory, made
 * relative to the working directory again: reports and messages name input files as the
 * command line would, so a report is the same whether a path came from the file or a flag.
 */
function shortened(config: Config): Config {
  const cwd = process.cwd();
  const short = (path: string): string => {
    const near = relative(cwd, path);
    return near === '' || isAbsolute(near) ? path : near;
  };
  const outputs = (list: readonly ConfigOutput[] | undefined) =>
    list?.map((entry) => (entry.file === undefined ? entry : { ...entry, file: short(entry.file) }));
  const check = outputs(config.outputs.check);
  const report = outputs(config.outputs.report);
  return {
    ...config,
    ...(config.environment !== undefined ? { environment: short(config.environment) } : {}),
    ...(config.plan !== undefined ? { plan: short(config.plan) } : {}),
    outputs: { ...(check ? { check } : {}), ...(report ? { report } : {}) },
  };
}
