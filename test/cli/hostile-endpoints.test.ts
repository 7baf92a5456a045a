import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { plantStore, storeFileOf, tempState } from '../support/cli.js';
import { runInProcess } from '../support/context.js';
import { makeJwt } from '../support/issuer.mjs';
import { startLoopbackServer, type LoopbackServer } from '../support/loopback-server.js';
import { redirectFetch } from '../support/redirect-fetch.mjs';

// Security review (issue 17, items 4 and 5): token and device endpoints that misbehave on purpose, as
// loopback servers. https://auth.openai.com (pi-ai's and our requests) goes to the "token endpoint" server.
const OSC52 = '\u001b]52;c;ZXZpbA==\u0007';
const CLEAR = '\u001b[2J\u001b[H';
const OSC8 = '\u001b]8;;https://evil.test/\u0007click\u001b]8;;\u0007';
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
const OLD_ACCESS = makeJwt({ 'https://api.openai.com/auth': { chatgpt_account_id: 'acct_1' } });
const OLD_REFRESH = 'rt_old_0123456789abcdef';

let state: Awaited<ReturnType<typeof tempState>>;
let endpoint: LoopbackServer | undefined;
let undo: (() => void) | undefined;
beforeEach(async () => {
  state = await tempState();
});
afterEach(async () => {
  undo?.();
  undo = undefined;
  await endpoint?.close();
  endpoint = undefined;
  await state.cleanup();
});

/** The token endpoint is `answer`'s server from now on. */
async function tokenEndpoint(answer: Parameters<typeof startLoopbackServer>[0]): Promise<LoopbackServer> {
  endpoint = await startLoopbackServer(answer);
  undo = redirectFetch([['https://auth.openai.com/', `${endpoint.url}/`]]);
  return endpoint;
}

const storeFile = () => storeFileOf(state.dir);
const onDisk = async () => JSON.parse(await readFile(storeFile(), 'utf8'));
const dueCodex = (over: Record<string, unknown> = {}) =>
  plantStore(storeFile(), {
    profiles: { 'openai-codex:default': { type: 'oauth', provider: 'openai-codex', access: OLD_ACCESS, refresh: OLD_REFRESH, expires: Date.now() - 60_000, accountId: 'acct_1', ...over } },
  });
const token = () => runInProcess(['models', 'auth', 'token', '--provider', 'openai-codex'], { env: state.env });

describe('control characters in the tokens a server sends (item 5)', () => {
  it('an access token with OSC 52, a screen clear and an OSC 8 link is neither stored nor printed; the rotated refresh token is kept', async () => {
    await dueCodex();
    const hostile = `${makeJwt({ 'https://api.openai.com/auth': { chatgpt_account_id: 'acct_1' } })}${OSC52}${CLEAR}${OSC8}`;
    const server = await tokenEndpoint(() => ({ status: 200, body: { access_token: hostile, refresh_token: 'rt_new_0123456789abcdef', expires_in: 3600 } }));
    const result = await token();
    expect(server.requests).toHaveLength(1);
    expect(result.stdout + result.stderr).not.toMatch(CONTROL);
    expect(result.code).toBe(1);
    const stored = (await onDisk()).profiles['openai-codex:default'];
    expect(stored.access).toBe(OLD_ACCESS);
    // The grant rotated: its new refresh token is the live one, and is kept (SPEC 4).
    expect(stored.refresh).toBe('rt_new_0123456789abcdef');
    expect(await readFile(storeFile(), 'utf8')).not.toContain('\\u001b');
  });

  it('a refresh token with control characters is not stored', async () => {
    await dueCodex();
    await tokenEndpoint(() => ({ status: 200, body: { access_token: OLD_ACCESS, refresh_token: `rt_${CLEAR}x`, expires_in: 3600 } }));
    const result = await token();
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(await readFile(storeFile(), 'utf8')).not.toContain('\\u001b');
  });

  it('a secret stored before (or made by a plugin) that holds control characters is not printed', async () => {
    await dueCodex({ access: `${OLD_ACCESS}${OSC52}`, expires: Date.now() + 3_600_000 });
    const result = await token();
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/openai-codex:default holds control characters, so it is not printed/);
  });
});

