import { copyFile, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROOT, storeFileOf, tempState } from '../support/cli.js';
import { runInProcess } from '../support/context.js';

/** SPEC 8 through the command line, in-process: the registry with a plugin folder (acme, broken), API keys. */
const FIXTURES = join(ROOT, 'test', 'fixtures', 'plugins');
let state: Awaited<ReturnType<typeof tempState>>;

/** The plugins as a user installs them: a folder under the state dir, named by a relative path. */
async function installPlugins(files: string[] = ['acme.mjs', 'broken.mjs']): Promise<void> {
  await mkdir(join(state.dir, 'plugins'), { recursive: true });
  for (const file of files) await copyFile(join(FIXTURES, file), join(state.dir, 'plugins', file));
  await writeFile(join(state.dir, 'openclaw.json'), '// plugins\n{ plugins: { load: { paths: ["plugins"] } } }\n');
}

const run = (args: string[], input?: string) => runInProcess(args, { env: state.env, ...(input === undefined ? {} : { input }) });
const storeOf = async () => JSON.parse(await readFile(storeFileOf(state.dir), 'utf8'));
const ACME_KEY = 'acme_live_0123456789abcdefXYZ';

beforeEach(async () => {
  state = await tempState();
  await installPlugins();
});
afterEach(() => state.cleanup());

describe('models auth providers', () => {
  it('--json lists every built-in and plugin provider with its methods, and the plugin that failed (redacted)', async () => {
    const result = await run(['models', 'auth', 'providers', '--json']);
    expect(result.code).toBe(0);
    const listed = JSON.parse(result.stdout);
    const byId = Object.fromEntries(listed.providers.map((p: { id: string }) => [p.id, p]));
    expect(Object.keys(byId)).toEqual(['anthropic', 'openai-codex', 'openai', 'openrouter', 'github-copilot', 'acme']);
    const methods = (id: string) => byId[id].methods.map((m: { id: string; kind: string }) => `${m.id}:${m.kind}`);
    expect(methods('anthropic')).toEqual(['setup-token:setup-token', 'api-key:api-key', 'claude-cli:claude-cli']);
    expect(methods('openai-codex')).toEqual(['browser:codex-browser', 'device-code:codex-device', 'codex-cli:codex-cli']);
    expect(methods('openai')).toEqual(['api-key:api-key']);
    expect(methods('openrouter')).toEqual(['api-key:api-key']);
    expect(methods('github-copilot')).toEqual(['device-code:oauth']);
    expect(methods('acme')).toEqual(['oauth:oauth', 'api-key:api-key']);
    expect(byId.acme).toMatchObject({ label: 'Acme Cloud', source: join(state.dir, 'plugins', 'acme.mjs') });
    expect(byId.openai.source).toBe('built-in');
    expect(listed.errors).toEqual([{ file: join(state.dir, 'plugins', 'broken.mjs'), reason: expect.stringContaining('broken plugin cannot start') }]);
    expect(result.stdout + result.stderr).not.toContain('sk-brokenSECRET');
  });

  it('names the broken plugin once, with its file and reason, and lists the rest', async () => {
    const result = await run(['models', 'auth', 'providers']);
    expect(result.code).toBe(0);
    const all = result.stdout + result.stderr;
    expect(all.split('broken.mjs').length - 1).toBe(1);
    expect(result.stdout).toMatch(/broken\.mjs: Error: broken plugin cannot start/);
    expect(result.stdout).toMatch(/^acme {2}Acme Cloud {2}\(plugin .*acme\.mjs\)$/m);
    expect(result.stdout).toMatch(/^ {2}api-key {2}Acme API key$/m);
  });
});

