import { writeFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getCredential } from '../../src/auth/credentials/resolve.js';
import { updateStore } from '../../src/store/store.js';
import { ACCESS, failure, fakeRefresh, MIN, newTokens, NOW, oauth, REFRESH, useTempAgent } from './credentials-fixtures.js';

const agent = useTempAgent();

describe('getCredential without a refresh', () => {
  it('returns an api key, a static token and a token that has not expired', async () => {
    await agent.seed({
      profiles: {
        'openai:work': { type: 'api_key', provider: 'openai', key: 'sk-key-123' },
        'anthropic:default': { type: 'token', provider: 'anthropic', token: 'sk-ant-oat01-static' },
        'anthropic:dated': { type: 'token', provider: 'anthropic', token: 'sk-ant-oat01-dated', expires: NOW + 1000 },
      },
    });
    expect(await getCredential(agent.paths, 'openai', undefined, agent.deps())).toMatchObject({ secret: 'sk-key-123', profileId: 'openai:work', expires: null });
    expect((await getCredential(agent.paths, 'anthropic', 'anthropic:default', agent.deps())).secret).toBe('sk-ant-oat01-static');
    expect((await getCredential(agent.paths, 'anthropic', 'anthropic:dated', agent.deps())).expires).toBe(NOW + 1000);
  });

  it('refuses an expired token, naming setup-token and the profile id when it is not the default', async () => {
    await agent.seed({
      profiles: {
        'anthropic:default': { type: 'token', provider: 'anthropic', token: 'sk-ant-oat01-a', expires: NOW - 1 },
        'anthropic:work': { type: 'token', provider: 'anthropic', token: 'sk-ant-oat01-b', expires: NOW },
      },
    });
    const plain = await failure(getCredential(agent.paths, 'anthropic', 'anthropic:default', agent.deps()));
    expect(plain.message).toMatch(/expired/);
    expect(plain.message).toContain('openclaw models auth setup-token --provider anthropic');
    expect(plain.message).not.toContain('--profile-id');
    const work = await failure(getCredential(agent.paths, 'anthropic', 'anthropic:work', agent.deps()));
    expect(work.message).toContain('openclaw models auth setup-token --provider anthropic --profile-id anthropic:work');
    expect(work.exitCode).toBe(1);
    expect(work.message).not.toContain('sk-ant');
  });

  it('returns the access token while more than 5 minutes remain, without the lock or a write', async () => {
    await agent.seed({ profiles: { 'openai-codex:default': oauth({ expires: NOW + 5 * MIN + 1 }) } });
    const before = await readFile(agent.paths.storeFile);
    const got = await getCredential(agent.paths, 'openai-codex', undefined, agent.deps());
    expect(got).toMatchObject({ secret: ACCESS, refreshed: false });
    expect(await readFile(agent.paths.storeFile)).toEqual(before);
  });

  it('uses the active profile: the store order first', async () => {
    await agent.seed({
      profiles: {
        'openai:a': { type: 'api_key', provider: 'openai', key: 'sk-a-key' },
        'openai:b': { type: 'api_key', provider: 'openai', key: 'sk-b-key' },
      },
      order: { openai: ['openai:b', 'openai:a'] },
    });
    expect((await getCredential(agent.paths, 'openai', undefined, agent.deps())).profileId).toBe('openai:b');
  });

  it('names the ids there are for an unknown id or one of another provider', async () => {
    await agent.seed({
      profiles: {
        'openai:a': { type: 'api_key', provider: 'openai', key: 'sk-a-key' },
        'openai:b': { type: 'api_key', provider: 'openai', key: 'sk-b-key' },
        'anthropic:default': { type: 'token', provider: 'anthropic', token: 'sk-ant-oat01-x' },
      },
    });
    const unknown = await failure(getCredential(agent.paths, 'openai', 'openai:c', agent.deps()));
    expect(unknown.message).toContain('openai:a, openai:b');
    const other = await failure(getCredential(agent.paths, 'openai', 'anthropic:default', agent.deps()));
    expect(other.message).toContain('openai:a, openai:b');
  });

  it('says how to sign in when the provider has no profile', async () => {
    const error = await failure(getCredential(agent.paths, 'openai-codex', undefined, agent.deps()));
    expect(error.message).toContain('openclaw models auth login --provider openai-codex');
  });

  it('refuses a profile marked for re-login, naming the login command with its id', async () => {
    await agent.seed({
      profiles: { 'openai-codex:work': oauth({ expires: NOW + 60 * MIN }) },
      usageStats: { 'openai-codex:work': { reloginRequired: { since: NOW - 1, reason: 'refresh_token_reused' } } },
    });
    const error = await failure(getCredential(agent.paths, 'openai-codex', 'openai-codex:work', agent.deps()));
    expect(error.message).toContain('openclaw models auth login --provider openai-codex --profile-id openai-codex:work');
    expect(error.message).toContain('refresh_token_reused');
  });

  it('does not try to refresh an OAuth profile of a provider it cannot refresh', async () => {
    await agent.seed({ profiles: { 'anthropic:default': oauth({ provider: 'anthropic', expires: NOW - 1 }) } });
    const refresh = fakeRefresh(() => newTokens());
    const error = await failure(getCredential(agent.paths, 'anthropic', undefined, agent.deps({ refresh: refresh.refresh })));
    expect(error.message).toContain('openclaw models auth setup-token --provider anthropic');
    expect(refresh.calls).toEqual([]);
  });
});

