import { chmod, mkdir, readFile, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resolveAgentPaths, type AgentPaths } from '../../src/env/paths.js';
import { LockLostError, StoreIoError } from '../../src/store/errors.js';
import { moveAsideCorruptStore, STALE_LOCK_MS, updateStore } from '../../src/store/store.js';
import { tempState } from '../support/cli.js';
import { failLockMkdir } from '../support/fs-faults.js';

// The store's lock (SPEC 2, 3): its directory is private, a takeover by another process is noticed, and
// the move-aside of a broken store is checked like every other entry point and never overwrites.
let state: Awaited<ReturnType<typeof tempState>>;
let paths: AgentPaths;
const warnings: string[] = [];
const opts = { warn: (line: string) => warnings.push(line) };

beforeEach(async () => {
  state = await tempState();
  paths = resolveAgentPaths(state.env);
  warnings.length = 0;
});
afterEach(() => {
  vi.restoreAllMocks();
  return state.cleanup();
});

const lockDir = () => `${paths.storeFile}.lock`;

describe('the lock directory', () => {
  it('is made 0700', async () => {
    const mode = await updateStore(paths, async () => (await stat(lockDir())).mode & 0o777, opts);
    expect(mode.result).toBe(0o700);
  });

  it('is ours while the change runs', async () => {
    const { result } = await updateStore(paths, (_draft, lock) => lock.isOurs(), opts);
    expect(result).toBe(true);
  });

  it('replaced under a running change (a second takeover of a stale lock): not ours, lost, nothing written, theirs left in place', async () => {
    await updateStore(paths, (d) => void (d.profiles['openai-codex:a'] = { type: 'api_key', provider: 'openai-codex', key: 'k1' }), opts);
    const before = await readFile(paths.storeFile);
    let aborted = false;
    const error = await updateStore(
      paths,
      async (draft, lock) => {
        await rm(lockDir(), { recursive: true });
        await mkdir(lockDir());
        await writeFile(`${lockDir()}/theirs`, '');
        expect(await lock.isOurs()).toBe(false);
        aborted = lock.signal.aborted;
        draft.profiles['openai-codex:b'] = { type: 'api_key', provider: 'openai-codex', key: 'k2' };
      },
      opts,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockLostError);
    expect(aborted).toBe(true);
    expect(await readFile(paths.storeFile)).toEqual(before);
    // The release did not remove the other process's lock.
    expect(await readdir(lockDir())).toEqual(['theirs']);
  });
});

describe('taking the lock', () => {
  const store = { version: 1, profiles: {} };
  it('only a lock held by another process is waited for: any other failure (EACCES) fails at once, the store untouched', async () => {
    await mkdir(paths.agentDir, { recursive: true, mode: 0o700 });
    await writeFile(paths.storeFile, JSON.stringify(store), { mode: 0o600 });
    failLockMkdir('EACCES');
    const started = performance.now();
    const error = await updateStore(paths, (d) => void (d.order = { anthropic: [] }), opts).catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(error).toBeInstanceOf(StoreIoError);
    expect(error).toMatchObject({ code: 'EACCES' });
    expect(JSON.parse(await readFile(paths.storeFile, 'utf8'))).toEqual(store);
  });

  it('a stale lock that is a file, not a folder (ENOTDIR on its removal): fails at once', async () => {
    await mkdir(paths.agentDir, { recursive: true, mode: 0o700 });
    await writeFile(lockDir(), '');
    await utimes(lockDir(), new Date(0), new Date(0));
    const started = performance.now();
    await expect(updateStore(paths, () => undefined, opts)).rejects.toMatchObject({ code: 'ENOTDIR' });
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe('waiting for a lock', () => {
  /** A lock left by a process that died `ago` ms ago: taken over when it is STALE_LOCK_MS old. */
  const deadHoldersLock = async (ago: number) => {
    await mkdir(lockDir(), { recursive: true, mode: 0o700 });
    const then = new Date(Date.now() - ago);
    await utimes(lockDir(), then, then);
  };
  const waitingLines = () => warnings.filter((line) => line.startsWith('Waiting for another openclaw process'));

  it('past a second: says so once, naming the store, then takes the dead holder\'s lock over', async () => {
    await deadHoldersLock(STALE_LOCK_MS - 1_800);
    await updateStore(paths, (d) => void (d.order = { anthropic: [] }), opts);
    expect(waitingLines()).toEqual([`Waiting for another openclaw process to finish with ${paths.storeFile}…`]);
  });

  it('a lock that comes quickly: nothing said', async () => {
    await deadHoldersLock(STALE_LOCK_MS - 100);
    await updateStore(paths, (d) => void (d.order = { anthropic: [] }), opts);
    expect(waitingLines()).toEqual([]);
  });
});

describe('moveAsideCorruptStore', () => {
  it('checks the directories like every other entry point (a loose agent dir is tightened, with a warning)', async () => {
    await mkdir(paths.agentDir, { recursive: true });
    await writeFile(paths.storeFile, '{ broken', { mode: 0o600 });
    await chmod(paths.agentDir, 0o777);
    await moveAsideCorruptStore(paths, opts);
    expect((await stat(paths.agentDir)).mode & 0o777).toBe(0o700);
    expect(warnings.join('\n')).toContain(paths.agentDir);
  });

  it('two in the same second (and millisecond): the second never overwrites the first', async () => {
    await mkdir(paths.agentDir, { recursive: true, mode: 0o700 });
    const now = () => 1_800_000_000_123;
    await writeFile(paths.storeFile, '{ first', { mode: 0o600 });
    const first = await moveAsideCorruptStore(paths, { ...opts, now });
    await writeFile(paths.storeFile, '{ second', { mode: 0o600 });
    const second = await moveAsideCorruptStore(paths, { ...opts, now });
    expect(first).toMatch(/\.corrupt-20270115T080000123Z$/);
    expect(second).not.toBe(first);
    expect(await readFile(first, 'utf8')).toBe('{ first');
    expect(await readFile(second, 'utf8')).toBe('{ second');
    expect((await stat(second)).mode & 0o777).toBe(0o600);
    await expect(stat(paths.storeFile)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
