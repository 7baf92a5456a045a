import { describe, expect, it } from 'vitest';
import { getCredential } from '../../src/auth/credentials/resolve.js';
import { usableAsFound } from '../../src/auth/credentials/refresh-rules.js';
import { profileState } from '../../src/model/profile-state.js';
import { accessDue, lifetimeOf, withObtained } from '../../src/model/token-life.js';
import { makeJwt } from '../support/issuer.mjs';
import { fakeRefresh, MIN, NOW, oauth, REFRESH, useTempAgent } from './credentials-fixtures.js';

// SPEC 4: one rule of due-ness and of "already refreshed", for every provider.
const SEC = 1000;
const jwtLiving = (seconds: number, issuedAt = NOW) => makeJwt({ iat: Math.floor(issuedAt / 1000), exp: Math.floor(issuedAt / 1000) + seconds });

describe('due-ness', () => {
  it('a long-lived token is due with 5 minutes or less left; one living under 10 minutes with half its lifetime or less', () => {
    const hour = { access: 'opaque', expires: NOW + 60 * MIN };
    expect(accessDue(hour, NOW)).toBe(false);
    expect(accessDue(hour, NOW + 55 * MIN - 1)).toBe(false);
    expect(accessDue(hour, NOW + 55 * MIN)).toBe(true);

    // Keycloak's default: 300 s. Under the old rule (more than 5 minutes left) it was due at once, always.
    const keycloak = { access: jwtLiving(300), expires: NOW + 300 * SEC };
    expect(lifetimeOf(keycloak)).toBe(300 * SEC);
    expect(accessDue(keycloak, NOW)).toBe(false);
    expect(accessDue(keycloak, NOW + 149 * SEC)).toBe(false);
    expect(accessDue(keycloak, NOW + 150 * SEC)).toBe(true);

    const five = { access: jwtLiving(5), expires: NOW + 5 * SEC };
    expect(accessDue(five, NOW + 2 * SEC)).toBe(false);
    expect(accessDue(five, NOW + 2.5 * SEC)).toBe(true);
  });

  it('the lifetime of an opaque token comes from when it was obtained, recorded only when it lives under 10 minutes', () => {
    const short = withObtained({ access: 'opaque', expires: NOW + 300 * SEC }, NOW);
    expect(short).toEqual({ access: 'opaque', expires: NOW + 300 * SEC, obtained: NOW });
    expect(lifetimeOf(short)).toBe(300 * SEC);
    expect(accessDue(short, NOW + 100 * SEC)).toBe(false);
    // Long-lived: nothing recorded, a stale record dropped; a JWT tells its own lifetime.
    expect(withObtained({ access: 'opaque', expires: NOW + 60 * MIN, obtained: 1 }, NOW)).toEqual({ access: 'opaque', expires: NOW + 60 * MIN });
    const jwt = jwtLiving(300);
    expect(withObtained({ access: jwt, expires: NOW + 300 * SEC }, NOW)).toEqual({ access: jwt, expires: NOW + 300 * SEC });
    // Unknown lifetime: the 5-minute rule.
    expect(lifetimeOf({ access: 'opaque', expires: NOW + 300 * SEC })).toBeNull();
    expect(accessDue({ access: 'opaque', expires: NOW + 300 * SEC }, NOW)).toBe(true);
  });

  it('status reads the same rule: a fresh 300-second token is ok, not refreshable', () => {
    const profile = { type: 'oauth' as const, provider: 'openai-codex', access: jwtLiving(300), refresh: REFRESH, expires: NOW + 300 * SEC };
    expect(profileState(profile, undefined, NOW + 10 * SEC)).toBe('ok');
    expect(profileState(profile, undefined, NOW + 200 * SEC)).toBe('refreshable');
  });

  it('already refreshed: another refresh token on disk whose access token has not expired is used, whatever its lifetime', () => {
    const found = { type: 'oauth' as const, provider: 'x', access: jwtLiving(5), refresh: 'rt_other', expires: NOW + 5 * SEC };
    // Due by the rule (1 s of 5 left), but another process refreshed since this one read: used as it is.
    expect(usableAsFound(REFRESH, found, NOW + 4 * SEC)).toBe(true);
    expect(usableAsFound(REFRESH, found, NOW + 5 * SEC)).toBe(false);
    // The refresh token this process read: due means due.
    expect(usableAsFound('rt_other', found, NOW + 4 * SEC)).toBe(false);
  });
});

describe('getCredential with short-lived tokens', () => {
  const agent = useTempAgent();

  it('300-second tokens: one refresh, then 10 calls in a row make no request', async () => {
    await agent.seed({ profiles: { 'openai-codex:default': oauth({ access: jwtLiving(300, NOW - 400 * SEC), expires: NOW - 100 * SEC }) } });
    let n = 0;
    const refresh = fakeRefresh(() => ({ access: jwtLiving(300), refresh: `rt_new_${++n}_abcdef`, expires: NOW + 300 * SEC, accountId: 'acct_1' }));
    let clock = NOW;
    const deps = agent.deps({ refresh: refresh.refresh, now: () => clock });
    expect((await getCredential(agent.paths, 'openai-codex', undefined, deps)).refreshed).toBe(true);
    for (let i = 0; i < 10; i++) {
      clock += 10 * SEC;
      expect((await getCredential(agent.paths, 'openai-codex', undefined, deps)).refreshed).toBe(false);
    }
    expect(refresh.calls).toHaveLength(1);
    // Past half its lifetime, it is due again.
    clock = NOW + 151 * SEC;
    expect((await getCredential(agent.paths, 'openai-codex', undefined, deps)).refreshed).toBe(true);
    expect(refresh.calls).toHaveLength(2);
  });

  it('an opaque 5-second token: when it was obtained is recorded, and it is not refreshed again within half its life', async () => {
    await agent.seed({ profiles: { 'openai-codex:default': oauth({ access: 'opaque-old', expires: NOW - SEC }) } });
    const refresh = fakeRefresh(() => ({ access: 'opaque-new', refresh: 'rt_new_abcdef', expires: NOW + 5 * SEC, accountId: 'acct_1' }));
    let clock = NOW;
    const deps = agent.deps({ refresh: refresh.refresh, now: () => clock });
    await getCredential(agent.paths, 'openai-codex', undefined, deps);
    expect((await agent.onDisk()).profiles['openai-codex:default']).toMatchObject({ access: 'opaque-new', obtained: NOW });
    clock = NOW + 2 * SEC;
    expect((await getCredential(agent.paths, 'openai-codex', undefined, deps)).refreshed).toBe(false);
    expect(refresh.calls).toHaveLength(1);
  });
});
