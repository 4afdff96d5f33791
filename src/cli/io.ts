import { randomBytes } from 'node:crypto';
import { constants, realpathSync, statSync } from 'node:fs';
import {
  chmod,
  type FileHandle,
  link,
  lstat,
  mkdir,
  open,
  readlink,
  realpath,
  rename,
  rm,
} from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { getSystemErrorMap } from 'node:util';
import pc from 'picocolors';
import { UserError } from '../common/errors.js';
import { type TextPieces, textBatches } from '../common/text-pieces.js';

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

/*
 * Writing output files. Every command that writes a file goes through `writeFileAtomic` or
 * `createFileExclusive`, so they all follow one set of rules:
 *
 * - Missing parent directories are created (`-o out/reports/check.sarif` works in a fresh
 *   checkout), as most report-writing tools do.
 * - A regular file (or a new one) is written whole or not at all: a temporary file beside the
 *   target, `fsync`, then `rename` over the target.
 * - A character device, FIFO, socket or an open descriptor (`/dev/null`, a named pipe,
 *   `/dev/stdout`) is written through: opened and written, never renamed over, so it stays what
 *   it was. A block device is refused: a report never belongs on a disk.
 * - A symbolic link is followed and its target replaced; the link stays. A dangling link gets
 *   its target created.
 * - No output may be one of the command's inputs (same real path, or the same file by device and
 *   inode, which also catches hard links).
 * - Every file-system error is a user error, `cannot write <path>: <reason>`, exit 2.
 */

/** Linux follows at most 40 symbolic links in one lookup; so do we. */
const MAX_SYMLINK_HOPS = 40;

/** What an output path names once its symbolic links are followed. */
type OutputTarget =
  /** Nothing exists there yet: create a regular file at `path`. */
  | { readonly kind: 'new'; readonly path: string }
  /** A regular file at `path`: replace it atomically, keeping its permission bits. */
  | { readonly kind: 'file'; readonly path: string; readonly mode: number }
  /** A device, FIFO, socket or open descriptor: write through `path`, never rename over it. */
  | { readonly kind: 'stream'; readonly path: string };

/** An error the way Node reports a failed system call, so that the same wording covers both. */
function systemError(code: string, path: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(`${code}: ${path}`);
  error.code = code;
  error.path = path;
  error.syscall = 'open';
  return error;
}

/**
 * Whether `directory` (a real path) holds a process's open descriptors (`/proc/<pid>/fd` on
 * Linux, which `/dev/stdout` and `/dev/fd/N` lead to). Their entries look like symbolic links
 * but name open files; following one by hand and renaming over its target would detach the
 * descriptor the shell redirected, so such a path is written through.
 */
function isDescriptorDirectory(directory: string): boolean {
  return /^\/proc\/(?:self|thread-self|\d+)(?:\/task\/\d+)?\/fd$/.test(directory);
}

/** Follows the symbolic links of an output path to what it names (see {@link OutputTarget}). */
async function resolveOutputTarget(target: string): Promise<OutputTarget> {
  let current = resolve(target);
  for (let hops = 0; ; hops += 1) {
    let info: Awaited<ReturnType<typeof lstat>>;
    try {
      info = await lstat(current);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'new', path: current };
      throw error;
    }
    if (info.isSymbolicLink()) {
      if (hops >= MAX_SYMLINK_HOPS) throw systemError('ELOOP', target);
      // Relative to the link's real directory, as the kernel reads it (`..` after a linked directory).
      const directory = await realpath(dirname(current));
      if (isDescriptorDirectory(directory)) return { kind: 'stream', path: resolve(target) };
      current = resolve(directory, await readlink(current));
      continue;
    }
    if (info.isFile()) return { kind: 'file', path: current, mode: info.mode & 0o7777 };
    if (info.isDirectory()) throw systemError('EISDIR', target);
    if (info.isBlockDevice()) throw new UserError(`cannot write ${target}: it is a block device (a disk)`);
    return { kind: 'stream', path: current };
  }
}

/**
 * What an output path names, following its symbolic links: `new` (nothing there yet), `file`
 * (a regular file, which writing would replace) or `stream` (a device, FIFO or descriptor, which
 * writing goes through). A path that cannot be examined counts as `new`: writing it reports why.
 */
export async function outputKind(target: string): Promise<'new' | 'file' | 'stream'> {
  return resolveOutputTarget(target).then(
    (destination) => destination.kind,
    () => 'new' as const,
  );
}