describe('getCredential with a refresh', () => {
  it('refreshes within 5 minutes of expiry, writes the new tokens and keeps unknown fields', async () => {
    await agent.seed({ profiles: { 'openai-codex:default': oauth({ expires: NOW + 5 * MIN, email: 'me@example.com', extra: { keep: true } }) } });
    const refresh = fakeRefresh(() => newTokens());
    const got = await getCredential(agent.paths, 'openai-codex', undefined, agent.deps({ refresh: refresh.refresh }));
    expect(refresh.calls).toEqual([REFRESH]);
    expect(got).toMatchObject({ secret: newTokens().access, refreshed: true, expires: NOW + 60 * MIN });
    expect((await agent.onDisk()).profiles['openai-codex:default']).toEqual({
      ...oauth(),
      ...newTokens(),
      email: 'me@example.com',
      extra: { keep: true },
    });
    // The runtime cache follows, and never holds the refresh token.
    const cache = await readFile(agent.paths.runtimeCacheFile, 'utf8');
    expect(JSON.parse(cache)['openai-codex'].key).toBe(newTokens().access);
    expect(cache).not.toContain('rt_');
  });

  it('makes one refresh request for concurrent callers in one process', async () => {
    await agent.seed({ profiles: { 'openai-codex:default': oauth({ expires: NOW - MIN }) } });
    const refresh = fakeRefresh(async () => {
      await new Promise((r) => setTimeout(r, 150));
      return newTokens();
    });
    const results = await Promise.all(
      Array.from({ length: 6 }, () => getCredential(agent.paths, 'openai-codex', undefined, agent.deps({ refresh: refresh.refresh }))),
    );
    expect(refresh.calls).toHaveLength(1);
    expect(new Set(results.map((r) => r.secret))).toEqual(new Set([newTokens().access]));
    expect(results.filter((r) => r.refreshed)).toHaveLength(1);
  });

  it('under the lock, uses what another process wrote after this one read the file', async () => {
    await agent.seed({ profiles: { 'openai-codex:work': oauth({ expires: NOW - MIN }) } });
    const theirs = { ...oauth(), ...newTokens(7) };
    let first = true;
    // getCredential asks the clock right after its first read: that is where another process's write lands.
    const now = () => {
      if (first) writeFileSync(agent.paths.storeFile, JSON.stringify({ version: 1, profiles: { 'openai-codex:work': theirs } }));
      first = false;
      return NOW;
    };
    const refresh = fakeRefresh(() => newTokens(8));
    const got = await getCredential(agent.paths, 'openai-codex', 'openai-codex:work', agent.deps({ now, refresh: refresh.refresh }));
    expect(got).toMatchObject({ secret: newTokens(7).access, refreshed: false });
    expect(refresh.calls).toEqual([]);
  });

  it('while another process holds the lock, waits and uses what it writes', async () => {
    await agent.seed({ profiles: { 'openai-codex:default': oauth({ expires: NOW - MIN }) } });
    const holder = updateStore(agent.paths, async (draft) => {
      await new Promise((r) => setTimeout(r, 300));
      draft.profiles['openai-codex:default'] = { ...oauth(), ...newTokens(9) } as never;
    });
    await new Promise((r) => setTimeout(r, 50));
    const refresh = fakeRefresh(() => newTokens(10));
    const got = await getCredential(agent.paths, 'openai-codex', undefined, agent.deps({ refresh: refresh.refresh }));
    await holder;
    expect(got).toMatchObject({ secret: newTokens(9).access, refreshed: false });
    expect(refresh.calls).toEqual([]);
  });

  it('refreshes an OAuth profile imported from the legacy file, creating the store', async () => {
    await mkdir(join(agent.stateDir, 'credentials'), { recursive: true });
    await writeFile(
      join(agent.stateDir, 'credentials', 'oauth.json'),
      JSON.stringify({ 'openai-codex': { access: ACCESS, refresh: REFRESH, expires: NOW - MIN, accountId: 'acct_1' } }),
    );
    const refresh = fakeRefresh(() => newTokens());
    const got = await getCredential(agent.paths, 'openai-codex', undefined, agent.deps({ refresh: refresh.refresh }));
    expect(got.secret).toBe(newTokens().access);
    expect((await agent.onDisk()).profiles['openai-codex:default'].refresh).toBe(newTokens().refresh);
  });
});
