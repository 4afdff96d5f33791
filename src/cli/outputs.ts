import { resolve } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { UserError } from '../common/errors.js';
import { isStringTooLong, type TextPieces } from '../common/text-pieces.js';
import type { CommandContext } from './common.js';
import { writeFileAtomic, writeToStream } from './io.js';

/**
 * One report a command writes: a format, to a file or (without `file`) to stdout.
 * `--output FORMAT[=FILE]` gives one each; `--format F [-o FILE]` gives one too.
 */
export interface OutputTarget<F extends string> {
  readonly format: F;
  readonly file?: string;
}

/** The help text of `--output`, the same on every command that takes it. */
export const OUTPUT_HELP =
  'write a report in FORMAT to FILE (whole or not at all), or to stdout without =FILE; repeat it for several reports from one run';

/**
 * The commander parser of a repeatable `--output FORMAT[=FILE]`: each occurrence adds one
 * target. An unknown format is a usage error that lists the formats (and, for a value that
 * looks like a file name, says how to name its format), like an unknown `--format`.
 */
export function outputParser<F extends string>(
  formats: readonly F[],
): (value: string, previous: readonly OutputTarget<F>[] | undefined) => OutputTarget<F>[] {
  return (value, previous) => {
    const at = value.indexOf('=');
    const name = at === -1 ? value : value.slice(0, at);
    const file = at === -1 ? undefined : value.slice(at + 1);
    if (!(formats as readonly string[]).includes(name)) {
      const looksLikeFile = at === -1 && /[./\\]/.test(value);
      throw new InvalidArgumentError(
        `unknown format '${name}'; expected one of ${formats.join(', ')}` +
          (looksLikeFile
            ? ` (to write a file, name its format: --output <format>=${value}, or -o ${value})`
            : ''),
      );
    }
    if (file === '') {
      throw new InvalidArgumentError(
        `no file after '${name}='; expected --output ${name}=FILE, or --output ${name} for stdout`,
      );
    }
    return [...(previous ?? []), { format: name as F, ...(file !== undefined ? { file } : {}) }];
  };
}

/**
 * The report formats a file name's extension names, longest first: `-o results.sarif` without
 * `--format` means SARIF, as a user writing it means (a CI upload of the terminal text would
 * fail far from the command that wrote it). `.json` is the JSON report; `.xml` is JUnit, the one
 * XML format; `.mmd` is Mermaid's own extension.
 */
const FORMAT_OF_EXTENSION: readonly (readonly [string, string])[] = [
  ['.sarif.json', 'sarif'],
  ['.sarif', 'sarif'],
  ['.json', 'json'],
  ['.xml', 'junit'],
  ['.md', 'markdown'],
  ['.markdown', 'markdown'],
  ['.html', 'html'],
  ['.htm', 'html'],
  ['.txt', 'text'],
  ['.mmd', 'mermaid'],
  ['.mermaid', 'mermaid'],
];

/**
 * The format of `formats` that the extension of `file` names (case-insensitive), or undefined
 * when it names none of them. This is a pure function.
 */
export function formatOfFile<F extends string>(file: string, formats: readonly F[]): F | undefined {
  const name = file.toLowerCase();
  for (const [extension, format] of FORMAT_OF_EXTENSION) {
    if (name.endsWith(extension) && name.length > extension.length)
      return (formats as readonly string[]).includes(format) ? (format as F) : undefined;
  }
  return undefined;
}

/**
 * The format a command with a default format writes to `file`: `format` when `--format` is on
 * the command line, else the one the file's extension names, else `format` (the default).
 */
export function formatForFile<F extends string>(
  command: Command,
  format: F,
  file: string | undefined,
  formats: readonly F[],
): F {
  if (file === undefined || command.getOptionValueSource('format') === 'cli') return format;
  return formatOfFile(file, formats) ?? format;
}

