import { mkdir, open, readdir, rename, rm, stat, type FileHandle } from '../base/fs.js';
import { basename, dirname, join } from 'node:path';
import { DIR_MODE, FILE_MODE } from './ownership.js';

export async function ensureDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: DIR_MODE });
}

const TEMP_SUFFIX = '.tmp';
let tempCounter = 0;
// Unique within the process by the counter and across processes by the pid; 'wx' refuses a clash anyway.
// (node:crypto is not worth its start-up cost for this.)
const uniqueSuffix = () => `${Date.now().toString(36)}${(tempCounter++).toString(36)}${Math.random().toString(36).slice(2, 8)}`;
const tempPrefix = (file: string) => `.${basename(file)}.`;

/** All of `bytes` from the start of the file (a write may take fewer bytes than it was given). */
async function writeAll(handle: FileHandle, bytes: Buffer): Promise<void> {
  for (let done = 0; done < bytes.length; ) done += (await handle.write(bytes, done, bytes.length - done, done)).bytesWritten;
}

const tempFor = (file: string) => join(dirname(file), `${tempPrefix(file)}${process.pid}.${uniqueSuffix()}${TEMP_SUFFIX}`);

/**
 * Makes, ahead of a write of `file`, the temporary file that write will fill: `size` bytes, written and
 * synced, so that the disk space is taken now (a full disk fails here, before anything is sent that the
 * write must not lose). Returns its path, for writeFileAtomic's `reserved`; the caller removes it if unused.
 */
export async function reserveTemp(file: string, size: number): Promise<string> {
  const temp = tempFor(file);
  const handle = await open(temp, 'wx', FILE_MODE);
  try {
    try {
      await writeAll(handle, Buffer.alloc(size));
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  return temp;
}

/**
 * Replaces `file` so that a reader sees the old content or the new, never a mix, and a crash at any
 * moment leaves one of the two: temp file created 0600 next to it, fsync, rename, fsync the directory.
 * `reserved` is a temporary file reserveTemp made for it: its space is overwritten, not newly taken.
 */
export async function writeFileAtomic(file: string, data: string, beforeRename?: () => void, reserved?: string): Promise<void> {
  const dir = dirname(file);
  const temp = reserved ?? tempFor(file);
  const handle = await open(temp, reserved ? 'r+' : 'wx', FILE_MODE);
  try {
    try {
      const bytes = Buffer.from(data, 'utf8');
      await writeAll(handle, bytes);
      if (reserved) await handle.truncate(bytes.length);
      await handle.sync();
    } finally {
      await handle.close();
    }
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

/** Whether the process that named a temp file (by its pid) is gone; a pid of another user's process counts as alive. */
function writerGone(name: string, prefix: string): boolean {
  const pid = Number(name.slice(prefix.length).split('.')[0]);
  if (!Number.isSafeInteger(pid) || pid <= 0) return true;
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Temp files that outlived their command (a writer killed before its rename): removed by the next write,
 * under the store lock (SPEC 2). One whose writer is gone goes at once; one whose pid is still alive only
 * when older than `olderThanMs` (a pid can be reused, and a writer that lost its lock may still be busy).
 */
export async function removeStaleTemps(file: string, olderThanMs = 60_000): Promise<void> {
  // Tidying only: what was asked has been saved, so a temp file that cannot be removed is left for the next write.
  await Promise.all((await staleTemps(file, olderThanMs)).map((path) => rm(path, { force: true }).catch(() => undefined)));
}

/** The temporary files of `file` whose writer is gone or that are older than `olderThanMs` (`openclaw doctor` names them). */
export async function staleTemps(file: string, olderThanMs = 60_000): Promise<string[]> {
  const dir = dirname(file);
  const prefix = tempPrefix(file);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const now = Date.now();
  const found = await Promise.all(
    names
      .filter((name) => name.startsWith(prefix) && name.endsWith(TEMP_SUFFIX))
      .map(async (name) => {
        const path = join(dir, name);
        if (writerGone(name, prefix)) return path;
        const info = await stat(path).catch(() => null);
        return info && now - info.mtimeMs > olderThanMs ? path : null;
      }),
  );
  return found.filter((path): path is string => path !== null);
}
