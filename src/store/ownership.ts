import { t } from '../base/i18n/index.js';
import { constants } from 'node:fs';
import { lstat, lstatNowIfThere, open, realpath, stat, statNowIfThere, type FileHandle } from '../base/fs.js';
import type { Stats } from 'node:fs';
import { dirname, sep } from 'node:path';
import type { Warn } from '../base/io.js';
import type { AgentPaths } from '../env/paths.js';
import { heldAnswer, holdAnswer } from './checks-held.js';
import { ForeignFileError } from './errors.js';

export const DIR_MODE = 0o700;
export const FILE_MODE = 0o600;

export const octal = (mode: number) => mode.toString(8).padStart(4, '0');
/**
 * The process's user (undefined on Windows), asked once: each getuid() is a system call, and `agents list`
 * over 500 agents asked it some 3,000 times (~5 ms profiled).
 */
let processUid: number | undefined | null = null;
export const myUid = (): number | undefined => (processUid === null ? (processUid = process.getuid?.()) : processUid);

/**
 * How a check treats a loose directory or credential file of ours. By default it is tightened, with a
 * warning. `openclaw doctor` without --fix changes nothing (SPEC 11: it reports; --fix repairs and says so):
 * it passes `tighten: false` down its reads, and a loose one is read as it is. Code to run is the exception:
 * a plugin file or folder others may write is then refused, not run and not tightened.
 */
export interface OwnCheck {
  tighten?: boolean;
}

/** Opens `path` itself, never what a symbolic link there points to (ELOOP for a link). */
export function openNoFollow(path: string, directory: boolean): Promise<FileHandle> {
  return open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK | (directory ? constants.O_DIRECTORY : 0));
}

/** Whether `path` is there and ours (a ForeignFileError if it is another user's, or cannot be looked at). */
function ownerCheck(path: string): { mode: number; isDirectory: boolean } | null {
  const info = looked(path, statNowIfThere);
  if (!info) return null;
  const uid = myUid();
  if (uid !== undefined && info.uid !== uid) throw new ForeignFileError(path, t('owner.otherUser', { uid: info.uid }));
  return { mode: info.mode & 0o777, isDirectory: info.isDirectory() };
}

/** What `look` sees at `path`: null when nothing is there (or a file is where a folder should be). */
function looked(path: string, look: (path: string) => Stats | undefined): Stats | null {
  try {
    return look(path) ?? null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw new ForeignFileError(path, t('owner.unexaminable', { code: code ?? 'EIO' }));
  }
}

/**
 * SPEC 2: a directory that holds credentials must be ours and not writable by group or others (who could
 * swap the files in it). A loose one of ours is tightened to 0700 through a handle opened without
 * following links, with a warning; one that cannot be is refused. A missing one is fine.
 */
export async function assertOwnDir(dir: string, warn: Warn, check: OwnCheck = {}): Promise<void> {
  await ownDir(dir, warn, check);
}

/** assertOwnDir's answer: missing, loose (left so: `tighten: false`), or ours and closed to others (held, src/store/checks-held.ts). */
async function ownDir(dir: string, warn: Warn, check: OwnCheck): Promise<'missing' | 'loose' | 'closed'> {
  const now = dirNow(dir, check);
  return typeof now === 'number' ? tightenDir(dir, now, warn) : now;
}

/** ownDir's answer as far as a look gives it: the folder's mode when it is loose and is to be tightened. */
function dirNow(dir: string, check: OwnCheck): 'missing' | 'loose' | 'closed' | number {
  if (heldAnswer(`dir ${dir}`)) return 'closed';
  const info = ownerCheck(dir);
  if (!info) return 'missing';
  if ((info.mode & 0o022) !== 0) return check.tighten === false ? 'loose' : info.mode;
  holdAnswer(`dir ${dir}`, true);
  return 'closed';
}

/** A loose folder of ours (`mode`), tightened to 0700 through a handle opened without following links. */
async function tightenDir(dir: string, mode: number, warn: Warn): Promise<'closed'> {
  try {
    const handle = await openNoFollow(dir, true);
    try {
      await handle.chmod(DIR_MODE);
    } finally {
      await handle.close();
    }
  } catch {
    throw new ForeignFileError(dir, t('owner.writable', { mode: octal(mode) }));
  }
  warn(t('owner.tightened', { dir, mode: octal(mode) }));
  holdAnswer(`dir ${dir}`, true);
  return 'closed';
}

