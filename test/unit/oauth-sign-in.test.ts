import type { OAuthLoginCallbacks, OAuthProviderInterface } from '@mariozechner/pi-ai/oauth';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signInWithOAuth, type OAuthUi } from '../../src/auth/providers/oauth-sign-in.js';
import { oauthRefresherFor, oauthSecretFor, RefreshSecretError } from '../../src/auth/providers/refresh.js';
import { builtinRegistry } from '../../src/auth/providers/registry.js';
import type { OAuthMethod, Registry } from '../../src/auth/providers/types.js';
import { CancelledError, UserError } from '../../src/base/errors.js';
import type { BrowserLaunch } from '../../src/env/browser.js';
import type { HeadlessCheck } from '../../src/env/headless.js';
import { resolveAgentPaths } from '../../src/env/paths.js';
import type { OAuthCredential } from '../../src/model/schema.js';

let dir: string;
beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'openclaw-oauth-'))));
afterEach(() => rm(dir, { recursive: true, force: true }));

const DESKTOP: HeadlessCheck = { headless: false, reason: null };
const SSH: HeadlessCheck = { headless: true, reason: 'this is an SSH session' };

function methodOf(login: (cb: OAuthLoginCallbacks) => Promise<unknown>, extra: Partial<OAuthProviderInterface> = {}): OAuthMethod {
  return {
    kind: 'oauth',
    id: 'oauth',
    label: 'Acme sign-in',
    oauth: { id: 'acme', name: 'Acme', login: login as OAuthProviderInterface['login'], refreshToken: async (c) => c, getApiKey: (c) => c.access, ...extra },
  };
}

/** A UI that answers prompts from a list and records what it was shown. */
function fakeUi(answers: string[] = []) {
  const seen: string[] = [];
  const ui: OAuthUi = {
    onAuth: (info) => seen.push(`auth ${info.url} | ${info.instructions ?? ''}`),
    onBrowser: (launch) => seen.push(`browser ${launch.kind}`),
    prompt: async (p) => {
      seen.push(`prompt ${p.message}${p.allowEmpty ? ' (may be empty)' : ''}${p.placeholder ? ` [${p.placeholder}]` : ''}`);
      return answers.shift() ?? '';
    },
    progress: (m) => seen.push(`progress ${m}`),
    select: async (p) => {
      seen.push(`select ${p.options.map((o) => o.id).join(',')}`);
      return p.options[1]?.id;
    },
    manualCode: async () => {
      seen.push('manual');
      return 'pasted-code';
    },
  };
  return { ui, seen };
}

function run(method: OAuthMethod, ui: OAuthUi, options: { signal?: AbortSignal; headless?: HeadlessCheck; noBrowser?: boolean } = {}) {
  const opened: string[] = [];
  const paths = resolveAgentPaths({ OPENCLAW_STATE_DIR: dir });
  const result = signInWithOAuth(
    { paths, provider: 'acme', method, profileId: 'acme:default', signal: options.signal ?? new AbortController().signal, noBrowser: options.noBrowser ?? false },
    ui,
    {
      env: {},
      warn: () => undefined,
      now: Date.now,
      headless: options.headless ?? DESKTOP,
      openBrowser: async (url): Promise<BrowserLaunch> => {
        opened.push(url);
        return { kind: 'opened', via: 'test' };
      },
    },
  );
  return { result, opened, paths };
}

const creds = { access: 'acc-1', refresh: 'ref-1', expires: Date.UTC(2030, 0, 1) };

