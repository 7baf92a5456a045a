import { createServer, type Server } from 'node:net';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { stateKey } from '../../src/auth/secrets/keep.js';
import { keychainId } from '../../src/model/secret-ref.js';
import { plantStore, storeFileOf, tempState } from '../support/cli.js';
import { runInProcess } from '../support/context.js';
import { missingKeyringTools, startKeyring, type Keyring } from '../support/keyring.js';

/**
 * SPEC 12's keychain on Linux: GNOME Keyring on a private D-Bus session, reached through secret-tool
 * (`.ci/run` installs gnome-keyring, libsecret-tools and dbus).
 */
const TOKEN = 'sk-proj-keptinthekeychain0123456789abcdefGHI';
const missing = missingKeyringTools();

async function allFiles(dir: string): Promise<string> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return (await Promise.all(entries.filter((e) => e.isFile()).map((e) => readFile(join(e.parentPath, e.name), 'utf8')))).join('\n');
}

describe.skipIf(missing.length > 0)(`the keychain: GNOME Keyring over D-Bus${missing.length ? ` (skipped: ${missing.join(', ')} not installed)` : ''}`, () => {
  let keyring: Keyring;
  let state: Awaited<ReturnType<typeof tempState>>;
  beforeAll(async () => (keyring = await startKeyring()));
  afterAll(() => keyring?.stop());
  beforeEach(async () => {
    state = await tempState();
    return () => state.cleanup();
  });
  const env = () => ({ ...state.env, ...keyring.env });
  /** The item a profile of `dir`'s agent gets: its id holds the state dir's key. */
  const itemOf = async (profile = 'openai:default', dir = state.dir, agent = 'main') => keychainId(await stateKey(dir), agent, profile);
  const lookup = (id: string) => keyring.secretTool(['lookup', 'service', 'openclaw', 'account', id]);

  it('paste-token --store keychain leaves only a reference in the store; token prints the secret; logout removes the item', async () => {
    const saved = await runInProcess(['models', 'auth', 'paste-token', '--provider', 'openai', '--store', 'keychain'], { env: env(), input: TOKEN });
    expect(saved.code, saved.stderr).toBe(0);
    expect(saved.stdout).toContain('Saved openai:default: the secret is in the Secret Service');
    const profile = JSON.parse(await readFile(storeFileOf(state.dir), 'utf8')).profiles['openai:default'];
    // An OpenAI paste is an API key (SPEC 2.1), as login and the wizard store it.
    expect(profile).toEqual({ type: 'api_key', provider: 'openai', keyRef: { source: 'exec', provider: 'openclaw-keychain', id: await itemOf() } });
    expect(await allFiles(state.dir)).not.toContain(TOKEN);
    expect(lookup(await itemOf())).toEqual({ status: 0, stdout: TOKEN });
    // OpenClaw resolves it through the resolver this package ships, named by absolute path.
    const config = JSON.parse(await readFile(join(state.dir, 'openclaw.json'), 'utf8'));
    expect(config.secrets.providers['openclaw-keychain']).toMatchObject({ source: 'exec', jsonOnly: true });
    expect(config.secrets.providers['openclaw-keychain'].command).toMatch(/^\/.*\/dist\/openclaw-keychain\.cjs$/);

    const token = await runInProcess(['models', 'auth', 'token', '--provider', 'openai'], { env: env() });
    expect(token.code, token.stderr).toBe(0);
    expect(token.stdout).toBe(`${TOKEN}\n`);

    const out = await runInProcess(['models', 'auth', 'logout', '--provider', 'openai'], { env: env() });
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toContain(`Removed the keychain item of ${await itemOf()}.`);
    expect(lookup(await itemOf())).toEqual({ status: 1, stdout: '' });
  });

  it('status says keychain and makes no D-Bus call: a bus that records every connection sees none', async () => {
    expect((await runInProcess(['models', 'auth', 'paste-token', '--provider', 'openai', '--store', 'keychain'], { env: env(), input: TOKEN })).code).toBe(0);
    const socket = join(state.dir, 'recording-bus');
    let connections = 0;
    const server: Server = createServer((c) => {
      connections++;
      c.destroy();
    });
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    try {
      for (const address of [`unix:path=${socket}`, 'unix:path=/nonexistent/bus']) {
        const started = performance.now();
        const status = await runInProcess(['models', 'status'], { env: { ...env(), DBUS_SESSION_BUS_ADDRESS: address } });
        expect(status.code, status.stderr).toBe(0);
        expect(status.stdout).toContain('secret in keychain');
        expect(status.stdout).not.toContain(TOKEN);
        // No wait on a bus: well under any D-Bus timeout (25 s), however loaded the machine is.
        expect(performance.now() - started).toBeLessThan(5_000);
        const json = JSON.parse((await runInProcess(['models', 'status', '--json'], { env: { ...env(), DBUS_SESSION_BUS_ADDRESS: address } })).stdout);
        expect(json.profiles[0].secretRef).toMatchObject({ source: 'keychain', label: 'keychain', resolves: null });
      }
      expect(connections).toBe(0);
    } finally {
      server.close();
    }
    // The check can fail: a token, which does use the keychain, connects to that bus.
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    try {
      const token = await runInProcess(['models', 'auth', 'token', '--provider', 'openai'], { env: { ...env(), DBUS_SESSION_BUS_ADDRESS: `unix:path=${socket}` } });
      expect(token.code).toBe(1);
      expect(token.stdout + token.stderr).not.toContain(TOKEN);
      expect(connections).toBeGreaterThan(0);
    } finally {
      server.close();
    }
  });

  it('the wizard keeps an API key in the keychain through the same code (createDeps), as keyRef', async () => {
    const { createDeps } = await import('../../flows/onboard/real-deps.js');
    const deps = createDeps({ ...env(), PATH: process.env.PATH }, () => undefined, null);
    await deps.keepSecretElsewhere({ agent: 'main', provider: 'openai', profileId: 'openai:wizard', type: 'api_key', home: 'keychain', value: TOKEN });
    expect(JSON.parse(await readFile(storeFileOf(state.dir), 'utf8')).profiles['openai:wizard']).toEqual({
      type: 'api_key',
      provider: 'openai',
      keyRef: { source: 'exec', provider: 'openclaw-keychain', id: await itemOf('openai:wizard') },
    });
    expect(lookup(await itemOf('openai:wizard'))).toEqual({ status: 0, stdout: TOKEN });
    const token = await runInProcess(['models', 'auth', 'token', '--provider', 'openai', '--profile-id', 'wizard'], { env: env() });
    expect(token.stdout).toBe(`${TOKEN}\n`);
    await runInProcess(['models', 'auth', 'logout', '--provider', 'openai', '--profile-id', 'wizard'], { env: env() });
    expect(lookup(await itemOf('openai:wizard')).status).toBe(1);
  });

  it('two state dirs keep apart items: a paste in B leaves A its secret, a logout in B leaves A its item', async () => {
    const other = await tempState();
    try {
      const envB = { ...other.env, ...keyring.env };
      expect((await runInProcess(['models', 'auth', 'paste-token', '--provider', 'openai', '--store', 'keychain', '--no-verify'], { env: env(), input: TOKEN })).code).toBe(0);
      const b = await runInProcess(['models', 'auth', 'paste-token', '--provider', 'openai', '--store', 'keychain', '--no-verify'], { env: envB, input: `${TOKEN}B` });
      expect(b.code, b.stderr).toBe(0);
      expect(await itemOf()).not.toBe(await itemOf('openai:default', other.dir));
      expect((await runInProcess(['models', 'auth', 'token', '--provider', 'openai'], { env: env() })).stdout).toBe(`${TOKEN}\n`);
      expect((await runInProcess(['models', 'auth', 'token', '--provider', 'openai'], { env: envB })).stdout).toBe(`${TOKEN}B\n`);
      expect((await runInProcess(['models', 'auth', 'logout', '--provider', 'openai'], { env: envB })).code).toBe(0);
      expect(lookup(await itemOf('openai:default', other.dir)).status).toBe(1);
      expect(lookup(await itemOf())).toEqual({ status: 0, stdout: TOKEN });
      expect((await runInProcess(['models', 'auth', 'token', '--provider', 'openai'], { env: env() })).stdout).toBe(`${TOKEN}\n`);
    } finally {
      await other.cleanup();
    }
  });

  it('a reference written before the state key (`main/openai:old`) still resolves, and its logout removes that item', async () => {
    expect(keyring.secretTool(['store', '--label=old', 'service', 'openclaw', 'account', 'main/openai:old'], TOKEN).status).toBe(0);
    await plantStore(storeFileOf(state.dir), { profiles: { 'openai:old': { type: 'api_key', provider: 'openai', keyRef: { source: 'exec', provider: 'openclaw-keychain', id: 'main/openai:old' } } } });
    const token = await runInProcess(['models', 'auth', 'token', '--provider', 'openai', '--profile-id', 'old'], { env: env() });
    expect(token.stdout, token.stderr).toBe(`${TOKEN}\n`);
    const out = await runInProcess(['models', 'auth', 'logout', '--provider', 'openai', '--profile-id', 'old'], { env: env() });
    expect(out.stdout, out.stderr).toContain('Removed the keychain item of main/openai:old.');
    expect(lookup('main/openai:old').status).toBe(1);
  });

  it('a bus address that is set but leads nowhere is said so, not "not set"', async () => {
    const r = await runInProcess(['models', 'auth', 'paste-token', '--provider', 'openai', '--store', 'keychain', '--no-verify'], { env: { ...env(), DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(state.dir, 'no-bus')}` }, input: TOKEN });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('the D-Bus session named by DBUS_SESSION_BUS_ADDRESS cannot be reached');
    expect(r.stderr).not.toContain('is not set');
  });

  it('a second paste to the file replaces the keychain item: the item goes', async () => {
    await runInProcess(['models', 'auth', 'paste-token', '--provider', 'openai', '--store', 'keychain', '--profile-id', 'work'], { env: env(), input: TOKEN });
    expect(lookup(await itemOf('openai:work')).status).toBe(0);
    const r = await runInProcess(['models', 'auth', 'paste-token', '--provider', 'openai', '--profile-id', 'work'], { env: env(), input: `${TOKEN}2` });
    expect(r.code, r.stderr).toBe(0);
    expect(lookup(await itemOf('openai:work'))).toEqual({ status: 1, stdout: '' });
  });
});

describe('the keychain without a D-Bus session', () => {
  let state: Awaited<ReturnType<typeof tempState>>;
  beforeEach(async () => {
    state = await tempState();
    return () => state.cleanup();
  });

  it('--store keychain: exit 1 saying so and offering the file; nothing read, nothing written', async () => {
    const r = await runInProcess(['models', 'auth', 'paste-token', '--provider', 'openai', '--store', 'keychain'], { env: { ...state.env, DBUS_SESSION_BUS_ADDRESS: undefined, XDG_RUNTIME_DIR: undefined }, input: TOKEN });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('there is no D-Bus session (DBUS_SESSION_BUS_ADDRESS is not set)');
    expect(r.stderr).toContain('Nothing was written. To keep the secret in the credential file instead: openclaw models auth paste-token --provider openai');
    expect(r.stderr).not.toContain(TOKEN);
    expect(await readdir(state.dir)).toEqual([]);
  });

  it('zh-Hant says the same in its words', async () => {
    const r = await runInProcess(['models', 'auth', 'paste-token', '--provider', 'openai', '--store', 'keychain'], { env: { ...state.env, OPENCLAW_LANG: 'zh-Hant' }, input: TOKEN });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('沒有 D-Bus 工作階段');
  });
});
