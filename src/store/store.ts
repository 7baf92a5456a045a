import { link, readFile, rm, stat, unlink } from '../base/fs.js';
import { UserError } from '../base/errors.js';
import { t } from '../base/i18n/index.js';
import { DEFAULT_AGENT, type AgentPaths } from '../env/paths.js';
import { readConfig } from '../env/config.js';
import { CorruptStoreError, failAsStoreIo, LockLostError, storeIoError, type StoreIoKind } from './errors.js';
import { DEFAULT_LOCK_WAIT_MS, lockStore, STALE_LOCK_MS } from './lock.js';
import { assertOwnPaths, makePrivate, tightenMode, type OwnCheck } from './ownership.js';
import { ensureDir, removeStaleTemps, reserveTemp, writeFileAtomic } from './files.js';
import { warnOnStderr, type Warn } from '../base/io.js';
import { importLegacy } from './legacy.js';
import { parseStore, validateStore } from './parse.js';
import { buildRuntimeCache } from './runtime-cache.js';
import { emptyStore, type AuthProfiles } from '../model/schema.js';

export interface StoreOptions {
  warn?: Warn;
  now?: () => number;
  /** How long to wait for another process's lock before giving up (ms). */
  lockWaitMs?: number;
}

/** A read's options; `tighten: false` reads loose folders and files as they are (the doctor without --fix, see OwnCheck). */
export interface ReadOptions extends StoreOptions, OwnCheck {}

export { busyAfter, DEFAULT_LOCK_WAIT_MS, LOCK_NOTICE_MS, lockHolderPid, lockWaitNotice, STALE_LOCK_MS } from './lock.js';

export interface StoreSnapshot {
  store: AuthProfiles;
  /** False when no store file exists yet (the view then holds what a first write would import). */
  exists: boolean;
}

/**
 * The store's text, or null when there is no store. A read the file system refuses (a path through a
 * file, no permission, a folder where the file should be) is a StoreIoError, not a corrupt store: only a
 * file whose content is bad is offered to be moved aside.
 */
async function readText(file: string, kind: StoreIoKind): Promise<string | null> {
  try {
    // As text, through Node's own UTF-8 read (parseJsonText judges it as it would the bytes): reading bytes
    // cost ~0.3 ms more on a status, the first such read of a process.
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw storeIoError(error, file, kind);
  }
}

/**
 * SPEC 2: the directories and files are checked to be ours before anything is read from them. `file` is
 * where the store's bytes live: the store file, or the file of ours a symbolic link there leads to.
 */
async function load(paths: AgentPaths, warn: Warn, kind: StoreIoKind = 'read', check: OwnCheck = {}): Promise<StoreSnapshot & { file: string }> {
  const file = await assertOwnPaths(paths, warn, { ...check, underLock: kind !== 'read' });
  // Tightened before it is parsed: a store that cannot be used is still a file of secrets.
  if (check.tighten !== false) await tightenMode(file, warn, paths.storeFile);
  const text = await readText(file, kind);
  if (text === null) {
    // SPEC 2.3: only the default agent imports the legacy grant; a second importer would be a second holder (SPEC 11).
    const fresh = emptyStore();
    return { store: paths.agentId === DEFAULT_AGENT ? await importLegacy(fresh, paths.legacyFile, warn) : fresh, exists: false, file };
  }
  const parsed = parseStore(text);
  if (!parsed.ok) throw new CorruptStoreError(paths.storeFile, parsed.problem);
  return { store: parsed.value, exists: true, file };
}

/** Reads and validates the store without locking (readers see whole files thanks to atomic renames). */
export async function readStore(paths: AgentPaths, options: ReadOptions = {}): Promise<StoreSnapshot> {
  const { store, exists } = await load(paths, options.warn ?? warnOnStderr, 'read', options);
  return { store, exists };
}

export interface UpdateResult<T> {
  store: AuthProfiles;
  result: T;
  /** False when the change left the store as it was (nothing was written). */
  written: boolean;
}

