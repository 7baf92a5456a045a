import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanEnv, cliArgs, ROOT, runCli, storeFileOf, tempState, type CliResult } from '../support/cli.js';
import { crowdOnHeldAnswer } from '../support/crowd.js';
import { browse } from '../support/oidc-browser.mjs';
import { BROWSER_CLIENT, DEVICE_CLIENT, startOidcIssuer, type OidcIssuer } from '../support/oidc-issuer.mjs';

// SPEC 4 and 8 against a real OAuth 2.0 server nobody here wrote (oidc-provider 9: public clients, PKCE,
// refresh-token rotation, 5-second access tokens, device flow, revocation), through a provider plugin
// written only from SPEC 8 (test/support/oidc-plugin.mjs), with the built CLI and no terminal.
const PLUGIN = join(ROOT, 'test', 'support', 'oidc-plugin.mjs');
const PROVIDER = 'acme-oidc';

let state: Awaited<ReturnType<typeof tempState>>;
let issuer: OidcIssuer;
let env: Record<string, string>;
beforeEach(async () => {
  state = await tempState();
  issuer = await startOidcIssuer({ accessTokenTtl: 5 });
  env = { ...state.env, OPENCLAW_TEST_OIDC_ISSUER: issuer.url };
  await writeFile(join(state.dir, 'openclaw.json'), JSON.stringify({ plugins: { load: { paths: [PLUGIN] } } }));
});
afterEach(async () => {
  await issuer.close();
  await state.cleanup();
});

const stored = async () => JSON.parse(await readFile(storeFileOf(state.dir), 'utf8'));
const TOKEN = (id: string) => ['models', 'auth', 'token', '--provider', PROVIDER, '--profile-id', id];
const token = (id: string) => runCli(TOKEN(id), { env });

/**
 * `models auth login` with a plugin method, stdin and stdout not a terminal: the link it prints is opened
 * by the test's browser (which signs in and consents), and the sign-in ends by itself.
 */
async function signIn(method: 'browser' | 'device', profileId: string): Promise<CliResult> {
  const args = ['models', 'auth', 'login', '--provider', PROVIDER, '--method', method, '--profile-id', profileId, '--no-browser'];
  const child = spawn(process.execPath, cliArgs(args), { env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let opened: Promise<Response> | null = null;
  // Off a terminal the link is an instruction, on stderr (stdout keeps the outcome).
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
    const link = /^(http:\/\/127\.0\.0\.1:\d+\/(?:auth|device)\?\S+)$/m.exec(stderr)?.[1];
    if (link && !opened) opened = browse(link, issuer.url);
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  expect(opened, stdout + stderr).not.toBeNull();
  expect((await opened!).status).toBe(200);
  return { code, signal: null, stdout, stderr };
}

/** Until the stored access token of `id` has expired (these live 5 seconds). */
async function untilExpired(id: string): Promise<void> {
  const { expires } = (await stored()).profiles[id];
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, expires - Date.now()) + 100));
}

