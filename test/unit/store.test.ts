import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveAgentPaths, type AgentPaths } from '../../src/env/paths.js';
import { CorruptStoreError } from '../../src/store/errors.js';
import { readStore, updateStore } from '../../src/store/store.js';
import { tempState } from '../support/cli.js';

let state: Awaited<ReturnType<typeof tempState>>;
let paths: AgentPaths;
const warnings: string[] = [];
const opts = { warn: (line: string) => warnings.push(line) };

beforeEach(async () => {
  state = await tempState();
  paths = resolveAgentPaths(state.env);
  warnings.length = 0;
});
afterEach(() => state.cleanup());

const oauth = { type: 'oauth', provider: 'openai-codex', access: 'acc-1', refresh: 'ref-1', expires: 1_900_000_000_000, accountId: 'acct' };

describe('paths', () => {
  it('uses OPENCLAW_AGENT_DIR for the default agent only', () => {
    const env = { OPENCLAW_STATE_DIR: '/s', OPENCLAW_AGENT_DIR: '/custom' };
    expect(resolveAgentPaths(env).storeFile).toBe('/custom/auth-profiles.json');
    expect(resolveAgentPaths(env, 'work').storeFile).toBe('/s/agents/work/agent/auth-profiles.json');
    expect(resolveAgentPaths({ HOME: '/h' }).stateDir).toBe('/h/.openclaw');
  });
  it('refuses bad agent ids', () => {
    for (const id of ['', 'Main', '-x', 'a/b', '../x', 'x'.repeat(65)]) {
      expect(() => resolveAgentPaths({}, id), id).toThrow(/Invalid agent id/);
    }
    expect(resolveAgentPaths({}, 'w_1-2').agentId).toBe('w_1-2');
  });
});

describe('updateStore', () => {
  it('creates the directory 0700, the files 0600, and a runtime cache with no refresh token', async () => {
    await updateStore(paths, (d) => void (d.profiles['openai-codex:default'] = oauth as never), opts);
    expect((await stat(paths.agentDir)).mode & 0o777).toBe(0o700);
    expect((await stat(paths.storeFile)).mode & 0o777).toBe(0o600);
    expect((await stat(paths.runtimeCacheFile)).mode & 0o777).toBe(0o600);
    const cache = await readFile(paths.runtimeCacheFile, 'utf8');
    expect(JSON.parse(cache)).toEqual({
      'openai-codex': { type: 'api_key', key: 'acc-1', profileId: 'openai-codex:default', expires: oauth.expires },
    });
    expect(cache).not.toContain('ref-1');
  });

  it('keeps fields it does not know', async () => {
    await mkdir(paths.agentDir, { recursive: true });
    const original = {
      version: 1,
      extra: { keep: true },
      profiles: { 'openai-codex:default': { ...oauth, future: 'field' } },
      usageStats: { 'openai-codex:default': { lastUsed: 5, newCounter: 3 } },
    };
    await writeFile(paths.storeFile, JSON.stringify(original), { mode: 0o600 });
    await updateStore(paths, (d) => void (d.order = { 'openai-codex': ['openai-codex:default'] }), opts);
    const after = JSON.parse(await readFile(paths.storeFile, 'utf8'));
    expect(after.extra).toEqual({ keep: true });
    expect(after.profiles['openai-codex:default'].future).toBe('field');
    expect(after.usageStats['openai-codex:default'].newCounter).toBe(3);
  });

  it('writes nothing when the change throws or is invalid', async () => {
    await updateStore(paths, (d) => void (d.profiles['openai-codex:default'] = oauth as never), opts);
    const before = await readFile(paths.storeFile);
    await expect(updateStore(paths, () => { throw new Error('boom'); }, opts)).rejects.toThrow('boom');
    await expect(
      updateStore(paths, (d) => void (d.profiles['anthropic:x'] = { ...oauth } as never), opts),
    ).rejects.toThrow(/refusing to write an invalid store/);
    expect(await readFile(paths.storeFile)).toEqual(before);
  });

  it('never overwrites a corrupt store', async () => {
    await mkdir(paths.agentDir, { recursive: true });
    await writeFile(paths.storeFile, '{"version": 1, "profiles": ');
    const error = await updateStore(paths, () => undefined, opts).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorruptStoreError);
    expect((error as Error).message).toContain(paths.storeFile);
    expect(await readFile(paths.storeFile, 'utf8')).toBe('{"version": 1, "profiles": ');
  });

  it('tightens a store readable by others, with one warning', async () => {
    await updateStore(paths, (d) => void (d.profiles['openai-codex:default'] = oauth as never), opts);
    await chmod(paths.storeFile, 0o644);
    await readStore(paths, opts);
    expect((await stat(paths.storeFile)).mode & 0o777).toBe(0o600);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/0644.*tightened to 0600/);
  });
});

