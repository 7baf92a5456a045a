import { writeFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getCredential, type CredentialDeps } from '../../src/auth/credentials.js';
import type { RefreshedTokens } from '../../src/auth/codex-refresh.js';
import { classifyRefreshError } from '../../src/auth/refresh-errors.js';
import { refreshOpenAICodex } from '../../src/auth/codex-refresh.js';
import { startIssuer } from '../support/issuer.mjs';
import { UserError } from '../../src/base/errors.js';
import { resolveAgentPaths, type AgentPaths } from '../../src/env/paths.js';
import { updateStore } from '../../src/store/store.js';
import { tempState } from '../support/cli.js';

const NOW = 1_800_000_000_000;
const MIN = 60_000;
const ACCESS = 'eyJhbGciOiJub25lIn0.eyJvbGQiOjF9.old-access-signature';
const REFRESH = 'rt_old_refresh_token_0123456789abcdef';

let state: Awaited<ReturnType<typeof tempState>>;
let paths: AgentPaths;
let warnings: string[];
beforeEach(async () => {
  state = await tempState();
  paths = resolveAgentPaths({ OPENCLAW_STATE_DIR: state.dir });
  warnings = [];
});
afterEach(() => state.cleanup());

const oauth = (over: Record<string, unknown> = {}) => ({
  type: 'oauth',
  provider: 'openai-codex',
  access: ACCESS,
  refresh: REFRESH,
  expires: NOW + 2 * MIN,
  accountId: 'acct_1',
  ...over,
});

async function seed(store: Record<string, unknown>): Promise<void> {
  await mkdir(dirname(paths.storeFile), { recursive: true, mode: 0o700 });
  await writeFile(paths.storeFile, `${JSON.stringify({ version: 1, ...store }, null, 2)}\n`, { mode: 0o600 });
}
const onDisk = async () => JSON.parse(await readFile(paths.storeFile, 'utf8'));

/** A refresh that records its calls; `answer` decides what each call does. */
function fakeRefresh(answer: (token: string, call: number) => Promise<RefreshedTokens> | RefreshedTokens) {
  const calls: string[] = [];
  const refresh = async (token: string) => {
    calls.push(token);
    return answer(token, calls.length);
  };
  return { calls, refresh };
}
const newTokens = (n = 1): RefreshedTokens => ({
  access: `eyJhbGciOiJub25lIn0.eyJuZXciOiR9.new-access-${n}`,
  refresh: `rt_new_refresh_${n}_abcdefabcdef`,
  expires: NOW + 60 * MIN,
  accountId: 'acct_1',
});

function deps(over: Partial<CredentialDeps> = {}): Partial<CredentialDeps> {
  return {
    now: () => NOW,
    warn: (line) => warnings.push(line),
    env: {},
    refresh: async () => {
      throw new Error('no refresh expected');
    },
    ...over,
  };
}

