import type * as NodeFs from 'node:fs';
import type { BigIntStats } from 'node:fs';
import { readFile, stat } from '../base/fs.js';
import type { Warn } from '../base/io.js';
import { t } from '../base/i18n/index.js';
import { builtinNow, importPackage } from '../env/import.js';
import { LockLostError, StoreBusyError, storeIoError } from './errors.js';

/** node:fs, asked for when a lock is taken (see builtinNow). */
const fsNow = () => builtinNow<typeof NodeFs>('node:fs');

/** A lock whose holder stopped refreshing it (every 2 s) is taken over after this long: within 10 s of its death (SPEC 3). */
export const STALE_LOCK_MS = 8_000;
/**
 * How long a writer waits for another process's lock before giving up (SPEC 3's bounded wait), in time,
 * not in tries. Longer than the takeover of a dead holder's lock (stale STALE_LOCK_MS after its last
 * update, which comes every 2 s: SPEC 3's "within 10 s"), so a holder that died never fails a command; a
 * live one holds the lock for milliseconds to write, or for one token request to refresh (usually a
 * second or two). A refresh at its full 20 s deadline outlasts it: the command then fails saying to try
 * again, rather than hang. Waiters for a refresh's result wait longer (REFRESH_WAIT_MS).
 */
export const DEFAULT_LOCK_WAIT_MS = 15_000;
/** A wait for the lock longer than this is told (once) on the warn line: the user sees why the command pauses. */
export const LOCK_NOTICE_MS = 1_000;

/**
 * Beside the lock directory, never inside it (every taker of the lock, OpenClaw's own and older versions
 * among them, removes a stale one with rmdir): the holder's pid and the lock directory's inode, so that a
 * waiter can say whom it waits for. Only a note whose inode is the lock's now and whose process is alive
 * names anyone; one left by a killed holder is written over by the next.
 */
const noteOf = (file: string) => `${file}.lock.pid`;
const noteText = (id: LockId) => `${process.pid} ${id.ino}\n`;

function writeNote(file: string, id: LockId | null): void {
  if (id === null) return;
  try {
    fsNow().writeFileSync(noteOf(file), noteText(id), { mode: 0o600 });
  } catch {
    // Only a waiter's message is poorer without it.
  }
}

function removeNote(file: string, id: LockId | null): void {
  try {
    if (id !== null && fsNow().readFileSync(noteOf(file), 'utf8') === noteText(id)) fsNow().unlinkSync(noteOf(file));
  } catch {
    // Gone already, or another holder's.
  }
}

/** The pid of the live process that holds the lock on `file`, when its note says so; else null. */
export async function lockHolderPid(file: string): Promise<number | null> {
  const note = /^(\d+) (\d+)\n$/.exec(await readFile(noteOf(file), 'utf8').catch(() => ''));
  if (!note) return null;
  const info = await stat(`${file}.lock`, { bigint: true }).catch(() => null);
  if (info?.ino !== BigInt(note[2]!)) return null;
  const pid = Number(note[1]);
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: alive, another user's (it cannot be: the agent dir is ours; said anyway).
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return null;
  }
  return pid;
}

/**
 * For a wait on another process's lock: call it at each turn of the wait; once the wait has lasted
 * LOCK_NOTICE_MS it says so, once, through `warn`, naming the holder's pid when its note gives it (a
 * quick lock stays quiet).
 */
export function lockWaitNotice(file: string, warn: Warn): () => void {
  const started = performance.now();
  let told = false;
  return () => {
    if (told || performance.now() - started < LOCK_NOTICE_MS) return;
    told = true;
    void lockHolderPid(file).then((pid) => warn(pid === null ? t('store.waiting', { file }) : t('store.waitingPid', { file, pid })));
  };
}

/** The failure of a wait of `waitMs` for the lock on `file`, naming its holder when known. */
export async function busyAfter(file: string, waitMs: number): Promise<StoreBusyError> {
  return new StoreBusyError(file, { pid: await lockHolderPid(file), waitedMs: waitMs });
}

export interface Release {
  (): Promise<void>;
  /** Throws a LockLostError when the lock was lost (compromised) so that nothing is written without it. */
  assertHeld: () => void;
  /** Aborted when the lock is lost. */
  signal: AbortSignal;
  isOurs: () => Promise<boolean>;
}

/**
 * What tells one lock directory from another made at the same path later: its inode, and its birth time,
 * since an inode can be reused at once. Where the system has no birth time, Node reports the change time
 * instead (which the lock's updates move): then the inode alone is compared (`birth` null).
 */
type LockId = { dev: bigint; ino: bigint; birth: bigint | null };
const lockId = (info: BigIntStats): LockId => ({ dev: info.dev, ino: info.ino, birth: info.birthtimeNs });
const sameLock = (info: BigIntStats, id: LockId) => info.dev === id.dev && info.ino === id.ino && (id.birth === null || info.birthtimeNs === id.birth);

/**
 * The file system proper-lockfile uses for one lock: its directory is made 0700 (SPEC 2) and identified
 * the moment it is made; once made, it is removed (on release, or at exit) only while it is still that
 * directory, never one another process made after taking the lock over.
 */