/** What a change learns about the lock it runs under. */
export interface HeldLock {
  /** Aborted (with a LockLostError) when another process takes the lock over: a request made under it should stop. */
  signal: AbortSignal;
  /**
   * Whether `<file>.lock` is still the directory this process made. proper-lockfile's takeover of a stale
   * lock (stat, rmdir, mkdir) is not atomic: two processes can both take over a dead holder's lock, the
   * second removing the first's. False (and the lock counts as lost from then on) when it is not ours.
   */
  isOurs: () => Promise<boolean>;
  /**
   * Takes, now, the disk space this change's write will need (the store's and auth.json's temporary
   * files, written and synced, with room for new tokens): called before a request whose answer must not be
   * lost (a refresh that rotates the grant, SPEC 4), so that a full disk fails before it is sent. A
   * StoreIoError (kind 'reserve') when the space is not there; nothing was sent then.
   */
  reserve: () => Promise<void>;
}

/** Room for what a refresh may add to the store and to auth.json (new tokens, marks), on top of their size now. */
export const RESERVE_MARGIN_BYTES = 16 * 1024;

/**
 * The one write path (SPEC 3). `change` receives a private copy of what is on disk now, under the lock,
 * and edits it in place; it may be async (a token refresh happens inside it so that only one process
 * refreshes). If it throws, nothing is written; if the lock is lost meanwhile, updateStore throws a
 * LockLostError and writes nothing.
 */
export async function updateStore<T>(
  paths: AgentPaths,
  change: (draft: AuthProfiles, lock: HeldLock) => T | Promise<T>,
  options: StoreOptions = {},
): Promise<UpdateResult<T>> {
  const warn = options.warn ?? warnOnStderr;
  const now = options.now ?? Date.now;
  const failed = failAsStoreIo(paths.storeFile, 'update');
  await ensureDir(paths.agentDir).catch(failed);
  // Before the lock (a directory in it) is made: nothing is created in a directory that is not ours.
  const target = await assertOwnPaths(paths, warn);
  const release = await lockStore(paths.storeFile, target, options.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS, warn);
  // The temporary files reserve() made, by the file each is for; one not used by the write is removed.
  const reserved = new Map<string, string>();
  try {
    const before = await load(paths, warn, 'update');
    const draft = structuredClone(before.store);
    const reserve = async () => {
      if (reserved.size > 0) return;
      for (const file of [before.file, paths.runtimeCacheFile]) {
        const size = (await stat(file).catch(() => null))?.size ?? 0;
        reserved.set(file, await reserveTemp(file, size + RESERVE_MARGIN_BYTES).catch(failAsStoreIo(file, 'reserve', paths.storeFile)));
      }
    };
    const result = await change(draft, { signal: release.signal, isOurs: release.isOurs, reserve });
    const checked = validateStore(draft);
    if (!checked.ok) throw new Error(`refusing to write an invalid store: ${checked.problem}`);
    const text = `${JSON.stringify(checked.value, null, 2)}\n`;
    const unchanged = before.exists && text === `${JSON.stringify(before.store, null, 2)}\n`;
    if (!unchanged) {
      release.assertHeld();
      // A process paused past the stale time (SIGSTOP, a closed lid) runs on before its lock's own timer
      // has noticed the takeover: the lock directory says so now.
      if (!(await release.isOurs())) throw new LockLostError(paths.storeFile);
      // Through a symbolic link to the file it leads to (the temporary file beside that one): the link
      // stays, and no stale copy of the secrets is left at its target. The lock stays on the store's path.
      await writeFileAtomic(before.file, text, release.assertHeld, take(reserved, before.file)).catch(async (error: unknown) => {
        // Paused in the middle of the write, the process that took over removed its temporary file: not a disk problem.
        if (!(error instanceof LockLostError) && !(await release.isOurs())) throw new LockLostError(paths.storeFile);
        return failed(error);
      });
    }
    await writeRuntimeCache(paths, checked.value, now(), warn, take(reserved, paths.runtimeCacheFile));
    await removeStaleTemps(paths.storeFile);
    if (before.file !== paths.storeFile) await removeStaleTemps(before.file);
    await removeStaleTemps(paths.runtimeCacheFile);
    return { store: checked.value, result, written: !unchanged };
  } finally {
    await Promise.all([...reserved.values()].map((temp) => rm(temp, { force: true }).catch(() => undefined)));
    await release();
  }
}

