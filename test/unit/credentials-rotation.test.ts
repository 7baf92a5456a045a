import { readFile, rm, utimes } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { getCredential, type CredentialDeps } from '../../src/auth/credentials/resolve.js';
import { RotatedGrantError, type RefreshedTokens } from '../../src/auth/credentials/codex-refresh.js';
import { UserError } from '../../src/base/errors.js';
import { MIN, NOW, useTempAgent } from './credentials-fixtures.js';

// SPEC 4: an answer that rotated the grant is never dropped: not when the rest of it is unusable, not when
// the lock was lost while it was in flight.
const ID = 'openai-codex:default';
const SENT = 'rt_sent_0123456789abcdef';
const profile = (over: Record<string, unknown> = {}) => ({
  type: 'oauth',
  provider: 'openai-codex',
  access: 'eyJhbGciOiJub25lIn0.eyJvbGQiOjF9.old',
  refresh: SENT,
  expires: NOW - MIN,
  accountId: 'acct_1',
  email: 'me@example.com',
  ...over,
});
const fresh: RefreshedTokens = { access: 'eyJ.new.access', refresh: 'rt_live_0123456789', expires: NOW + 60 * MIN };

const agent = useTempAgent();
const { seed, onDisk } = agent;
const deps = (refresh: CredentialDeps['refresh']): Partial<CredentialDeps> => ({ now: () => NOW, warn: () => undefined, env: {}, refresh });
const settle = <T>(promise: Promise<T>) =>
  promise.then(
    (value) => ({ value, error: null }),
    (error: unknown) => ({ value: null, error: error as Error }),
  );

describe('an answer that rotated the grant but is odd', () => {
  it('an access token that names no account: written, the stored account id kept', async () => {
    await seed({ profiles: { [ID]: profile() } });
    const got = await getCredential(agent.paths, 'openai-codex', undefined, deps(async () => fresh));
    expect(got).toMatchObject({ secret: fresh.access, refreshed: true });
    expect((await onDisk()).profiles[ID]).toEqual({ ...profile(), ...fresh, accountId: 'acct_1' });
  });

  it('no usable access token: the new refresh token is written all the same, the access token kept', async () => {
    await seed({ profiles: { [ID]: profile() }, usageStats: { [ID]: { refreshRetryAt: NOW - 1, refreshFailures: 2 } } });
    const { error } = await settle(
      getCredential(agent.paths, 'openai-codex', undefined, deps(async () => Promise.reject(new RotatedGrantError(fresh.refresh)))),
    );
    expect(error).toBeInstanceOf(UserError);
    expect(error!.message).toMatch(/without a usable access token.*new refresh token was saved/);
    expect(error!.message).not.toContain(fresh.refresh);
    const disk = await onDisk();
    expect(disk.profiles[ID]).toEqual(profile({ refresh: fresh.refresh }));
    expect(disk.usageStats).toBeUndefined();

    // The next run sends the live one.
    const sent: string[] = [];
    const got = await getCredential(agent.paths, 'openai-codex', undefined, deps(async (token) => (sent.push(token), fresh)));
    expect(sent).toEqual([fresh.refresh]);
    expect(got.secret).toBe(fresh.access);
  });
});

/**
 * Plays the other process of a lock takeover: this one's lock looks stale to it, so it replaces it (a new
 * mtime), runs its own refresh of the same, spent, token (marking re-login, or writing `theirs`), and
 * releases. proper-lockfile notices at its next update (within 2 s) and reports the lock compromised.
 */
async function takeOver(theirs: Record<string, unknown>): Promise<void> {
  const lock = `${agent.paths.storeFile}.lock`;
  const later = new Date(Date.now() + 5_000);
  await utimes(lock, later, later);
  await seed(theirs);
}
const lostWithin = (signal: AbortSignal, ms: number) =>
  new Promise<void>((resolve, reject) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(() => reject(new Error('the lock was never reported lost')), ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

describe('a refresh whose lock is lost while it is in flight', () => {
  it('is told to stop, and an answer that arrives anyway is written after taking the lock again, clearing the re-login mark', async () => {
    await seed({ profiles: { [ID]: profile() } });
    let told = false;
    const refresh: CredentialDeps['refresh'] = async (token, { lockLost }) => {
      expect(token).toBe(SENT);
      await takeOver({ profiles: { [ID]: profile() }, usageStats: { [ID]: { reloginRequired: { since: NOW, reason: 'refresh_token_reused' } } } });
      await lostWithin(lockLost, 4_000);
      told = true;
      await rm(`${agent.paths.storeFile}.lock`, { recursive: true });
      return fresh;
    };
    const got = await getCredential(agent.paths, 'openai-codex', undefined, deps(refresh));
    expect(told).toBe(true);
    expect(got).toMatchObject({ secret: fresh.access, refreshed: true });
    const disk = await onDisk();
    expect(disk.profiles[ID]).toEqual({ ...profile(), ...fresh });
    expect(disk.usageStats).toBeUndefined();
  }, 10_000);

  it('is not written over a refresh token that changed meanwhile (a new sign-in); fresh tokens there are used', async () => {
    await seed({ profiles: { [ID]: profile() } });
    const theirs = profile({ access: 'eyJ.theirs.access', refresh: 'rt_theirs_0123456789', expires: NOW + 50 * MIN });
    const refresh: CredentialDeps['refresh'] = async (_token, { lockLost }) => {
      await takeOver({ profiles: { [ID]: theirs } });
      await lostWithin(lockLost, 4_000);
      await rm(`${agent.paths.storeFile}.lock`, { recursive: true });
      return fresh;
    };
    const got = await getCredential(agent.paths, 'openai-codex', undefined, deps(refresh));
    expect(got).toMatchObject({ secret: 'eyJ.theirs.access', refreshed: false });
    expect((await onDisk()).profiles[ID]).toEqual(theirs);
  }, 10_000);

  it('without an answer: nothing is written and the message says the lock was taken over', async () => {
    await seed({ profiles: { [ID]: profile() } });
    const refresh: CredentialDeps['refresh'] = async (_token, { lockLost }) => {
      await takeOver({ profiles: { [ID]: profile() } });
      await lostWithin(lockLost, 4_000);
      await rm(`${agent.paths.storeFile}.lock`, { recursive: true });
      throw new Error(`OpenAI Codex token refresh error: ${String(lockLost.reason)}`);
    };
    const before = await readFile(agent.paths.storeFile);
    const { error } = await settle(getCredential(agent.paths, 'openai-codex', undefined, deps(refresh)));
    expect(error).toBeInstanceOf(UserError);
    expect(error!.message).toMatch(/took over the lock.*Nothing was changed/);
    expect(await readFile(agent.paths.storeFile)).toEqual(before);
  }, 10_000);
});