/** A credential file must be ours (checked before it is read); a missing one is fine. */
export async function assertOwnFile(file: string): Promise<boolean> {
  return ownerCheck(file) !== null;
}

/**
 * The state dir, then each folder from it down to the agent dir; the state dir and the agent dir alone when
 * the agent dir lives elsewhere (`$OPENCLAW_AGENT_DIR`). Both are paths as resolve() or join() gives them, so
 * the chain is read off the agent dir's own text: dirname() and relative() for each of 500 agents were hot
 * enough for V8 to compile them with its optimizing compiler, about a tenth of such an `agents list`.
 */
export function foldersToCheck(stateDir: string, agentDir: string): string[] {
  const dirs = [stateDir];
  const prefix = stateDir.endsWith(sep) ? stateDir : `${stateDir}${sep}`;
  if (agentDir.startsWith(prefix) && agentDir.length > prefix.length) {
    for (let end = agentDir.indexOf(sep, prefix.length); end !== -1; end = agentDir.indexOf(sep, end + 1)) dirs.push(agentDir.slice(0, end));
    dirs.push(agentDir);
  } else if (agentDir !== stateDir) {
    dirs.push(agentDir);
  }
  return dirs;
}

/**
 * The directories from the state dir down to the agent dir (or the agent dir alone when it lives
 * elsewhere, `$OPENCLAW_AGENT_DIR`), and the credential files, checked before anything is read.
 * Returns the file the store's bytes live in (see storeTarget). Its answer is held for the command's next
 * moments (src/store/checks-held.ts), except `underLock`: a read under the store's lock asks again, for the
 * holder before may have changed what the store is.
 */
export async function assertOwnPaths(paths: AgentPaths, warn: Warn, check: OwnCheck & { underLock?: boolean } = {}): Promise<string> {
  const key = `store ${paths.storeFile} ${paths.runtimeCacheFile} ${paths.stateDir} ${paths.agentDir}`;
  const earlier = check.underLock || check.tighten === false ? undefined : heldAnswer<string>(key);
  if (earlier !== undefined) return earlier;
  const looks = lookAtPaths(paths, check);
  let refusal = looks.refusal;
  // A loose folder of ours is tightened even when something else was refused; the first refusal, in the
  // order of the looks, is the one reported.
  for (const { dir, mode, at } of looks.loose) {
    try {
      await tightenDir(dir, mode, warn);
    } catch (error) {
      if (refusal === undefined || refusal.at > at) refusal = { error, at };
    }
  }
  if (refusal) throw refusal.error;
  const target = await storeTarget(paths.storeFile, looks.seen);
  // Held only when every folder is there, ours and closed: one still to be made (updateStore makes it before
  // its lock) is asked of again once it is.
  if (looks.allClosed) holdAnswer(key, target);
  return target;
}

/**
 * assertOwnPaths' looks, in this order: the store (a link?), auth.json, then each folder from the state dir
 * down. Made in place and all of them, each refusal kept with its place (`at`) and the first returned. Not
 * an async function awaiting a promise a look: over 500 agents V8's optimizing compiler spent 20-28 ms on
 * assertOwnPaths written so, on a worker thread, and the process waited for that compile before it could exit.
 */
function lookAtPaths(paths: AgentPaths, check: OwnCheck): { seen: Stats | null; refusal?: { error: unknown; at: number }; loose: { dir: string; mode: number; at: number }[]; allClosed: boolean } {
  let refusal: { error: unknown; at: number } | undefined;
  let seen: Stats | null = null;
  try {
    seen = looked(paths.storeFile, lstatNowIfThere);
    assertOwnNoLink(paths.storeFile, seen);
  } catch (error) {
    refusal = { error, at: 0 };
  }
  try {
    ownerCheck(paths.runtimeCacheFile);
  } catch (error) {
    refusal ??= { error, at: 1 };
  }
  const loose: { dir: string; mode: number; at: number }[] = [];
  let allClosed = true;
  const dirs = foldersToCheck(paths.stateDir, paths.agentDir);
  for (let i = 0; i < dirs.length; i++) {
    try {
      const now = dirNow(dirs[i]!, check);
      if (typeof now === 'number') loose.push({ dir: dirs[i]!, mode: now, at: i + 2 });
      else if (now !== 'closed') allClosed = false;
    } catch (error) {
      refusal ??= { error, at: i + 2 };
      allClosed = false;
    }
  }
  return { seen, refusal, loose, allClosed };
}

