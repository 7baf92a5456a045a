import nodeFs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { vi } from 'vitest';

/**
 * Every look at the file system while `body` runs, with how many times: each path given to stat or lstat
 * under its path (both together) and under `stat <path>` / `lstat <path>`, each listed folder under
 * `readdir <path>`. The calls are node:fs's own, spied on (src/base/fs.ts looks them up at call time).
 */
export async function looksDuring(body: () => Promise<unknown>): Promise<Map<string, number>> {
  const looks = new Map<string, number>();
  const count = (key: string) => looks.set(key, (looks.get(key) ?? 0) + 1);
  const { statSync, lstatSync, readdirSync } = nodeFs;
  vi.spyOn(nodeFs, 'readdirSync').mockImplementation(((path: nodeFs.PathLike, options?: unknown) => (count(`readdir ${String(path)}`), readdirSync(path, options as never))) as typeof readdirSync);
  vi.spyOn(nodeFs, 'statSync').mockImplementation(((path: nodeFs.PathLike, options?: nodeFs.StatSyncOptions) => (count(String(path)), count(`stat ${String(path)}`), statSync(path, options))) as typeof statSync);
  vi.spyOn(nodeFs, 'lstatSync').mockImplementation(((path: nodeFs.PathLike, options?: nodeFs.StatSyncOptions) => (count(String(path)), count(`lstat ${String(path)}`), lstatSync(path, options))) as typeof lstatSync);
  syncBuiltinESMExports();
  try {
    await body();
  } finally {
    vi.restoreAllMocks();
    syncBuiltinESMExports();
  }
  return looks;
}
