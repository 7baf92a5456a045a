import { mkdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { STALE_LOCK_MS } from '../../src/store/store.js';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeSetupToken, plantStore, storeFileOf, tempState } from '../support/cli.js';
import { runInProcess } from '../support/context.js';
import { failLockMkdir } from '../support/fs-faults.js';

// SPEC 3: a store the file system will not let us write is the user's to mend (exit 1, a plain sentence
// naming the path and what to do), not a bug to report; and it is said at once, not after 30 s of retries.
let state: Awaited<ReturnType<typeof tempState>>;
beforeEach(async () => {
  state = await tempState();
});
afterEach(() => {
  vi.restoreAllMocks();
  return state.cleanup();
});

const storeFile = () => storeFileOf(state.dir);
const agentDir = () => dirname(storeFile());
const planted = { profiles: { 'anthropic:default': { type: 'token', provider: 'anthropic', token: fakeSetupToken() } } };
const logoutAll = ['models', 'auth', 'logout', '--provider', 'anthropic', '--all'];

describe('an agent folder that cannot be written', () => {
  it('logout --all: exit 1 at once, naming the folder, nothing saved, no "report it"; the store intact', async () => {
    await plantStore(storeFile(), planted);
    const before = await readFile(storeFile(), 'utf8');
    failLockMkdir('EACCES');
    const started = performance.now();
    const result = await runInProcess(logoutAll, { env: state.env });
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `error: Could not save to ${storeFile()}: permission denied on ${agentDir()}. Nothing was saved. Check the permissions of ${agentDir()} and of the folders above it.\n`,
    );
    expect(await readFile(storeFile(), 'utf8')).toBe(before);
  });

  it('in Chinese too', async () => {
    await plantStore(storeFile(), planted);
    failLockMkdir('EACCES');
    const result = await runInProcess(logoutAll, { env: { ...state.env, LANG: 'zh_TW.UTF-8' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`沒有 ${agentDir()} 的存取權限。沒有儲存任何東西。請檢查 ${agentDir()} 及其上層資料夾的權限。`);
  });
});

it('auth.json that is a folder: the change is saved, the cache failure is said plainly (exit 1, no "report it")', async () => {
  await plantStore(storeFile(), planted);
  const cache = join(agentDir(), 'auth.json');
  await mkdir(cache);
  const result = await runInProcess(logoutAll, { env: state.env });
  expect(result.code).toBe(1);
  expect(result.stderr).toContain(`The credentials were saved in ${storeFile()}, but the runtime cache ${cache} could not be written: ${cache} is a folder, not a file.`);
  expect(result.stderr).not.toMatch(/unexpected|report it/i);
  expect(JSON.parse(await readFile(storeFile(), 'utf8')).profiles).toEqual({});
});

describe('a store path the file system refuses to read is not a corrupt store', () => {
  it('a state dir that is a regular file: models status names that file; no "move it aside" offer', async () => {
    const file = join(state.dir, 'x');
    await writeFile(file, '');
    const store = join(file, 'agents', 'main', 'agent', 'auth-profiles.json');
    const result = await runInProcess(['models', 'status'], { env: { OPENCLAW_STATE_DIR: file } });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `error: Cannot read ${store}: ${file} is a file, not a folder. Move that file out of the way, or set OPENCLAW_STATE_DIR to another folder, then try again.\n`,
    );
  });

  it('a folder where the store should be: agents list says so in its line', async () => {
    await mkdir(storeFile(), { recursive: true });
    const result = await runInProcess(['agents', 'list'], { env: state.env });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`store unreadable: ${storeFile()} is a folder, not a file`);
  });
});

it('a lock left by a process that died: logout says once on stderr why it pauses, then goes on', async () => {
  await plantStore(storeFile(), planted);
  await mkdir(`${storeFile()}.lock`, { mode: 0o700 });
  const then = new Date(Date.now() - (STALE_LOCK_MS - 1_500));
  await utimes(`${storeFile()}.lock`, then, then);
  const result = await runInProcess(logoutAll, { env: state.env });
  expect(result.code).toBe(0);
  expect(result.stderr).toBe(`openclaw: Waiting for another openclaw process to finish with ${storeFile()}…\n`);
});
