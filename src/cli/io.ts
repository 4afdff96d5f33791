import { randomBytes } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { link, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import pc from 'picocolors';
import { UserError } from '../common/errors.js';

/** Colour functions that are either real or identity, decided once per run. */
export type Colors = ReturnType<typeof pc.createColors>;

/**
 * Whether to colour output: never with `--no-color` or `NO_COLOR` (https://no-color.org),
 * otherwise only when the stream is a terminal.
 */
export function useColor(stream: NodeJS.WriteStream, flag: boolean | undefined): boolean {
  if (flag === false) return false;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}

export function colors(enabled: boolean): Colors {
  return pc.createColors(enabled);
}

function canonical(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/**
 * Writes a file whole or not at all: the content goes to a temporary file beside the target,
 * is flushed to disk, and is renamed over the target. Refuses to write over any of `inputs`,
 * so no command can replace a file it read.
 */
export async function writeFileAtomic(
  target: string,
  content: string,
  inputs: readonly string[] = [],
): Promise<void> {
  const destination = canonical(target);
  for (const input of inputs) {
    if (canonical(input) === destination) {
      throw new UserError(`refusing to write ${target}: it is an input of this command`);
    }
  }
  const temporary = join(
    dirname(destination),
    `.${basename(destination)}.${randomBytes(6).toString('hex')}.tmp`,
  );
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(temporary, 'wx', 0o644);
    await handle.writeFile(content, 'utf8');
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(temporary, destination);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await rm(temporary, { force: true }).catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR' || code === 'EROFS') {
      throw new UserError(`cannot write ${target}: ${code === 'ENOENT' ? 'no such directory' : code}`);
    }
    throw error;
  }
}

/**
 * Creates a file only if it does not exist yet (for `init`): the content is written to a
 * temporary file and hard-linked into place, which fails if the target exists. So the file
 * appears whole or not at all, and an existing file is never overwritten.
 */
export async function createFileExclusive(target: string, content: string): Promise<void> {
  const destination = resolve(target);
  const temporary = join(
    dirname(destination),
    `.${basename(destination)}.${randomBytes(6).toString('hex')}.tmp`,
  );
  try {
    const handle = await open(temporary, 'wx', 0o644);
    try {
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await link(temporary, destination);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST')
      throw new UserError(`${target} already exists; scsm-dr init never overwrites a file`);
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EROFS')
      throw new UserError(`cannot create ${target}: ${code}`);
    throw error;
  } finally {
    await rm(temporary, { force: true }).catch(() => undefined);
  }
}
