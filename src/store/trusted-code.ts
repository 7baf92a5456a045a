import { t } from '../base/i18n/index.js';
import { lstat, realpath } from '../base/fs.js';
import { dirname, resolve as resolvePath } from 'node:path';
import type { Warn } from '../base/io.js';
import { ForeignFileError } from './errors.js';
import { assertOwnDir, myUid, octal, openNoFollow, type OwnCheck } from './ownership.js';

// SPEC 2 for what names or is code this process runs (the config, a plugin file): split from
// src/store/ownership.ts, whose checks are those of the credentials.

/**
 * SPEC 2 for the config, `<state>/openclaw.json`: it names plugin code to run, so its folder (the state dir)
 * and the file itself must be ours, and no one else may write it (a loose one of ours is tightened, with a
 * warning). Checked before it is read; a missing file is fine.
 */
export async function assertOwnConfig(configFile: string, warn: Warn, check: OwnCheck = {}): Promise<void> {
  await assertOwnDir(dirname(configFile), warn, check);
  const seen = await lstat(configFile).catch(() => null);
  if (!seen) return;
  const uid = myUid();
  if (uid !== undefined && seen.uid !== uid) throw new ForeignFileError(configFile, t('owner.otherUser', { uid: seen.uid }));
  if (seen.isSymbolicLink()) await assertTrustedCode(configFile, warn, check);
  else if (check.tighten !== false) await tightenWrite(configFile, seen.mode, seen.isDirectory(), warn, check);
}

/** Drops the write bits of group and others from a file or folder of ours, through a handle; refused when that fails. */
async function tightenWrite(path: string, mode: number, directory: boolean, warn: Warn, check: OwnCheck): Promise<void> {
  const loose = mode & 0o777;
  if ((loose & 0o022) === 0) return;
  if (check.tighten === false) throw new ForeignFileError(path, t('owner.writableByOthers', { mode: octal(loose) }));
  try {
    const handle = await openNoFollow(path, directory);
    try {
      await handle.chmod(loose & ~0o022);
    } finally {
      await handle.close();
    }
  } catch {
    throw new ForeignFileError(path, t('owner.writable', { mode: octal(loose) }));
  }
  warn(t('owner.codeTightened', { path, mode: octal(loose), now: octal(loose & ~0o022) }));
}

/**
 * SPEC 2's rule for code this process is to run (a plugin file, and so the folders it is found through): the
 * file and every folder above it, along the path as named and along the path it resolves to, must belong to
 * us or to root, and no one else may be able to replace it. A folder others may write is accepted only when
 * it is sticky (as /tmp; the entry below it is ours or root's, checked next). A loose file or folder of ours
 * is tightened (group and others lose write), with a warning. Throws a ForeignFileError naming what is
 * wrong, before any of the code is read; returns the resolved path.
 */
export async function assertTrustedCode(file: string, warn: Warn, check: OwnCheck = {}): Promise<string> {
  const named = resolvePath(file);
  const real = await realpath(named).catch((error: NodeJS.ErrnoException) => {
    throw new ForeignFileError(named, t('owner.unexaminable', { code: error.code ?? 'EIO' }));
  });
  const paths = new Set<string>();
  for (const start of [named, real]) for (let path = start; ; path = dirname(path)) {
    paths.add(path);
    if (dirname(path) === path) break;
  }
  const uid = myUid();
  // Deepest first, so that the refusal names the part nearest the file.
  for (const path of [...paths].sort((a, b) => b.length - a.length)) {
    const info = await lstat(path).catch((error: NodeJS.ErrnoException) => {
      throw new ForeignFileError(path, t('owner.unexaminable', { code: error.code ?? 'EIO' }));
    });
    const ours = uid === undefined || info.uid === uid;
    if (!ours && info.uid !== 0) throw new ForeignFileError(path, t('owner.otherUser', { uid: info.uid }));
    // A link's own mode means nothing; who may replace it is its folder's matter, checked in turn.
    if (info.isSymbolicLink() || (info.mode & 0o022) === 0) continue;
    if (info.isDirectory() && (info.mode & 0o1000) !== 0) continue;
    if (!ours) throw new ForeignFileError(path, t('owner.writableByOthers', { mode: octal(info.mode & 0o777) }));
    await tightenWrite(path, info.mode, info.isDirectory(), warn, check);
  }
  return real;
}
