import { readFile, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { plantStore, runCli, storeFileOf } from '../support/cli.js';
import { spawnCli } from '../support/crowd.js';
import { type IssuedGrant } from '../support/issuer.mjs';
import { stateAndIssuerPerTest } from '../support/state-and-issuer.js';

// SPEC 4's rules with the built CLI against the test issuer: a rotated grant is never dropped (an odd
// answer, a lost lock), and an outage or a silent endpoint costs one request, not one per process.
const ID = 'openai-codex:default';
const TOKEN = ['models', 'auth', 'token', '--provider', 'openai-codex'];

const fx = stateAndIssuerPerTest();

const seed = (grant: IssuedGrant) => plantStore(storeFileOf(fx.state.dir), { profiles: { [ID]: { type: 'oauth', provider: 'openai-codex', ...grant } } });
const stored = async () => JSON.parse(await readFile(storeFileOf(fx.state.dir), 'utf8'));
const token = (timeoutMs = 30_000) => runCli(TOKEN, { env: fx.state.env, issuer: fx.issuer.url, timeoutMs });
/** Makes the stored access token due again, as time would. */
async function expireStored(): Promise<void> {
  const store = await stored();
  store.profiles[ID].expires = Date.now() - 60_000;
  await writeFile(storeFileOf(fx.state.dir), JSON.stringify(store), { mode: 0o600 });
}
const until = async (check: () => boolean, ms: number) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('odd answers', () => {
  it('rotated, but the access token names no account: the live refresh token is on disk, not marked, and a later refresh succeeds', async () => {
    const grant = fx.issuer.issueGrant({ expiresIn: -60 });
    await seed(grant);
    fx.issuer.setMode({ refreshAnswer: 'rotate-without-account' });
    const result = await token();
    expect(result.code, result.stderr).toBe(0);
    const after = await stored();
    const profile = after.profiles[ID];
    expect(fx.issuer.isCurrentRefresh(profile.refresh)).toBe(true);
    expect(after.usageStats).toBeUndefined();
    expect(profile.accountId).toBe(grant.accountId);
    expect(result.stdout).toBe(`${profile.access}\n`);

    fx.issuer.setMode({ refreshAnswer: 'normal' });
    await expireStored();
    const later = await token();
    expect(later.code, later.stderr).toBe(0);
    expect(fx.issuer.stats.refreshCount).toBe(2);
    expect(fx.issuer.isCurrentRefresh((await stored()).profiles[ID].refresh)).toBe(true);
  });

  it('rotated, but no access token: the live refresh token is saved, exit 1 saying so, and the next run refreshes', async () => {
    const grant = fx.issuer.issueGrant({ expiresIn: -60 });
    await seed(grant);
    fx.issuer.setMode({ refreshAnswer: 'rotate-without-access' });
    const result = await token();
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/new refresh token was saved/);
    const profile = (await stored()).profiles[ID];
    expect(fx.issuer.isCurrentRefresh(profile.refresh)).toBe(true);
    expect(profile.access).toBe(grant.access);
    expect(result.stderr).not.toContain(profile.refresh);

    fx.issuer.setMode({ refreshAnswer: 'normal' });
    const later = await token();
    expect(later.code, later.stderr).toBe(0);
    expect(fx.issuer.isCurrentRefresh((await stored()).profiles[ID].refresh)).toBe(true);
  });
});

const spawnToken = () => spawnCli(TOKEN, { env: fx.state.env, issuer: fx.issuer.url });

describe('a lost lock', () => {
  it('a refresher stopped (SIGSTOP) past the stale time while a second one runs, then continued: the live token is on disk, no mark, 2 requests', async () => {
    // The answer is sent while the first process is stopped: it waits in its socket when it wakes up.
    fx.issuer.setLatency(1_000);
    await seed(fx.issuer.issueGrant({ expiresIn: -60 }));
    const first = spawnToken();
    try {
      await until(() => fx.issuer.stats.refreshRequests === 1, 15_000);
      first.child.kill('SIGSTOP');
      await until(() => fx.issuer.stats.refreshesUnanswered === 0, 5_000);
      // Past the 8 s stale time of its lock, counted from its last update (at most 2 s before the stop).
      await new Promise((r) => setTimeout(r, 9_000));

      fx.issuer.setLatency(0);
      const second = await token();
      // It sent the same, now spent, refresh token: refused, and the profile marked.
      expect(second.code).toBe(1);
      expect(fx.issuer.stats.refreshRequests).toBe(2);
    } finally {
      first.child.kill('SIGCONT');
    }
    const result = await first.done;
    expect(result.code, result.stderr).toBe(0);
    const after = await stored();
    expect(fx.issuer.isCurrentRefresh(after.profiles[ID].refresh)).toBe(true);
    expect(after.usageStats).toBeUndefined();
    expect(result.stdout).toBe(`${after.profiles[ID].access}\n`);
    expect(fx.issuer.stats.refreshRequests).toBeLessThanOrEqual(2);
    // And it is usable from here on, without a request.
    expect(await token()).toMatchObject({ code: 0, stdout: `${after.profiles[ID].access}\n` });
    expect(fx.issuer.stats.refreshRequests).toBeLessThanOrEqual(2);
  }, 60_000);
});

describe('an outage costs one request', () => {
  for (const lifetime of [3600, 5]) it(`503: 24 processes send at most 2 requests (1 expected), all exit 1 within seconds saying when to retry; after the hold-off a retry succeeds (${lifetime}-second tokens)`, async () => {
    fx.issuer.setMode({ expiresIn: lifetime });
    const grant = fx.issuer.issueGrant({ expiresIn: -60 });
    await seed(grant);
    fx.issuer.setMode({ refreshFailure: { status: 503 } });
    const before = (await stored()).profiles[ID];
    const started = Date.now();
    const results = await Promise.all(Array.from({ length: 24 }, () => token()));
    const took = Date.now() - started;
    for (const r of results) {
      expect(r.code, r.stderr).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/try again in [1-5] s/);
    }
    expect(fx.issuer.stats.refreshRequests).toBeLessThanOrEqual(2);
    expect(took).toBeLessThan(10_000);
    const after = await stored();
    expect(after.profiles[ID]).toEqual(before);

    fx.issuer.setMode({ refreshFailure: null });
    await new Promise((r) => setTimeout(r, Math.max(0, after.usageStats[ID].refreshRetryAt - Date.now()) + 50));
    const retry = await token();
    expect(retry.code, retry.stderr).toBe(0);
    expect(fx.issuer.isCurrentRefresh((await stored()).profiles[ID].refresh)).toBe(true);
  }, 90_000);

  it('a silent endpoint: 8 processes end within the 20 s deadline plus a few seconds, at most 2 requests', async () => {
    await seed(fx.issuer.issueGrant({ expiresIn: -60 }));
    const before = (await stored()).profiles[ID];
    fx.issuer.setMode({ refreshAnswer: 'silent' });
    const started = Date.now();
    const results = await Promise.all(Array.from({ length: 8 }, () => token(60_000)));
    const took = Date.now() - started;
    for (const r of results) {
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toMatch(/did not answer in time|Not refreshing/);
      expect(r.stderr).toMatch(/try again in [1-5] s/);
    }
    expect(took).toBeLessThan(26_000);
    expect(fx.issuer.stats.refreshRequests).toBeLessThanOrEqual(2);
    expect((await stored()).profiles[ID]).toEqual(before);
  }, 90_000);
});
