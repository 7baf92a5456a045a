import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { resolveAgentPaths } from '../../src/env/paths.js';
import { updateStore } from '../../src/store/store.js';
import { plantStore, runCli, storeFileOf, type CliResult } from '../support/cli.js';
import { crowdOnHeldAnswer } from '../support/crowd.js';
import { type IssuedGrant } from '../support/issuer.mjs';
import { stateAndIssuerPerTest } from '../support/state-and-issuer.js';

const ID = 'openai-codex:default';
const LOGIN = 'openclaw models auth login --provider openai-codex';

const fx = stateAndIssuerPerTest();

async function seed(grant: IssuedGrant, extra: Record<string, unknown> = {}): Promise<void> {
  await plantStore(storeFileOf(fx.state.dir), { profiles: { [ID]: { type: 'oauth', provider: 'openai-codex', ...grant } }, ...extra });
  // Let the store write auth.json once, as every real write does, so that "nothing changed" covers it too.
  await updateStore(resolveAgentPaths(fx.state.env), () => undefined, { warn: () => undefined });
}

const stored = async () => JSON.parse(await readFile(storeFileOf(fx.state.dir), 'utf8'));
const TOKEN_ARGS = ['models', 'auth', 'token', '--provider', 'openai-codex'];
const token = (args: string[] = []) => runCli([...TOKEN_ARGS, ...args], { env: fx.state.env, issuer: fx.issuer.url });