/** The reservation for `file`, which the write then owns (it renames or removes it). */
function take(reserved: Map<string, string>, file: string): string | undefined {
  const temp = reserved.get(file);
  reserved.delete(file);
  return temp;
}

/**
 * Regenerates auth.json; when that fails it is removed rather than left stale: a stale cache could hand
 * out a secret the user has just logged out of (SPEC 2.2: nothing reads it back as a source of truth).
 */
async function writeRuntimeCache(paths: AgentPaths, store: AuthProfiles, now: number, warn: Warn, reserved?: string): Promise<void> {
  try {
    await rebuildRuntimeCache(paths, store, now, warn, reserved);
  } catch (error) {
    await rm(paths.runtimeCacheFile, { force: true }).catch(() => undefined);
    throw storeIoError(error, paths.runtimeCacheFile, 'cache', paths.storeFile);
  }
}

async function rebuildRuntimeCache(paths: AgentPaths, store: AuthProfiles, now: number, warn: Warn, reserved?: string): Promise<void> {
  const cache = buildRuntimeCache(store, (await readConfig(paths.configFile, warn)).authOrder, now);
  const text = `${JSON.stringify(cache, null, 2)}\n`;
  const current = await readFile(paths.runtimeCacheFile, 'utf8').catch(() => null);
  if (current === text) {
    if (reserved) await rm(reserved, { force: true });
    await tightenMode(paths.runtimeCacheFile, warn);
    return;
  }
  await writeFileAtomic(paths.runtimeCacheFile, text, undefined, reserved);
}

/**
 * Only after the user said yes (the wizard asks): renames a store that cannot be read to
 * `auth-profiles.json.corrupt-<timestamp>` so that a fresh one can be started. Under the lock, and only
 * if the file is still unreadable.
 */
export async function moveAsideCorruptStore(paths: AgentPaths, options: StoreOptions = {}): Promise<string> {
  const now = options.now ?? Date.now;
  const warn = options.warn ?? warnOnStderr;
  const file = await assertOwnPaths(paths, warn);
  const release = await lockStore(paths.storeFile, file, options.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS, warn);
  try {
    const text = await readText(file, 'update');
    if (text === null || parseStore(text).ok) throw new UserError(t('store.readableNow', { file: paths.storeFile }));
    // Milliseconds, and a count when that is taken too: an earlier moved-aside file is never overwritten.
    const stamp = new Date(now()).toISOString().replace(/[-:]/g, '').replace('.', '');
    release.assertHeld();
    let target = `${paths.storeFile}.corrupt-${stamp}`;
    for (let n = 2; ; n++) {
      try {
        // A link is made only where nothing is (EEXIST otherwise), where a rename would replace.
        await link(paths.storeFile, target);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw storeIoError(error, paths.storeFile, 'update');
        if (n > 100) throw error;
        target = `${paths.storeFile}.corrupt-${stamp}-${n}`;
      }
    }
    await unlink(paths.storeFile).catch(failAsStoreIo(paths.storeFile, 'update'));
    // It holds whatever secrets the broken store held (SPEC 2: a moved-aside file is 0600). A symbolic
    // link is moved aside as the link; the file it leads to is the one made private.
    await makePrivate(file === paths.storeFile ? target : file);
    return target;
  } finally {
    await release();
  }
}

/**
 * Whether another process holds the store's lock: proper-lockfile's lock is the directory `<file>.lock`
 * (its default), kept fresh by its holder. Only a shortcut: a waiter that sees it skips loading the lock library (about
 * 15 ms of CPU, which a crowd of waiters would take from the refreshing process) and goes straight to
 * watching; the lock itself is only ever taken through updateStore.
 */
export async function lockLooksHeld(file: string): Promise<boolean> {
  const info = await stat(`${file}.lock`).catch(() => null);
  return info !== null && Date.now() - info.mtimeMs < STALE_LOCK_MS;
}