function lockFs(): { fs: typeof NodeFs; id: () => LockId | null; settle: (path: string) => Promise<void> } {
  // Node's own object, its functions looked up at each call (tests spy on them).
  const nodeFs = fsNow();
  let mine: LockId | null = null;
  type Done = (error: NodeJS.ErrnoException | null) => void;
  const fs = {
    ...nodeFs,
    mkdir: (path: string, done: Done) =>
      nodeFs.mkdir(path, { mode: 0o700 }, (error) => {
        if (error) return done(error);
        nodeFs.stat(path, { bigint: true }, (statError, info) => {
          if (!statError) mine = lockId(info);
          done(null);
        });
      }),
    rmdir: (path: string, done: Done) => {
      const id = mine;
      if (id === null) return nodeFs.rmdir(path, done);
      nodeFs.stat(path, { bigint: true }, (error, info) => {
        if (error) return done(error);
        if (!sameLock(info, id)) return done(null);
        nodeFs.rmdir(path, done);
      });
    },
    rmdirSync: (path: string) => {
      const info = nodeFs.statSync(path, { bigint: true, throwIfNoEntry: false });
      if (info && (mine === null || sameLock(info, mine))) nodeFs.rmdirSync(path);
    },
  };
  /**
   * After proper-lockfile's probe (which sets the directory's times, so moves its change time): a birth
   * time still equal to the change time is the change time standing in for one.
   */
  const settle = async (path: string) => {
    const info = await stat(path, { bigint: true }).catch(() => null);
    if (mine && info?.ino === mine.ino && info.dev === mine.dev && info.birthtimeNs === info.ctimeNs) mine = { ...mine, birth: null };
  };
  return { fs: fs as unknown as typeof NodeFs, id: () => mine, settle };
}

/** The wait before retry number `attempt` (from 0): 10 ms growing by half each time to 100 ms, each randomised up to twice that, capped at 100 ms. */
const backoff = (attempt: number) => Math.min(100, Math.round((1 + Math.random()) * 10 * 1.5 ** attempt));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Takes the lock on `file`, waiting `waitMs` (and at least one retry) while another process holds it
 * (ELOCKED), which is told once through `warn` past LOCK_NOTICE_MS (a dead holder's lock takes up to
 * STALE_LOCK_MS); then a StoreBusyError naming the holder. Any other
 * failure (the folder cannot be written, a path through a file, a full disk) is thrown at once: waiting
 * would not mend it.
 */
export async function acquireLock(file: string, waitMs: number, warn: Warn): Promise<Release> {
  const lockfile = (await importPackage<{ default: typeof import('proper-lockfile') }>('proper-lockfile')).default;
  let compromised: Error | null = null;
  const lost = new AbortController();
  // Backoff from 10 ms to 100 ms until the deadline: short enough steps that a queue of waiting processes
  // drains quickly once the holder releases. A deadline, not a count of tries: each try takes time too
  // (300 tries of "30 s" took 33).
  const deadline = performance.now() + waitMs;
  let unlock: () => Promise<void>;
  const own = lockFs();
  const waiting = lockWaitNotice(file, warn);
  for (let attempt = 0; ; attempt++) {
    try {
      unlock = await lockfile.lock(file, {
        fs: own.fs,
        realpath: false,
        stale: STALE_LOCK_MS,
        update: STALE_LOCK_MS / 4,
        retries: 0,
        // Its update found the lock's mtime not its own (another process took a lock it thought stale)
        // or the lock gone.
        onCompromised: (error) => {
          compromised = error;
          lost.abort(new LockLostError(file));
        },
      });
      break;
    } catch (error) {
      // ENOENT: the lock directory this process had just made was gone before it could set its time (it was
      // paused, and another process took the lock over and released it). Nothing was held: wait again.
      const { code, syscall, path } = error as NodeJS.ErrnoException;
      const takenOver = code === 'ENOENT' && syscall !== 'mkdir' && path === `${file}.lock`;
      if (code !== 'ELOCKED' && !takenOver) throw storeIoError(error, file, 'update');
      if (attempt >= 1 && performance.now() >= deadline) throw await busyAfter(file, waitMs);
    }
    waiting();
    await sleep(backoff(attempt));
  }
  await own.settle(`${file}.lock`);
  writeNote(file, own.id());
  // Released even when lost: that stops its updates, and the removal spares a directory that is not ours.
  const release = (() => {
    removeNote(file, own.id());
    return unlock().catch(() => undefined);
  }) as Release;
  release.assertHeld = () => {
    if (compromised) throw new LockLostError(file);
  };
  release.signal = lost.signal;
  release.isOurs = async () => {
    if (compromised) return false;
    const id = own.id();
    const info = await stat(`${file}.lock`, { bigint: true }).catch(() => null);
    if (id !== null && info !== null && sameLock(info, id)) return true;
    compromised ??= new LockLostError(file);
    lost.abort(new LockLostError(file));
    return false;
  };
  return release;
}


/**
 * The store's lock: on its path, where every process of this agent takes it, and, for a store that is a
 * symbolic link, on the file it leads to as well (taken second, so there is no order to deadlock on): two
 * agents whose stores lead to one file then also wait for each other, and neither writes over the other's
 * change or refreshes a grant the other is refreshing.
 */
export async function lockStore(file: string, target: string, waitMs: number, warn: Warn): Promise<Release> {
  const first = await acquireLock(file, waitMs, warn);
  if (target === file) return first;
  let second: Release;
  try {
    second = await acquireLock(target, waitMs, warn);
  } catch (error) {
    await first();
    throw error;
  }
  const release = (async () => {
    await second();
    await first();
  }) as Release;
  release.assertHeld = () => {
    first.assertHeld();
    second.assertHeld();
  };
  release.signal = AbortSignal.any([first.signal, second.signal]);
  release.isOurs = async () => (await first.isOurs()) && (await second.isOurs());
  return release;
}
