import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, storeFileOf } from '../support/cli.js';
import { type IssuedGrant } from '../support/issuer.mjs';
import { stateAndIssuerPerTest } from '../support/state-and-issuer.js';
import { spawnCli } from '../support/pty.js';
import { plantStore } from '../support/cli.js';

// SPEC 11: a rotating refresh token has exactly one holder on the machine.
const fx = stateAndIssuerPerTest();

const cli = (args: string[], env: Record<string, string> = {}) => runCli(args, { env: { ...fx.state.env, ...env }, issuer: fx.issuer.url, timeoutMs: 90_000 });
const token = (agent: string) => cli(['models', 'auth', 'token', '--provider', 'openai-codex', '--agent', agent]);
const storeOf = async (agent: string) => (existsSync(storeFileOf(fx.state.dir, agent)) ? JSON.parse(await readFile(storeFileOf(fx.state.dir, agent), 'utf8')) : null);
/** Every refresh token a store holds, wherever it is in the file. */
const refreshTokensIn = async (agent: string): Promise<string[]> =>
  existsSync(storeFileOf(fx.state.dir, agent)) ? [...(await readFile(storeFileOf(fx.state.dir, agent), 'utf8')).matchAll(/"refresh": "([^"]+)"/g)].map((m) => m[1]!) : [];

describe('legacy import into the default agent only (SPEC 2.3)', () => {
  it('legacy file, agents main and work: 12 + 12 concurrent token requests → 1 refresh, 0 refused, only main holds the grant', async () => {
    fx.issuer.setLatency(150);
    const grant = fx.issuer.issueGrant({ expiresIn: -60 });
    await mkdir(join(fx.state.dir, 'credentials'), { recursive: true, mode: 0o700 });
    await writeFile(join(fx.state.dir, 'credentials', 'oauth.json'), JSON.stringify({ 'openai-codex': { access: grant.access, refresh: grant.refresh, expires: grant.expires, accountId: grant.accountId } }), { mode: 0o600 });
    expect((await cli(['agents', 'add', 'work'])).code).toBe(0);
    const status = await cli(['models', 'status', '--agent', 'work', '--json']);
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout).profiles).toEqual([]);

    const results = await Promise.all([...Array.from({ length: 12 }, () => token('main')), ...Array.from({ length: 12 }, () => token('work'))]);
    const main = results.slice(0, 12);
    const work = results.slice(12);
    for (const r of main) expect(r.code, r.stderr).toBe(0);
    // work has no grant of its own (it never imported one): told so, not refused by the fx.issuer.
    for (const r of work) expect(r.stderr).not.toMatch(/refresh_token_reused|sign in again/i);
    expect(fx.issuer.stats.refreshRequests).toBe(1);
    expect(fx.issuer.stats.refreshCount).toBe(1);
    const mainStore = await storeOf('main');
    expect(fx.issuer.isCurrentRefresh(mainStore.profiles['openai-codex:default'].refresh)).toBe(true);
    expect(mainStore.usageStats?.['openai-codex:default']?.reloginRequired).toBeUndefined();
    expect(await refreshTokensIn('work')).toEqual([]);
  }, 180_000);
});

const TOKEN_PROFILE = { type: 'token', provider: 'anthropic', token: `sk-ant-oat01-${'T'.repeat(80)}`, expires: Date.now() + 30 * 86_400_000 };
const plantMain = (grant: IssuedGrant) =>
  plantStore(storeFileOf(fx.state.dir, 'main'), { profiles: { 'openai-codex:default': { type: 'oauth', provider: 'openai-codex', ...grant }, 'anthropic:default': TOKEN_PROFILE } });