/** A grant whose refresh token was already rotated by someone else: the fx.issuer answers refresh_token_reused. */
async function rotatedAway(): Promise<IssuedGrant> {
  const grant = fx.issuer.issueGrant({ expiresIn: -60 });
  const res = await fetch(`${fx.issuer.url}/oauth/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: grant.refresh, client_id: 'app_EMoamEEZ73f0CkXaXp7hrann' }),
  });
  expect(res.status).toBe(200);
  expect(fx.issuer.isCurrentRefresh(grant.refresh)).toBe(false);
  return grant;
}

describe('models auth token against the test fx.issuer', () => {
  // Long-lived tokens, and 5-second ones (SPEC 4: a waiter uses another process's result whatever its
  // lifetime).
  for (const lifetime of [3600, 5]) {
    it(`24 concurrent processes on one expired grant make exactly 1 refresh and all print the same new token (${lifetime}-second tokens)`, async () => {
      fx.issuer.setMode({ expiresIn: lifetime });
      const grant = fx.issuer.issueGrant({ expiresIn: -60 });
      await seed(grant);
      const results = await crowdOnHeldAnswer(24, TOKEN_ARGS, { env: fx.state.env, issuer: fx.issuer.url }, () => fx.issuer.holdRefreshes());
      for (const r of results) expect(r.code, r.stderr).toBe(0);
      const printed = new Set(results.map((r) => r.stdout));
      expect(printed.size).toBe(1);
      const [only] = [...printed];
      const after = (await stored()).profiles[ID];
      expect(only).toBe(`${after.access}\n`);
      expect(after.access).not.toBe(grant.access);
      expect(after.expires).toBeGreaterThan(Date.now() - 60_000 + lifetime * 1000 - 30_000);
      expect(fx.issuer.isCurrentRefresh(after.refresh)).toBe(true);
      expect(fx.issuer.stats.refreshRequests).toBe(1);
      expect(fx.issuer.stats.refreshCount).toBe(1);
    }, 120_000);
  }

  it('prints only the secret on stdout and nothing on stderr; no request while the token is fresh', async () => {
    const grant = fx.issuer.issueGrant({ expiresIn: 3600 });
    await seed(grant);
    const result = await token();
    expect(result).toMatchObject({ code: 0, stdout: `${grant.access}\n`, stderr: '' });
    expect(fx.issuer.stats.refreshRequests).toBe(0);
  });

  it('a reused refresh token: exit 1 naming the login command, credentials kept, re-login recorded', async () => {
    const grant = await rotatedAway();
    await seed(grant);
    const before = (await stored()).profiles[ID];
    const result = await token();
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(LOGIN);
    expect(result.stderr).toContain('refresh_token_reused');
    const after = await stored();
    expect(after.profiles[ID]).toEqual(before);
    expect(after.usageStats[ID].reloginRequired).toEqual({ since: expect.any(Number), reason: 'refresh_token_reused' });

    const check = await runCli(['models', 'status', '--check'], { env: fx.state.env });
    expect(check.code).toBe(1);
    expect(check.stdout).toContain(LOGIN);

    // Marked: the next run says so at once, without asking the endpoint again.
    const requests = fx.issuer.stats.refreshRequests;
    const again = await token();
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(LOGIN);
    expect(fx.issuer.stats.refreshRequests).toBe(requests);
  });

  it('a 503: the credentials stay, the grant is held off for 5 s (no request meanwhile), then a retry succeeds', async () => {
    const grant = fx.issuer.issueGrant({ expiresIn: -60 });
    await seed(grant);
    fx.issuer.setMode({ refreshFailure: { status: 503 } });
    const before = (await stored()).profiles[ID];
    const result = await token();
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/HTTP 503.*try again in 5 s/);
    const after = await stored();
    expect(after.profiles[ID]).toEqual(before);
    expect(after.usageStats[ID]).toEqual({ refreshRetryAt: expect.any(Number), refreshFailures: 1 });
    expect(fx.issuer.stats.refreshRequests).toBe(1);

    // Held off: the endpoint is back, but no process asks it before the time it was told.
    fx.issuer.setMode({ refreshFailure: null });
    const held = await token();
    expect(held.code).toBe(1);
    expect(held.stderr).toMatch(/Not refreshing openai-codex:default.*try again in [1-5] s/);
    expect(fx.issuer.stats.refreshRequests).toBe(1);

    await new Promise((r) => setTimeout(r, Math.max(0, after.usageStats[ID].refreshRetryAt - Date.now()) + 50));
    const retry = await token();
    expect(retry.code, retry.stderr).toBe(0);
    expect((await stored()).usageStats).toBeUndefined();
    expect(fx.issuer.stats.refreshRequests).toBe(2);
  }, 30_000);

  it('an unknown profile id lists the ids there are; a malformed one is a usage error', async () => {
    await seed(fx.issuer.issueGrant({ expiresIn: 3600 }));
    const unknown = await token(['--profile-id', 'work']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain(`profiles: ${ID}`);
    const malformed = await token(['--profile-id', 'Bad Name']);
    expect(malformed.code).toBe(2);
  });
});

describe('a canary secret in the token endpoint\'s error bodies never reaches any output', () => {
  // One word that looks like nothing (so no pattern could catch it by shape) and one that looks like a key.
  const canaries = ['CANARYplainword', 'sk-CANARY0123456789abcdefghij'];
  const failures = [
    { status: 503 },
    { status: 502, body: 'Bad gateway: upstream said CANARY' },
    { status: 400, body: { error: 'invalid_grant', error_description: 'refresh_token_reused CANARY' } },
    { status: 401, body: { error: { code: 'CANARY', message: 'CANARY' } } },
    { status: 400, body: { error: 'invalid_request', error_description: '\u001b]0;CANARY\u0007' } },
  ];

  for (const canary of canaries) {
    it(canary, async () => {
      const outputs: CliResult[] = [];
      for (const failure of failures) {
        const body = typeof failure.body === 'string' ? failure.body.replace('CANARY', canary) : JSON.parse(JSON.stringify(failure.body ?? null).replaceAll('CANARY', canary));
        fx.issuer.setMode({ refreshFailure: { status: failure.status, ...(body === null ? {} : { body }) }, errorCanary: canary });
        await seed(fx.issuer.issueGrant({ expiresIn: -60 }));
        outputs.push(await token());
        outputs.push(await runCli(['models', 'status'], { env: fx.state.env }));
        outputs.push(await runCli(['models', 'status', '--json'], { env: fx.state.env }));
      }
      expect(fx.issuer.stats.refreshRequests).toBe(failures.length);
      for (const output of outputs) {
        for (const text of [output.stdout, output.stderr]) {
          expect(text).not.toContain(canary);
          expect(text).not.toContain('\u001b');
        }
      }
      // They did fail, for the reasons the bodies gave.
      expect(outputs.filter((o) => o.stderr.includes(LOGIN)).length).toBeGreaterThanOrEqual(2);
    }, 60_000);
  }
});