/** The file's identity (device and inode), or `undefined` when it cannot be read. */
function identity(path: string): string | undefined {
  try {
    const info = statSync(path);
    return `${info.dev}:${info.ino}`;
  } catch {
    return undefined;
  }
}

function canonical(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/**
 * Whether two paths name the same file: the same real path (through symbolic links), or the same
 * device and inode (hard links, bind mounts). The one answer to "is this output an input?".
 */
export function isSameFile(a: string, b: string): boolean {
  if (canonical(a) === canonical(b)) return true;
  const first = identity(a);
  return first !== undefined && first === identity(b);
}

/** Refuses an output that is one of the command's inputs. */
function refuseInputs(target: string, inputs: readonly string[]): void {
  for (const input of inputs) {
    if (isSameFile(input, target)) {
      throw new UserError(`refusing to write ${target}: it is an input of this command`);
    }
  }
}

/** The nearest existing ancestor of `path` that is not a directory, if any (for ENOTDIR). */
function fileInTheWay(path: string): string | undefined {
  for (let current = dirname(resolve(path)); ; current = dirname(current)) {
    try {
      return statSync(current).isDirectory() ? undefined : current;
    } catch {
      if (dirname(current) === current) return undefined;
    }
  }
}

/** Plain words for the system errors an output can meet; the code follows in parentheses. */
const REASONS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EBUSY: 'the file is busy',
  EDQUOT: 'the disk quota is exceeded',
  EEXIST: 'a file already exists where a directory is needed',
  EFBIG: 'the file would be too large',
  EINVAL: 'the file system does not accept this name',
  EIO: 'input/output error on the device',
  EISDIR: 'it is a directory',
  ELOOP: 'too many levels of symbolic links (a link loop?)',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'the name is too long (a file name has at most 255 bytes on most file systems)',
  ENFILE: 'too many open files',
  ENOENT: 'no such file or directory',
  ENOSPC: 'no space left on the device',
  ENOTDIR: 'a part of the path is not a directory',
  ENXIO: 'no such device or address (a socket cannot be written as a file)',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ETXTBSY: 'the file is a running program',
};

/**
 * Why writing `path` failed, in plain words, for a failed system call; `undefined` for any other
 * error (a bug, which keeps its stack trace).
 */
export function describeFileSystemError(error: unknown, path: string): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const { code, errno, syscall } = error as NodeJS.ErrnoException;
  if (typeof code !== 'string' || typeof syscall !== 'string') return undefined;
  let reason = REASONS[code];
  if (code === 'ENOTDIR') {
    const file = fileInTheWay(path);
    if (file !== undefined) reason = `${file} is a file, not a directory`;
  }
  reason ??= (errno === undefined ? undefined : getSystemErrorMap().get(errno)?.[1]) ?? error.message;
  return `${reason} (${code})`;
}

/** A user error for a failed system call on an output; any other error is re-thrown as it is. */
function outputFailure(error: unknown, target: string): never {
  if (error instanceof UserError) throw error;
  const reason = describeFileSystemError(error, target);
  if (reason === undefined) throw error;
  throw new UserError(`cannot write ${target}: ${reason}`);
}

/**
 * A temporary name beside `name`: hidden, recognisably ours, and never longer than the 255 bytes
 * a file name may have, even when `name` itself is close to that limit.
 */
function temporaryName(name: string): string {
  let prefix = name;
  while (Buffer.byteLength(prefix) > 200) prefix = prefix.slice(0, -1);
  return `.${prefix}.${randomBytes(6).toString('hex')}.tmp`;
}

/** Syncs a directory so a new or renamed entry survives a crash (best effort: not every file system allows it). */
async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, constants.O_RDONLY).catch(() => undefined);
  await handle?.sync().catch(() => undefined);
  await handle?.close().catch(() => undefined);
}

/**
 * Writes to a device, FIFO, socket or open descriptor: opened as it is (no create, no
 * truncation, appending where the descriptor is a file, as a shell's `>>` would), never renamed.
 */
async function writeThrough(path: string, content: TextPieces): Promise<void> {
  const handle = await open(path, constants.O_WRONLY | constants.O_APPEND);
  try {
    await writeText(handle, content);
  } finally {
    await handle.close();
  }
}

/** Writes text, one string or pieces (in batches of about a megabyte), to an open file. */
async function writeText(handle: FileHandle, content: TextPieces): Promise<void> {
  if (typeof content === 'string') await handle.writeFile(content, 'utf8');
  else for (const batch of textBatches(content)) await handle.writeFile(batch, 'utf8');
}

