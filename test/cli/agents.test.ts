import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { displayWidth } from '../../src/base/terminal.js';
import { parseStore } from '../../src/store/parse.js';
import type { AuthProfiles } from '../../src/model/schema.js';
import { storeFileOf, tempState } from '../support/cli.js';
import { runInProcess as runCli } from '../support/context.js';

let state: Awaited<ReturnType<typeof tempState>>;
beforeEach(async () => (state = await tempState()));
afterEach(() => state.cleanup());

const SECRET = 'COPYSECRET';
const profiles = {
  'anthropic:default': { type: 'token', provider: 'anthropic', token: `sk-ant-oat01-${SECRET}1`, expires: 1_900_000_000_000 },
  'anthropic:work': { type: 'token', provider: 'anthropic', token: `sk-ant-oat01-${SECRET}2`, email: 'w@example.com' },
  'openai:work': { type: 'api_key', provider: 'openai', key: `sk-${SECRET}3` },
  'openai-codex:default': { type: 'oauth', provider: 'openai-codex', access: `${SECRET}4`, refresh: `${SECRET}5`, expires: 1_900_000_000_000 },
};
const source = {
  version: 1,
  profiles,
  order: { anthropic: ['anthropic:work', 'anthropic:default'], 'openai-codex': ['openai-codex:default'] },
  lastGood: { anthropic: 'anthropic:work' },
  usageStats: { 'anthropic:work': { cooldownUntil: 1_900_000_000_000, errorCount: 3 } },
};

async function plant(agent: string, content: string): Promise<string> {
  const file = storeFileOf(state.dir, agent);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, content, { mode: 0o600 });
  return file;
}

async function storeOf(agent: string): Promise<AuthProfiles> {
  const parsed = parseStore(await readFile(storeFileOf(state.dir, agent)));
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.value;
}

const agentFolders = () => readdir(join(state.dir, 'agents')).then((names) => names.sort());
const add = (...args: string[]) => runCli(['agents', 'add', ...args], { env: state.env });

describe('agents add --copy-auth-from', () => {
  it('copies token and api_key profiles and their order through the store, prints ids only, links OAuth (SPEC 11)', async () => {
    const sourceText = JSON.stringify(source);
    const sourceFile = await plant('main', sourceText);
    const result = await add('work', '--copy-auth-from', 'main');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout + result.stderr).not.toContain(SECRET);
    expect(result.stdout).toContain('Copied 3 profiles from main: anthropic:default, anthropic:work, openai:work\n');
    expect(result.stdout).toContain('Copied the order for: anthropic, openai-codex\n');
    expect(result.stdout).toContain('Shared 1 sign-in with main by reference (refreshed there, never copied): openai-codex:default\n');

    const copied = await storeOf('work');
    expect(copied.profiles).toEqual({
      'anthropic:default': profiles['anthropic:default'],
      'anthropic:work': profiles['anthropic:work'],
      'openai:work': profiles['openai:work'],
    });
    expect(copied.order).toEqual({ anthropic: ['anthropic:work', 'anthropic:default'], 'openai-codex': ['openai-codex:default'] });
    // The OAuth grant stays main's alone: work holds a link to it, no refresh token.
    expect(copied.links).toEqual({ 'openai-codex:default': { provider: 'openai-codex', agent: 'main' } });
    expect(JSON.stringify(copied)).not.toContain('"refresh"');
    // Per-agent history stays with its agent.
    expect(copied.usageStats).toBeUndefined();
    expect(copied.lastGood).toBeUndefined();
    // Written by the store: 0600, and auth.json regenerated with the copied order's active profile.
    expect((await stat(storeFileOf(state.dir, 'work'))).mode & 0o777).toBe(0o600);
    const cache = JSON.parse(await readFile(join(dirname(storeFileOf(state.dir, 'work')), 'auth.json'), 'utf8'));
    expect(Object.fromEntries(Object.entries(cache).map(([p, e]) => [p, (e as { profileId: string }).profileId]))).toEqual({
      anthropic: 'anthropic:work',
      openai: 'openai:work',
    });
    expect(await readFile(sourceFile, 'utf8')).toBe(sourceText);

    const status = JSON.parse((await runCli(['models', 'status', '--json', '--agent', 'work'], { env: state.env })).stdout);
    expect(status.providers.anthropic).toMatchObject({ order: ['anthropic:work', 'anthropic:default'], source: 'store' });
  });

  it('copies from a named agent into a new one', async () => {
    await plant('home', JSON.stringify({ version: 1, profiles: { 'openai:work': profiles['openai:work'] } }));
    const result = await add('lab', '--copy-auth-from', 'home');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(`Created agent lab (${join(state.dir, 'agents', 'lab', 'agent')}).\nCopied 1 profile from home: openai:work\n`);
    expect(Object.keys((await storeOf('lab')).profiles)).toEqual(['openai:work']);
  });

  it('without --copy-auth-from creates an empty agent, as before', async () => {
    const result = await add('plain');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Sign it in with: openclaw onboard --agent plain');
    await expect(readFile(storeFileOf(state.dir, 'plain'))).rejects.toThrow(/ENOENT/);
  });

  const failures: { name: string; setup?: () => Promise<unknown>; args: string[]; code: number; message: RegExp }[] = [
    {
      name: 'an agent that does not exist',
      setup: () => plant('home', JSON.stringify(source)),
      args: ['work', '--copy-auth-from', 'nope'],
      code: 1,
      message: /^error: No agent nope to copy auth from\. Agents: main, home\.\n$/,
    },
    {
      name: 'an agent without a store',
      setup: () => mkdir(join(state.dir, 'agents', 'empty', 'agent'), { recursive: true }),
      args: ['work', '--copy-auth-from', 'empty'],
      code: 1,
      message: /^error: Agent empty has no credential store to copy \(.*agents\/empty\/agent\/auth-profiles\.json does not exist\)\.\n$/,
    },
    {
      name: 'main without a store',
      args: ['work', '--copy-auth-from', 'main'],
      code: 1,
      message: /^error: Agent main has no credential store to copy/,
    },
    {
      name: 'an agent whose store has no profiles',
      setup: () => plant('home', '{"version": 1, "profiles": {}}'),
      args: ['work', '--copy-auth-from', 'home'],
      code: 1,
      message: /^error: Agent home has no profiles to copy/,
    },
    {
      name: 'an agent with a corrupt store',
      setup: () => plant('home', '{"version": 1, "profiles": '),
      args: ['work', '--copy-auth-from', 'home'],
      code: 1,
      message: /^error: Cannot use .*agents\/home\/agent\/auth-profiles\.json: the file is not valid JSON/,
    },
    { name: 'an invalid source id', args: ['work', '--copy-auth-from', '../home'], code: 2, message: /^error: Invalid agent id "\.\.\/home"/ },
    { name: 'an invalid new id', args: ['Work', '--copy-auth-from', 'main'], code: 2, message: /^error: Invalid agent id "Work"/ },
  ];
  for (const f of failures) {
    it(`refuses ${f.name}, naming it, and creates nothing`, async () => {
      await f.setup?.();
      const before = await agentFolders().catch(() => []);
      const result = await add(...f.args);
      expect(result.code).toBe(f.code);
      expect(result.stderr).toMatch(f.message);
      expect(result.stderr.split('\n').filter(Boolean)).toHaveLength(1);
      expect(result.stdout).toBe('');
      expect(await agentFolders().catch(() => [])).toEqual(before);
    });
  }

  it('refuses an agent that exists already, and leaves its store alone', async () => {
    await plant('main', JSON.stringify(source));
    const target = await plant('work', JSON.stringify({ version: 1, profiles: {} }));
    const result = await add('work', '--copy-auth-from', 'main');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: Agent work already exists/);
    expect(await readFile(target, 'utf8')).toBe('{"version":1,"profiles":{}}');
  });
});