describe('legacy import', () => {
  const legacy = { 'openai-codex': { access: 'old-a', refresh: 'old-r', expires: 1_800_000_000_000, accountId: 'acct-old' } };

  it('imports credentials/oauth.json once, when the store is first created, and leaves it as it is', async () => {
    await mkdir(join(state.dir, 'credentials'), { recursive: true });
    const legacyText = JSON.stringify(legacy);
    await writeFile(paths.legacyFile, legacyText);
    expect((await readStore(paths, opts)).store.profiles['openai-codex:default']).toMatchObject({ type: 'oauth', refresh: 'old-r' });
    await updateStore(paths, () => undefined, opts);
    const stored = JSON.parse(await readFile(paths.storeFile, 'utf8'));
    expect(stored.profiles['openai-codex:default']).toEqual({ ...legacy['openai-codex'], type: 'oauth', provider: 'openai-codex' });
    // Once: removing the profile does not bring it back.
    await updateStore(paths, (d) => void delete d.profiles['openai-codex:default'], opts);
    await updateStore(paths, () => undefined, opts);
    expect(JSON.parse(await readFile(paths.storeFile, 'utf8')).profiles).toEqual({});
    expect(await readFile(paths.legacyFile, 'utf8')).toBe(legacyText);
  });

  it('keeps an account id or email only in a safe shape (SPEC 4)', async () => {
    await mkdir(join(state.dir, 'credentials'), { recursive: true });
    const hostile = { 'openai-codex': { access: 'a', refresh: 'r', expires: 1, accountId: 'acc\u001b]0;PWN\u0007X', email: 'me@x.example' } };
    await writeFile(paths.legacyFile, JSON.stringify(hostile));
    const profile = (await readStore(paths, opts)).store.profiles['openai-codex:default'] as Record<string, unknown>;
    expect(profile.accountId).toBeUndefined();
    expect(profile.email).toBe('me@x.example');
  });

  it('does not replace an existing profile id', async () => {
    await mkdir(join(state.dir, 'credentials'), { recursive: true });
    await writeFile(paths.legacyFile, JSON.stringify(legacy));
    // The legacy file appears after the store was created: nothing is imported.
    await mkdir(paths.agentDir, { recursive: true });
    await writeFile(paths.storeFile, JSON.stringify({ version: 1, profiles: { 'openai-codex:default': oauth } }));
    await updateStore(paths, () => undefined, opts);
    expect(JSON.parse(await readFile(paths.storeFile, 'utf8')).profiles['openai-codex:default'].refresh).toBe('ref-1');
  });

  it('warns about a malformed legacy file and carries on', async () => {
    await mkdir(join(state.dir, 'credentials'), { recursive: true });
    await writeFile(paths.legacyFile, '{"openai-codex": {"access": 1}}');
    await updateStore(paths, () => undefined, opts);
    expect(warnings.join('\n')).toMatch(/ignoring legacy credentials/);
    expect(JSON.parse(await readFile(paths.storeFile, 'utf8')).profiles).toEqual({});
  });
});

describe('saveOAuthProfile (a new sign-in)', () => {
  it("replaces the profile whole: another account's fields (an enterprise host, an email) do not stay", async () => {
    const { saveOAuthProfile } = await import('../../src/store/profiles.js');
    await saveOAuthProfile(paths, { id: 'acme:default', provider: 'acme', access: 'a1', refresh: 'r1', expires: 1, email: 'old@corp.example' }, {});
    await updateStore(paths, (draft) => {
      (draft.profiles['acme:default'] as Record<string, unknown>).enterpriseUrl = 'ghe.corp.example';
    });
    await saveOAuthProfile(paths, { id: 'acme:default', provider: 'acme', access: 'a2', refresh: 'r2', expires: 2 }, {});
    const { store } = await readStore(paths);
    expect(store.profiles['acme:default']).toEqual({ type: 'oauth', provider: 'acme', access: 'a2', refresh: 'r2', expires: 2 });
  });
});
