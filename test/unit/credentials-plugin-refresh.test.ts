import { stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { getCredential } from '../../src/auth/credentials/resolve.js';
import { UserError } from '../../src/base/errors.js';
import { failure, MIN, NOW, useTempAgent } from './credentials-fixtures.js';

// SPEC 4 and 8 for a provider plugin's refresh, which runs under the store lock: it has a deadline and
// gives up when the lock is lost (a plugin that never settles must not hold the lock forever), a rotated
// refresh token is written even when the rest of its answer is unusable, and a failing getApiKey is a
// one-line error.
const agent = useTempAgent();
const ID = 'slowco:default';
const OLD = { access: 'slow-access-old', refresh: 'slow-refresh-old' };

type Hooks = { refreshToken?: (credentials: Record<string, unknown>) => Promise<unknown>; getApiKey?: (credentials: Record<string, unknown>) => unknown };
const hooks = globalThis as { __slowco?: Hooks };
afterEach(() => void delete hooks.__slowco);

/** A plugin (in this test's state dir) whose refreshToken and getApiKey are the test's. */
async function plugin(behaviour: Hooks): Promise<void> {
  hooks.__slowco = behaviour;
  const file = join(agent.stateDir, 'slowco.mjs');
  await writeFile(
    file,
    `const h = () => globalThis.__slowco;
export const providers = [{ id: 'slowco', label: 'Slow Co', auth: [{ kind: 'oauth', id: 'oauth', label: 'Sign in', oauth: {
  login: async () => { throw new Error('not here'); },
  refreshToken: (c) => h().refreshToken(c),
  getApiKey: (c) => (h().getApiKey ? h().getApiKey(c) : 'key/' + c.access),
} }] }];\n`,
  );
  await writeFile(join(agent.stateDir, 'openclaw.json'), JSON.stringify({ plugins: { load: { paths: [file] } } }));
}
const profile = (over: Record<string, unknown> = {}) => ({ type: 'oauth', provider: 'slowco', ...OLD, expires: NOW - MIN, ...over });
const lockDir = () => `${agent.paths.storeFile}.lock`;
const never = () => new Promise<never>(() => undefined);

describe('a plugin refresh that never settles', () => {
  it('is given up after the deadline: a transient failure (held off), the lock released', async () => {
    await agent.seed({ profiles: { [ID]: profile() } });
    let calls = 0;
    await plugin({ refreshToken: () => (calls++, never()) });
    const started = performance.now();
    const error = await failure(getCredential(agent.paths, 'slowco', undefined, agent.deps({ refreshTimeoutMs: 300 })));
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(error.message).toMatch(/did not answer in time.*try again in 5 s/);
    expect((await agent.onDisk()).usageStats[ID]).toEqual({ refreshRetryAt: NOW + 5_000, refreshFailures: 1 });
    await expect(stat(lockDir())).rejects.toMatchObject({ code: 'ENOENT' });
    expect(calls).toBe(1);
  }, 6_000);

  it('is given up when the lock is lost; nothing is written', async () => {
    await agent.seed({ profiles: { [ID]: profile() } });
    const seeded = await agent.onDisk();
    await plugin({
      refreshToken: async () => {
        // Another process takes the lock over (a newer mtime than this one's updates).
        const later = new Date(Date.now() + 5_000);
        await utimes(lockDir(), later, later);
        return never();
      },
    });
    const error = await failure(getCredential(agent.paths, 'slowco', undefined, agent.deps()));
    expect(error.message).toMatch(/took over the lock/);
    expect(await agent.onDisk()).toEqual(seeded);
  }, 8_000);
});

describe('a plugin refresh that rotated the grant but answered something unusable', () => {
  for (const [name, answer] of [
    ['an access token that is no string', { access: 42, refresh: 'slow-refresh-new', expires: NOW + 60 * MIN }],
    ['a negative expiry', { access: 'slow-access-new', refresh: 'slow-refresh-new', expires: -1 }],
    ['no expiry', { access: 'slow-access-new', refresh: 'slow-refresh-new' }],
  ] as const) {
    it(`${name}: the new refresh token is written, the rest kept`, async () => {
      await agent.seed({ profiles: { [ID]: profile() } });
      await plugin({ refreshToken: async () => answer });
      const error = await failure(getCredential(agent.paths, 'slowco', undefined, agent.deps()));
      expect(error.message).toMatch(/new refresh token was saved/);
      expect((await agent.onDisk()).profiles[ID]).toEqual(profile({ refresh: 'slow-refresh-new' }));
    });
  }
});

describe("a plugin's getApiKey that throws", () => {
  it('is a one-line user error, redacted', async () => {
    await agent.seed({ profiles: { [ID]: profile({ expires: NOW + 60 * MIN }) } });
    await plugin({
      refreshToken: never,
      getApiKey: () => {
        throw new Error('no key for\nsk-abcdefghijklmnopqrstuvwx\u001b[31m today');
      },
    });
    const error = await getCredential(agent.paths, 'slowco', undefined, agent.deps()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    const message = (error as UserError).message;
    expect(message).toMatch(/^slowco gave no secret for its credentials: no key for \[redacted\]/);
    expect(message).not.toMatch(/[\n\u001b]|sk-abc/);
  });
});

describe('the method that signed in refreshes the profile (SPEC 8)', () => {
  /** Two OAuth methods (another client each): each refreshes into tokens that name it. */
  async function twoMethods(): Promise<void> {
    const file = join(agent.stateDir, 'twoco.mjs');
    const method = (id: string) => `{ kind: 'oauth', id: '${id}', label: '${id}', oauth: {
  login: async () => { throw new Error('not here'); },
  refreshToken: async (c) => ({ ...c, access: '${id}-access', refresh: '${id}-refresh-' + c.refresh, expires: Date.now() + 3600000 }),
  getApiKey: (c) => '${id}/' + c.access,
} }`;
    await writeFile(file, `export const providers = [{ id: 'twoco', label: 'Two Co', auth: [${method('browser')}, ${method('device')}] }];\n`);
    await writeFile(join(agent.stateDir, 'openclaw.json'), JSON.stringify({ plugins: { load: { paths: [file] } } }));
  }
  const two = (over: Record<string, unknown> = {}) => ({ type: 'oauth', provider: 'twoco', access: 'a-old', refresh: 'r-old', expires: NOW - MIN, ...over });

  it('a profile of the second method is refreshed, and its secret given, through that method; the record stays', async () => {
    await twoMethods();
    await agent.seed({ profiles: { 'twoco:default': two({ signInMethod: 'device' }) } });
    const got = await getCredential(agent.paths, 'twoco', undefined, agent.deps());
    expect(got).toMatchObject({ secret: 'device/device-access', refreshed: true });
    expect((await agent.onDisk()).profiles['twoco:default']).toMatchObject({ access: 'device-access', refresh: 'device-refresh-r-old', signInMethod: 'device' });
  });

  it('a profile stored before the method was recorded keeps the first method; a recorded method that is gone refreshes nothing', async () => {
    await twoMethods();
    await agent.seed({ profiles: { 'twoco:default': two(), 'twoco:gone': two({ signInMethod: 'retired' }) } });
    expect(await getCredential(agent.paths, 'twoco', 'twoco:default', agent.deps())).toMatchObject({ secret: 'browser/browser-access', refreshed: true });
    const error = await failure(getCredential(agent.paths, 'twoco', 'twoco:gone', agent.deps()));
    expect(error.message).toContain('openclaw models auth login --provider twoco');
    expect((await agent.onDisk()).profiles['twoco:gone']).toEqual(two({ signInMethod: 'retired' }));
  });
});