describe('redirects from a token or device endpoint are not followed (item 4)', () => {
  let elsewhere: LoopbackServer;
  beforeEach(async () => {
    // Another host that would gladly mint tokens for whatever it is sent.
    elsewhere = await startLoopbackServer(() => ({ status: 200, body: { access_token: OLD_ACCESS.replace(/.$/, 'Z'), refresh_token: 'rt_minted_elsewhere_0123', expires_in: 3600 } }));
  });
  afterEach(() => elsewhere.close());

  for (const status of [307, 308, 302, 301]) {
    it(`a refresh answered ${status}: the refresh token goes nowhere else, nothing is stored, the redirect is named`, async () => {
      await dueCodex();
      const before = await readFile(storeFile(), 'utf8');
      await tokenEndpoint(() => ({ status, headers: { location: `${elsewhere.url}/oauth/token` } }));
      const result = await token();
      expect(elsewhere.requests).toEqual([]);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(`redirect (HTTP ${status}) to ${elsewhere.url}, which is not followed`);
      const after = await onDisk();
      expect(after.profiles).toEqual(JSON.parse(before).profiles);
    });
  }

  it("a device sign-in whose code exchange is answered 307: the code_verifier goes nowhere else, nothing is saved", async () => {
    await tokenEndpoint((request) => {
      if (request.path.endsWith('/deviceauth/usercode')) return { status: 200, body: { device_auth_id: 'dev_1', user_code: 'ABCD-1234', interval: '1' } };
      if (request.path.endsWith('/deviceauth/token')) return { status: 200, body: { authorization_code: 'code_1', code_verifier: 'verifier_secret_0123456789' } };
      return { status: 307, headers: { location: `${elsewhere.url}/oauth/token` } };
    });
    const result = await runInProcess(['models', 'auth', 'login', '--provider', 'openai-codex', '--device-code'], { env: state.env });
    expect(elsewhere.requests).toEqual([]);
    expect(endpoint!.requests.map((r) => r.path)).toEqual(['/api/accounts/deviceauth/usercode', '/api/accounts/deviceauth/token', '/oauth/token']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`redirect (HTTP 307) to ${elsewhere.url}, which is not followed`);
    expect(result.stderr + result.stdout).not.toContain('verifier_secret');
    await expect(readFile(storeFile(), 'utf8')).rejects.toThrow(/ENOENT/);
  }, 20_000);

  it("GitHub Copilot's refresh (pi-ai) answered 307: nothing goes elsewhere, nothing is stored", async () => {
    await plantStore(storeFile(), {
      profiles: { 'github-copilot:default': { type: 'oauth', provider: 'github-copilot', access: 'tid=old;exp=1;proxy-ep=proxy.individual.githubcopilot.com', refresh: 'gho_0123456789abcdef', expires: Date.now() - 60_000 } },
    });
    const before = await readFile(storeFile(), 'utf8');
    endpoint = await startLoopbackServer(() => ({ status: 307, headers: { location: `${elsewhere.url}/copilot_internal/v2/token` } }));
    undo = redirectFetch([['https://api.github.com/', `${endpoint.url}/`]]);
    const result = await runInProcess(['models', 'auth', 'token', '--provider', 'github-copilot'], { env: state.env });
    expect(endpoint.requests.map((r) => r.path)).toEqual(['/copilot_internal/v2/token']);
    expect(elsewhere.requests).toEqual([]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`redirect (HTTP 307) to ${elsewhere.url}, which is not followed`);
    expect((await onDisk()).profiles).toEqual(JSON.parse(before).profiles);
  });

  it('a device sign-in whose user-code request is answered 302 stops at once', async () => {
    await tokenEndpoint(() => ({ status: 302, headers: { location: `${elsewhere.url}/api/accounts/deviceauth/usercode` } }));
    const result = await runInProcess(['models', 'auth', 'login', '--provider', 'openai-codex', '--device-code'], { env: state.env });
    expect(elsewhere.requests).toEqual([]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('redirect (HTTP 302)');
  });
});

// Issue 17, "Also": a malformed HTTPS_PROXY was reported as "refused… sign in again" and started the
// refresh hold-off. It is the user's configuration: named, nothing sent, nothing held off.
describe('a malformed proxy variable', () => {
  for (const [name, value, problem] of [
    ['HTTPS_PROXY', '::not a url', 'it is not an address'],
    ['https_proxy', 'socks5://127.0.0.1:1080', 'its scheme socks5: is not supported'],
    ['HTTP_PROXY', 'proxy.example:3128', 'its scheme proxy.example: is not supported'],
  ] as const) {
    it(`${name}=${value}: a configuration error naming ${name}, no request, no hold-off`, async () => {
      await dueCodex();
      const before = await readFile(storeFile(), 'utf8');
      const server = await tokenEndpoint(() => ({ status: 200, body: { access_token: OLD_ACCESS, refresh_token: 'rt_new_0123456789abcdef', expires_in: 3600 } }));
      for (let run = 0; run < 2; run++) {
        const result = await runInProcess(['models', 'auth', 'token', '--provider', 'openai-codex'], { env: { ...state.env, [name]: value } });
        expect(result.code).toBe(1);
        expect(result.stderr).toContain(`${name} is set, but ${problem}`);
        expect(result.stderr).not.toMatch(/sign in again|try again in/i);
      }
      expect(server.requests).toEqual([]);
      expect(await readFile(storeFile(), 'utf8')).toBe(before);
    });
  }
});
