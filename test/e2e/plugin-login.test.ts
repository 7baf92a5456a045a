import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROOT, runCli, storeFileOf, tempState } from '../support/cli.js';
import { spawnCli, type PtySession } from '../support/pty.js';

/** SPEC 8's plugins through the built CLI: a plugin's OAuth method in a pseudo-terminal; status never imports plugins. */
const PLUGINS = join(ROOT, 'test', 'fixtures', 'plugins');
let state: Awaited<ReturnType<typeof tempState>>;
let session: PtySession | undefined;

beforeEach(async () => {
  state = await tempState();
  const paths = [join(PLUGINS, 'acme.mjs'), join(PLUGINS, 'broken.mjs')];
  await writeFile(join(state.dir, 'openclaw.json'), JSON.stringify({ plugins: { load: { paths } } }));
});
afterEach(async () => {
  session?.kill();
  session = undefined;
  await state.cleanup();
});

const login = (args: string[]) => spawnCli(['models', 'auth', 'login', '--provider', 'acme', ...args], { env: { ...state.env, BROWSER: 'none', DISPLAY: ':0' }, cols: 80 });
const AUTH_URL = 'https://login.acme.test/oauth/authorize?client_id=openclaw&scope=models&state=s7';

describe("a plugin's OAuth method: models auth login --provider acme", () => {
  it('chooses the method from a list, shows the URL whole, takes the typed code, stores oauth with the extra fields', async () => {
    session = login([]);
    await session.waitFor(/Sign in to Acme Cloud with/);
    await session.waitFor(/Acme API key/);
    // Ink/clack arm their key handler after the first frame; Enter picks the first method (oauth).
    await new Promise((resolve) => setTimeout(resolve, 100));
    session.write('\r');
    await session.waitFor(AUTH_URL);
    await session.waitFor(/Sign in, then type the code the page shows/);
    await session.waitFor(/Code from the Acme page/);
    const since = session.raw().length;
    session.write('ACME-1234\r');
    await session.waitFor(/Signed in as user@acme\.test \(acme:default\)/, { since });
    expect((await session.exited).exitCode).toBe(0);
    expect(session.text()).toMatch(/plugin .*broken\.mjs was not loaded/);

    const profile = JSON.parse(await readFile(storeFileOf(state.dir), 'utf8')).profiles['acme:default'];
    expect(profile).toEqual({ type: 'oauth', provider: 'acme', access: 'acme-access-1', refresh: 'acme-refresh-1', expires: expect.any(Number), email: 'user@acme.test', tenant: 'blue', signInMethod: 'oauth' });
    expect(session.raw()).not.toContain('acme-refresh-1');
  }, 30_000);

  it('a code the plugin refuses: exit 1, one redacted line, nothing written', async () => {
    session = login(['--method', 'oauth', '--profile-id', 'work']);
    await session.waitFor(/Code from the Acme page/);
    await new Promise((resolve) => setTimeout(resolve, 100));
    session.write('WRONG\r');
    await session.waitFor(/error: Signing in to Acme Cloud failed: Acme refused the code/);
    expect((await session.exited).exitCode).toBe(1);
    expect(session.text()).not.toContain('SECRET0123456789');
    expect(await readdir(state.dir)).toEqual(['openclaw.json']);
  }, 30_000);

  it('Ctrl+C at the prompt: exit 130, nothing was saved', async () => {
    session = login(['--method', 'oauth']);
    await session.waitFor(/Code from the Acme page/);
    await new Promise((resolve) => setTimeout(resolve, 100));
    session.write('\u0003');
    expect((await session.exited).exitCode).toBe(130);
    expect(session.text()).toMatch(/nothing was saved/);
    expect(await readdir(state.dir)).toEqual(['openclaw.json']);
  }, 30_000);
});

describe('plugins and models status', () => {
  it('models status never imports plugin code; providers names the broken plugin; acme keeps working', async () => {
    const status = await runCli(['models', 'status'], { env: state.env });
    expect(status.code).toBe(0);
    expect(status.stderr).not.toContain('BROKEN-PLUGIN-IMPORTED');
    const providers = await runCli(['models', 'auth', 'providers'], { env: state.env });
    expect(providers.stderr).toContain('BROKEN-PLUGIN-IMPORTED');
    expect(providers.stdout).toMatch(/broken\.mjs: Error: broken plugin cannot start/);
    const key = await runCli(['models', 'auth', 'login', '--provider', 'acme', '--method', 'api-key'], { env: state.env, input: 'acme_live_0123456789abcdefXYZ' });
    expect(key.code).toBe(0);
    const after = await runCli(['models', 'status', '--json'], { env: state.env });
    expect(after.stdout).toContain('acme:default');
    expect(after.stderr).not.toContain('BROKEN-PLUGIN-IMPORTED');
  });
});

describe('an API key at a masked prompt: models auth login --provider openai --method api-key', () => {
  it('shows where keys come from, hides what is typed, explains a wrong key in place, stores api_key', async () => {
    const key = 'sk-proj-typed0123456789abcdef';
    session = spawnCli(['models', 'auth', 'login', '--provider', 'openai', '--method', 'api-key'], { env: state.env, cols: 80 });
    await session.waitFor(/platform\.openai\.com/);
    await session.waitFor(/Paste the OpenAI API key \(input is hidden\)/);
    await new Promise((resolve) => setTimeout(resolve, 100));
    session.write('xx-NOTAKEY-0123456789\r');
    await session.waitFor(/That does not look like a key for OpenAI \(it starts with sk-…\)/);
    for (let i = 0; i < 25; i++) session.write('\u007f');
    session.write(`${key}\r`);
    await session.waitFor(/Saved openai:default \(API key\)/);
    expect((await session.exited).exitCode).toBe(0);
    expect(session.raw()).not.toContain(key);
    expect(session.raw()).not.toContain('NOTAKEY');
    const profile = JSON.parse(await readFile(storeFileOf(state.dir), 'utf8')).profiles['openai:default'];
    expect(profile).toEqual({ type: 'api_key', provider: 'openai', key });
  }, 30_000);
});
