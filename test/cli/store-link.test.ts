import { chmod, chown, lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeSetupToken, storeFileOf, tempState } from '../support/cli.js';
import { runInProcess } from '../support/context.js';
import { resolveAgentPaths } from '../../src/env/paths.js';
import { moveAsideCorruptStore } from '../../src/store/store.js';

// A store that is a symbolic link (a dotfile manager's): written through to the file it leads to when that
// is a regular file of ours in a folder of ours; refused otherwise. Never replaced by a regular file.
const isRoot = process.getuid?.() === 0;
const OTHER = 65534;

let state: Awaited<ReturnType<typeof tempState>>;
let elsewhere: string;
beforeEach(async () => {
  state = await tempState();
  elsewhere = await mkdtemp(join(tmpdir(), 'openclaw-dotfiles-'));
});
afterEach(async () => {
  await state.cleanup();
  await rm(elsewhere, { recursive: true, force: true });
});

const storeFile = () => storeFileOf(state.dir);
const theirs = { version: 1, profiles: { 'openai:default': { type: 'api_key', provider: 'openai', key: 'sk-old-0123456789' } } };
const modeOf = async (file: string) => (await stat(file)).mode & 0o777;
const paste = () => runInProcess(['models', 'auth', 'paste-token', '--provider', 'anthropic'], { env: state.env, input: `${fakeSetupToken('new')}\n` });

async function linkTo(target: string): Promise<void> {
  await mkdir(dirname(storeFile()), { recursive: true, mode: 0o700 });
  await symlink(target, storeFile());
}

async function plantTarget(mode = 0o644): Promise<string> {
  const target = join(elsewhere, 'real.json');
  await writeFile(target, JSON.stringify(theirs));
  await chmod(target, mode);
  await linkTo(target);
  return target;
}

it('a link to a loose file of ours: written through (the link stays a link), the target tightened with one warning naming both', async () => {
  const target = await plantTarget();
  const result = await paste();
  expect(result.code, result.stderr).toBe(0);
  expect((await lstat(storeFile())).isSymbolicLink()).toBe(true);
  expect(await readlink(storeFile())).toBe(target);
  const stored = JSON.parse(await readFile(target, 'utf8'));
  expect(Object.keys(stored.profiles).sort()).toEqual(['anthropic:default', 'openai:default']);
  expect(await modeOf(target)).toBe(0o600);
  const warnings = result.stderr.split('\n').filter((line) => line.includes('tightened'));
  expect(warnings).toEqual([expect.stringContaining(`${target} (where the symbolic link ${storeFile()} leads) had mode 0644`)]);
  expect(result.stderr).not.toMatch(/Run: chmod/);
  // The temporary file was made beside the target and is gone; the lock stayed beside the link.
  expect(await readdir(elsewhere)).toEqual(['real.json']);
  expect((await readdir(dirname(storeFile()))).sort()).toEqual(['auth-profiles.json', 'auth.json']);
  expect(JSON.parse(await readFile(join(dirname(storeFile()), 'auth.json'), 'utf8'))).toHaveProperty('anthropic');
});

it('models status through a link to a loose file of ours: tightened once, then quiet', async () => {
  const target = await plantTarget();
  const first = await runInProcess(['models', 'status'], { env: state.env });
  expect(first.code, first.stderr).toBe(0);
  expect(first.stderr).toContain(`${target} (where the symbolic link`);
  expect(await modeOf(target)).toBe(0o600);
  const second = await runInProcess(['models', 'status'], { env: state.env });
  expect(second.stderr).not.toContain('tightened');
});

it('a link to a broken file of ours, moved aside (the wizard offers it): the link is moved, the file it leads to made private', async () => {
  const target = join(elsewhere, 'real.json');
  await writeFile(target, '{ broken', { mode: 0o644 });
  await linkTo(target);
  const moved = await moveAsideCorruptStore(resolveAgentPaths(state.env), { warn: () => undefined });
  expect(await readlink(moved)).toBe(target);
  expect(await modeOf(target)).toBe(0o600);
  await expect(lstat(storeFile())).rejects.toThrow(/ENOENT/);
});

describe('links that are refused (exit 1, naming the link, nothing written)', () => {
  const refused = async (expected: RegExp) => {
    const result = await paste();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Refusing to use ${storeFile()}`);
    expect(result.stderr).toMatch(expected);
    expect((await lstat(storeFile())).isSymbolicLink()).toBe(true);
    const status = await runInProcess(['models', 'status'], { env: state.env });
    expect(status.code).toBe(1);
    expect(status.stderr).toMatch(expected);
  };

  it('a link that leads nowhere', async () => {
    await linkTo(join(elsewhere, 'missing.json'));
    await refused(/symbolic link that leads to no file; remove the link/);
    await expect(stat(join(elsewhere, 'missing.json'))).rejects.toThrow(/ENOENT/);
  });

  it('a link to a folder', async () => {
    await linkTo(elsewhere);
    await refused(/symbolic link to .* which is not a regular file/);
    expect(await readdir(elsewhere)).toEqual([]);
  });

  it('a link into a folder others can write', async () => {
    const target = await plantTarget(0o600);
    await chmod(elsewhere, 0o777);
    await refused(/which others can write \(mode 0777\); run: chmod go-w/);
    expect(JSON.parse(await readFile(target, 'utf8'))).toEqual(theirs);
    expect(await modeOf(elsewhere)).toBe(0o777);
  });

  it.skipIf(!isRoot)("a link to another user's file (needs root to chown)", async () => {
    const target = await plantTarget(0o644);
    await chown(target, OTHER, OTHER);
    await refused(/which belongs to another user \(uid 65534\); replace the link with a file of your own/);
    expect(JSON.parse(await readFile(target, 'utf8'))).toEqual(theirs);
    expect(await modeOf(target)).toBe(0o644);
  });

  it.skipIf(!isRoot)("a link into another user's folder (needs root to chown)", async () => {
    const target = await plantTarget(0o600);
    await chown(elsewhere, OTHER, OTHER);
    await refused(/belongs to another user \(uid 65534\); move the file into a folder of your own/);
    expect(JSON.parse(await readFile(target, 'utf8'))).toEqual(theirs);
  });
});

it('two agents whose stores lead to one file: their writes wait for each other, none is lost', async () => {
  const shared = join(elsewhere, 'shared.json');
  await writeFile(shared, JSON.stringify(theirs), { mode: 0o600 });
  for (const agent of ['a', 'b']) {
    expect((await runInProcess(['agents', 'add', agent], { env: state.env })).code).toBe(0);
    const file = storeFileOf(state.dir, agent);
    await rm(file, { force: true });
    await symlink(shared, file);
  }
  const writes = Array.from({ length: 12 }, (_, i) =>
    runInProcess(['models', 'auth', 'paste-token', '--provider', 'anthropic', '--profile-id', `n${i}`, '--agent', i % 2 ? 'a' : 'b'], {
      env: state.env,
      input: `${fakeSetupToken(`n${i}`)}\n`,
    }),
  );
  for (const result of await Promise.all(writes)) expect(result.code, result.stderr).toBe(0);
  const stored = JSON.parse(await readFile(shared, 'utf8'));
  expect(Object.keys(stored.profiles)).toHaveLength(13);
});
