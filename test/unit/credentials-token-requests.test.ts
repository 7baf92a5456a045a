import { spawn } from 'node:child_process';
import http from 'node:http';
import { createInterface } from 'node:readline';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loginCodex } from '../../src/auth/sign-in/codex-login.js';
import { refreshOpenAICodex, RotatedGrantError } from '../../src/auth/credentials/codex-refresh.js';
import { classifyRefreshError } from '../../src/auth/credentials/refresh-errors.js';
import { LOST_LOCK_GRACE_MS, TOKEN_ENDPOINT, withTokenRequests } from '../../src/auth/token-requests.js';
import { CancelledError } from '../../src/base/errors.js';
import { resolveAgentPaths } from '../../src/env/paths.js';
import { tempState } from '../support/cli.js';
import { decodeJwtPayload, startIssuer, type Issuer } from '../support/issuer.mjs';
import { redirectFetch } from '../support/redirect-fetch.mjs';

// SPEC 4's rules for token requests, through the global fetch that pi-ai uses: requests to
// https://auth.openai.com go to a local server here (`target`).
let target = '';
let undoRedirect = () => undefined as void;
beforeEach(() => {
  undoRedirect = redirectFetch([['https://auth.openai.com/', () => `${target}/`]]);
});
afterEach(() => undoRedirect());

const post = () => fetch(TOKEN_ENDPOINT, { method: 'POST', body: 'grant_type=refresh_token&refresh_token=rt_x' });
const outcome = <T>(promise: Promise<T>) =>
  promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );

