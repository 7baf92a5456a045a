import { chmod, mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { resolveAgentPaths, type AgentPaths } from '../../src/env/paths.js';
import { withOwnChecksHeld } from '../../src/store/checks-held.js';
import { assertOwnDir, assertOwnPaths } from '../../src/store/ownership.js';
import { readStore, updateStore } from '../../src/store/store.js';
import { tempState } from '../support/cli.js';
import { looksDuring } from '../support/fs-looks.js';

// src/store/checks-held.ts holds what a command's ownership checks found for moments within it (issue 23);
// these hold where that ends.
let state: Awaited<ReturnType<typeof tempState>>;
let paths: AgentPaths;
const quiet = () => undefined;
beforeEach(async () => {
  state = await tempState();
  paths = resolveAgentPaths(state.env);
  await mkdir(paths.agentDir, { recursive: true, mode: 0o700 });
});
afterEach(() => state.cleanup());

/** How many times the store file is looked at for a link (assertOwnPaths' lstat) while `body` runs. */
const storeLooks = async (body: () => Promise<unknown>) => (await looksDuring(body)).get(`lstat ${paths.storeFile}`) ?? 0;

it('within a command a check answers for the next ones, never for the read under an update lock; outside one, none is held', async () => {
  await withOwnChecksHeld(async () => {
    expect(await storeLooks(() => assertOwnPaths(paths, quiet))).toBe(1);
    // The update's check before the lock is answered; the read under it asks again (the holder before may have
    // replaced the store).
    expect(await storeLooks(() => updateStore(paths, () => undefined, { warn: quiet }))).toBe(1);
    expect(await storeLooks(() => readStore(paths, { warn: quiet }))).toBe(0);
  });
  expect(await storeLooks(() => readStore(paths, { warn: quiet }))).toBe(1);
  expect(await storeLooks(() => readStore(paths, { warn: quiet }))).toBe(1);
});

it('a folder that was not there yet is asked of again once it is (updateStore makes it before its lock)', async () => {
  const elsewhere = resolveAgentPaths({ ...state.env, OPENCLAW_STATE_DIR: join(state.dir, 'not-yet') });
  const warned: string[] = [];
  await withOwnChecksHeld(async () => {
    await assertOwnPaths(elsewhere, quiet);
    // Made by someone else in the meantime, and loose.
    await mkdir(elsewhere.agentDir, { recursive: true });
    await chmod(elsewhere.stateDir, 0o777);
    await assertOwnPaths(elsewhere, (line) => warned.push(line));
  });
  expect(warned.filter((line) => line.includes(elsewhere.stateDir))).toHaveLength(1);
  expect((await stat(elsewhere.stateDir)).mode & 0o777).toBe(0o700);
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
  // The first has checked the folder before the second starts, and ends first.
  const first = command();
  await started(1);
  const second = command();
  await started(2);
  releases[0]!();
  await first;
  releases[1]!();
  await second;
  await chmod(paths.agentDir, 0o777);
  await assertOwnDir(paths.agentDir, warn);
  expect(warned.filter((line) => line.includes(paths.agentDir))).toHaveLength(1);
  expect((await stat(paths.agentDir)).mode & 0o777).toBe(0o700);
});
