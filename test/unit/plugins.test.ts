import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUILTIN_PROVIDERS } from '../../src/auth/providers/builtins.js';
import { loadPlugins, pluginProviders } from '../../src/auth/providers/plugins.js';
import { builtinRegistry, loadRegistry, methodSummaries } from '../../src/auth/providers/registry.js';
import { readConfig } from '../../src/env/config.js';

const TAKEN = new Map(BUILTIN_PROVIDERS.map((p) => [p.id, 'built-in']));
const oauth = { login: async () => ({}), refreshToken: async () => ({}), getApiKey: () => 'k' };
const provider = (over: Record<string, unknown> = {}, method: Record<string, unknown> = { kind: 'oauth', id: 'oauth', label: 'Sign in', oauth }) => ({
  providers: [{ id: 'acme', label: 'Acme', auth: [method], ...over }],
});
const problemOf = (module: unknown) => {
  try {
    pluginProviders(module, '/p/acme.mjs', TAKEN);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
};

describe('plugin shapes (SPEC 8)', () => {
  it('accepts an OAuth and an API-key method, labels cleaned of control characters', () => {
    const [def] = pluginProviders(
      { providers: [{ id: 'acme', label: 'Acme\u001b[31m Cloud', auth: [{ kind: 'oauth', id: 'oauth', label: 'Sign in', oauth }, { kind: 'api-key', id: 'api-key', label: 'Key', pattern: '^a' }] }] },
      '/p/acme.mjs',
      TAKEN,
    );
    expect(def).toMatchObject({ id: 'acme', label: 'Acme Cloud', source: '/p/acme.mjs' });
    expect(def!.methods.map((m) => m.kind)).toEqual(['oauth', 'api-key']);
  });

  it.each([
    [{ nothing: true }, /does not export "providers"/],
    [provider({ id: 'Acme' }), /needs an id of lowercase letters/],
    [provider({ id: 'a'.repeat(65) }), /needs an id/],
    [provider({ id: 'acme.io' }), /needs an id/],
    [provider({ id: 'openai' }), /provider id "openai" is already taken \(built in\)/],
    [provider({ label: '' }), /provider acme has no label/],
    [provider({ auth: [] }), /provider acme has no sign-in methods/],
    [provider({}, { kind: 'oauth', id: 'oauth', label: 'x', oauth: { login: () => 1, getApiKey: () => 'k' } }), /oauth\.refreshToken is not a function/],
    [provider({}, { kind: 'api-key', id: 'key', label: 'x', pattern: '(' }), /pattern is not a valid regular expression/],
    [provider({}, { kind: 'setup-token', id: 'st', label: 'x' }), /kind must be "oauth" or "api-key"/],
    [provider({}, { kind: 'api-key', id: 'Key!', label: 'x' }), /a method of acme needs an id/],
    [provider({ auth: [{ kind: 'api-key', id: 'k', label: 'a' }, { kind: 'api-key', id: 'k', label: 'b' }] }), /two methods with the id "k"/],
  ])('refuses a malformed plugin (%#)', (module, problem) => {
    expect(problemOf(module)).toMatch(problem);
  });

  it('two plugins cannot take the same id: the second is the one refused', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'openclaw-plugins-'));
    try {
      const body = `export const providers = [{ id: 'dup', label: 'Dup', auth: [{ kind: 'api-key', id: 'api-key', label: 'Key' }] }];\n`;
      await writeFile(join(dir, 'a.mjs'), body);
      await writeFile(join(dir, 'b.js'), body.replace('Dup', 'Dup B'));
      await writeFile(join(dir, 'notes.txt'), 'not a plugin');
      await writeFile(join(dir, 'package.json'), '{"type":"module"}');
      const { providers, errors } = await loadPlugins([dir, join(dir, 'missing.mjs')], TAKEN, { warn: () => undefined });
      expect(providers.map((p) => `${p.id}:${p.label}`)).toEqual(['dup:Dup']);
      expect(errors).toEqual([
        { file: join(dir, 'missing.mjs'), reason: 'not found' },
        { file: join(dir, 'b.js'), reason: expect.stringMatching(/provider id "dup" is already taken \(by .*a\.mjs\)/) },
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

it('a plugin whose import never settles is given up on; the next one still loads', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'openclaw-plugins-'));
  try {
    await writeFile(join(dir, 'a-hangs.mjs'), 'await new Promise(() => {});\nexport const providers = [];\n');
    await writeFile(join(dir, 'b-fine.mjs'), `export const providers = [{ id: 'fine', label: 'Fine', auth: [{ kind: 'api-key', id: 'api-key', label: 'Key' }] }];\n`);
    const { providers, errors } = await loadPlugins([dir], TAKEN, { importTimeoutMs: 200, warn: () => undefined });
    expect(providers.map((p) => p.id)).toEqual(['fine']);
    expect(errors).toEqual([{ file: join(dir, 'a-hangs.mjs'), reason: 'it did not finish loading within 0.2 s' }]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

describe('the registry', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'openclaw-registry-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('builtinRegistry: the five built-in providers and their methods, no plugin', () => {
    const registry = builtinRegistry();
    expect(registry.errors).toEqual([]);
    expect(methodSummaries(registry).map((m) => `${m.provider}:${m.id}`)).toEqual([
      'anthropic:setup-token',
      'anthropic:api-key',
      'anthropic:claude-cli',
      'openai-codex:browser',
      'openai-codex:device-code',
      'openai-codex:codex-cli',
      'openai:api-key',
      'openrouter:api-key',
      'github-copilot:device-code',
    ]);
  });

  it('plugins.load.paths resolve against the state dir; a bad plugins section leaves auth.order in force', async () => {
    const configFile = join(dir, 'openclaw.json');
    await writeFile(configFile, '{ auth: { order: { openai: ["openai:a"] } }, plugins: { load: { paths: ["p", "/abs/q.mjs", ""] } } }');
    expect(await readConfig(configFile, () => undefined)).toEqual({ authOrder: { openai: ['openai:a'] }, pluginPaths: [join(dir, 'p'), '/abs/q.mjs'] });
    const warnings: string[] = [];
    await writeFile(configFile, '{ auth: { order: { openai: ["openai:a"] } }, plugins: { load: { paths: "p" } } }');
    expect(await readConfig(configFile, (w) => warnings.push(w))).toEqual({ authOrder: { openai: ['openai:a'] }, pluginPaths: [] });
    expect(warnings).toEqual([expect.stringMatching(/ignoring plugin settings .*plugins\.load\.paths/)]);
  });

  it('loadRegistry warns once per plugin that failed, unless the caller lists them', async () => {
    await mkdir(join(dir, 'p'));
    await writeFile(join(dir, 'p', 'bad.mjs'), 'export const providers = 3;\n');
    await writeFile(join(dir, 'openclaw.json'), '{ "plugins": { "load": { "paths": ["p"] } } }');
    const warnings: string[] = [];
    const registry = await loadRegistry({ configFile: join(dir, 'openclaw.json') }, { warn: (w) => warnings.push(w) });
    expect(registry.providers).toHaveLength(BUILTIN_PROVIDERS.length);
    expect(warnings).toEqual([`plugin ${join(dir, 'p', 'bad.mjs')} was not loaded: it does not export "providers" (an array)`]);
    const quiet: string[] = [];
    const listed = await loadRegistry({ configFile: join(dir, 'openclaw.json') }, { warn: (w) => quiet.push(w), listsErrors: true });
    expect(listed.errors).toHaveLength(1);
    expect(quiet).toEqual([]);
  });
});

describe('the profile model knows the built-in providers', () => {
  it('BUILTIN_PROVIDERS and REFRESHABLE_PROVIDERS match the built-in registry', async () => {
    const { builtinRegistry } = await import('../../src/auth/providers/registry.js');
    const { BUILTIN_PROVIDERS, REFRESHABLE_PROVIDERS } = await import('../../src/model/profile-state.js');
    const registry = builtinRegistry();
    expect([...BUILTIN_PROVIDERS].sort()).toEqual(registry.providers.map((p) => p.id).sort());
    const oauth = registry.providers.filter((p) => p.methods.some((m) => m.kind === 'oauth' || m.kind === 'codex-browser')).map((p) => p.id);
    expect([...REFRESHABLE_PROVIDERS].sort()).toEqual(oauth.sort());
  });
});