describe('sign-in against oidc-provider, without a terminal', () => {
  it('by device code: the code is shown, the grant stored with its method; refreshed through that method\'s client', async () => {
    const result = await signIn('device', `${PROVIDER}:phone`);
    expect(result.code, result.stderr).toBe(0);
    // The code is an instruction (stderr); stdout holds the outcome.
    expect(result.stderr).toMatch(/Enter the code \S+ on the Acme page/);
    expect(result.stdout).toContain(`Signed in (${PROVIDER}:phone)`);
    const profile = (await stored()).profiles[`${PROVIDER}:phone`];
    expect(profile).toMatchObject({ type: 'oauth', provider: PROVIDER, signInMethod: 'device', obtained: expect.any(Number) });
    expect(profile.expires - profile.obtained).toBeLessThanOrEqual(5_000);
    expect(issuer.stats.deviceExchanges).toBe(1);

    // The second method's grant belongs to its own client: refreshed through the first method, the issuer
    // would refuse it (client mismatch) and the profile would need a new sign-in.
    await untilExpired(`${PROVIDER}:phone`);
    const refreshed = await token(`${PROVIDER}:phone`);
    expect(refreshed.code, refreshed.stderr).toBe(0);
    const after = (await stored()).profiles[`${PROVIDER}:phone`];
    expect(refreshed.stdout).toBe(`${after.access}\n`);
    expect(after.refresh).not.toBe(profile.refresh);
    expect(issuer.stats.refreshByClient).toEqual({ [DEVICE_CLIENT]: 1 });
    expect(issuer.stats.refreshErrors).toBe(0);
  }, 60_000);

  it('by the loopback: 24 concurrent token calls on the expired grant make exactly 1 refresh request, all succeed, the grant still refreshes', async () => {
    const result = await signIn('browser', `${PROVIDER}:default`);
    expect(result.code, result.stderr).toBe(0);
    expect((await stored()).profiles[`${PROVIDER}:default`]).toMatchObject({ signInMethod: 'browser' });
    expect(issuer.stats.codeExchanges).toBe(1);
    await untilExpired(`${PROVIDER}:default`);

    const results = await crowdOnHeldAnswer(24, TOKEN(`${PROVIDER}:default`), { env }, () => issuer.holdTokens());
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    expect(new Set(results.map((r) => r.stdout)).size).toBe(1);
    expect(issuer.stats.refreshRequests).toBe(1);
    expect(issuer.stats.refreshByClient).toEqual({ [BROWSER_CLIENT]: 1 });

    // Still refreshable: the rotated refresh token on disk is the live one.
    await untilExpired(`${PROVIDER}:default`);
    const later = await token(`${PROVIDER}:default`);
    expect(later.code, later.stderr).toBe(0);
    expect(issuer.stats).toMatchObject({ refreshRequests: 2, refreshSuccesses: 2, refreshErrors: 0 });
  }, 120_000);

  it('300-second tokens: after a refresh, 10 calls in a row make no refresh request', async () => {
    expect((await signIn('browser', `${PROVIDER}:default`)).code).toBe(0);
    issuer.setAccessTokenTtl(300);
    await untilExpired(`${PROVIDER}:default`);
    const first = await token(`${PROVIDER}:default`);
    expect(first.code, first.stderr).toBe(0);
    expect(issuer.stats.refreshRequests).toBe(1);
    const profile = (await stored()).profiles[`${PROVIDER}:default`];
    // Its lifetime is known (an opaque token: from when it was obtained), so it is not due for 150 s.
    expect(profile.expires - profile.obtained).toBeGreaterThan(295_000);
    expect(profile.expires - profile.obtained).toBeLessThanOrEqual(300_000);
    for (let i = 0; i < 10; i++) {
      const again = await token(`${PROVIDER}:default`);
      expect(again).toMatchObject({ code: 0, stdout: first.stdout });
    }
    expect(issuer.stats.refreshRequests).toBe(1);
  }, 90_000);

  it('a revoked grant, said in a plain message: re-login marked, the credentials kept, no further request', async () => {
    expect((await signIn('browser', `${PROVIDER}:default`)).code).toBe(0);
    const before = (await stored()).profiles[`${PROVIDER}:default`];
    await issuer.revoke(before.refresh, BROWSER_CLIENT);
    await untilExpired(`${PROVIDER}:default`);
    const refused = await token(`${PROVIDER}:default`);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`openclaw models auth login --provider ${PROVIDER}`);
    expect(refused.stderr).toContain('invalid_grant');
    const after = await stored();
    expect(after.profiles[`${PROVIDER}:default`]).toEqual(before);
    expect(after.usageStats[`${PROVIDER}:default`].reloginRequired).toEqual({ since: expect.any(Number), reason: 'invalid_grant' });
    expect(issuer.stats.refreshRequests).toBe(1);

    const status = await runCli(['models', 'status', '--json'], { env });
    expect(status.stdout).toMatch(/"relogin"/);
    const again = await token(`${PROVIDER}:default`);
    expect(again.code).toBe(1);
    expect(issuer.stats.refreshRequests).toBe(1);
  }, 60_000);
});
