import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';

const LOCK_TARGET = join(tmpdir(), 'openclaw-tests-port-1455');

/**
 * pi-ai's callback server binds 127.0.0.1:1455, a fixed port: tests that log in (in any test file,
 * any worker) run one at a time by holding this lock.
 */
export async function withPort1455<T>(fn: () => Promise<T>): Promise<T> {
  await mkdir(tmpdir(), { recursive: true });
  await writeFile(LOCK_TARGET, '', { flag: 'a' });
  const release = await lockfile.lock(LOCK_TARGET, {
    stale: 30_000,
    update: 5_000,
    retries: { retries: 1200, minTimeout: 100, maxTimeout: 250 },
  });
  try {
    return await fn();
  } finally {
    await release();
  }
}