/** What a command was asked to write, as commander parsed it. */
export interface OutputRequest<F extends string> {
  /** `--format` (or its default). */
  readonly format: F;
  /** Whether `--format` was given on the command line rather than defaulted. */
  readonly formatGiven: boolean;
  /** `-o FILE`: where the `--format` report goes. */
  readonly file?: string;
  /** Every `--output`, in order. */
  readonly outputs?: readonly OutputTarget<F>[];
}

/**
 * The reports to write. `--format F` and `-o FILE` describe one report (F to FILE, or to
 * stdout), as they always have; every `--output` adds one. When `--output` is given and
 * neither `--format` nor `-o` is, only the `--output` reports are written. At most one report
 * may go to stdout, and no two to the same file: either is a usage error (exit 2), found
 * before anything is evaluated or written.
 */
export function resolveOutputs<F extends string>(request: OutputRequest<F>): OutputTarget<F>[] {
  const extra = request.outputs ?? [];
  const targets: OutputTarget<F>[] = [];
  if (extra.length === 0 || request.formatGiven || request.file !== undefined) {
    targets.push({ format: request.format, ...(request.file !== undefined ? { file: request.file } : {}) });
  }
  targets.push(...extra);
  const toStdout = targets.filter((target) => target.file === undefined);
  if (toStdout.length > 1) {
    throw new UserError(
      `${toStdout.length} reports would go to stdout (${toStdout.map((target) => target.format).join(', ')}); ` +
        'at most one can: give the others a file, as in --output FORMAT=FILE',
    );
  }
  const seen = new Map<string, string>();
  for (const target of targets) {
    if (target.file === undefined) continue;
    const key = resolve(target.file);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      throw new UserError(
        `two reports would be written to ${target.file} (${earlier} and ${target.format}); give each its own file`,
      );
    }
    seen.set(key, target.format);
  }
  return targets;
}

/**
 * Writes every report of one evaluation: `render` is called once per format, and the files
 * are written first, each whole or not at all through `writeFileAtomic` (which refuses to
 * write over any of `inputs`), so that a file that cannot be written stops the command before
 * anything reaches stdout. The report for stdout comes last. Says `wrote FILE` on stderr for
 * each file unless `--quiet` (or `announce` is false). `tooLong` is the advice given when a
 * report is too long to render ({@link renderWhole}).
 */
export async function writeOutputs<F extends string>(
  targets: readonly OutputTarget<F>[],
  render: (format: F, toTerminal: boolean) => TextPieces,
  inputs: readonly string[],
  context: CommandContext,
  announce = true,
  tooLong = 'write a smaller report',
): Promise<void> {
  const rendered = new Map<string, TextPieces>();
  const text = (format: F, toTerminal: boolean): TextPieces => {
    const key = `${format}\u0000${toTerminal}`;
    let value = rendered.get(key);
    if (value === undefined) {
      value = renderWhole(format, () => render(format, toTerminal), tooLong);
      rendered.set(key, value);
    }
    return value;
  };
  for (const target of targets) {
    if (target.file === undefined) continue;
    await writeFileAtomic(target.file, text(target.format, false), inputs);
    if (announce && !context.quiet) context.stderr.write(`wrote ${target.file}\n`);
  }
  for (const target of targets) {
    if (target.file === undefined) await writeToStream(context.stdout, text(target.format, true));
  }
}

/**
 * A report rendered, or a clear error when its text would be longer than a JavaScript string
 * can be (about 512 MB: the HTML or SARIF of a very large estate with pairs). The JSON formats
 * of the readiness report come in pieces and never meet the limit.
 *
 * @throws {@link UserError} naming the format and what to do instead.
 */
export function renderWhole(format: string, render: () => TextPieces, advice: string): TextPieces {
  try {
    return render();
  } catch (error) {
    if (!isStringTooLong(error)) throw error;
    throw new UserError(
      `the ${format} report is longer than a JavaScript string can be (about 512 MB), so it cannot be written; ${advice}`,
    );
  }
}
