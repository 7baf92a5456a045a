import { chmod, mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Warn } from '../base/io.js';

export const DIR_MODE = 0o700;
export const FILE_MODE = 0o600;

export async function ensureDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: DIR_MODE });
}

const TEMP_SUFFIX = '.tmp';
let tempCounter = 0;
// Unique within the process by the counter and across processes by the pid; 'wx' refuses a clash anyway.
// (node:crypto is not worth its start-up cost for this.)
const uniqueSuffix = () => `${Date.now().toString(36)}${(tempCounter++).toString(36)}${Math.random().toString(36).slice(2, 8)}`;
const tempPrefix = (file: string) => `.${basename(file)}.`;

/**
 * Replaces `file` so that a reader sees the old content or the new, never a mix, and a crash at any
 * moment leaves one of the two: temp file created 0600 next to it, fsync, rename, fsync the directory.
 */
export async function writeFileAtomic(file: string, data: string, beforeRename?: () => void): Promise<void> {
  const dir = dirname(file);
  const temp = join(dir, `${tempPrefix(file)}${process.pid}.${uniqueSuffix()}${TEMP_SUFFIX}`);
  const handle = await open(temp, 'wx', FILE_MODE);
  try {
    await handle.writeFile(data, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    beforeRename?.();
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDir(dir);
}

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } catch {
    // Some file systems refuse fsync on a directory; the rename has happened either way.
  } finally {
    await handle.close();
  }
}

/** Temp files of writers killed before their rename; only called under the store lock. */
export async function removeStaleTemps(file: string, olderThanMs = 60_000): Promise<void> {
  const dir = dirname(file);
  const prefix = tempPrefix(file);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  const now = Date.now();
  await Promise.all(
    names
      .filter((name) => name.startsWith(prefix) && name.endsWith(TEMP_SUFFIX))
      .map(async (name) => {
        const path = join(dir, name);
        const info = await stat(path).catch(() => null);
        if (info && now - info.mtimeMs > olderThanMs) await rm(path, { force: true });
      }),
  );
}

/** A credential file readable or writable by others is tightened to 0600, with a warning. */
export async function tightenMode(file: string, warn: Warn): Promise<void> {
  const info = await stat(file).catch(() => null);
  if (!info || !info.isFile()) return;
  const mode = info.mode & 0o777;
  if ((mode & 0o077) === 0) return;
  try {
    await chmod(file, FILE_MODE);
    warn(`${file} had mode ${mode.toString(8).padStart(4, '0')} (readable by others); tightened to 0600.`);
  } catch {
    warn(`${file} has mode ${mode.toString(8).padStart(4, '0')} (readable by others) and could not be tightened; run: chmod 600 ${file}`);
  }
}