/** A server whose answer to the token endpoint is scripted per test. */
async function scripted(handle: (res: http.ServerResponse) => void): Promise<{ close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => handle(res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  target = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('every token request', () => {
  let issuer: Issuer;
  beforeEach(async () => {
    issuer = await startIssuer();
    target = issuer.url;
  });
  afterEach(() => issuer.close());

  it('has a deadline: a silent endpoint is given up after it', async () => {
    issuer.setMode({ refreshAnswer: 'silent' });
    const started = performance.now();
    const result = await outcome(withTokenRequests({ timeoutMs: 300 }, post));
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(result.ok).toBe(false);
    expect(String((result as { error: Error }).error.message)).toMatch(/timed out/);
    expect(issuer.stats.refreshRequests).toBe(1);
  });

  it('is aborted at once on cancel', async () => {
    issuer.setMode({ refreshAnswer: 'silent' });
    const cancel = new AbortController();
    setTimeout(() => cancel.abort(new CancelledError()), 100);
    const started = performance.now();
    const result = await outcome(withTokenRequests({ signal: cancel.signal }, post));
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(result.ok ? null : result.error).toBeInstanceOf(CancelledError);
    // The connection was closed, not left to the server.
    await expect.poll(() => issuer.stats.refreshesUnanswered).toBe(0);
  });

  it('cuts an answer over 64 KB off and fails it; one under 64 KB passes', async () => {
    const grant = issuer.issueGrant({ expiresIn: -60 });
    issuer.setMode({ refreshAnswer: 'oversized' });
    const error = await refreshOpenAICodex(grant.refresh, { env: {} }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(classifyRefreshError(error)).toEqual({ kind: 'transient', detail: 'the token endpoint answered with more than 64 KB (cut off)' });

    const answer = await scripted((res) => res.end(JSON.stringify({ padding: 'y'.repeat(60 * 1024) })));
    try {
      const response = await withTokenRequests({}, post);
      expect((await response.text()).length).toBeGreaterThan(60 * 1024);
    } finally {
      await answer.close();
    }
  });

  it('the sign-in\'s code exchange is a token request too: cancel aborts it', async () => {
    issuer.setMode({ exchangeFailure: null });
    const silent = await scripted(() => undefined);
    const state = await tempState();
    const fetched: string[] = [];
    try {
      const cancel = new AbortController();
      const login = loginCodex(
        {
          paths: resolveAgentPaths(state.env),
          profileId: 'openai-codex:default',
          signal: cancel.signal,
          readPaste: () => new Promise(() => undefined),
        },
        { onAuthUrl: () => undefined, onBrowser: () => undefined, onPasteRejected: () => undefined, onPhase: () => undefined },
        {
          env: {},
          headless: { headless: true, reason: 'test' },
          openBrowser: async () => ({ kind: 'none' }) as never,
          portIsFree: async () => true,
          warn: () => undefined,
          now: Date.now,
          // pi-ai's exchange, as far as the network sees it: one POST to the token endpoint.
          login: async () => {
            const result = await outcome(fetch(TOKEN_ENDPOINT, { method: 'POST', body: 'grant_type=authorization_code' }));
            fetched.push(result.ok ? 'answered' : (result.error as Error).name);
            throw new Error('no answer');
          },
        },
      );
      setTimeout(() => cancel.abort(new CancelledError()), 150);
      const started = performance.now();
      await expect(login).rejects.toBeInstanceOf(CancelledError);
      await expect.poll(() => fetched).toEqual(['CancelledError']);
      expect(performance.now() - started).toBeLessThan(5_000);
    } finally {
      await silent.close();
      await state.cleanup();
    }
  });
});

describe('a token request when the store lock is lost', () => {
  it('is not sent at all when the lock was lost before it', async () => {
    let arrived = 0;
    const server = await scripted((res) => {
      arrived++;
      res.end('{}');
    });
    try {
      const lock = new AbortController();
      lock.abort(new Error('lock lost'));
      const result = await outcome(withTokenRequests({ lockLost: lock.signal }, post));
      expect(result.ok ? null : (result.error as Error).message).toBe('lock lost');
      await new Promise((r) => setTimeout(r, 100));
      expect(arrived).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('is aborted when no answer has started to arrive', async () => {
    const server = await scripted(() => undefined);
    try {
      const lock = new AbortController();
      setTimeout(() => lock.abort(new Error('lock lost')), 100);
      const started = performance.now();
      const result = await outcome(withTokenRequests({ lockLost: lock.signal }, post));
      const took = performance.now() - started;
      expect(result.ok ? null : (result.error as Error).message).toBe('lock lost');
      expect(took).toBeGreaterThanOrEqual(100 + LOST_LOCK_GRACE_MS - 20);
      expect(took).toBeLessThan(5_000);
    } finally {
      await server.close();
    }
  });

  it('reads an answer that has started to arrive, and hands it over in memory', async () => {
    const server = await scripted((res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"refresh_token":"rt_');
      setTimeout(() => res.end('live","access_token":"a","expires_in":60}'), 600);
    });
    try {
      const lock = new AbortController();
      setTimeout(() => lock.abort(new Error('lock lost')), 100);
      const seen: Record<string, unknown>[] = [];
      const response = await withTokenRequests({ lockLost: lock.signal, onAnswer: (body) => seen.push(body) }, post);
      expect(await response.json()).toEqual({ refresh_token: 'rt_live', access_token: 'a', expires_in: 60 });
      expect(seen).toEqual([{ refresh_token: 'rt_live', access_token: 'a', expires_in: 60 }]);
    } finally {
      await server.close();
    }
  });
});

describe('a process that sleeps through its deadline (a closed lid, SIGSTOP)', () => {
  it('still reads the answer that arrived meanwhile: the server has rotated the grant', async () => {
    // The server runs in another process, so that it answers while this one sleeps; it says when the
    // request has arrived and answers 100 ms later.
    const child = spawn(
      process.execPath,
      [
        '-e',
        `require('http').createServer((q, s) => { q.resume(); q.on('end', () => { process.stdout.write('got\\n');
           setTimeout(() => s.end(JSON.stringify({ refresh_token: 'rt_live', access_token: 'a', expires_in: 60 })), 100); }); })
         .listen(0, '127.0.0.1', function () { process.stdout.write(this.address().port + '\\n'); });`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
      target = `http://127.0.0.1:${(await lines.next()).value}`;
      const seen: Record<string, unknown>[] = [];
      const request = withTokenRequests({ timeoutMs: 200, onAnswer: (body) => seen.push(body) }, post);
      expect((await lines.next()).value).toBe('got');
      // Asleep: nothing runs here while the answer lands in the socket and the deadline passes. On waking,
      // the overdue deadline runs before the socket is read.
      const wake = Date.now() + 600;
      while (Date.now() < wake) {
        // the event loop is stopped, as in a paused process
      }
      const result = await outcome(request);
      expect(result.ok ? 'answered' : String(result.error)).toBe('answered');
      expect(seen).toEqual([{ refresh_token: 'rt_live', access_token: 'a', expires_in: 60 }]);
    } finally {
      child.kill();
    }
  });
});

describe('refreshOpenAICodex keeps what the endpoint rotated', () => {
  let issuer: Issuer;
  beforeEach(async () => {
    issuer = await startIssuer({ accountId: 'acct_stored' });
    target = issuer.url;
  });
  afterEach(() => issuer.close());

  it('an access token that names no account: the new tokens, without an account id', async () => {
    const grant = issuer.issueGrant({ expiresIn: -60 });
    issuer.setMode({ refreshAnswer: 'rotate-without-account' });
    const tokens = await refreshOpenAICodex(grant.refresh, { env: {} });
    expect(issuer.isCurrentRefresh(tokens.refresh)).toBe(true);
    expect(tokens.accountId).toBeUndefined();
    expect(tokens.expires).toBeGreaterThan(Date.now() + 30 * 60_000);
    expect(JSON.stringify(decodeJwtPayload(tokens.access))).not.toContain('acct_stored');
  });

  it('an answer without an access token: a RotatedGrantError that carries the live refresh token', async () => {
    const grant = issuer.issueGrant({ expiresIn: -60 });
    issuer.setMode({ refreshAnswer: 'rotate-without-access' });
    const error = await refreshOpenAICodex(grant.refresh, { env: {} }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RotatedGrantError);
    expect(issuer.isCurrentRefresh((error as RotatedGrantError).refresh)).toBe(true);
    expect((error as Error).message).not.toContain((error as RotatedGrantError).refresh);
  });

  it('an account id that is not one (escapes, too long) is left out, so the stored one is kept', async () => {
    for (const accountId of ['acct\u001b]0;pwned\u0007', 'a'.repeat(129), 'acct with space']) {
      const grant = issuer.issueGrant({ expiresIn: -60, accountId });
      const tokens = await refreshOpenAICodex(grant.refresh, { env: {} });
      expect(tokens.accountId).toBeUndefined();
      expect(issuer.isCurrentRefresh(tokens.refresh)).toBe(true);
    }
    const good = await refreshOpenAICodex(issuer.issueGrant({ expiresIn: -60, accountId: 'acct_ok-1' }).refresh, { env: {} });
    expect(good.accountId).toBe('acct_ok-1');
  });
});
