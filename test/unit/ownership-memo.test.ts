import nodeFs from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { resolveAgentPaths, type AgentPaths } from '../../src/env/paths.js';
import { assertOwnDir, assertOwnPathsBeforeRead, withOwnChecksHeld } from '../../src/store/ownership.js';
import { readStore, updateStore } from '../../src/store/store.js';
import { tempState } from '../support/cli.js';

// src/store/ownership.ts holds what a command's checks found for moments within it (issue 23); these hold
// where that ends.
let state: Awaited<ReturnType<typeof tempState>>;
let paths: AgentPaths;
beforeEach(async () => {
  state = await tempState();
  paths = resolveAgentPaths(state.env);
  await mkdir(paths.agentDir, { recursive: true, mode: 0o700 });
});
afterEach(async () => {
  vi.restoreAllMocks();
  syncBuiltinESMExports();
  await state.cleanup();
});

/** How many times the store file is looked at (lstat: is it a link?) while `body` runs. */
async function storeLooks(body: () => Promise<unknown>): Promise<number> {
  let looks = 0;
  const { lstatSync } = nodeFs;
  vi.spyOn(nodeFs, 'lstatSync').mockImplementation(((path: nodeFs.PathLike, options?: nodeFs.StatSyncOptions) => {
    if (String(path) === paths.storeFile) looks++;
    return lstatSync(path, options);
  }) as typeof lstatSync);
  syncBuiltinESMExports();
  try {
    await body();
  } finally {
    vi.restoreAllMocks();
    syncBuiltinESMExports();
  }
  return looks;
}

it('a check before the read answers for the next plain read only, never for the read under an update lock', async () => {
  // An update: its own check before the lock, and again under it (the holder before may have replaced the store).
  const update = await storeLooks(async () => {
    await assertOwnPathsBeforeRead(paths, () => undefined);
    await updateStore(paths, () => undefined, { warn: () => undefined });
  });
  expect(update).toBe(3);
  // The earlier answer went with the update: the read after it looks again.
  expect(await storeLooks(() => readStore(paths, { warn: () => undefined }))).toBe(1);
  // A plain read right after the check takes its answer.
  expect(await storeLooks(async () => {
    await assertOwnPathsBeforeRead(paths, () => undefined);
    await readStore(paths, { warn: () => undefined });
  })).toBe(1);
});

it('commands run side by side share what they found, and when the last ends a loose folder is told again', async () => {
  const warned: string[] = [];
  const warn = (line: string) => warned.push(line);
  const releases: (() => void)[] = [];
  const command = () =>
    withOwnChecksHeld(async () => {
      await assertOwnDir(paths.agentDir, warn);
      await new Promise<void>((resolve) => releases.push(resolve));
    });
  const started = async (n: number) => {
    while (releases.length < n) await new Promise((resolve) => setImmediate(resolve));
  };
  // The first has checked the folder before the second starts.
  const first = command();
  await started(1);
  const second = command();
  await started(2);
  // The first to start ends first.
  releases[0]!();
  await first;
  releases[1]!();
  await second;
  await chmod(paths.agentDir, 0o777);
  await assertOwnDir(paths.agentDir, warn);
  expect(warned.filter((line) => line.includes(paths.agentDir))).toHaveLength(1);
  expect((await nodeFs.promises.stat(paths.agentDir)).mode & 0o777).toBe(0o700);
});