describe('agents list', () => {
  it('lines up its columns (id, profile count, folder) by display width, in English and in Chinese', async () => {
    const many = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`anthropic:p${i}`, { type: 'token', provider: 'anthropic', token: `sk-ant-oat01-${SECRET}${i}` }]));
    await plant('main', JSON.stringify({ version: 1, profiles: { 'anthropic:default': profiles['anthropic:default'] } }));
    await plant('a-much-longer-agent', JSON.stringify({ version: 1, profiles: many }));
    await plant('w', JSON.stringify({ version: 1, profiles }));
    for (const lang of ['en', 'zh-Hant']) {
      const result = await runCli(['agents', 'list'], { env: { ...state.env, OPENCLAW_LANG: lang } });
      expect(result.code, result.stderr).toBe(0);
      const lines = result.stdout.split('\n').filter(Boolean);
      expect(lines).toHaveLength(3);
      const starts = (find: (line: string) => number) => new Set(lines.map((line) => displayWidth(line.slice(0, find(line)))));
      // the count column starts at one column, and so does the folder column
      expect(starts((line) => line.search(/\d+ (profile|個)/)), lang).toHaveProperty('size', 1);
      expect(starts((line) => line.indexOf(state.dir)), lang).toHaveProperty('size', 1);
      for (const line of lines) expect(line).toBe(line.trimEnd());
    }
    const json = JSON.parse((await runCli(['agents', 'list', '--json'], { env: state.env })).stdout);
    expect(json.map((agent: { id: string; profiles: number }) => [agent.id, agent.profiles])).toEqual([['main', 1], ['a-much-longer-agent', 12], ['w', 4]]);
  });
});

describe('agents list counts links', () => {
  it('an agent that holds only links (SPEC 11) has that many profiles, in text and --json', async () => {
    await plant('main', JSON.stringify({ version: 1, profiles }));
    expect((await add('w2', '--copy-auth-from', 'main')).code).toBe(0);
    await plant('only', JSON.stringify({ version: 1, profiles: {}, links: { 'openai-codex:default': { provider: 'openai-codex', agent: 'main' } } }));
    const json = JSON.parse((await runCli(['agents', 'list', '--json'], { env: state.env })).stdout);
    expect(json.map((agent: { id: string; profiles: number }) => [agent.id, agent.profiles])).toEqual([['main', 4], ['only', 1], ['w2', 4]]);
    const text = (await runCli(['agents', 'list'], { env: state.env })).stdout;
    expect(text).toMatch(/only\s+1 profile\s/);
    expect(text).not.toContain('0 profiles');
  });
});

describe('a new agent with no credentials', () => {
  it('models status --agent dev suggests signing that agent in, not main', async () => {
    expect((await add('dev')).code).toBe(0);
    const result = await runCli(['models', 'status', '--agent', 'dev'], { env: state.env });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('No credentials yet. Sign in with:\n  openclaw onboard --agent dev\n');
    const main = await runCli(['models', 'status'], { env: state.env });
    expect(main.stdout).toContain('No credentials yet. Sign in with:\n  openclaw onboard\n');
  });
});
