import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { getCredential, type CredentialDeps } from '../../src/auth/credentials/resolve.js';
import type { RefreshedTokens } from '../../src/auth/credentials/codex-refresh.js';
import { holdOffMs } from '../../src/auth/credentials/refresh-rules.js';
import { saveOAuthProfile } from '../../src/store/profiles.js';
import { updateStore } from '../../src/store/store.js';
import { failure, MIN, NOW, useTempAgent } from './credentials-fixtures.js';

// SPEC 4: a transient failure holds further refreshes of the grant off (5 s, doubling to 60 s, cleared by
// a success), so that an outage costs one request and not one per process.
const ID = 'openai-codex:default';
const profile = (over: Record<string, unknown> = {}) => ({
  type: 'oauth',
  provider: 'openai-codex',
  access: 'eyJhbGciOiJub25lIn0.eyJvbGQiOjF9.old',
  refresh: 'rt_old_0123456789abcdef',
  expires: NOW - MIN,
  accountId: 'acct_1',
  ...over,
});
const fresh: RefreshedTokens = { access: 'eyJ.new.access', refresh: 'rt_new_0123456789', expires: NOW + 60 * MIN, accountId: 'acct_1' };
const outage = () => Promise.reject(new Error('OpenAI Codex token refresh failed (503): {"error":"server_error"}'));

const agent = useTempAgent();
const { seed, onDisk } = agent;

function deps(now: number, refresh: CredentialDeps['refresh'], calls: string[]): Partial<CredentialDeps> {
  return {
    now: () => now,
    warn: () => undefined,
    env: {},
    refresh: async (token, options) => {
      calls.push(token);
      return refresh(token, options);
    },
  };
}

describe('the refresh hold-off', () => {
  it('is 5 s after the first failure, doubling to at most 60 s', () => {
    expect([1, 2, 3, 4, 5, 6, 40].map(holdOffMs)).toEqual([5_000, 10_000, 20_000, 40_000, 60_000, 60_000, 60_000]);
  });

  it('holds off: before refreshRetryAt nothing is sent and the call fails at once saying when to retry', async () => {
    await seed({ profiles: { [ID]: profile() } });
    const calls: string[] = [];
    const first = await failure(getCredential(agent.paths, 'openai-codex', undefined, deps(NOW, outage, calls)));
    expect(first.message).toMatch(/HTTP 503.*try again in 5 s/);
    expect((await onDisk()).usageStats[ID]).toEqual({ refreshRetryAt: NOW + 5_000, refreshFailures: 1 });

    const before = await readFile(agent.paths.storeFile);
    const held = await failure(getCredential(agent.paths, 'openai-codex', undefined, deps(NOW + 3_000, () => Promise.resolve(fresh), calls)));
    expect(held.message).toMatch(/Not refreshing openai-codex:default.*try again in 2 s/);
    expect(held.exitCode).toBe(1);
    expect(calls).toEqual([profile().refresh]);
    expect(await readFile(agent.paths.storeFile)).toEqual(before);
  });

  it('doubles while failures go on, and a success clears it', async () => {
    await seed({ profiles: { [ID]: profile() } });
    const calls: string[] = [];
    let now = NOW;
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      await failure(getCredential(agent.paths, 'openai-codex', undefined, deps(now, outage, calls)));
      const retryAt = (await onDisk()).usageStats[ID].refreshRetryAt;
      waits.push(retryAt - now);
      now = retryAt;
    }
    expect(waits).toEqual([5_000, 10_000, 20_000, 40_000, 60_000, 60_000]);
    expect(calls).toHaveLength(6);

    const got = await getCredential(agent.paths, 'openai-codex', undefined, deps(now, () => Promise.resolve(fresh), calls));
    expect(got).toMatchObject({ secret: fresh.access, refreshed: true });
    const disk = await onDisk();
    expect(disk.usageStats).toBeUndefined();
    expect(disk.profiles[ID]).toEqual({ ...profile(), ...fresh });
  });

  it('does not stop the use of an access token that is still good', async () => {
    await seed({
      profiles: { [ID]: profile({ expires: NOW + 30 * MIN }) },
      usageStats: { [ID]: { refreshRetryAt: NOW + 60_000, refreshFailures: 5 } },
    });
    const got = await getCredential(agent.paths, 'openai-codex', undefined, deps(NOW, outage, []));
    expect(got.secret).toBe(profile().access);
  });

  it('a waiter on the lock sees the mark the holder writes and fails at once, without a request', async () => {
    // On the real clock: the lock and the watch are real.
    await seed({ profiles: { [ID]: profile({ expires: Date.now() - MIN }) } });
    // Another process holds the lock, fails its refresh and writes the hold-off.
    const holder = updateStore(agent.paths, async (draft) => {
      await new Promise((r) => setTimeout(r, 400));
      draft.usageStats = { [ID]: { refreshRetryAt: Date.now() + 5_000, refreshFailures: 1 } };
    });
    await new Promise((r) => setTimeout(r, 50));
    const calls: string[] = [];
    const started = performance.now();
    const error = await failure(getCredential(agent.paths, 'openai-codex', undefined, { ...deps(Date.now(), outage, calls), now: Date.now }));
    const waited = performance.now() - started;
    await holder;
    expect(error.message).toMatch(/Not refreshing.*try again in [45] s/);
    expect(calls).toEqual([]);
    // It failed when the mark was written (about 350 ms later), not after a lock wait.
    expect(waited).toBeLessThan(3_000);
  });

  it('ends with a new sign-in: its grant is refreshed at once; failover marks stay', async () => {
    await seed({
      profiles: { [ID]: profile() },
      usageStats: { [ID]: { refreshRetryAt: NOW + 60_000, refreshFailures: 5, cooldownUntil: NOW + MIN, errorCount: 1 } },
    });
    await saveOAuthProfile(agent.paths, { id: ID, provider: 'openai-codex', access: 'eyJ.signed.in', refresh: 'rt_signed_in_0123456789', expires: NOW - 1, accountId: 'acct_1' }, {});
    expect((await onDisk()).usageStats[ID]).toEqual({ cooldownUntil: NOW + MIN, errorCount: 1 });
    const calls: string[] = [];
    const got = await getCredential(agent.paths, 'openai-codex', undefined, deps(NOW + 1_000, () => Promise.resolve(fresh), calls));
    expect(got).toMatchObject({ secret: fresh.access, refreshed: true });
    expect(calls).toEqual(['rt_signed_in_0123456789']);
  });

  it('a permanent failure replaces the hold-off with the re-login mark', async () => {
    await seed({ profiles: { [ID]: profile() }, usageStats: { [ID]: { refreshRetryAt: NOW - 1, refreshFailures: 3 } } });
    const refused = () => Promise.reject(new Error('OpenAI Codex token refresh failed (400): {"error":"invalid_grant"}'));
    await failure(getCredential(agent.paths, 'openai-codex', undefined, deps(NOW, refused, [])));
    expect((await onDisk()).usageStats[ID]).toEqual({ reloginRequired: { since: NOW, reason: 'invalid_grant' } });
  });
});
