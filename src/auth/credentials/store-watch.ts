import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';

// A read-only view of the store file for processes waiting on another one's refresh. Nothing
// here takes the lock or writes: that is src/store's alone.

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