async function failure(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

describe('getCredential without a refresh', () => {
  it('returns an api key, a static token and a token that has not expired', async () => {
    await seed({
      profiles: {
        'openai:work': { type: 'api_key', provider: 'openai', key: 'sk-key-123' },
        'anthropic:default': { type: 'token', provider: 'anthropic', token: 'sk-ant-oat01-static' },
        'anthropic:dated': { type: 'token', provider: 'anthropic', token: 'sk-ant-oat01-dated', expires: NOW + 1000 },
      },
    });
    expect(await getCredential(paths, 'openai', undefined, deps())).toMatchObject({ secret: 'sk-key-123', profileId: 'openai:work', expires: null });
    expect((await getCredential(paths, 'anthropic', 'anthropic:default', deps())).secret).toBe('sk-ant-oat01-static');
    expect((await getCredential(paths, 'anthropic', 'anthropic:dated', deps())).expires).toBe(NOW + 1000);
  });

  it('refuses an expired token, naming setup-token and the profile id when it is not the default', async () => {
    await seed({
      profiles: {
        'anthropic:default': { type: 'token', provider: 'anthropic', token: 'sk-ant-oat01-a', expires: NOW - 1 },
        'anthropic:work': { type: 'token', provider: 'anthropic', token: 'sk-ant-oat01-b', expires: NOW },
      },
    });
    const plain = await failure(getCredential(paths, 'anthropic', 'anthropic:default', deps()));
    expect(plain.message).toMatch(/expired/);
    expect(plain.message).toContain('openclaw models auth setup-token --provider anthropic');
    expect(plain.message).not.toContain('--profile-id');
    const work = await failure(getCredential(paths, 'anthropic', 'anthropic:work', deps()));
    expect(work.message).toContain('openclaw models auth setup-token --provider anthropic --profile-id anthropic:work');
    expect(work.exitCode).toBe(1);
    expect(work.message).not.toContain('sk-ant');
  });

  it('returns the access token while more than 5 minutes remain, without the lock or a write', async () => {
    await seed({ profiles: { 'openai-codex:default': oauth({ expires: NOW + 5 * MIN + 1 }) } });
    const before = await readFile(paths.storeFile);
    const got = await getCredential(paths, 'openai-codex', undefined, deps());
    expect(got).toMatchObject({ secret: ACCESS, refreshed: false });
    expect(await readFile(paths.storeFile)).toEqual(before);
  });

  it('uses the active profile: the store order first', async () => {
    await seed({
      profiles: {
        'openai:a': { type: 'api_key', provider: 'openai', key: 'sk-a-key' },
        'openai:b': { type: 'api_key', provider: 'openai', key: 'sk-b-key' },
      },
      order: { openai: ['openai:b', 'openai:a'] },
    });
    expect((await getCredential(paths, 'openai', undefined, deps())).profileId).toBe('openai:b');
  });

  it('names the ids there are for an unknown id or one of another provider', async () => {
    await seed({
      profiles: {
        'openai:a': { type: 'api_key', provider: 'openai', key: 'sk-a-key' },
        'openai:b': { type: 'api_key', provider: 'openai', key: 'sk-b-key' },
        'anthropic:default': { type: 'token', provider: 'anthropic', token: 'sk-ant-oat01-x' },
      },
    });
    const unknown = await failure(getCredential(paths, 'openai', 'openai:c', deps()));
    expect(unknown.message).toContain('openai:a, openai:b');
    const other = await failure(getCredential(paths, 'openai', 'anthropic:default', deps()));
    expect(other.message).toContain('openai:a, openai:b');
  });

  it('says how to sign in when the provider has no profile', async () => {
    const error = await failure(getCredential(paths, 'openai-codex', undefined, deps()));
    expect(error.message).toContain('openclaw models auth login --provider openai-codex');
  });

  it('refuses a profile marked for re-login, naming the login command with its id', async () => {
    await seed({
      profiles: { 'openai-codex:work': oauth({ expires: NOW + 60 * MIN }) },
      usageStats: { 'openai-codex:work': { reloginRequired: { since: NOW - 1, reason: 'refresh_token_reused' } } },
    });
    const error = await failure(getCredential(paths, 'openai-codex', 'openai-codex:work', deps()));
    expect(error.message).toContain('openclaw models auth login --provider openai-codex --profile-id openai-codex:work');
    expect(error.message).toContain('refresh_token_reused');
  });

  it('does not try to refresh an OAuth profile of a provider it cannot refresh', async () => {
    await seed({ profiles: { 'anthropic:default': oauth({ provider: 'anthropic', expires: NOW - 1 }) } });
    const refresh = fakeRefresh(() => newTokens());
    const error = await failure(getCredential(paths, 'anthropic', undefined, deps({ refresh: refresh.refresh })));
    expect(error.message).toContain('openclaw models auth setup-token --provider anthropic');
    expect(refresh.calls).toEqual([]);
  });
});

describe('getCredential with a refresh', () => {
  it('refreshes within 5 minutes of expiry, writes the new tokens and keeps unknown fields', async () => {
    await seed({ profiles: { 'openai-codex:default': oauth({ expires: NOW + 5 * MIN, email: 'me@example.com', extra: { keep: true } }) } });
    const refresh = fakeRefresh(() => newTokens());
    const got = await getCredential(paths, 'openai-codex', undefined, deps({ refresh: refresh.refresh }));
    expect(refresh.calls).toEqual([REFRESH]);
    expect(got).toMatchObject({ secret: newTokens().access, refreshed: true, expires: NOW + 60 * MIN });
    expect((await onDisk()).profiles['openai-codex:default']).toEqual({
      ...oauth(),
      ...newTokens(),
      email: 'me@example.com',
      extra: { keep: true },
    });
    // The runtime cache follows, and never holds the refresh token.
    const cache = await readFile(paths.runtimeCacheFile, 'utf8');
    expect(JSON.parse(cache)['openai-codex'].key).toBe(newTokens().access);
    expect(cache).not.toContain('rt_');
  });

  it('makes one refresh request for concurrent callers in one process', async () => {
    await seed({ profiles: { 'openai-codex:default': oauth({ expires: NOW - MIN }) } });
    const refresh = fakeRefresh(async () => {
      await new Promise((r) => setTimeout(r, 150));
      return newTokens();
    });
    const results = await Promise.all(
      Array.from({ length: 6 }, () => getCredential(paths, 'openai-codex', undefined, deps({ refresh: refresh.refresh }))),
    );
    expect(refresh.calls).toHaveLength(1);
    expect(new Set(results.map((r) => r.secret))).toEqual(new Set([newTokens().access]));
    expect(results.filter((r) => r.refreshed)).toHaveLength(1);
  });

  it('under the lock, uses what another process wrote after this one read the file', async () => {
    await seed({ profiles: { 'openai-codex:work': oauth({ expires: NOW - MIN }) } });
    const theirs = { ...oauth(), ...newTokens(7) };
    let first = true;
    // getCredential asks the clock right after its first read: that is where another process's write lands.
    const now = () => {
      if (first) writeFileSync(paths.storeFile, JSON.stringify({ version: 1, profiles: { 'openai-codex:work': theirs } }));
      first = false;
      return NOW;
    };
    const refresh = fakeRefresh(() => newTokens(8));
    const got = await getCredential(paths, 'openai-codex', 'openai-codex:work', deps({ now, refresh: refresh.refresh }));
    expect(got).toMatchObject({ secret: newTokens(7).access, refreshed: false });
    expect(refresh.calls).toEqual([]);
  });

  it('while another process holds the lock, waits and uses what it writes', async () => {
    await seed({ profiles: { 'openai-codex:default': oauth({ expires: NOW - MIN }) } });
    const holder = updateStore(paths, async (draft) => {
      await new Promise((r) => setTimeout(r, 300));
      draft.profiles['openai-codex:default'] = { ...oauth(), ...newTokens(9) } as never;
    });
    await new Promise((r) => setTimeout(r, 50));
    const refresh = fakeRefresh(() => newTokens(10));
    const got = await getCredential(paths, 'openai-codex', undefined, deps({ refresh: refresh.refresh }));
    await holder;
    expect(got).toMatchObject({ secret: newTokens(9).access, refreshed: false });
    expect(refresh.calls).toEqual([]);
  });

  it('refreshes an OAuth profile imported from the legacy file, creating the store', async () => {
    await mkdir(join(state.dir, 'credentials'), { recursive: true });
    await writeFile(
      join(state.dir, 'credentials', 'oauth.json'),
      JSON.stringify({ 'openai-codex': { access: ACCESS, refresh: REFRESH, expires: NOW - MIN, accountId: 'acct_1' } }),
    );
    const refresh = fakeRefresh(() => newTokens());
    const got = await getCredential(paths, 'openai-codex', undefined, deps({ refresh: refresh.refresh }));
    expect(got.secret).toBe(newTokens().access);
    expect((await onDisk()).profiles['openai-codex:default'].refresh).toBe(newTokens().refresh);
  });
});

describe('getCredential when the refresh fails', () => {
  const refused = (status: number, body: unknown) => () => {
    throw new Error(`OpenAI Codex token refresh failed (${status}): ${typeof body === 'string' ? body : JSON.stringify(body)}`);
  };

  for (const [name, status, body, reason] of [
    ['a reused refresh token', 400, { error: 'invalid_grant', error_description: 'refresh_token_reused: already rotated' }, 'refresh_token_reused'],
    ['invalid_grant', 400, { error: 'invalid_grant', error_description: 'unknown refresh token' }, 'invalid_grant'],
    ['OpenAI-style refresh_token_expired', 401, { error: { code: 'refresh_token_expired', message: 'expired' } }, 'refresh_token_expired'],
    ['refresh_token_invalidated', 400, { error: { code: 'refresh_token_invalidated' } }, 'refresh_token_invalidated'],
    ['a bare 401', 401, 'Unauthorized', 'unauthorized'],
  ] as const) {
    it(`marks re-login on ${name}, keeps the credentials and names the login command`, async () => {
      await seed({ profiles: { 'openai-codex:default': oauth({ expires: NOW - MIN }) } });
      const error = await failure(getCredential(paths, 'openai-codex', undefined, deps({ refresh: refused(status, body) })));
      expect(error.exitCode).toBe(1);
      expect(error.message).toContain('openclaw models auth login --provider openai-codex');
      expect(error.message).toContain(reason);
      const disk = await onDisk();
      expect(disk.profiles['openai-codex:default']).toEqual(oauth({ expires: NOW - MIN }));
      expect(disk.usageStats['openai-codex:default'].reloginRequired).toEqual({ since: NOW, reason });
      // The next call does not ask the endpoint again.
      const refresh = fakeRefresh(() => newTokens());
      await failure(getCredential(paths, 'openai-codex', undefined, deps({ refresh: refresh.refresh })));
      expect(refresh.calls).toEqual([]);
    });
  }

  it('uses fresh tokens another program wrote without the lock instead of marking re-login', async () => {
    await seed({ profiles: { 'openai-codex:default': oauth({ expires: NOW - MIN }) } });
    const theirs = { ...oauth(), ...newTokens(3) };
    const refresh = async () => {
      // A program that does not take our lock rotates the grant and writes, then our request fails.
      await writeFile(paths.storeFile, JSON.stringify({ version: 1, profiles: { 'openai-codex:default': theirs } }));
      return refused(400, { error: 'invalid_grant', error_description: 'refresh_token_reused' })();
    };
    const got = await getCredential(paths, 'openai-codex', undefined, deps({ refresh }));
    expect(got).toMatchObject({ secret: newTokens(3).access, refreshed: false });
    const disk = await onDisk();
    expect(disk.profiles['openai-codex:default']).toEqual(theirs);
    expect(disk.usageStats).toBeUndefined();
    expect(JSON.parse(await readFile(paths.runtimeCacheFile, 'utf8'))['openai-codex'].key).toBe(newTokens(3).access);
  });

  it('does not mark re-login when the other program wrote a new refresh token whose access is due too', async () => {
    await seed({ profiles: { 'openai-codex:default': oauth({ expires: NOW - MIN }) } });
    const theirs = { ...oauth(), refresh: 'rt_theirs_0123456789', expires: NOW - 1 };
    const refresh = async () => {
      await writeFile(paths.storeFile, JSON.stringify({ version: 1, profiles: { 'openai-codex:default': theirs } }));
      return refused(400, { error: 'invalid_grant' })();
    };
    const error = await failure(getCredential(paths, 'openai-codex', undefined, deps({ refresh })));
    expect(error.message).toMatch(/changed by another program.*again/);
    expect((await onDisk()).usageStats).toBeUndefined();
  });

  for (const [name, thrown, pattern] of [
    ['a 503', new Error('OpenAI Codex token refresh failed (503): {"error":"server_error"}'), /HTTP 503, server_error.*try again/],
    ['a 429', new Error('OpenAI Codex token refresh failed (429): slow down'), /HTTP 429.*try again/],
    ['a network error', new Error('OpenAI Codex token refresh error: fetch failed'), /network error \(fetch failed\).*try again/],
    ['a timeout', new Error('OpenAI Codex token refresh error: The operation was aborted due to timeout'), /did not answer in time.*try again/],
  ] as const) {
    it(`keeps the credentials on ${name}, holds further refreshes off for 5 s and says when to try again`, async () => {
      await seed({ profiles: { 'openai-codex:default': oauth({ expires: NOW - MIN }) } });
      const error = await failure(
        getCredential(paths, 'openai-codex', undefined, deps({ refresh: async () => Promise.reject(thrown) })),
      );
      expect(error.message).toMatch(pattern);
      expect(error.message).toMatch(/try again in 5 s/);
      const disk = await onDisk();
      expect(disk.profiles['openai-codex:default']).toEqual(oauth({ expires: NOW - MIN }));
      expect(disk.usageStats).toEqual({ 'openai-codex:default': { refreshRetryAt: NOW + 5_000, refreshFailures: 1 } });
    });
  }

  it('changes nothing and marks nothing on an unexpected 400', async () => {
    await seed({ profiles: { 'openai-codex:default': oauth({ expires: NOW - MIN }) } });
    const before = await readFile(paths.storeFile);
    const error = await failure(getCredential(paths, 'openai-codex', undefined, deps({ refresh: refused(400, { error: 'invalid_request' }) })));
    expect(error.message).toMatch(/HTTP 400, invalid_request.*Nothing was changed/);
    expect(error.message).toContain('openclaw models auth login --provider openai-codex');
    expect(await readFile(paths.storeFile)).toEqual(before);
  });
});

describe('classifyRefreshError', () => {
  it('never shows more of a body than its error code, and masks the tokens it was given', () => {
    const canary = 'CANARYWORD';
    const body = JSON.stringify({ error: 'server_error', error_description: `boom ${canary}`, canary, echo: REFRESH });
    const failure = classifyRefreshError(new Error(`OpenAI Codex token refresh failed (502): ${body}`), [REFRESH]);
    expect(failure).toEqual({ kind: 'transient', detail: 'HTTP 502, server_error' });

    const html = classifyRefreshError(new Error(`OpenAI Codex token refresh failed (403): <html>${canary}</html>`));
    expect(html).toEqual({ kind: 'refused', detail: 'HTTP 403' });

    const hostile = classifyRefreshError(new Error(`OpenAI Codex token refresh error: \u001b]0;pwned\u0007bad ${REFRESH} ${'x'.repeat(500)}`), [REFRESH]);
    expect(hostile.kind).toBe('transient');
    expect(hostile.detail).not.toMatch(/\u001b|pwned|rt_old/);
    expect(hostile.detail.length).toBeLessThan(200);

    const missing = classifyRefreshError(new Error(`OpenAI Codex token refresh response missing fields: {"access_token":"${ACCESS}"}`));
    expect(missing).toEqual({ kind: 'refused', detail: 'the token endpoint answered without usable tokens' });
  });

  it('never takes a server error for a dead grant', () => {
    const failure = classifyRefreshError(new Error('OpenAI Codex token refresh failed (500): {"error":"invalid_grant"}'));
    expect(failure.kind).toBe('transient');
  });
});

describe('the default refresh (pi-ai) against the test issuer', () => {
  it('refreshes, and gives up after its deadline with an error classified as transient', async () => {
    const issuer = await startIssuer();
    const real = globalThis.fetch;
    // pi-ai fetches https://auth.openai.com; send it to the issuer, as test/support/redirect-fetch.mjs does.
    globalThis.fetch = ((input: string | URL | Request, init?: RequestInit) =>
      real(String(input).replace('https://auth.openai.com', issuer.url), init)) as typeof fetch;
    try {
      const grant = issuer.issueGrant({ expiresIn: -60, accountId: 'acct_default' });
      const tokens = await refreshOpenAICodex(grant.refresh, { env: {} });
      expect(tokens.accountId).toBe('acct_default');
      expect(issuer.isCurrentRefresh(tokens.refresh)).toBe(true);

      issuer.setLatency(5_000);
      const started = performance.now();
      const error = await refreshOpenAICodex(tokens.refresh, { env: {}, timeoutMs: 200 }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(performance.now() - started).toBeLessThan(2_000);
      expect(classifyRefreshError(error)).toEqual({ kind: 'transient', detail: 'the token endpoint did not answer in time' });
    } finally {
      globalThis.fetch = real;
      await issuer.close();
    }
  });
});