describe('signInWithOAuth', () => {
  it('onAuth shown and opened, onPrompt asked again when empty, onProgress shown; extra fields stored', async () => {
    const method = methodOf(async (cb) => {
      cb.onAuth({ url: 'https://login.acme.test/a?x=1\u001b[2J', instructions: 'Type\nthe code' });
      const code = await cb.onPrompt({ message: 'Code', placeholder: 'ACME-0000' });
      cb.onProgress?.('Exchanging…');
      return { ...creds, code, email: 'me@acme.test', tenant: { name: 'blue' }, accountId: 'bad id!', fn: () => 1 };
    });
    const { ui, seen } = fakeUi(['', '  ', 'ACME-1']);
    const { result, opened, paths } = run(method, ui);
    expect(await result).toEqual({ profileId: 'acme:default', storeFile: paths.storeFile, account: 'me@acme.test' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(opened).toEqual(['https://login.acme.test/a?x=1']);
    expect(seen.filter((s) => s.startsWith('prompt'))).toEqual(Array(3).fill('prompt Code [ACME-0000]'));
    expect(seen).toContain('auth https://login.acme.test/a?x=1 | Type the code');
    expect(seen).toContain('progress Exchanging…');
    const stored = JSON.parse(await readFile(paths.storeFile, 'utf8')).profiles['acme:default'];
    // The method that signed in is recorded (SPEC 8: the profile is refreshed through it).
    expect(stored).toEqual({ type: 'oauth', provider: 'acme', ...creds, code: 'ACME-1', email: 'me@acme.test', tenant: { name: 'blue' }, signInMethod: method.id });
  });

  it('allowEmpty: an empty answer is taken; headless or --no-browser: nothing is opened', async () => {
    const method = methodOf(async (cb) => {
      cb.onAuth({ url: 'https://github.test/login/device' });
      const domain = await cb.onPrompt({ message: 'Domain', allowEmpty: true });
      return { ...creds, domain };
    });
    for (const options of [{ headless: SSH }, { noBrowser: true }]) {
      const { ui, seen } = fakeUi(['']);
      const { result, opened } = run(method, ui, options);
      await result;
      expect(opened).toEqual([]);
      expect(seen.filter((s) => s.startsWith('prompt'))).toEqual(['prompt Domain (may be empty)']);
    }
  });

  it('onManualCodeInput only when the method uses a callback server; onSelect reaches the select list', async () => {
    let offered: unknown[] = [];
    const login = async (cb: OAuthLoginCallbacks) => {
      offered = [typeof cb.onManualCodeInput, await cb.onManualCodeInput?.(), await cb.onSelect?.({ message: 'Org', options: [{ id: 'a', label: 'A' }, { id: 'b', label: 'B' }] })];
      return creds;
    };
    await run(methodOf(login, { usesCallbackServer: true }), fakeUi().ui).result;
    expect(offered).toEqual(['function', 'pasted-code', 'b']);
    await run(methodOf(login), fakeUi().ui).result;
    expect(offered).toEqual(['undefined', undefined, 'b']);
  });

  it('a plugin that throws: one redacted line, nothing written', async () => {
    const method = methodOf(async () => {
      throw new Error('boom {"refresh_token":"rt-SECRET0123456789abcdefgh"}\nsecond line sk-abcdefghijklmnopqrstu');
    });
    const error = await run(method, fakeUi().ui).result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(/^Signing in to acme failed: boom .*Nothing was saved\.$/);
    expect((error as Error).message).not.toMatch(/SECRET|abcdefghijklmnop|\n/);
    expect(await readdir(dir)).toEqual([]);
  });

  it('credentials without a refresh token are refused, nothing written', async () => {
    const error = await run(methodOf(async () => ({ access: 'a', expires: 1 })), fakeUi().ui).result.catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/it returned no refresh token/);
    expect(await readdir(dir)).toEqual([]);
  });

  it('cancel while a prompt is open: CancelledError, the login signal aborted, nothing written', async () => {
    const cancel = new AbortController();
    let loginSignal: AbortSignal | undefined;
    const method = methodOf(async (cb) => {
      loginSignal = cb.signal;
      await cb.onPrompt({ message: 'Code' });
      return creds;
    });
    const ui: OAuthUi = { ...fakeUi().ui, prompt: () => new Promise(() => cancel.abort(new CancelledError())) };
    const error = await run(method, ui, { signal: cancel.signal }).result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CancelledError);
    expect(loginSignal?.aborted).toBe(true);
    expect(await readdir(dir)).toEqual([]);
  });
});

it('an abort without a reason of ours (Esc in the wizard) is a cancel too', async () => {
  const cancel = new AbortController();
  const method = methodOf(async (cb) => {
    await cb.onPrompt({ message: 'Code' });
    return creds;
  });
  const ui: OAuthUi = { ...fakeUi().ui, prompt: () => new Promise(() => cancel.abort()) };
  const error = await run(method, ui, { signal: cancel.signal }).result.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(CancelledError);
  expect((error as Error).message).toMatch(/nothing was saved/);
});

