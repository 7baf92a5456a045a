import { watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { STALE_LOCK_MS } from '../store/store.js';

// Read-only views of the store's lock and file for processes waiting on another one's refresh. Nothing
// here takes the lock or writes: that is src/store's alone.

/**
 * Whether another process holds the store's lock: proper-lockfile's lock is the directory `<file>.lock`,
 * kept fresh by its holder. Only a shortcut: a waiter that sees it skips loading the lock library (about
 * 15 ms of CPU, which a crowd of waiters would take from the refreshing process) and goes straight to
 * watching; the lock itself is only ever taken through updateStore.
 */
export async function lockLooksHeld(file: string): Promise<boolean> {
  const info = await stat(`${file}.lock`).catch(() => null);
  return info !== null && Date.now() - info.mtimeMs < STALE_LOCK_MS;
}

/**
 * Change notices for the store file and its lock (a write renames over the file; a release removes
 * the lock). Where the file system gives none, `next` simply waits its fallback time.
 */
export function watchStore(file: string): { next: (fallbackMs: number) => Promise<void>; close: () => void } {
  const name = basename(file);
  let changed = false;
  let wake: (() => void) | null = null;
  let watcher: FSWatcher | null = null;
  try {
    watcher = watch(dirname(file), { persistent: false }, (_event, filename) => {
      if (filename !== null && !String(filename).startsWith(name)) return;
      changed = true;
      wake?.();
    });
    watcher.on('error', () => undefined);
  } catch {
    watcher = null;
  }
  return {
    next: (fallbackMs) =>
      new Promise<void>((resolve) => {
        if (changed) {
          changed = false;
          return resolve();
        }
        const timer = setTimeout(done, fallbackMs);
        function done() {
          clearTimeout(timer);
          wake = null;
          changed = false;
          resolve();
        }
        wake = done;
      }),
    close: () => watcher?.close(),
  };
}
