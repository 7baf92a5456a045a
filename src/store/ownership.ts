import { t } from '../base/i18n/index.js';
import { constants } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { dirname, relative, sep } from 'node:path';
import type { Warn } from '../base/io.js';
import type { AgentPaths } from '../env/paths.js';
import { ForeignFileError } from './errors.js';

export const DIR_MODE = 0o700;
export const FILE_MODE = 0o600;

const octal = (mode: number) => mode.toString(8).padStart(4, '0');
const myUid = () => process.getuid?.();

/** Opens `path` itself, never what a symbolic link there points to (ELOOP for a link). */
function openNoFollow(path: string, directory: boolean): Promise<FileHandle> {
  return open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK | (directory ? constants.O_DIRECTORY : 0));
}

async function ownerCheck(path: string): Promise<{ mode: number; isDirectory: boolean } | null> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return null;
    throw new ForeignFileError(path, t('owner.unexaminable', { code: error.code ?? 'EIO' }));
  });
  if (!info) return null;
  const uid = myUid();
  if (uid !== undefined && info.uid !== uid) throw new ForeignFileError(path, t('owner.otherUser', { uid: info.uid }));
  return { mode: info.mode & 0o777, isDirectory: info.isDirectory() };
}

/**
 * SPEC 2: a directory that holds credentials must be ours and not writable by group or others (who could
 * swap the files in it). A loose one of ours is tightened to 0700 through a handle opened without
 * following links, with a warning; one that cannot be is refused.
 */
export async function assertOwnDir(dir: string, warn: Warn): Promise<void> {
  const info = await ownerCheck(dir);
  if (!info || (info.mode & 0o022) === 0) return;
  try {
    const handle = await openNoFollow(dir, true);
    try {
      await handle.chmod(DIR_MODE);
    } finally {
      await handle.close();
    }
  } catch {
    throw new ForeignFileError(dir, t('owner.writable', { mode: octal(info.mode) }));
  }
  warn(t('owner.tightened', { dir, mode: octal(info.mode) }));
}

/** A credential file must be ours (checked before it is read); a missing one is fine. */
export async function assertOwnFile(file: string): Promise<boolean> {
  return (await ownerCheck(file)) !== null;
}

/**
 * The directories from the state dir down to the agent dir (or the agent dir alone when it lives
 * elsewhere, `$OPENCLAW_AGENT_DIR`), and the credential files, checked before anything is read.
 */
export async function assertOwnPaths(paths: AgentPaths, warn: Warn): Promise<void> {
  const dirs = [paths.stateDir];
  const inside = relative(paths.stateDir, paths.agentDir);
  if (inside && !inside.startsWith('..') && !inside.startsWith(sep)) {
    let dir = paths.agentDir;
    const chain: string[] = [];
    while (dir !== paths.stateDir && dir !== dirname(dir)) {
      chain.unshift(dir);
      dir = dirname(dir);
    }
    dirs.push(...chain);
  } else if (paths.agentDir !== paths.stateDir) {
    dirs.push(paths.agentDir);
  }
  // Examined together (this runs before every read of the store); the first refusal is the one reported.
  await Promise.all([...dirs.map((dir) => assertOwnDir(dir, warn)), assertOwnFile(paths.storeFile), assertOwnFile(paths.runtimeCacheFile)]);
}

/**
 * A credential file readable or writable by others is tightened to 0600 through a handle opened without
 * following links, with a warning.
 */
export async function tightenMode(file: string, warn: Warn): Promise<void> {
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
      warn(t('owner.fileTightened', { file, mode: octal(mode) }));
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
