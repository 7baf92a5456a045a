import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { rm, utimes } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { getCredential, type CredentialDeps } from '../../src/auth/credentials/resolve.js';
import { UserError } from '../../src/base/errors.js';
import { StoreBusyError } from '../../src/store/errors.js';
import { STALE_LOCK_MS } from '../../src/store/store.js';
import { failure, MIN, newTokens, NOW, oauth, REFRESH, useTempAgent } from './credentials-fixtures.js';

// SPEC 4 around the lock: an answer the store would refuse still saves the rotated refresh token; a lock
// that two processes both took over sends one refresh, not two; an answer held after a lost lock is never
// dropped for a busy store without saying so.
const agent = useTempAgent();
const ID = 'openai-codex:default';
const lockDir = () => `${agent.paths.storeFile}.lock`;

describe('a refresh waiting on a lock left by a process that died', () => {
  it('says once that it waits, then takes the lock over and refreshes', async () => {
    await agent.seed({ profiles: { [ID]: oauth({ expires: NOW - MIN }) } });
    mkdirSync(lockDir());
    const then = new Date(Date.now() - (STALE_LOCK_MS - 1_800));
    await utimes(lockDir(), then, then);
    const got = await getCredential(agent.paths, 'openai-codex', undefined, agent.deps({ refresh: async () => newTokens() }));
    expect(got).toMatchObject({ secret: newTokens().access, refreshed: true });
    expect(agent.warnings.filter((line) => line.startsWith('Waiting for'))).toEqual([`Waiting for another openclaw process to finish with ${agent.paths.storeFile}…`]);
  });
});

describe('an answer the store would refuse', () => {
  for (const [name, expires] of [
    ['a negative expiry', -1],
    ['an expiry past any date (a huge expires_in)', Number.POSITIVE_INFINITY],
    ['no expiry at all', Number.NaN],
  ] as const) {
    it(`${name}: the rotated refresh token is written, the access token kept`, async () => {
      const profile = oauth({ expires: NOW - MIN });
      await agent.seed({ profiles: { [ID]: profile } });
      const answer = { ...newTokens(), expires };
      const error = await failure(getCredential(agent.paths, 'openai-codex', undefined, agent.deps({ refresh: async () => answer })));
      expect(error.message).toMatch(/new refresh token was saved/);
      expect((await agent.onDisk()).profiles[ID]).toEqual({ ...profile, refresh: answer.refresh });
    });
  }

  it('without a refresh token either: nothing rotated, the credentials kept, held off', async () => {
    const profile = oauth({ expires: NOW - MIN });
    await agent.seed({ profiles: { [ID]: profile } });
    const answer = { ...newTokens(), expires: -1, refresh: REFRESH };
    const error = await failure(getCredential(agent.paths, 'openai-codex', undefined, agent.deps({ refresh: async () => answer })));
    expect(error.message).toMatch(/without usable tokens.*try again in 5 s/);
    const disk = await agent.onDisk();
    expect(disk.profiles[ID]).toEqual(profile);
    expect(disk.usageStats[ID]).toEqual({ refreshRetryAt: NOW + 5_000, refreshFailures: 1 });
  });
});

describe('two processes that both took over a stale lock', () => {
  it('the one whose lock directory was replaced sends nothing and uses the other one\'s result', async () => {
    await agent.seed({ profiles: { [ID]: oauth({ expires: NOW - MIN }) } });
    const theirs = oauth({ ...newTokens(7) });
    let replaced = false;
    // The other process removes this one's lock directory and makes its own (the second half of a
    // takeover that began before this one's), refreshes, writes, and releases.
    const now = () => {
      if (!replaced && existsSync(lockDir())) {
        replaced = true;
        rmSync(lockDir(), { recursive: true });
        mkdirSync(lockDir());
        setTimeout(() => {
          const temp = `${agent.paths.storeFile}.theirs`;
          writeFileSync(temp, JSON.stringify({ version: 1, profiles: { [ID]: theirs } }), { mode: 0o600 });
          renameSync(temp, agent.paths.storeFile);
          rmSync(lockDir(), { recursive: true });
        }, 300);
      }
      return NOW;
    };
    const calls: string[] = [];
    const got = await getCredential(agent.paths, 'openai-codex', undefined, agent.deps({ now, refresh: async (token) => (calls.push(token), newTokens(1)) }));
    expect(replaced).toBe(true);
    expect(calls).toEqual([]);
    expect(got).toMatchObject({ secret: theirs.access, refreshed: false });
  }, 8_000);
});

describe('an answer held after the lock was lost, with the store busy since', () => {
  it('is not swallowed as a busy store: a distinct error says the new tokens could not be saved, and nothing is sent again', async () => {
    await agent.seed({ profiles: { [ID]: oauth({ expires: NOW - MIN }) } });
    const calls: string[] = [];
    const refresh: CredentialDeps['refresh'] = async (token, { lockLost }) => {
      calls.push(token);
      // Another process takes the lock over and keeps it.
      const later = new Date(Date.now() + 5_000);
      await utimes(lockDir(), later, later);
      await new Promise((resolve) => lockLost.addEventListener('abort', resolve, { once: true }));
      return newTokens(1);
    };
    const error = await getCredential(agent.paths, 'openai-codex', undefined, agent.deps({ refresh, lockWaitMs: 1_500, answerLockWaitMs: 200 })).catch(
      (e: unknown) => e,
    );
    await rm(lockDir(), { recursive: true, force: true });
    expect(error).toBeInstanceOf(UserError);
    expect(error).not.toBeInstanceOf(StoreBusyError);
    expect((error as Error).message).toMatch(/was refreshed, but its new tokens could not be saved/);
    expect((error as Error).message).not.toContain(newTokens(1).refresh);
    expect(calls).toEqual([REFRESH]);
  }, 10_000);
});
