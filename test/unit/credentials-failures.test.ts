import { readFile, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { getCredential } from '../../src/auth/credentials/resolve.js';
import { refreshOpenAICodex } from '../../src/auth/credentials/codex-refresh.js';
import { classifyRefreshError } from '../../src/auth/credentials/refresh-errors.js';
import { startIssuer } from '../support/issuer.mjs';
import { ACCESS, failure, fakeRefresh, MIN, newTokens, NOW, oauth, REFRESH, useTempAgent } from './credentials-fixtures.js';
import { redirectOpenAI } from '../support/redirect-fetch.mjs';

// getCredential when the refresh fails (SPEC 4), and how failures are classified.
const agent = useTempAgent();

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
      await agent.seed({ profiles: { 'openai-codex:default': oauth({ expires: NOW - MIN }) } });
      const error = await failure(getCredential(agent.paths, 'openai-codex', undefined, agent.deps({ refresh: refused(status, body) })));
      expect(error.exitCode).toBe(1);
      expect(error.message).toContain('openclaw models auth login --provider openai-codex');
      expect(error.message).toContain(reason);
      const disk = await agent.onDisk();
      expect(disk.profiles['openai-codex:default']).toEqual(oauth({ expires: NOW - MIN }));
      expect(disk.usageStats['openai-codex:default'].reloginRequired).toEqual({ since: NOW, reason });
      // The next call does not ask the endpoint again.
      const refresh = fakeRefresh(() => newTokens());
      await failure(getCredential(agent.paths, 'openai-codex', undefined, agent.deps({ refresh: refresh.refresh })));
      expect(refresh.calls).toEqual([]);
    });
  }

  it('uses fresh tokens another program wrote without the lock instead of marking re-login', async () => {
    await agent.seed({ profiles: { 'openai-codex:default': oauth({ expires: NOW - MIN }) } });
    const theirs = { ...oauth(), ...newTokens(3) };
    const refresh = async () => {
      // A program that does not take our lock rotates the grant and writes, then our request fails.
      await writeFile(agent.paths.storeFile, JSON.stringify({ version: 1, profiles: { 'openai-codex:default': theirs } }));
      return refused(400, { error: 'invalid_grant', error_description: 'refresh_token_reused' })();
    };
    const got = await getCredential(agent.paths, 'openai-codex', undefined, agent.deps({ refresh }));
    expect(got).toMatchObject({ secret: newTokens(3).access, refreshed: false });
    const disk = await agent.onDisk();
    expect(disk.profiles['openai-codex:default']).toEqual(theirs);
    expect(disk.usageStats).toBeUndefined();
    expect(JSON.parse(await readFile(agent.paths.runtimeCacheFile, 'utf8'))['openai-codex'].key).toBe(newTokens(3).access);
  });

  it('does not mark re-login when the other program wrote a new refresh token whose access is due too', async () => {
    await agent.seed({ profiles: { 'openai-codex:default': oauth({ expires: NOW - MIN }) } });
    const theirs = { ...oauth(), refresh: 'rt_theirs_0123456789', expires: NOW - 1 };
    const refresh = async () => {
      await writeFile(agent.paths.storeFile, JSON.stringify({ version: 1, profiles: { 'openai-codex:default': theirs } }));
      return refused(400, { error: 'invalid_grant' })();
    };
    const error = await failure(getCredential(agent.paths, 'openai-codex', undefined, agent.deps({ refresh })));
    expect(error.message).toMatch(/changed by another program.*again/);
    expect((await agent.onDisk()).usageStats).toBeUndefined();
  });

  for (const [name, thrown, pattern] of [
    ['a 503', new Error('OpenAI Codex token refresh failed (503): {"error":"server_error"}'), /HTTP 503, server_error.*try again/],
    ['a 429', new Error('OpenAI Codex token refresh failed (429): slow down'), /HTTP 429.*try again/],
    ['a network error', new Error('OpenAI Codex token refresh error: fetch failed'), /network error \(fetch failed\).*try again/],
    ['a timeout', new Error('OpenAI Codex token refresh error: The operation was aborted due to timeout'), /did not answer in time.*try again/],
  ] as const) {
    it(`keeps the credentials on ${name}, holds further refreshes off for 5 s and says when to try again`, async () => {
      await agent.seed({ profiles: { 'openai-codex:default': oauth({ expires: NOW - MIN }) } });
      const error = await failure(
        getCredential(agent.paths, 'openai-codex', undefined, agent.deps({ refresh: async () => Promise.reject(thrown) })),
      );
      expect(error.message).toMatch(pattern);
      expect(error.message).toMatch(/try again in 5 s/);
      const disk = await agent.onDisk();
      expect(disk.profiles['openai-codex:default']).toEqual(oauth({ expires: NOW - MIN }));
      expect(disk.usageStats).toEqual({ 'openai-codex:default': { refreshRetryAt: NOW + 5_000, refreshFailures: 1 } });
    });
  }

  it('on an unexpected 400: keeps the credentials, asks for no re-login, and holds further refreshes off (one request, not one per process)', async () => {
    const profile = oauth({ expires: NOW - MIN });
    await agent.seed({ profiles: { 'openai-codex:default': profile } });
    const { calls, refresh } = fakeRefresh(refused(400, { error: 'invalid_request' }));
    const error = await failure(getCredential(agent.paths, 'openai-codex', undefined, agent.deps({ refresh })));
    expect(error.message).toMatch(/HTTP 400, invalid_request.*credentials were not changed; try again in 5 s/);
    expect(error.message).toContain('openclaw models auth login --provider openai-codex');
    const disk = await agent.onDisk();
    expect(disk.profiles['openai-codex:default']).toEqual(profile);
    expect(disk.usageStats['openai-codex:default']).toEqual({ refreshRetryAt: NOW + 5_000, refreshFailures: 1 });
    // The next process (or a waiter on the lock) sends nothing until then.
    const held = await failure(getCredential(agent.paths, 'openai-codex', undefined, agent.deps({ refresh })));
    expect(held.message).toMatch(/Not refreshing openai-codex:default.*try again in 5 s/);
    expect(calls).toEqual([REFRESH]);
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
    // pi-ai fetches https://auth.openai.com: send it to the issuer.
    const undoRedirect = redirectOpenAI(issuer.url);
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
      expect(performance.now() - started).toBeLessThan(4_000);
      expect(classifyRefreshError(error)).toEqual({ kind: 'transient', detail: 'the token endpoint did not answer in time' });
    } finally {
      undoRedirect();
      await issuer.close();
    }
  });
});