/** A store that is there and no link must be ours. */
function assertOwnNoLink(file: string, seen: Stats | null): void {
  const uid = myUid();
  if (seen && !seen.isSymbolicLink() && uid !== undefined && seen.uid !== uid) throw new ForeignFileError(file, t('owner.otherUser', { uid: seen.uid }));
}

/**
 * The file the store's bytes live in, given what lstat saw at `file` (null: nothing there): `file` itself
 * (which must be ours), or, when it is a symbolic link (a dotfile manager's), the regular file of ours it
 * resolves to, in a folder of ours that others cannot write. The store is then read and replaced there, so
 * the link stays a link and no copy of the secrets is left behind. Any other link (leading nowhere, to a folder, to another user's file, into a folder others
 * can write) is refused: writing through it would write where the user does not own, and replacing it
 * would leave the secrets at the old target.
 */
async function storeTarget(file: string, seen: Stats | null): Promise<string> {
  const uid = myUid();
  const foreign = (owner: number) => uid !== undefined && owner !== uid;
  // Not a link: lookAtPaths found it ours (assertOwnNoLink).
  if (!seen || !seen.isSymbolicLink()) return file;
  const target = await realpath(file).catch(() => null);
  // What realpath returns has no link left in it: lstat and stat see the same file.
  const info = target === null ? null : await lstat(target).catch(() => null);
  if (target === null || info === null) throw new ForeignFileError(file, t('owner.linkNowhere'));
  if (!info.isFile()) throw new ForeignFileError(file, t('owner.linkNotFile', { target }));
  if (foreign(info.uid)) throw new ForeignFileError(file, t('owner.linkOtherUser', { target, uid: info.uid }));
  const dir = dirname(target);
  const folder = await stat(dir);
  if (foreign(folder.uid)) throw new ForeignFileError(file, t('owner.linkFolderOtherUser', { target, dir, uid: folder.uid }));
  if ((folder.mode & 0o022) !== 0) throw new ForeignFileError(file, t('owner.linkFolderWritable', { target, dir, mode: octal(folder.mode & 0o777) }));
  return target;
}

/**
 * A credential file readable or writable by others is tightened to 0600 through a handle opened without
 * following links, with a warning. `link` is the symbolic link the user knows `file` by (storeTarget).
 */
export async function tightenMode(file: string, warn: Warn, link?: string): Promise<void> {
  // The common case (private already, or missing) costs one stat; only a loose file is opened.
  const seen = await stat(file).catch(() => null);
  if (!seen || (seen.mode & 0o077) === 0) return;
  let handle: FileHandle;
  try {
    handle = await openNoFollow(file, false);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOOP') return;
    const target = await stat(file).catch(() => null);
    if (target && (target.mode & 0o077) !== 0) {
      warn(t('owner.linkReadable', { file, mode: octal(target.mode & 0o777) }));
    }
    return;
  }
  try {
    const info = await handle.stat();
    const mode = info.mode & 0o777;
    if (!info.isFile() || (mode & 0o077) === 0) return;
    try {
      await handle.chmod(FILE_MODE);
      warn(link && link !== file ? t('owner.linkTightened', { file, link, mode: octal(mode) }) : t('owner.fileTightened', { file, mode: octal(mode) }));
    } catch {
      warn(t('owner.fileLoose', { file, mode: octal(mode) }));
    }
  } finally {
    await handle.close();
  }
}

/** Makes a file this process just produced private, through a handle (no warning: nothing was exposed by us). */
export async function makePrivate(file: string): Promise<void> {
  const handle = await openNoFollow(file, false);
  try {
    await handle.chmod(FILE_MODE);
  } finally {
    await handle.close();
  }
}