/**
 * Writes text, one string or pieces, to a stream such as stdout, a batch of about a megabyte at
 * a time, waiting for the stream to drain between batches so that a long report is not held
 * twice in memory.
 */
export async function writeToStream(stream: NodeJS.WritableStream, content: TextPieces): Promise<void> {
  for (const batch of textBatches(content)) {
    if (!stream.write(batch)) await new Promise<void>((resolve) => stream.once('drain', resolve));
  }
}

/** Writes `content` to a new temporary file in `directory` (created when missing) and returns its path. */
async function writeTemporary(
  directory: string,
  name: string,
  content: TextPieces,
  mode: number,
): Promise<string> {
  await mkdir(directory, { recursive: true });
  const temporary = join(directory, temporaryName(name));
  const handle = await open(temporary, 'wx', mode);
  try {
    await writeText(handle, content);
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  return temporary;
}

/**
 * Creates the missing parent directories of an output that is not written by
 * {@link writeFileAtomic} (the drill's journal, which grows line by line), by the same rule.
 *
 * @throws {@link UserError} for every file-system problem, `cannot write <target>: <reason>`.
 */
export async function createParentDirectories(target: string): Promise<void> {
  try {
    const destination = await resolveOutputTarget(target);
    if (destination.kind === 'new') await mkdir(dirname(destination.path), { recursive: true });
  } catch (error) {
    outputFailure(error, target);
  }
}

/**
 * Writes an output file whole or not at all, by the rules above: a regular or new file through a
 * temporary file and `rename` (missing directories created, permission bits of a replaced file
 * kept); a device, FIFO or descriptor written through; a symbolic link followed. Refuses to write
 * over any of `inputs`, so no command can replace a file it read.
 *
 * @throws {@link UserError} for every file-system problem, `cannot write <target>: <reason>`.
 */
export async function writeFileAtomic(
  target: string,
  content: TextPieces,
  inputs: readonly string[] = [],
): Promise<void> {
  let temporary: string | undefined;
  try {
    refuseInputs(target, inputs);
    const destination = await resolveOutputTarget(target);
    if (destination.kind === 'stream') {
      await writeThrough(destination.path, content);
      return;
    }
    const directory = dirname(destination.path);
    const mode = destination.kind === 'file' ? destination.mode : 0o644;
    temporary = await writeTemporary(directory, basename(destination.path), content, mode);
    // `open` applied the umask; a replaced file keeps exactly the permissions it had.
    if (destination.kind === 'file') await chmod(temporary, mode);
    await rename(temporary, destination.path);
    temporary = undefined;
    await syncDirectory(directory);
  } catch (error) {
    if (temporary !== undefined) await rm(temporary, { force: true }).catch(() => undefined);
    outputFailure(error, target);
  }
}

/**
 * Creates a file only if nothing exists there yet (for `init`, and `plan -o` without `--force`): the content is written to a
 * temporary file and hard-linked into place, which fails if the target exists. So the file
 * appears whole or not at all, and an existing file is never overwritten. The same rules as
 * {@link writeFileAtomic} apply otherwise: missing directories are created, a dangling symbolic
 * link gets its target created, a device or FIFO is written through.
 *
 * @param inputs - the command's inputs, which the target may not be
 * @param refusal - the message when the target exists
 * @throws {@link UserError} when the target exists, and for every file-system problem.
 */
export async function createFileExclusive(
  target: string,
  content: string,
  inputs: readonly string[] = [],
  refusal = `${target} already exists; scsm-dr init never overwrites a file`,
): Promise<void> {
  const exists = () => new UserError(refusal);
  let temporary: string | undefined;
  try {
    refuseInputs(target, inputs);
    const destination = await resolveOutputTarget(target);
    if (destination.kind === 'file') throw exists();
    if (destination.kind === 'stream') {
      await writeThrough(destination.path, content);
      return;
    }
    const directory = dirname(destination.path);
    temporary = await writeTemporary(directory, basename(destination.path), content, 0o644);
    await link(temporary, destination.path).catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'EEXIST' ? exists() : error;
    });
    await syncDirectory(directory);
  } catch (error) {
    outputFailure(error, target);
  } finally {
    if (temporary !== undefined) await rm(temporary, { force: true }).catch(() => undefined);
  }
}