describe('oauthRefresherFor', () => {
  const stored: OAuthCredential = { type: 'oauth', provider: 'acme', access: 'old', refresh: 'r1', expires: 1, email: 'me@acme.test', tenant: 'blue' };
  const registryWith = (method: OAuthMethod): Registry => ({ providers: [{ id: 'acme', label: 'Acme', source: '/p.mjs', methods: [method] }], errors: [], skipped: [] });

  it('null for a provider without an OAuth method; GitHub Copilot has one', () => {
    expect(oauthRefresherFor(builtinRegistry(), 'openai')).toBeNull();
    expect(oauthRefresherFor(builtinRegistry(), 'nosuch')).toBeNull();
    expect(oauthRefresherFor(builtinRegistry(), 'github-copilot')).toBeTypeOf('function');
  });

  it("refreshToken gets the stored fields; the result keeps unknown fields of both; the secret is getApiKey's", async () => {
    let given: unknown;
    const method = methodOf(async () => creds, {
      refreshToken: async (c) => {
        given = c;
        return { access: 'new', refresh: 'r2', expires: 99, region: 'eu' };
      },
      getApiKey: (c) => `key:${c.access}`,
    });
    const refreshed = await oauthRefresherFor(registryWith(method), 'acme')!(stored);
    expect(given).toEqual({ access: 'old', refresh: 'r1', expires: 1, email: 'me@acme.test', tenant: 'blue' });
    expect(refreshed).toEqual({
      credentials: { type: 'oauth', provider: 'acme', access: 'new', refresh: 'r2', expires: 99, email: 'me@acme.test', tenant: 'blue', region: 'eu' },
      secret: 'key:new',
    });
  });

  it('getApiKey failing after a rotation: a RefreshSecretError that carries the new credentials', async () => {
    const method = methodOf(async () => creds, { refreshToken: async () => ({ access: 'new', refresh: 'r2', expires: 99 }), getApiKey: () => '' });
    const error = await oauthRefresherFor(registryWith(method), 'acme')!(stored).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefreshSecretError);
    expect((error as RefreshSecretError).credentials).toMatchObject({ refresh: 'r2' });
  });

  it("oauthSecretFor: a stored profile's secret is getApiKey's; null without an OAuth method", () => {
    const method = methodOf(async () => creds, { getApiKey: (c) => `key:${c.access}:${String(c.tenant)}` });
    expect(oauthSecretFor(registryWith(method), 'acme')!(stored)).toBe('key:old:blue');
    expect(oauthSecretFor(builtinRegistry(), 'openai-codex')).toBeNull();
    const broken = methodOf(async () => creds, { getApiKey: () => { throw new Error('no key for sk-abcdefghijklmnopqrstuv'); } });
    expect(() => oauthSecretFor(registryWith(broken), 'acme')!(stored)).toThrow(/^acme gave no secret for its credentials: no key for \[redacted\]$/);
  });
});

// Issue 22, item 11: an offline sign-in said "the server could not be reached" without naming it.
describe('a sign-in whose server cannot be reached', () => {
  it('names the host it could not reach (from the failed request, else from the sign-in link)', async () => {
    // A port nothing listens on: bound, then closed.
    const server = createServer().listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as AddressInfo).port;
    await new Promise((resolve) => server.close(resolve));
    const refused = methodOf(async () => {
      await fetch(`http://127.0.0.1:${port}/login/device/code`, { method: 'POST' });
      return creds;
    });
    await expect(run(refused, fakeUi().ui).result).rejects.toThrow(`Signing in to acme failed: 127.0.0.1:${port} could not be reached (check the network`);
    const bare = methodOf(async (cb) => {
      cb.onAuth({ url: 'https://github.com/login/device' });
      throw new TypeError('fetch failed');
    });
    await expect(run(bare, fakeUi().ui, { headless: SSH }).result).rejects.toThrow(/github\.com could not be reached \(check the network/);
  });
});