describe('models auth login with the registry', () => {
  it("a plugin's API-key method stores api_key from stdin; the broken plugin is named once on stderr", async () => {
    const result = await run(['models', 'auth', 'login', '--provider', 'acme', '--method', 'api-key'], `${ACME_KEY}\n`);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Saved acme:default (API key)');
    expect(result.stdout + result.stderr).not.toContain(ACME_KEY);
    expect(result.stderr.match(/plugin .*broken\.mjs was not loaded/g)).toHaveLength(1);
    expect((await storeOf()).profiles['acme:default']).toEqual({ type: 'api_key', provider: 'acme', key: ACME_KEY });
  });

  it('a key that fails the pattern: exit 1, one line that does not quote it, nothing stored', async () => {
    const result = await run(['models', 'auth', 'login', '--provider', 'acme', '--method', 'api-key', '--profile-id', 'work'], 'sk-NOTACMEKEY0123456789\n');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: That does not look like a key for Acme Cloud.*nothing was stored/m);
    expect(result.stderr).not.toContain('NOTACMEKEY');
    expect(await readdir(state.dir)).not.toContain('agents');
  });

  it('built in: --provider openai --method api-key from stdin stores openai:default as api_key', async () => {
    const key = 'sk-proj-abcdefghijklmnop0123';
    const result = await run(['models', 'auth', 'login', '--provider', 'openai', '--method', 'api-key'], key);
    expect(result.code).toBe(0);
    expect((await storeOf()).profiles['openai:default']).toEqual({ type: 'api_key', provider: 'openai', key });
  });

  it('one method needs no --method (openrouter); anthropic --method api-key takes a Console key, not a setup-token', async () => {
    expect((await run(['models', 'auth', 'login', '--provider', 'openrouter'], 'sk-or-v1-0123456789abcdef0123')).code).toBe(0);
    expect((await run(['models', 'auth', 'login', '--provider', 'anthropic', '--method', 'api-key'], 'sk-ant-oat01-0123456789abcdef0123')).code).toBe(1);
    expect((await run(['models', 'auth', 'login', '--provider', 'anthropic', '--method', 'api-key'], 'sk-ant-api03-0123456789abcdef0123')).code).toBe(0);
    const { profiles } = await storeOf();
    expect(profiles['openrouter:default']).toMatchObject({ type: 'api_key' });
    expect(profiles['anthropic:default']).toEqual({ type: 'api_key', provider: 'anthropic', key: 'sk-ant-api03-0123456789abcdef0123' });
  });

  it('several methods and no terminal: exit 2 naming them and --method; an unknown method names the methods', async () => {
    const several = await run(['models', 'auth', 'login', '--provider', 'acme'], ACME_KEY);
    expect(several.code).toBe(2);
    expect(several.stderr).toMatch(/acme has several sign-in methods \(oauth, api-key\): choose one with --method <id>/);
    const unknown = await run(['models', 'auth', 'login', '--provider', 'openai', '--method', 'oauth']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/openai has no sign-in method "oauth"; its methods: api-key/);
  });

  it('an OAuth method without a terminal: exit 2 saying a terminal is needed, nothing written', async () => {
    const result = await run(['models', 'auth', 'login', '--provider', 'acme', '--method', 'oauth']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Signing in to Acme Cloud needs a terminal/);
    expect(await readdir(state.dir)).not.toContain('agents');
  });

  it('a provider that is not registered: exit 2 listing the registered ids, the failed plugin counted', async () => {
    const result = await run(['models', 'auth', 'login', '--provider', 'nosuch']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/No provider "nosuch" is registered\. Registered: anthropic, openai-codex, openai, openrouter, github-copilot, acme \(1 plugin failed to load, named above\)/);
    expect(result.stderr.match(/broken\.mjs/g)).toHaveLength(1);
  });

  it('--help names the built-in providers and the methods of those with several', async () => {
    const help = (await run(['models', 'auth', 'login', '--help'])).stdout.replace(/\s+/g, ' ');
    expect(help).toContain('anthropic, openai-codex, openai, openrouter, github-copilot');
    expect(help).toContain('anthropic: setup-token (default), api-key, claude-cli; openai-codex: browser (default), device-code, codex-cli');
  });

  it('without plugins, models status and login work as before and name nothing', async () => {
    await writeFile(join(state.dir, 'openclaw.json'), '{}');
    const result = await run(['models', 'auth', 'login', '--provider', 'openai', '--method', 'api-key'], 'sk-abcdefghijklmnop0123');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect((await run(['models', 'status'])).code).toBe(0);
  });
});