describe('agents add --copy-auth-from: OAuth shared by reference (SPEC 11)', () => {
  it('work holds no refresh token, the token profile is copied; 12 + 12 requests → 24 succeed, 1 refresh; status says inherited / main', async () => {
    fx.issuer.setLatency(150);
    const grant = fx.issuer.issueGrant({ expiresIn: -60 });
    await plantMain(grant);
    const added = await cli(['agents', 'add', 'work', '--copy-auth-from', 'main']);
    expect(added.code, added.stderr).toBe(0);
    const work = await storeOf('work');
    expect(work.profiles['anthropic:default']).toEqual(TOKEN_PROFILE);
    expect(await refreshTokensIn('work')).toEqual([]);
    expect(JSON.stringify(work)).not.toContain(grant.refresh);

    const results = await Promise.all([...Array.from({ length: 12 }, () => token('main')), ...Array.from({ length: 12 }, () => token('work'))]);
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    expect(new Set(results.map((r) => r.stdout)).size).toBe(1);
    expect(fx.issuer.stats.refreshRequests).toBe(1);
    const main = await storeOf('main');
    expect(fx.issuer.isCurrentRefresh(main.profiles['openai-codex:default'].refresh)).toBe(true);
    expect(await refreshTokensIn('work')).toEqual([]);

    const status = await cli(['models', 'status', '--agent', 'work', '--json']);
    expect(status.code, status.stderr).toBe(0);
    const profiles = JSON.parse(status.stdout).profiles;
    expect(profiles.find((p: { id: string }) => p.id === 'openai-codex:default')).toMatchObject({ source: 'inherited', owner: 'main', state: 'ok' });
    expect(profiles.find((p: { id: string }) => p.id === 'anthropic:default')).toMatchObject({ source: 'local', owner: null });
    const text = await cli(['models', 'status', '--agent', 'work']);
    expect(text.stdout).toContain('inherited from agent main');
    const channels = JSON.parse((await cli(['channels', 'list', '--json', '--agent', 'work'])).stdout);
    expect(channels.auth).toContainEqual({ id: 'openai-codex:default', provider: 'openai-codex', type: 'oauth', isExternal: false, source: 'inherited', owner: 'main' });
  }, 180_000);

  it('a sign-in on work gives it its own grant and leaves main\'s as it was; logout there removes only the link', async () => {
    const grant = fx.issuer.issueGrant({ expiresIn: 3600 });
    await plantMain(grant);
    expect((await cli(['agents', 'add', 'work', '--copy-auth-from', 'main'])).code).toBe(0);
    expect((await cli(['agents', 'add', 'lab', '--copy-auth-from', 'main'])).code).toBe(0);
    const mainBefore = await readFile(storeFileOf(fx.state.dir, 'main'), 'utf8');

    // logout on lab: the link goes, main keeps its grant.
    const out = await cli(['models', 'auth', 'logout', '--provider', 'openai-codex', '--agent', 'lab']);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toContain('Removed the link openai-codex:default from agent lab; the sign-in stays with agent main.');
    expect((await storeOf('lab')).links).toBeUndefined();
    expect(await readFile(storeFileOf(fx.state.dir, 'main'), 'utf8')).toBe(mainBefore);

    // A device-code sign-in on work: its own grant, in its own store.
    const session = spawnCli(['models', 'auth', 'login', '--provider', 'openai-codex', '--device-code', '--agent', 'work'], {
      env: { ...fx.state.env, SSH_CONNECTION: '10.0.0.2 50000 10.0.0.1 22' },
      issuer: fx.issuer.url,
      cols: 80,
    });
    try {
      fx.issuer.setMode({ deviceInterval: 1 });
      const [code] = await session.waitFor(/\b[A-F0-9]{4}-[A-F0-9]{4}\b/);
      await session.waitFor(/Waiting for the code to be approved/);
      expect(fx.issuer.approveDevice(code!)).toBe(true);
      expect((await session.exited).exitCode).toBe(0);
    } finally {
      session.kill();
    }
    const work = await storeOf('work');
    expect(work.links).toBeUndefined();
    const own = work.profiles['openai-codex:default'];
    expect(own.type).toBe('oauth');
    expect(own.refresh).not.toBe(grant.refresh);
    expect(fx.issuer.isCurrentRefresh(own.refresh)).toBe(true);
    expect(fx.issuer.isCurrentRefresh(grant.refresh)).toBe(true);
    expect(await readFile(storeFileOf(fx.state.dir, 'main'), 'utf8')).toBe(mainBefore);
    const status = JSON.parse((await cli(['models', 'status', '--agent', 'work', '--json'])).stdout);
    expect(status.profiles.find((p: { id: string }) => p.id === 'openai-codex:default')).toMatchObject({ source: 'local', owner: null });
  }, 120_000);
});

describe('one grant held by two agents, as older versions left it (SPEC 11)', () => {
  it('doctor exits 1 naming both; after doctor --fix one store holds it and 12 + 12 requests succeed with 1 refresh', async () => {
    fx.issuer.setLatency(150);
    const grant = fx.issuer.issueGrant({ expiresIn: -60 });
    const profile = { type: 'oauth', provider: 'openai-codex', ...grant };
    await plantStore(storeFileOf(fx.state.dir, 'main'), { profiles: { 'openai-codex:default': profile } });
    await plantStore(storeFileOf(fx.state.dir, 'work'), { profiles: { 'openai-codex:default': profile } });
    const status = await cli(['models', 'status']);
    expect(status.stderr).toContain('agent main and agent work hold the same openai-codex:default grant');
    const found = await cli(['doctor']);
    expect(found.code).toBe(1);
    expect(found.stdout).toContain('agents main, work hold one openai-codex:default grant');
    const fixed = await cli(['doctor', '--fix']);
    expect(fixed.code, fixed.stdout).toBe(0);
    expect(await refreshTokensIn('work')).toEqual([]);
    expect(await refreshTokensIn('main')).toEqual([grant.refresh]);

    const results = await Promise.all([...Array.from({ length: 12 }, () => token('main')), ...Array.from({ length: 12 }, () => token('work'))]);
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    expect(fx.issuer.stats.refreshRequests).toBe(1);
    expect(await refreshTokensIn('work')).toEqual([]);
    expect((await cli(['doctor'])).code).toBe(0);
  }, 180_000);
});
