import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import { t, type MessageKey } from '../base/i18n/index.js';
import { UserError } from '../base/errors.js';

/** The store exists but cannot be read or validated. It is never overwritten (SPEC 3). */
export class CorruptStoreError extends UserError {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(t('store.corrupt', { file, problem }));
    this.name = 'CorruptStoreError';
  }
}

/** Another process held the lock for longer than we wait: `holder` says who (when known) and how long we waited. */
export class StoreBusyError extends UserError {
  constructor(
    readonly file: string,
    holder?: { pid: number | null; waitedMs: number },
  ) {
    const seconds = holder ? Math.max(1, Math.round(holder.waitedMs / 1000)) : 0;
    super(
      holder === undefined
        ? t('store.busy', { file })
        : holder.pid === null
          ? t('store.busyAfter', { file, seconds })
          : t('store.busyPid', { file, seconds, pid: holder.pid }),
    );
    this.name = 'StoreBusyError';
  }
}

/**
 * This process's lock was taken over while it held it (it was paused, or its clock jumped, past the stale
 * time): nothing may be written on the strength of it.
 */
export class LockLostError extends StoreBusyError {
  constructor(file: string) {
    super(file);
    this.message = t('store.lockLost', { file });
    this.name = 'LockLostError';
  }
}

/** SPEC 2: a state or agent directory, or a credential file, that is not safely ours; nothing was read from it. */
export class ForeignFileError extends UserError {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(t('store.foreign', { file, problem }));
    this.name = 'ForeignFileError';
  }
}

/**
 * What was being done when the file system refused: reading the store, changing it, rewriting auth.json after
 * it, or taking the space a write will need before a refresh is sent (HeldLock.reserve).
 */
export type StoreIoKind = 'read' | 'update' | 'cache' | 'reserve';

/**
 * The file system refused a read or write of the store (permissions, a read-only or full disk, a path through
 * a file...): the user's to mend, so a plain sentence naming the path, the problem and what to do.
 */
export class StoreIoError extends UserError {
  constructor(
    readonly file: string,
    readonly code: string,
    readonly problem: string,
    message: string,
  ) {
    super(message);
    this.name = 'StoreIoError';
  }
}

type Say = (key: MessageKey, params?: Record<string, string>) => string;
const say = t as Say;

const HEADLINE: Record<StoreIoKind, MessageKey> = { read: 'storeIo.read', update: 'storeIo.update', cache: 'storeIo.cache', reserve: 'storeIo.reserve' };

/** The problem and the advice for each errno code; EEXIST only comes from making a folder where a file is. */
const BY_CODE: Record<string, [problem: MessageKey, advice: MessageKey]> = {
  EACCES: ['storeIo.denied', 'storeIo.checkPermissions'],
  EPERM: ['storeIo.denied', 'storeIo.checkPermissions'],
  EROFS: ['storeIo.readOnly', 'storeIo.writableDisk'],
  ENOSPC: ['storeIo.full', 'storeIo.freeSpace'],
  EDQUOT: ['storeIo.quota', 'storeIo.freeQuota'],
  ENOTDIR: ['storeIo.notFolder', 'storeIo.moveFile'],
  EEXIST: ['storeIo.notFolder', 'storeIo.moveFile'],
  EISDIR: ['storeIo.isFolder', 'storeIo.moveFolder'],
  ELOOP: ['storeIo.loop', 'storeIo.checkLinks'],
  EIO: ['storeIo.io', 'storeIo.checkDisk'],
  ENAMETOOLONG: ['storeIo.tooLong', 'storeIo.shorterPath'],
  EMFILE: ['storeIo.tooManyOpen', 'storeIo.closePrograms'],
  ENFILE: ['storeIo.tooManyOpen', 'storeIo.closePrograms'],
};

/**
 * The deepest part of `path` that exists: the folder a new entry was to be made in (not the temporary
 * file or lock that never came to be), or the file that stands where a folder should be.
 */
function existingPart(path: string): string {
  for (let part = path; ; part = dirname(part)) {
    if (dirname(part) === part) return part;
    try {
      statSync(part);
      return part;
    } catch {
      // Missing, or not reachable: the folder above says more.
    }
  }
}

/**
 * The one place where a file-system error of the store becomes a sentence (SPEC 3: exit 1, naming the
 * file and the problem). Anything that is not a file-system error (a bug, a lost lock) is returned as it is.
 * `store` is the credential store when `file` is auth.json (kind 'cache').
 */
export function storeIoError(error: unknown, file: string, kind: StoreIoKind, store = file): unknown {
  const { code, syscall, path, dest } = (error ?? {}) as NodeJS.ErrnoException & { dest?: string };
  if (!(error instanceof Error) || typeof code !== 'string' || typeof syscall !== 'string') return error;
  // A rename onto a folder names the folder (dest), not the temporary file.
  const where = existingPart(code === 'EISDIR' && dest ? dest : (path ?? file));
  const [problemKey, adviceKey] = BY_CODE[code] ?? ['storeIo.other', 'storeIo.checkPath'];
  const problem = say(problemKey, { path: where, code });
  const advice = say(adviceKey, { path: where });
  return new StoreIoError(file, code, problem, say(HEADLINE[kind], { file, store, problem, advice }));
}

/** For a promise's catch: throws what storeIoError makes of the error. */
export const failAsStoreIo =
  (file: string, kind: StoreIoKind, store?: string) =>
  (error: unknown): never => {
    throw storeIoError(error, file, kind, store);
  };
